"""The human side of deduplication: adversarial fixtures, ranked clusters of uncertain pairs,
a reviewer's verdicts fed back, and an updated review's previous search kept apart."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from laktasi.errors import InputError
from laktasi.review.dedup import UpdateCounts, Verdict, deduplicate
from laktasi.review.dedup_rank import likelihood
from laktasi.review.dedup_verdicts import parse_verdicts, read_verdicts, write_review_sheet
from laktasi.review.records import Record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "review_dedup"
TITLE = "Effect of oxytocin massage on breast milk production in postpartum mothers"
BASE = Record(title=TITLE, authors=("Supardi, A.",), year=2022, journal="Jurnal Kebidanan", volume="12",
              pages="101-108", record_id="a")


def _adversarial() -> tuple[list[Record], list[str], list[str]]:
    rows = list(csv.DictReader((FIXTURES / "adversarial.csv").open(encoding="utf-8")))
    records = [Record(title=r["title"], authors=(r["authors"],), year=int(r["year"]), journal=r["journal"],
                      volume=r["volume"], issue=r["issue"], pages=r["pages"], doi=r["doi"], record_id=r["record_id"])
               for r in rows]
    return records, [r["study"] for r in rows], [r["case"] for r in rows]


def test_adversarial_fixture_no_study_lost_and_every_true_duplicate_found():
    records, study, _ = _adversarial()
    result = deduplicate(records)
    for g in set(result.group):
        members = {study[i] for i, gi in enumerate(result.group) if gi == g}
        assert len(members) == 1, f"different studies merged: {members}"
    for s in set(study):
        assert len({result.group[i] for i, si in enumerate(study) if si == s}) == 1, f"study {s} split"


def test_adversarial_fixture_lists_only_pairs_worth_a_look():
    records, study, case = _adversarial()
    result = deduplicate(records)
    listed = {(u.first_id, u.second_id): u.reason for u in result.uncertain}
    # the erratum and the conference abstract are shown beside the article; the series parts too
    assert listed == {("art", "err"): "erratum_of", ("art", "conf"): "different_pages", ("err", "conf"): "notice",
                      ("part1", "part2"): "different_numbers"}
    assert len(result.clusters) == 2  # two decisions: the article's family, and the series
    # no editorial of the eight, and neither "Editorial" under two DOIs, reaches the reviewer
    assert not any(u.first_id.startswith("ed") for u in result.uncertain)


def test_likelihood_ranks_agreement_above_conflict():
    from laktasi.review.dedup_keys import _key

    a = _key(BASE)
    # (1.0 + 5 agreeing details × 0.04) × 0.81, the share of "similar_title" pairs that were duplicates
    assert likelihood(a, _key(BASE), 1.0, "similar_title") == pytest.approx(1.2 * 0.81)
    assert likelihood(a, _key(BASE), 1.0, "group_conflict") == pytest.approx(0.6)  # unseen reasons weigh 0.5
    agree = likelihood(a, _key(BASE.with_(pages="")), 0.9, "similar_title")
    conflict = likelihood(a, _key(BASE.with_(pages="5-9", volume="13")), 0.9, "similar_title")
    assert agree > conflict
    assert likelihood(a, _key(BASE.with_(pages="")), 0.9, "notice") < agree
    assert likelihood(a, _key(Record(title="x", year=1990, authors=("Q, R",), pages="1", volume="1")),
                      0.0, "similar_title") == 0.0


def test_uncertain_pairs_come_in_ranked_clusters():
    # cluster 1: an article and its erratum; cluster 2: three series parts (one decision)
    err = BASE.with_(title="Erratum: " + TITLE, pages="", record_id="err")
    parts = [Record(title=f"Lactation support after birth in West Java: part {n}", year=2020,
                    authors=("Kurnia, D.",), record_id=f"p{n}") for n in (1, 2, 3)]
    result = deduplicate([*parts, BASE, err])
    series, notice = sorted(result.clusters, key=lambda c: -len(c.pairs))
    assert len(series.pairs) == 3 and series.members == (0, 1, 2)
    assert len(notice.pairs) == 1 and notice.members == (3, 4)
    assert [c.number for c in result.clusters] == [1, 2]
    assert result.clusters[0].likelihood >= result.clusters[1].likelihood
    assert [u.cluster for u in result.uncertain] == sorted(u.cluster for u in result.uncertain)
    for c in result.clusters:  # most likely pair first within a cluster
        assert [u.likelihood for u in c.pairs] == sorted((u.likelihood for u in c.pairs), reverse=True)
        assert c.likelihood == c.pairs[0].likelihood
    assert result.summary()["uncertain_clusters"] == 2


# -------------------------------------------------------------------------------------------
# verdicts


def test_merge_verdict_joins_and_keep_apart_is_remembered():
    err = BASE.with_(title="Erratum: " + TITLE, pages="", record_id="err")
    result = deduplicate([BASE, err], verdicts=[Verdict("err", "a", merge=True)])
    assert result.records_out == 1 and result.uncertain == ()
    assert result.verdicts_applied == (Verdict("err", "a", True),)
    apart = deduplicate([BASE, err], verdicts=[Verdict("a", "err", merge=False)])
    assert apart.records_out == 2 and apart.uncertain == ()  # decided: not listed again


def test_keep_apart_verdict_overrides_the_rules_and_blocks_chains():
    copy = BASE.with_(record_id="b")
    third = BASE.with_(record_id="c")
    result = deduplicate([BASE, copy, third], verdicts=[Verdict("a", "b", merge=False)])
    assert result.group[0] != result.group[1]
    assert result.group[2] in (result.group[0], result.group[1])
    # the remaining pair across the two groups is not listed: a person decided the groups differ
    assert result.uncertain == ()


def test_conflicting_merge_verdict_is_listed_and_unknown_ids_are_counted():
    a, b, c = BASE, BASE.with_(record_id="b", title="Another study of breast care"), BASE.with_(record_id="c")
    result = deduplicate([a, b, c], verdicts=[Verdict("a", "c", False), Verdict("a", "b", True),
                                              Verdict("b", "c", True), Verdict("a", "zzz", True)])
    assert result.group[0] == result.group[1] != result.group[2]
    assert [u.reason for u in result.uncertain] == ["verdict_conflict"]
    assert result.verdicts_unmatched == (Verdict("a", "zzz", True),)
    assert result.summary()["verdicts_unmatched"] == 1


def test_verdict_file_round_trip_keeps_decisions(tmp_path):
    err = BASE.with_(title="Erratum: " + TITLE, pages="", record_id="err")
    parts = [Record(title=f"Lactation support after birth in West Java: part {n}", year=2020, record_id=f"p{n}")
             for n in (1, 2)]
    sheet = tmp_path / "review.csv"
    write_review_sheet(deduplicate([BASE, err, *parts]), sheet, "en")
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert [r["verdict"] for r in rows] == ["", ""]
    rows[0]["verdict"] = "gabung"  # a reviewer's decision, in Indonesian
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    verdicts = read_verdicts(sheet)
    assert len(verdicts) == 1 and verdicts[0].merge
    again = deduplicate([BASE, err, *parts], verdicts=verdicts)
    write_review_sheet(again, sheet, "id", verdicts)
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert [(r["verdict"], r["reason"]) for r in rows] == [("merge", "verdict"), ("", rows[1]["reason"])]
    assert len(again.uncertain) == 1
    assert read_verdicts(sheet) == verdicts  # remembered on the next run


def test_verdicts_accept_semicolons_and_report_bad_rows():
    ok = parse_verdicts("record_id_1;record_id_2;verdict;note\na;b;Keep_Apart;different trials\n", "v.csv")
    assert ok == [Verdict("a", "b", False, "different trials")]
    with pytest.raises(InputError) as err:
        parse_verdicts("record_id_1,record_id_2,verdict\na,b,maybe\nc,c,merge\nd,e,merge\ne,d,pisah\n", "v.csv")
    problems = err.value.problems
    assert [(p.code, p.row) for p in problems] == [("verdict_unknown", 2), ("verdict_ids", 3),
                                                    ("verdict_contradiction", 5)]
    assert problems[0].value == "maybe" and problems[0].file == "v.csv" and problems[0].text.id
    with pytest.raises(InputError) as err:
        parse_verdicts("first,second\na,b\n", "v.csv")
    assert err.value.problems[0].code == "verdicts_columns"
    with pytest.raises(InputError):
        parse_verdicts("", "v.csv")


# -------------------------------------------------------------------------------------------
# an updated review


def test_previous_records_are_kept_apart_and_counted_for_prisma():
    old_a = BASE.with_(record_id="old_a")
    old_b = BASE.with_(record_id="old_b")  # the earlier search kept both (its own decision)
    old_c = Record(title="Breast care education by midwives in rural health centres", year=2019, record_id="old_c")
    new_dup = BASE.with_(title=TITLE.upper(), abstract="more complete", record_id="n1")
    new_1 = Record(title="Kangaroo care and lactation onset after caesarean birth", year=2023, record_id="n2")
    new_1b = new_1.with_(record_id="n3")
    result = deduplicate([new_dup, new_1, new_1b], previous=[old_a, old_b, old_c])
    assert result.previous == 3
    assert result.ids[:3] == ("old_a", "old_b", "old_c")
    assert result.group[0] != result.group[1]  # previous records never merged with each other
    assert result.duplicate_of[3] == "old_a"  # the previous record stays, though less complete
    assert result.new_kept() == [4]
    assert result.update_counts() == UpdateCounts(previous_records=3, new_records=3, duplicates_of_previous=1,
                                                  duplicates_within_new=1, duplicates_removed=2,
                                                  records_after_dedup=1)
    assert result.summary()["update"] == {"previous_records": 3, "new_records": 3, "duplicates_of_previous": 1,
                                          "duplicates_within_new": 1, "duplicates_removed": 2,
                                          "records_after_dedup": 1}
    # the new copy matches two previous records: it joins one; the other join is refused and listed
    assert all(u.first >= 0 for u in result.uncertain)
    assert not any(u.first < 3 and u.second < 3 for u in result.uncertain)


def test_without_previous_there_is_no_update_block():
    result = deduplicate([BASE])
    assert "update" not in result.summary()
    assert result.update_counts().previous_records == 0
