"""Claims (YAML format): validation with every problem at once, and the seed papers' verdicts."""

from pathlib import Path

import pytest

from laktasi.audit import audit_claims, claims_from_yaml
from laktasi.errors import InputError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "audit"
CONTRACT_KEYS = {"id", "check", "verdict", "reported", "recomputed", "message", "details"}


def test_seed_claims_verdicts():
    source = (EXAMPLES / "seed_claims.yaml").read_text(encoding="utf-8")
    claims, lines = claims_from_yaml(source, "seed_claims.yaml")
    entries = {e.id: e for e in audit_claims(claims, "seed_claims.yaml", lines)}
    expected = {
        "s000-t4.5-control-cukup-lancar": "consistent",
        "s000-t4.7-control-cukup-lancar": "impossible",
        "s000-t4.7-control-kurang-lancar": "impossible",
        "s000-dependent-t-test": "inconsistent",
        "s000-discussion": "inconsistent",
        "s000-cited-ika-2019": "consistent",
        "s003-triansyah-2021": "consistent",
        "s003-agustia-2025-onset-percent": "consistent",
        "s003-agustia-2025-onset": "inconsistent",
        "s003-agustia-2025-lancar": "inconsistent",
        "s003-putri-2025": "not_checkable",
        "s003-fitriani-2019": "consistent",
    }
    assert {k: e.verdict for k, e in entries.items()} == expected
    assert entries["s000-dependent-t-test"].recomputed == pytest.approx(0.0625)
    assert [w.code for w in entries["s003-putri-2025"].warnings] == ["p_zero"]
    for e in entries.values():
        doc = e.to_json("id")
        assert CONTRACT_KEYS <= doc.keys()
        assert doc["verdict"] in ("consistent", "inconsistent", "impossible", "not_checkable")


def test_every_kind_runs():
    claims = [
        {"id": "a", "kind": "paired_binary", "table": {"yes_yes": 12, "yes_no": 0, "no_yes": 7, "no_no": 11},
         "reported_p": "0,016"},
        {"id": "b", "kind": "paired_table", "levels": ["x", "y"], "table": [[3, 6], [1, 4]], "reported_p": "0.13"},
        {"id": "c", "kind": "two_proportions", "group1": {"n": 20, "events": 12}, "group2": {"n": 20, "percent": "25"},
         "reported_p": "0.025"},
        {"id": "d", "kind": "two_means", "group1": {"n": 10, "mean": "3.74", "sd": "1.20"},
         "group2": {"n": 12, "mean": "2.04", "sd": "0.60"}, "reported_p": "0.001"},
        {"id": "e", "kind": "z", "statistic": "-2.42", "reported_p": "0.016"},
        {"id": "f", "kind": "t", "statistic": "2.20", "df": 28, "reported_p": ".04"},
        {"id": "g", "kind": "chi2", "statistic": "22.20", "df": 28, "reported_p": ".77"},
        {"id": "h", "kind": "f", "statistic": "2.20", "df1": 2, "df2": 28, "reported_p": ".13"},
        {"id": "h2", "kind": "f", "statistic": "2.20", "df": [2, 28], "reported_p": ".13"},
        {"id": "i", "kind": "r", "statistic": ".22", "df": 28, "reported_p": ".24"},
        {"id": "j", "kind": "percentage", "n": 5, "percent": "80"},
        {"id": "k", "kind": "mean", "n": 28, "mean": "5.18"},
        {"id": 12, "kind": "text", "text": "t(28) = 2.20, p = .04"},
    ]
    entries = audit_claims(claims)
    assert [e.id for e in entries] == ["a", "b", "c", "d", "e", "f", "g", "h", "h2", "i", "j", "k", "12"]
    assert all(e.verdict == "consistent" for e in entries), [(e.id, e.verdict, e.text.en) for e in entries]


def test_all_problems_reported_at_once_with_lines():
    source = """\
- id: a
  kind: percentage
  n: -5
  percent: x
- id: a
  kind: foo
- kind: t
  statistic: 2
- id: d
  kind: paired_table
  levels: [x, y]
  table: [[1, 2], [3]]
  reported_p: "1.5"
"""
    claims, lines = claims_from_yaml(source, "c.yaml")
    with pytest.raises(InputError) as exc:
        audit_claims(claims, "c.yaml", lines)
    got = {(p.code, p.row, p.column) for p in exc.value.problems}
    assert ("not_a_count", 3, "n") in got
    assert ("not_a_number", 4, "percent") in got
    assert ("duplicate_id", 5, "id") in got
    assert ("unknown_kind", 6, "kind") in got
    assert ("missing_id", 7, "id") in got
    assert ("missing_field", 7, "reported_p") in got
    assert ("not_a_p_value", 13, "reported_p") in got
    assert ("bad_table", 12, "table") in got
    assert all(p.file == "c.yaml" for p in exc.value.problems)
    assert all(p.text.id and p.text.en for p in exc.value.problems)


def test_yaml_syntax_error_names_line():
    with pytest.raises(InputError) as exc:
        claims_from_yaml("- id: a\n  kind: t\n  table: [1, 2\n", "bad.yaml")
    (p,) = exc.value.problems
    assert (p.code, p.file, p.row) == ("yaml_syntax", "bad.yaml", 4)


def test_not_a_list():
    with pytest.raises(InputError) as exc:
        claims_from_yaml("id: a\nkind: t\n", "x.yaml")
    assert exc.value.problems[0].code == "not_a_list"
    claims, _ = claims_from_yaml("claims:\n  - id: a\n    kind: mean\n    n: 3\n    mean: '2.33'\n")
    assert audit_claims(claims)[0].verdict == "consistent"


def test_count_above_n_and_events_above_n():
    with pytest.raises(InputError) as exc:
        audit_claims([{"id": "a", "kind": "percentage", "n": 5, "percent": "80", "count": 6},
                      {"id": "b", "kind": "two_proportions", "group1": {"n": 5, "events": 7},
                       "group2": {"n": 5, "events": 1}, "reported_p": "0.5"}])
    assert [p.code for p in exc.value.problems] == ["count_above_n", "count_above_n"]


def test_negative_sd_rejected():
    with pytest.raises(InputError) as exc:
        audit_claims([{"id": "m", "kind": "two_means", "group1": {"n": 5, "mean": "1.0", "sd": "-1.0"},
                       "group2": {"n": 5, "mean": "2.0", "sd": "1.0"}, "reported_p": "0.1"}])
    assert [(p.code, p.column) for p in exc.value.problems] == [("negative_sd", "group1.sd")]
