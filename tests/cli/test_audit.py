import json
from pathlib import Path

from laktasi.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "audit"


def test_audit_yaml_json(capsys):
    assert main(["audit", str(EXAMPLES / "seed_claims.yaml"), "--json", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    doc = json.loads(out)  # stdout carries only the JSON document
    assert isinstance(doc, list) and len(doc) == 12
    first = doc[0]
    assert {"id", "check", "verdict", "reported", "recomputed", "message", "details"} <= first.keys()
    by_id = {d["id"]: d for d in doc}
    dep = by_id["s000-dependent-t-test"]
    assert dep["verdict"] == "inconsistent"
    assert dep["recomputed"] == 0.0625
    variants = {v["variant"]: v for v in dep["details"][0]["variants"]}
    assert variants["paired_t_codes"]["p"] is None and variants["paired_t_codes"]["appropriate"] is False
    assert by_id["s000-t4.7-control-cukup-lancar"]["verdict"] == "impossible"


def test_audit_text_file_ids(tmp_path, capsys):
    f = tmp_path / "paper.txt"
    f.write_text("t(28) = 2.20, p = .03. Hasil uji: nilai p=0,003 (p > 0,05) dan signifikan.", encoding="utf-8")
    assert main(["audit", str(f), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(d["id"], d["verdict"]) for d in doc] == [("text-1", "inconsistent"), ("text-2", "inconsistent")]


def test_audit_table_in_both_languages(capsys):
    assert main(["audit", str(EXAMPLES / "seed_claims.yaml"), "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert "tidak mungkin" in out and "12 klaim" in out
    assert main(["audit", str(EXAMPLES / "seed_claims.yaml"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "impossible" in out and "12 claims" in out
    assert "only under truncation" in out  # 95,4 % of 22


def test_bad_yaml_exit_2_with_line(tmp_path, capsys):
    f = tmp_path / "bad.yaml"
    f.write_text("- id: a\n  kind: percentage\n  n: [5\n", encoding="utf-8")
    assert main(["audit", str(f), "--json"]) == 2
    captured = capsys.readouterr()
    errors = json.loads(captured.out)["errors"]
    assert errors[0]["file"] == str(f) and errors[0]["row"] == 4 and errors[0]["code"] == "yaml_syntax"
    assert "Traceback" not in captured.err


def test_invalid_claims_exit_2_all_problems(tmp_path, capsys):
    f = tmp_path / "claims.yaml"
    f.write_text("- id: a\n  kind: percentage\n  n: 0\n  percent: '50'\n- id: b\n  kind: z\n", encoding="utf-8")
    assert main(["audit", str(f), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "claims.yaml:3" in err and "claims.yaml:5" in err  # the line of the field, or of the claim
    assert err.count("laktasi:") == 3  # n, statistic, reported_p


def test_missing_file_exit_2(tmp_path, capsys):
    assert main(["audit", str(tmp_path / "nope.yaml"), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "file_not_found"


def test_table_lists_further_problems_of_a_claim(capsys):
    assert main(["audit", str(EXAMPLES / "seed_claims.yaml"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert '• p > 0,05 is called "signifikan"' in out


def test_audit_text_gives_line_and_quote_of_each_claim(capsys):
    # examples/audit/seed_excerpts.txt ends with seed 000's discussion and conclusion percentages
    assert main(["audit", str(EXAMPLES / "seed_excerpts.txt"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert all(isinstance(d["line"], int) and d["quote"] for d in doc)
    lines = (EXAMPLES / "seed_excerpts.txt").read_text(encoding="utf-8").splitlines()
    for d in doc:  # the quote is on (or starts on) the line given
        assert d["quote"].split()[0].strip('"…') in lines[d["line"] - 1]
    pct = [d for d in doc if d["check"] == "percentage"]
    assert [(d["quote"][:13], d["verdict"]) for d in pct] == [
        ("5 orang (100%", "consistent"), ("4 orang (75%)", "impossible"),
        ("75% cukup lan", "impossible"), ("75% cukup lan", "impossible")]
    assert main(["audit", str(EXAMPLES / "seed_excerpts.txt"), "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert 'baris ' in out and '"4 orang (75%)"' in out


def test_claims_beyond_the_count_limit_exit_2(tmp_path, capsys):
    f = tmp_path / "huge.yaml"
    f.write_text("- id: a\n  kind: paired_binary\n  table: {yes_yes: 1000000000000, yes_no: 1000000000000, "
                 "no_yes: 0, no_no: 1}\n  reported_p: '0.01'\n- id: b\n  kind: percentage\n  n: 1000000000000\n"
                 "  percent: '50'\n", encoding="utf-8")
    assert main(["audit", str(f), "--json"]) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert {e["code"] for e in errors} == {"count_too_large"} and len(errors) == 3
    assert all(e["row"] in (3, 7) for e in errors)
