"""PRISMA 2020 counts: reading the PRISMA2020 template / YAML, and counting from records + decisions.

Reference for the computed counts: the scenario below is small enough that every box is counted by
hand in the comments (independent enumeration of the records at each stage).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from laktasi.errors import InputError
from laktasi.review.decisions import Decision
from laktasi.review.prisma import PrismaCounts, ReviewRecord, compute_counts, read_counts, source_kind

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "review"


def test_reads_the_prisma2020_template(benchdata):
    counts = read_counts(benchdata / "prisma2020" / "PRISMA.csv")
    assert counts.database_results == 0
    # the template's own examples ("Database 1, xxx", "Reason1, xxx") are placeholders, never data
    assert counts.database_specific_results == () and counts.register_specific_results == ()
    assert counts.dbr_excluded == () and counts.other_excluded == ()
    assert counts.total_studies_ma == 0
    assert not counts.has_other_methods and not counts.is_update  # the template's zeros
    assert counts.check() == []


def test_template_csv_with_numbers_and_not_reported(tmp_path):
    path = tmp_path / "PRISMA.csv"
    path.write_text(
        "data,node,box,description,boxtext,tooltips,url,n\n"
        "database_results,node7,box2,x,x,x,x,412\n"
        'database_specific_results,NA,box2,x,x,NA,x,"Google Scholar, 356; PubMed, 56"\n'
        "register_results,NA,box2,x,x,NA,NA,xxx\n"
        "duplicates,node8,box3,x,x,x,x,38\n"
        "records_screened,node9,box4,x,x,x,x,NA\n"
        'dbr_excluded,node14,box9,x,x,x,x,"Wrong population, 3; No outcome, xxx"\n'
        "NA,node4,prevstud,x,x,x,x,0\n"
        "identification,node1,identification,x,x,x,x,0\n",
        encoding="utf-8")
    counts = read_counts(path)
    assert counts.database_results == 412
    assert counts.database_specific_results == (("Google Scholar", 356), ("PubMed", 56))
    assert counts.register_results is None and counts.records_screened is None
    assert counts.dbr_excluded == (("Wrong population", 3), ("No outcome", None))
    assert counts.new_studies is None  # absent row = not reported


def test_example_yaml_is_consistent():
    counts = read_counts(EXAMPLES / "prisma_counts.yaml")
    assert counts.database_results == 356 + 56
    assert counts.records_screened == 412 - 38 - 0 - 21
    assert counts.check() == []


def test_other_methods_example_is_consistent():
    counts = read_counts(EXAMPLES / "prisma_counts_other_methods.yaml")
    assert counts.has_other_methods and counts.organisation_results is None
    assert counts.register_specific_results == (("ClinicalTrials.gov", 3), ("WHO ICTRP", 2))
    assert counts.check() == []


def test_bad_counts_are_all_reported_with_row_and_column(tmp_path):
    path = tmp_path / "PRISMA.csv"
    path.write_text("data,n\ndatabase_results,many\nduplicates,-3\nrecords_screned,5\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_counts(path)
    got = [(p.code, p.row, p.column, p.value) for p in exc.value.problems]
    assert got == [("prisma_bad_count", 2, "database_results", "many"),
                   ("prisma_bad_count", 3, "duplicates", "-3"),
                   ("prisma_unknown_field", 4, "data", "records_screned")]
    assert all(p.text.id and p.text.en for p in exc.value.problems)


def test_yaml_mapping_forms(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("data:\n  database_results: \"1.234\"\n  dbr_excluded:\n    - [Wrong design, 2]\n"
                    "    - {name: No outcome, n: 1}\n  website_results: NA\n", encoding="utf-8")
    counts = read_counts(path)
    assert counts.database_results == 1234  # thousands separator
    assert counts.dbr_excluded == (("Wrong design", 2), ("No outcome", 1))
    assert counts.website_results is None
    assert not counts.has_other_methods


def test_unreadable_inputs(tmp_path):
    with pytest.raises(InputError):
        read_counts(tmp_path / "missing.yaml")
    (tmp_path / "c.txt").write_text("x")
    with pytest.raises(InputError):
        read_counts(tmp_path / "c.txt")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(InputError):
        read_counts(tmp_path / "empty.csv")
    # not UTF-8: read as Windows-1252 (laktasi.files), with a warning sent to the command line
    (tmp_path / "latin.yaml").write_bytes("duplicates: 3 # \xe9".encode("cp1252"))
    from laktasi.files import warnings_to

    seen = []
    with warnings_to(seen.append):
        read_counts(tmp_path / "latin.yaml")
    assert [w.code for w in seen] == ["guessed_encoding"]
    (tmp_path / "bad.yaml").write_text("a: [1,\n")
    with pytest.raises(InputError) as exc:
        read_counts(tmp_path / "bad.yaml")
    assert exc.value.problems[0].code == "yaml_syntax"


def test_check_flags_arithmetic_that_does_not_add_up():
    counts = PrismaCounts(database_results=100, duplicates=10, excluded_automatic=0, excluded_other=0,
                          records_screened=85, records_excluded=60, dbr_sought_reports=25,
                          dbr_notretrieved_reports=2, dbr_assessed=23, dbr_excluded=(("x", 20),), new_reports=3)
    warnings = counts.check()
    assert [(w.data["field"], w.data["expected"]) for w in warnings] == [("records_screened", 90)]


@pytest.mark.parametrize(("source", "kind"), [
    ("PubMed", "database"), ("Google Scholar", "database"), ("Scopus", "database"), ("", "database"),
    ("ClinicalTrials.gov", "register"), ("WHO ICTRP", "register"), ("citation searching", "citation"),
    ("Penelusuran sitasi", "citation"), ("Website", "website"), ("organisation", "organisation"),
])
def test_source_kind(source, kind):
    assert source_kind(source) == kind


def _scenario():
    records = (
        [ReviewRecord(f"p{i}", "PubMed") for i in range(1, 6)]
        + [ReviewRecord("g1", "Google Scholar", "p1"), ReviewRecord("g2", "Google Scholar", "p2"),
           ReviewRecord("g3", "Google Scholar", "p3")]
        + [ReviewRecord(f"g{i}", "Google Scholar") for i in range(4, 9)]
        + [ReviewRecord("r1", "ClinicalTrials.gov"), ReviewRecord("r2", "ClinicalTrials.gov", "g4")]
        + [ReviewRecord("c1", "citation searching", study_id="S2"), ReviewRecord("c2", "citation searching"),
           ReviewRecord("w1", "website")]
    )
    records[0] = ReviewRecord("p1", "PubMed", study_id="S1")
    records[1] = ReviewRecord("p2", "PubMed", study_id="S1")  # a second report of study S1
    decisions = [
        Decision("g8", "automation", "remove"), Decision("g7", "removal", "remove", "before 2017"),
        Decision("p1", "screening", "include"), Decision("g2", "screening", "include"),  # g2 is p2's duplicate
        Decision("p3", "screening", "include"), Decision("g4", "screening", "include"),
        Decision("g5", "screening", "include"),
        Decision("p4", "screening", "exclude"), Decision("p5", "screening", "exclude"),
        Decision("g6", "screening", "exclude"), Decision("r1", "screening", "exclude"),
        Decision("g5", "retrieval", "not_retrieved"), Decision("c2", "retrieval", "not_retrieved"),
        Decision("p1", "eligibility", "include"), Decision("p2", "eligibility", "include"),
        Decision("p3", "eligibility", "exclude", "wrong population"),
        Decision("g4", "eligibility", "exclude", "no outcome"),
        Decision("c1", "eligibility", "include"), Decision("w1", "eligibility", "exclude", "wrong population"),
    ]
    return records, decisions


def test_counts_from_records_and_decisions():
    records, decisions = _scenario()
    counts, warnings = compute_counts(records, decisions)
    assert warnings == []
    # identified: PubMed p1-p5 (5), Google Scholar g1-g8 (8); registers r1, r2
    assert counts.database_results == 13
    assert counts.database_specific_results == (("Google Scholar", 8), ("PubMed", 5))
    assert counts.register_results == 2
    assert counts.register_specific_results == (("ClinicalTrials.gov", 2),)
    # duplicates g1, g2, g3, r2; automation g8; other reason g7
    assert (counts.duplicates, counts.excluded_automatic, counts.excluded_other) == (4, 1, 1)
    # screened p1-p5, g4, g5, g6, r1; excluded p4, p5, g6, r1
    assert (counts.records_screened, counts.records_excluded) == (9, 4)
    # sought p1, p2 (via g2), p3, g4, g5; g5 not retrieved; assessed p1, p2, p3, g4
    assert (counts.dbr_sought_reports, counts.dbr_notretrieved_reports, counts.dbr_assessed) == (5, 1, 4)
    assert counts.dbr_excluded == (("no outcome", 1), ("wrong population", 1))
    # other methods: c1, c2 citations, w1 website; c2 not retrieved; w1 excluded
    assert (counts.citations_results, counts.website_results, counts.organisation_results) == (2, 1, None)
    assert (counts.other_sought_reports, counts.other_notretrieved_reports, counts.other_assessed) == (3, 1, 2)
    assert counts.other_excluded == (("wrong population", 1),)
    # included reports p1, p2, c1 = studies S1 (two reports) and S2
    assert (counts.new_reports, counts.new_studies, counts.total_studies, counts.total_reports) == (3, 2, 2, 3)
    assert counts.has_other_methods
    assert counts.check() == []


def test_missing_decisions_are_warned_not_guessed():
    records = [ReviewRecord("a", "PubMed"), ReviewRecord("b", "PubMed"), ReviewRecord("c", "PubMed")]
    decisions = [Decision("a", "screening", "include"), Decision("zz", "screening", "exclude"),
                 Decision("b", "screening", "exclude"), Decision("b", "eligibility", "include")]
    counts, warnings = compute_counts(records, decisions, lang="id")
    codes = {w.code: w.data.get("ids") for w in warnings}
    assert codes == {"decision_unknown_record": ["zz"], "screening_incomplete": ["c"],
                     "eligibility_incomplete": ["a"], "eligibility_after_exclusion": ["b"]}
    assert counts.records_screened == 3 and counts.dbr_sought_reports == 1 and counts.new_reports == 0


def test_exclusion_without_reason_gets_a_label_in_the_language():
    records = [ReviewRecord("a", "PubMed")]
    decisions = [Decision("a", "screening", "include"), Decision("a", "eligibility", "exclude")]
    counts, _ = compute_counts(records, decisions, lang="id")
    assert counts.dbr_excluded == (("Tanpa alasan", 1),)


@pytest.mark.parametrize("module", ["laktasi.review.dedup", "laktasi.review.prisma", "laktasi.review.decisions",
                                    "laktasi.review.study_table", "laktasi.report.prisma_diagram"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_review_records_from_a_dedup_result():
    from laktasi.review.dedup import deduplicate
    from laktasi.review.prisma import review_records
    from laktasi.review.records import Record

    records = [Record(title="Oxytocin massage and breast milk volume in mothers", year=2020, record_id="pubmed:1",
                      source_database="PubMed"),
               Record(title="Oxytocin massage and breast milk volume in mothers.", year=2020, record_id="scopus:1",
                      source_database="Scopus", raw={"study_id": "S1"})]
    result = deduplicate(records)
    rows = review_records(records, result.duplicate_of)
    assert rows == [ReviewRecord("pubmed:1", "PubMed", ""), ReviewRecord("scopus:1", "Scopus", "pubmed:1", "S1")]
    counts, _ = compute_counts(rows, [Decision("pubmed:1", "screening", "exclude")])
    assert (counts.database_results, counts.duplicates, counts.records_screened, counts.records_excluded) == (
        2, 1, 1, 1)


def test_other_methods_records_excluded_on_title_are_not_sought():
    records = [ReviewRecord("a", "PubMed"), ReviewRecord("c1", "citation searching"),
               ReviewRecord("c2", "citation searching")]
    decisions = [Decision("a", "screening", "exclude"), Decision("c1", "screening", "exclude"),
                 Decision("c2", "eligibility", "include")]
    counts, warnings = compute_counts(records, decisions)
    assert (counts.citations_results, counts.other_sought_reports, counts.other_assessed, counts.new_reports) == (
        2, 1, 1, 1)
    assert [w.code for w in warnings] == ["other_methods_screened_out"]


# ---------------------------------------------------------------------------------------------
# the PRISMA2020 template as users fill it in (issue 12)

def _filled_template(benchdata, tmp_path, values, *, delimiter=",", encoding="utf-8", name="PRISMA.csv"):
    """The real template (benchdata/prisma2020) with some ``n`` cells filled, saved as a user's Excel would."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO((benchdata / "prisma2020" / "PRISMA.csv").read_text(encoding="utf-8"))))
    for row in rows[1:]:
        if row[0] in values:
            row[7] = values[row[0]]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = tmp_path / name
    path.write_bytes(out.getvalue().encode(encoding))
    return path


FILLED = {"database_results": "1,936", "database_specific_results": "PubMed, 1,056; Scopus, 880",
          "duplicates": "436", "records_screened": "1500", "records_excluded": "1380", "dbr_sought_reports": "120",
          "dbr_notretrieved_reports": "4", "dbr_assessed": "116", "dbr_excluded": "Not an RCT, 60; Wrong outcome, 42",
          "new_reports": "14", "total_studies": "14", "total_reports": "NA", "new_studies": ""}


def test_template_filled_in_excel_indonesian_locale(benchdata, tmp_path):
    # Excel in an Indonesian locale: ";" between cells, "." for thousands, Windows-1252 (a "é" in a description)
    values = {**FILLED, "database_results": "1.936", "database_specific_results": "PubMed, 1.056; Scopus, 880"}
    path = _filled_template(benchdata, tmp_path, values, delimiter=";", encoding="cp1252")
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"Records identified from: Databases,", b"Records identified from: Databases \xe9,"))
    counts = read_counts(path)
    assert counts.database_results == 1936
    assert counts.database_specific_results == (("PubMed", 1056), ("Scopus", 880))  # not "PubMed, 1" with 56
    assert counts.dbr_excluded == (("Not an RCT", 60), ("Wrong outcome", 42))
    assert counts.register_specific_results == ()  # "Register 1, xxx" … never drawn
    assert (counts.total_reports, counts.new_studies, counts.total_studies) == (None, None, 14)
    assert counts.check() == []


def test_template_english_thousands_and_zero_reasons(benchdata, tmp_path):
    values = {**FILLED, "dbr_excluded": "0", "other_excluded": "NA", "dbr_assessed": "116", "new_reports": "116"}
    counts = read_counts(_filled_template(benchdata, tmp_path, values))
    assert counts.database_specific_results == (("PubMed", 1056), ("Scopus", 880))
    assert counts.dbr_excluded == (("", 0),)  # a 0 in the reasons cell: nothing excluded, not an error
    assert counts.other_excluded == ()
    assert counts.check() == []  # 116 assessed − 0 excluded = 116 new reports


@pytest.mark.parametrize("cell", ["0", "", "NA", "xxx", "Reason1, xxx; Reason2, xxx; Reason3, xxx"])
def test_reasons_cell_empty_forms(benchdata, tmp_path, cell):
    counts = read_counts(_filled_template(benchdata, tmp_path, {"dbr_excluded": cell}))
    assert counts.dbr_excluded in ((), (("", 0),))


def test_breakdown_names_with_commas_keep_their_commas(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text('dbr_excluded: "Population, not postpartum, 12; Outcome: volume, not reported, 3"\n'
                    'database_specific_results: "PubMed, 1 056; Garuda, 12"\n', encoding="utf-8")
    counts = read_counts(path)
    assert counts.dbr_excluded == (("Population, not postpartum", 12), ("Outcome: volume, not reported", 3))
    assert counts.database_specific_results == (("PubMed", 1056), ("Garuda", 12))


def test_all_zero_other_methods_is_not_a_column():
    assert not PrismaCounts(website_results=0, organisation_results=0, citations_results=0, other_sought_reports=0,
                            other_notretrieved_reports=0, other_assessed=0, other_excluded=(("", 0),)).has_other_methods
    assert PrismaCounts(citations_results=2).has_other_methods


def test_updated_review_counts_are_kept_and_checked(benchdata, tmp_path):
    values = {**FILLED, "previous_studies": "9", "previous_reports": "11", "new_studies": "14", "new_reports": "14",
              "total_studies": "23", "total_reports": "26"}
    counts = read_counts(_filled_template(benchdata, tmp_path, values))
    assert counts.is_update and (counts.previous_studies, counts.previous_reports) == (9, 11)
    (warning,) = counts.check()  # 14 new + 11 previous = 25 total reports, not 26
    assert warning.data == {"field": "total_reports", "value": 26, "expected": 25}


def test_records_without_a_source_are_counted_as_unknown_and_flagged():
    from laktasi.review.prisma import UNKNOWN_SOURCE

    recs = [ReviewRecord("a", "PubMed"), ReviewRecord("b", ""), ReviewRecord("c", "")]
    counts, warnings = compute_counts(recs, [Decision(r, "screening", "exclude") for r in "abc"])
    assert counts.database_specific_results == ((UNKNOWN_SOURCE, 2), ("PubMed", 1))
    (warning,) = [w for w in warnings if w.code == "source_unknown"]
    assert warning.data["ids"] == ["b", "c"] and "--database" in warning.text.in_("en")
    assert "tidak diketahui" in warning.text.in_("id")


def test_updated_review_counts_from_records():
    # Hand-counted: the earlier search had p1, p2 (not identified again). The new search found
    # a, b, c, d: b duplicates p1 (a duplicate of the previous search), d duplicates a (within the new
    # search) -> identified 4, duplicates 2, screened 2 (a, c); a included, c excluded.
    recs = [ReviewRecord("p1", "PubMed", previous=True), ReviewRecord("p2", "Scopus", previous=True),
            ReviewRecord("a", "PubMed"), ReviewRecord("b", "Scopus", duplicate_of="p1"),
            ReviewRecord("c", "Scopus"), ReviewRecord("d", "PubMed", duplicate_of="a")]
    decs = [Decision("a", "screening", "include"), Decision("c", "screening", "exclude"),
            Decision("a", "eligibility", "include")]
    counts, warnings = compute_counts(recs, decs, previous_studies=9, previous_reports=11)
    assert (counts.database_results, counts.duplicates, counts.records_screened, counts.records_excluded) == (
        4, 2, 2, 1)
    assert counts.database_specific_results == (("PubMed", 2), ("Scopus", 2))
    assert (counts.new_studies, counts.new_reports, counts.total_studies, counts.total_reports) == (1, 1, 10, 12)
    assert counts.is_update and counts.check() == [] and warnings == []


def test_review_records_reads_the_previous_mark():
    from laktasi.review.prisma import review_records
    from laktasi.review.records import Record

    recs = [Record(record_id="p1", raw={"laktasi_previous": "yes"}), Record(record_id="n1", raw={})]
    assert [r.previous for r in review_records(recs)] == [True, False]
