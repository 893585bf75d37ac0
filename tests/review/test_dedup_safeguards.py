"""The cannot-link safeguards of deduplication, each with small hand-made records (no benchdata).

A mutant that disables one safeguard must fail here: different DOIs or PMIDs in one group, years
more than one apart, first authors that cannot be one person joined on title evidence, the refused
join reported as ``group_conflict``, and a DOI present on one copy only (no conflict).
"""

from __future__ import annotations

import numpy as np
import pytest

from laktasi.review import dedup, dedup_candidates
from laktasi.review.dedup import _DISTINCT, _DUP, _UNSURE, _Groups, _judge, deduplicate
from laktasi.review.dedup_keys import _key
from laktasi.review.dedup_result import REASONS
from laktasi.review.records import Record

TITLE = "Effect of oxytocin massage on breast milk production in postpartum mothers"
BASE = Record(title=TITLE, authors=("Supardi, A.",), year=2022, journal="Jurnal Kebidanan", volume="12",
              pages="101-108", record_id="a")


def _grouped(result, *ids):
    pos = [result.ids.index(i) for i in ids]
    return len({result.group[p] for p in pos}) == 1


# -------------------------------------------------------------------------------------------
# union-find constraints, directly


def _keys(*records):
    return [_key(r) for r in records]


def test_groups_refuse_two_different_dois_and_accept_a_doi_on_one_copy_only():
    keys = _keys(BASE.with_(doi="10.1000/a"), BASE, BASE.with_(doi="10.1000/b"), BASE.with_(doi="10.1000/A"))
    g = _Groups(keys)
    assert g.join(0, 1) is True  # a DOI on one copy only is no conflict
    assert g.join(1, 2) is False  # would put 10.1/a and 10.1/b together
    assert g.find(2) != g.find(0)
    assert g.join(2, 3) is False
    assert g.join(0, 3) is True  # the same DOI (case folded by the key)
    assert g.dois[g.find(0)] == {"10.1000/a"}


def test_groups_refuse_two_different_pmids():
    g = _Groups(_keys(BASE.with_(pmid="111"), BASE, BASE.with_(pmid="222")))
    assert g.join(0, 1) and not g.join(1, 2)
    assert g.pmids[g.find(0)] == {"111"}


@pytest.mark.parametrize(("years", "joined"), [((2020, 2021), True), ((2020, 2022), False), ((2022, 2020), False)])
def test_groups_refuse_years_more_than_one_apart(years, joined):
    g = _Groups(_keys(BASE.with_(year=years[0]), BASE.with_(year=years[1])))
    assert g.join(0, 1) is joined


def test_groups_year_span_accumulates_over_a_chain():
    g = _Groups(_keys(BASE.with_(year=2020), BASE.with_(year=2021), BASE.with_(year=2022)))
    assert g.join(0, 1)
    assert not g.join(1, 2)  # 2022 is one year from 2021 but two from 2020 in the same group
    assert g.years[g.find(0)] == {2020, 2021}


def test_title_evidence_cannot_join_incompatible_first_authors_but_ids_can():
    g = _Groups(_keys(BASE, BASE.with_(authors=()), BASE.with_(authors=("Rahmawati, C.",))))
    assert g.join(0, 1, by_title=True)
    assert not g.join(1, 2, by_title=True)
    assert g.join(1, 2, by_title=False)  # DOI/PMID or full bibliographic evidence outranks a name


def test_forced_join_overrides_ids_but_not_keep_apart_or_previous():
    keys = _keys(BASE.with_(doi="10.1000/a"), BASE.with_(doi="10.1000/b"), BASE, BASE)
    g = _Groups(keys, previous=0)
    assert g.join(0, 1, forced=True)  # a reviewer's merge verdict
    g.keep_apart(2, 3)
    assert g.held_apart(g.find(2), g.find(3))
    assert not g.join(2, 3, forced=True)
    assert not g.join(3, 2)
    p = _Groups(keys, previous=2)
    assert not p.join(0, 1, forced=True)  # two previous records
    assert p.join(0, 2) and not p.join(1, 2)


def test_keep_apart_follows_the_groups_after_joins():
    g = _Groups(_keys(BASE, BASE, BASE, BASE))
    g.keep_apart(0, 3)
    assert g.join(0, 1)
    assert g.join(2, 3)
    assert not g.join(1, 2)  # 1's group holds 0, 2's group holds 3
    assert not g.join(2, 1)


# -------------------------------------------------------------------------------------------
# the same safeguards through deduplicate()


def test_chain_through_a_record_without_doi_never_joins_two_dois():
    # title evidence only: the bare copy could belong to either publication
    plain = Record(title=TITLE, authors=("Supardi, A.",), year=2022)
    a, bare, b = plain.with_(doi="10.1000/one", record_id="a"), plain.with_(record_id="bare"), plain.with_(
        doi="10.1000/two", record_id="b")
    result = deduplicate([a, bare, b])
    assert result.records_out == 3
    reasons = {(u.first_id, u.second_id): u.reason for u in result.uncertain}
    assert reasons == {("a", "b"): "different_doi", ("a", "bare"): "ambiguous", ("bare", "b"): "ambiguous"}
    # with full bibliographic evidence the bare copy joins the first, and the second join is refused
    full = deduplicate([BASE.with_(doi="10.1000/one"), BASE.with_(record_id="bare"),
                        BASE.with_(doi="10.1000/two", record_id="b")])
    assert full.group == (1, 1, 2)
    assert {u.reason for u in full.uncertain} == {"group_conflict", "different_doi"}


def test_chain_through_a_record_without_pmid_never_joins_two_pmids():
    a = BASE.with_(pmid="111", record_id="a")
    b = BASE.with_(pmid="222", record_id="b")
    result = deduplicate([a, BASE.with_(record_id="bare"), b])
    assert not _grouped(result, "a", "b")
    assert result.records_out >= 2


def test_doi_on_one_copy_only_merges():
    with_doi = BASE.with_(doi="10.1000/jk.1", abstract="Background: …", record_id="d")
    without = BASE.with_(title=TITLE.upper(), record_id="n")
    result = deduplicate([without, with_doi])
    assert result.duplicate_of == ("d", "")
    assert result.uncertain == ()


def test_refused_join_is_reported_as_group_conflict():
    # three printings on the same pages, 2018, 2019, 2020: each neighbour pair may be one article
    # (online/print years), but one group may not span three years
    r = [BASE.with_(year=y, record_id=str(y)) for y in (2018, 2019, 2020)]
    result = deduplicate(r)
    assert not _grouped(result, "2018", "2020")
    assert [u.reason for u in result.uncertain] == ["group_conflict"]
    assert result.uncertain[0].text.en.startswith("would join groups")
    assert result.records_out == 2


def test_years_more_than_one_apart_never_merge_even_with_identical_details():
    result = deduplicate([BASE, BASE.with_(year=2024, record_id="b")])
    assert result.records_out == 2 and result.uncertain == ()
    assert deduplicate([BASE, BASE.with_(year=2023, record_id="b")]).records_out == 1


# -------------------------------------------------------------------------------------------
# the pair rule on single pairs


def _judged(a: Record, b: Record, sim: float | None = None, recurring: bool = False):
    from rapidfuzz import fuzz

    ka, kb = _key(a), _key(b)
    return _judge(ka, kb, fuzz.ratio(ka.title, kb.title) / 100 if sim is None else sim, recurring)


def _reexported(r: Record) -> Record:
    """The record as another database exports it, listing one more co-author: not identical, so the
    rule under test decides (an identical record is merged before any rule, see below)."""
    return r.with_(authors=(*r.authors, "Lain, B."), record_id=r.record_id + "-other")


def test_judge_merges_a_record_exported_twice_however_sparse():
    # a short title, no year, no journal: the title rules list it; an identical record is merged
    sparse = Record(title="Pantoprazole.", authors=("Poole, P",), record_id="s")
    assert _judged(sparse, sparse.with_(record_id="t")) == (_DUP, "identical")
    assert _judged(sparse, _reexported(sparse))[0] == _UNSURE
    assert _judged(sparse, sparse.with_(title="PANTOPRAZOLE."))[0] == _UNSURE  # another export's spelling
    assert _judged(sparse, sparse.with_(title=" Pantoprazole. "))[1] == "identical"  # spaces around it
    # any field that differs is another export (the rules decide): abstract, issue, DOI
    for field in ({"abstract": "Acid suppression."}, {"issue": "2"}, {"doi": "10.1/x"}, {"pmid": "1"},
                  {"pages": "3"}, {"volume": "4"}, {"journal": "Drugs"}, {"year": 2001}):
        assert _judged(sparse, sparse.with_(**field))[1] != "identical", field
    # a bare title says nothing: two "Editorial" records with nothing else are not merged
    bare = Record(title="Editorial", record_id="e")
    assert _judged(bare, bare.with_(record_id="f"))[0] != _DUP
    assert _judged(bare.with_(year=2020), bare.with_(year=2020, record_id="f")) == (_DUP, "identical")
    # merged first, before title-only joins, and never refused inside a cluster of two identified
    # publications under one title: a file uploaded again has every record back in its own group
    column = Record(title="Cutaneous drug reaction case reports from the world literature", year=2002,
                    record_id="c1", pmid="11721652")
    other = column.with_(pmid="11705254", record_id="c2", title=column.title + ".")
    bare_copy = column.with_(pmid="", record_id="c3")
    first = [column, other, bare_copy]
    again = deduplicate([r.with_(record_id=r.record_id + "-again") for r in first], previous=first)
    assert again.duplicate_of[3:] == ("c1", "c2", "c3")
    # an identical record outranks an earlier record matched by its title alone
    before = [bare_copy, column]
    again = deduplicate([column.with_(record_id="c1-again")], previous=before)
    assert again.duplicate_of[2] == "c1" and again.merge_reason[2] == "identical"


def test_judge_same_doi_with_and_without_subtitle_is_one_article():
    a = BASE.with_(doi="10.1000/x", title=TITLE + ": a randomised controlled trial in West Java")
    b = BASE.with_(doi="10.1000/x")
    assert _judged(a, b) == (_DUP, "same_id")
    short = BASE.with_(doi="10.1000/x", title="Oxytocin massage")
    long_ = BASE.with_(doi="10.1000/x", title="Oxytocin massage: effects on breast milk volume")
    assert _judged(short, long_) == (_DUP, "same_id")  # a leading short title on the same volume
    assert _judged(short, long_.with_(volume="13")) == (_DISTINCT, "same_id_different_title")


def test_judge_same_doi_different_title_levels():
    a = BASE.with_(doi="10.1000/x")
    assert _judged(a, _reexported(a), sim=0.9) == (_DUP, "same_id")
    assert _judged(a, a.with_(title="Effect of massage on milk production in mothers"), sim=0.6)[0] == _UNSURE
    other = a.with_(title="Costs of hospital births in Jakarta", volume="")
    assert _judged(a, other, sim=0.59) == (_DISTINCT, "same_id_different_title")
    assert _judged(a.with_(title=""), a) == (_DUP, "same_id")


def test_judge_different_dois_and_pmids():
    a, b = BASE.with_(doi="10.1000/a"), BASE.with_(doi="10.1000/b")
    assert _judged(a, b) == (_UNSURE, "different_doi")
    assert _judged(a, b, sim=0.96) == (_DISTINCT, "different_doi")
    assert _judged(a, b.with_(authors=("Rahmawati, C.",))) == (_DISTINCT, "different_doi")
    assert _judged(a, b, recurring=True) == (_DISTINCT, "different_doi")
    p, q = BASE.with_(pmid="1"), BASE.with_(pmid="2")
    assert _judged(p, q) == (_UNSURE, "different_pmid")
    assert _judged(p, q, sim=0.96) == (_DISTINCT, "different_pmid")
    assert _judged(p, q, recurring=True) == (_DISTINCT, "different_pmid")


def test_judge_years_and_titles():
    assert _judged(BASE, BASE.with_(year=2024)) == (_DISTINCT, "year")
    assert _judged(BASE, BASE.with_(title="")) == (_DISTINCT, "no_title")
    assert _judged(BASE, _reexported(BASE)) == (_DUP, "bibliographic")


def test_judge_issue_difference_blocks_the_bibliographic_rules():
    a = BASE.with_(issue="1", pages="1-9")
    b = a.with_(issue="2", title="Breast care education by midwives in rural health centres")
    assert _judged(a, b) == (_DISTINCT, "different_issue")
    assert _judged(a, a.with_(issue="2")) == (_DUP, "bibliographic")  # an identical long title goes on
    assert _judged(a, a.with_(issue="Suppl 2"))[0] == _DUP  # supplements are numbered differently
    assert _judged(a, a.with_(volume="13", issue="2"))[1] != "different_issue"
    ed = Record(title="Editor's Comments", authors=("Straub, D.",), year=2011, journal="MIS Quarterly",
                volume="35", issue="1", pages="iii")
    assert _judged(ed, ed.with_(issue="2")) == (_DISTINCT, "different_issue")
    assert _judged(ed, _reexported(ed)) == (_DUP, "title")  # roman page numbers are no page; the issue agrees


def test_judge_generic_title_with_any_conflict_is_not_listed():
    ed = Record(title="Editorial", authors=("Smith, J.",), year=2020, journal="Midwifery", volume="80",
                pages="1")
    assert _judged(ed, ed.with_(pages="5")) == (_DISTINCT, "short_title")
    assert _judged(ed, ed.with_(volume="81", pages="")) == (_DISTINCT, "short_title")
    assert _judged(ed, ed.with_(year=2021, pages="")) == (_DISTINCT, "short_title")
    assert _judged(ed, ed.with_(authors=("Jones, K.",), pages="")) == (_DISTINCT, "short_title")
    assert _judged(ed, ed.with_(journal="Women and Birth", pages="")) == (_DISTINCT, "short_title")
    assert _judged(ed, ed.with_(pages="")) == (_UNSURE, "short_title")  # nothing conflicts: a person looks


def test_judge_recurring_long_title_with_a_conflict_is_not_listed():
    a = BASE.with_(title="Summaries of recent literature on breastfeeding and lactation", pages="1-3")
    assert _judged(a, a.with_(pages="40-42"), recurring=True) == (_DISTINCT, "short_title")
    assert _judged(a, a.with_(pages="40-42")) == (_UNSURE, "companion")
    assert _judged(a, a.with_(pages="40-42", journal="Midwifery")) == (_UNSURE, "different_pages")


def test_judge_subtitle_and_translation_beside_the_title():
    long_ = BASE.with_(title=TITLE + ": a quasi-experimental study in Central Java", pages="")
    short = BASE.with_(pages="")
    assert _judged(long_, short) == (_DUP, "subtitle")
    assert _judged(long_, short.with_(journal="Midwifery"))[0] == _UNSURE  # author and year only
    assert _judged(long_, short.with_(journal="Midwifery", authors=("Other, Q.",)))[0] == _DISTINCT
    assert _judged(long_.with_(pages="1-4"), short.with_(pages="5-9"), sim=0.7) == (_DISTINCT, "title")
    assert _judged(long_, short.with_(volume="13"), sim=0.7) == (_DISTINCT, "title")


def test_judge_notice_markers():
    err = BASE.with_(title="Erratum: " + TITLE, pages="")
    assert _judged(BASE, err) == (_UNSURE, "erratum_of")  # in the article's journal and year
    assert _judged(BASE, err.with_(journal="Midwifery")) == (_UNSURE, "notice")
    assert _judged(BASE, err.with_(year=2023, volume="13")) == (_UNSURE, "notice")
    assert _judged(BASE, err.with_(year=2023)) == (_UNSURE, "erratum_of")  # same volume
    assert _judged(BASE, err.with_(volume="13")) == (_UNSURE, "erratum_of")  # same year
    assert _judged(BASE, err.with_(title="Comment on: " + TITLE)) == (_UNSURE, "notice")
    assert _judged(BASE, err.with_(title="Erratum: costs of hospital births"), sim=0.5) == (_DISTINCT, "notice")


# -------------------------------------------------------------------------------------------
# candidate generation and helpers


def test_sorted_neighbours_and_same_value_pairs():
    pairs = dedup_candidates._sorted_neighbour_pairs(["b", "a", "", "c"], 1)
    assert sorted(map(tuple, pairs.tolist())) == [(0, 3), (1, 0)]
    assert dedup_candidates._sorted_neighbour_pairs(["a", ""], 3).shape == (0, 2)
    wide = dedup_candidates._sorted_neighbour_pairs(["a", "b", "c"], 5)
    assert len(wide) == 3
    small = dedup_candidates._same_value_pairs(["x", "x", "", "x", "y"])
    assert sorted(map(tuple, small.tolist())) == [(0, 1), (0, 3), (1, 3)]
    big = dedup_candidates._same_value_pairs(["z"] * 31)
    assert len(big) == 30 and tuple(big[0]) == (0, 1)  # a chain, not 465 pairs
    assert len(dedup_candidates._same_value_pairs(["z"] * 30)) == 435
    assert dedup_candidates._same_value_pairs(["", ""]).shape == (0, 2)
    assert dedup_candidates._same_value_pairs(["x", "y", "y"]).tolist() == [[1, 2]]  # a value seen once ends nothing


def test_author_neighbours_pair_a_title_slipped_at_both_ends_among_the_same_authors_records():
    # twelve other titles of the set sort between the two under every title ordering; under the
    # first author's name and then the title, the two are neighbours
    slipped = BASE.with_(title="Soxazosin in elderly pataents with hypertension", pages="", record_id="s")
    clean = slipped.with_(title="Doxazosin in elderly patients with hypertension", record_id="c")
    others = [Record(title=f"{w} in elderly residents with hypertension", authors=("Lain, B.",),
                     record_id=f"o{n}") for n, w in enumerate(
                         "emergency endemic endocrine epidemic essential evening excess exercise fever gout heat "
                         "hepatic".split())]
    keys = _keys(clean, *others, slipped)
    titles = [k.title for k in keys]
    last = len(keys) - 1
    for ordering in (titles, [t[::-1] for t in titles], [" ".join(sorted(t.split())) for t in titles]):
        assert (0, last) not in {tuple(sorted(p)) for p in dedup_candidates._sorted_neighbour_pairs(ordering, 8).tolist()}
    found = {tuple(sorted(p)) for p in dedup_candidates._author_neighbour_pairs(keys, titles, 8).tolist()}
    assert (0, last) in found
    assert (0, last) in {tuple(p) for p in dedup_candidates._candidates(keys, 8)[0].tolist()}
    # the name words of "Wang, Tingting" and "Wang, T." meet under "wang"
    wang = _keys(BASE.with_(authors=("Wang, Tingting",)), BASE.with_(authors=("Wang, T.",), record_id="w"))
    assert {tuple(sorted(p)) for p in dedup_candidates._author_neighbour_pairs(wang, [k.title for k in wang], 1)} == {(0, 1)}
    assert dedup_candidates._author_neighbour_pairs(_keys(BASE.with_(authors=())), [TITLE.lower()], 8).shape == (0, 2)


def test_a_number_with_a_thousands_separator_is_the_same_number():
    spaced = BASE.with_(title="Oral captopril among 13,634 patients with suspected acute myocardial infarction")
    joined = spaced.with_(title=spaced.title.replace("13,634", "13634"), record_id="j")
    assert _key(spaced).numbers == _key(joined).numbers == frozenset({"13634"})
    assert _judged(spaced, joined)[0] == _DUP
    # two numbers side by side stay two ("part 2, 100 patients" has no thousands group of three digits)
    assert _key(BASE.with_(title="Part 2 10 patients in a midwifery trial")).numbers == frozenset({"2", "10"})
    assert _key(BASE.with_(title="Dose of 1 000 IU or 1 2000 IU vitamin D")).numbers == frozenset(
        {"1000", "1", "2000"})


def test_candidates_score_identical_titles_as_one_and_empty_titles_as_zero():
    keys = _keys(BASE, BASE.with_(record_id="b"), BASE.with_(title=""), BASE.with_(title="", record_id="d"))
    pairs, sims = dedup_candidates._candidates(keys, 8)
    found = {tuple(p): s for p, s in zip(pairs.tolist(), sims.tolist(), strict=True)}
    assert found[(0, 1)] == 1.0
    assert found[(2, 3)] == 0.0
    assert all(i < j for i, j in found)
    assert dedup_candidates._candidates([], 8)[0].shape[0] == 0


def test_recurring_titles_need_three_places_over_two_years():
    t = "Summaries of recent literature on breastfeeding"
    same_year = _keys(*(BASE.with_(title=t, volume=str(v)) for v in (1, 2, 3)))
    assert dedup._recurring_titles(same_year) == set()
    years = _keys(*(BASE.with_(title=t, volume=str(v), year=2020 + v // 3) for v in (1, 2, 3)))
    assert dedup._recurring_titles(years) == {"summaries of recent literature on breastfeeding"}
    assert dedup._recurring_titles(years[:2]) == set()


def test_record_numbers_in_the_issue_field_are_ignored():
    plausible = _keys(*(BASE.with_(issue=str(n)) for n in range(1, 12)))
    assert dedup._trusted_issues(plausible) is plausible
    numbers = _keys(*(BASE.with_(issue=str(n)) for n in (1, 2, 1112, 1113)))
    assert [k.issue_no for k in dedup._trusted_issues(numbers)] == ["", "", "", ""]
    mostly = _keys(*(BASE.with_(issue=str(n)) for n in [*range(1, 11), 61]))
    assert dedup._trusted_issues(mostly)[0].issue_no == "1"  # one implausible value in eleven
    # 60 issues a volume is plausible (weekly journals reach 52), 61 is not
    assert dedup._trusted_issues(_keys(*(BASE.with_(issue=n) for n in ("1", "2", "60", "60"))))[2].issue_no == "60"
    assert dedup._trusted_issues(_keys(*(BASE.with_(issue=n) for n in ("1", "2", "61", "61"))))[2].issue_no == ""


def test_an_executive_summary_on_the_same_pages_is_the_same_piece():
    summary = BASE.with_(title="Executive summary of " + TITLE)
    assert _judged(BASE, summary, sim=0.85) == (_DUP, "bibliographic")
    assert _judged(BASE, summary.with_(pages="5-9"), sim=0.85)[0] == _DISTINCT


def test_ranges_and_online_first():
    k = _keys(BASE.with_(pages="676-682"), BASE.with_(pages="678-684"), BASE.with_(pages="682-690"),
              BASE.with_(pages="5"), BASE.with_(volume="", pages="1-7"))
    assert dedup._ranges_overlap(k[0], k[1]) and not dedup._ranges_overlap(k[0], k[2])
    assert not dedup._ranges_overlap(k[0], k[3])
    assert dedup._ahead_of_print(k[4], k[0]) and dedup._ahead_of_print(k[0], k[4])
    assert not dedup._ahead_of_print(k[0], k[1])
    assert dedup._leads("oxytocin massage", "oxytocin massage for mothers")
    assert not dedup._leads("oxytocin mass", "oxytocin massage for mothers") and not dedup._leads("", "x")


def test_record_ids_and_gc_state():
    import gc

    records = [Record(title="x", record_id="r1"), Record(title="y", source_file="f.ris", position=3),
               Record(title="z")]
    assert dedup._record_ids(records) == ("r1", "f.ris:3", "3")
    assert gc.isenabled()
    deduplicate(records)
    assert gc.isenabled()  # collection is paused only during the run
    gc.disable()
    try:
        deduplicate(records)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_window_reaches_more_neighbours():
    titles = [f"Oxytocin massage study number {w} of the breastfeeding series" for w in
              ("alpha", "bravo", "charlie", "delta")]
    recs = [Record(title=t, record_id=str(n)) for n, t in enumerate(titles)]
    assert len(dedup_candidates._candidates(_keys(*recs), 1)[0]) < len(dedup_candidates._candidates(_keys(*recs), 8)[0])
    assert np.all(dedup_candidates._candidates(_keys(*recs), 8)[1] <= 1.0)


# -------------------------------------------------------------------------------------------
# boundaries of the pair rule (each found by a surviving mutant)


def test_same_printed_range_without_author_needs_the_journal_and_a_similar_title():
    a = Record(title="Antibiotic prophylaxis in thoracic surgery: a randomized study", journal="Pathol Biol",
               volume="37", pages="477-480", year=1989)
    b = a.with_(title="Prophylaxis with antiseptics before lung operations", authors=("Regnard, J. F.",))
    assert _judged(a, b, sim=0.6) == (_DUP, "bibliographic")
    assert _judged(a, b, sim=0.59)[0] == _DISTINCT
    assert _judged(a, b.with_(journal="Chest"), sim=0.3)[0] == _DISTINCT


def test_same_printed_range_with_two_shared_drug_names_is_one_article():
    a = Record(title="Amoxicillin versus cefamandole prophylaxis in cardiac surgery", authors=("Regnard, J. F.",),
               journal="Pathol Biol", volume="37", pages="477-480", year=1989)
    b = a.with_(title="Comparison of amoxicillin and cefamandole for wound infections", year=1990)
    assert _judged(a, b, sim=0.3) == (_DUP, "bibliographic")
    c = b.with_(title="Comparison of amoxicillin and placebo for wound infections")
    assert _judged(a, c, sim=0.3)[0] == _DISTINCT


def test_subtitle_needs_author_or_year_with_journal_or_pages():
    long_ = Record(title=TITLE + ": a quasi-experimental study in Central Java", year=2022)
    short = Record(title=TITLE, year=2022)
    assert _judged(long_, short, sim=0.7) == (_DISTINCT, "title")
    assert _judged(long_.with_(journal="Midwifery"), short.with_(journal="Midwifery"), sim=0.7) == (
        _UNSURE, "subtitle")


def test_subtitle_rule_applies_to_titles_sharing_a_number():
    a = BASE.with_(title="Oxytocin massage in 2 district hospitals of Central Java", pages="")
    b = a.with_(title="Oxytocin massage in 2 district hospitals of Central Java: a cohort")
    assert _judged(a, b, sim=0.82) == (_DUP, "subtitle")
    c = a.with_(title="Oxytocin massage in 3 district hospitals of Central Java: a cohort")
    assert _judged(a, c, sim=0.82)[0] != _DUP


def test_similar_titles_at_the_boundaries():
    a = Record(title="Effect of oxytocin massage on breast milk production in postpartum mothers")
    b = Record(title="Effect of oxytocin massage on breast milk production in postpartum mothres")
    assert _judged(a, b, sim=0.9) == (_UNSURE, "similar_title")
    assert _judged(a, b, sim=0.89) == (_DISTINCT, "title")
    assert _judged(a.with_(authors=("Supardi, A.",), year=2022), b.with_(authors=("Supardi, A.",), year=2022),
                   sim=0.85) == (_UNSURE, "similar_title")
    assert _judged(a, b.with_(volume="3"), sim=0.97) == (_DUP, "title")
    assert _judged(a.with_(volume="4"), b.with_(volume="3"), sim=0.97) == (_UNSURE, "different_volume")
    assert _judged(a.with_(volume="4"), b.with_(volume="3"), sim=0.96) == (_DISTINCT, "different_volume")


def test_one_id_on_one_side_does_not_make_a_title_match_ambiguous():
    plain = Record(title=TITLE, authors=("Supardi, A.",), year=2022)
    for ident in ({"doi": "10.1000/one"}, {"pmid": "123"}):
        result = deduplicate([plain.with_(record_id="x", **ident), plain.with_(record_id="y")])
        assert result.records_out == 1 and result.uncertain == ()


def test_bibliographic_rules_at_their_boundaries():
    a = Record(title="Amoxicillin versus cefamandole prophylaxis in cardiac surgery", authors=("Regnard, J. F.",),
               journal="Pathol Biol", volume="37", pages="100-160", year=1989)
    other = "Comparison of amoxicillin and cefamandole for wound infections"
    assert _judged(a, a.with_(title=other, year=1990), sim=0.3) == (_DUP, "bibliographic")  # 60 pages
    long_range = a.with_(pages="100-161")
    assert _judged(long_range, long_range.with_(title=other, year=1990), sim=0.3)[0] == _DISTINCT  # 61 pages
    assert _judged(a, a.with_(title=other), sim=0.75) == (_DUP, "bibliographic")
    book = a.with_(pages="100-200")  # a whole supplement: only the full details with a similar title
    assert _judged(book, book.with_(title=other), sim=0.5) == (_DUP, "bibliographic")
    assert _judged(book, book.with_(title=other), sim=0.49)[0] == _DISTINCT
    # the same author on the same printed range, the journal named in another language
    assert _judged(a, a.with_(title=other, journal="Chest"), sim=0.75) == (
        _DUP, "bibliographic")
    assert _judged(a, a.with_(title=other, journal="Chest"), sim=0.74)[0] == _DISTINCT


def test_similar_details_rules_at_their_boundaries():
    a = Record(title="Effect of oxytocin massage on breast milk production in postpartum mothers",
               authors=("Supardi, A.",), year=2022, journal="Jurnal Kebidanan")
    b = a.with_(title="Effect of oxytocin massage on breast milk production in postpartum mothres")
    assert _judged(a, b, sim=0.9) == (_DUP, "title_and_details")  # author, year, journal
    assert _judged(a, b, sim=0.89) == (_UNSURE, "similar_title")
    full = a.with_(volume="3", pages="1-9")
    assert _judged(full, b.with_(volume="3", pages="1-9"), sim=0.85) == (_DUP, "bibliographic")
    assert _judged(a.with_(authors=()), b.with_(authors=(), volume="3"), sim=0.9) == (_UNSURE, "similar_title")
    # different volumes on the same pages in different journals
    assert _judged(a.with_(volume="4", pages="5-9"), b.with_(volume="3", pages="5-9", journal="Midwifery"),
                   sim=0.97) == (_UNSURE, "different_volume")


def test_word_and_notice_boundaries():
    a = Record(title="Pantoprazole versus omeprazole: influence on meal-stimulated gastric acid secretion")
    b = Record(title="Lansoprazole versus omeprazole: influence on meal-stimulated gastric acid secretion")
    assert _judged(a, b, sim=0.9) == (_UNSURE, "different_words")
    assert _judged(a, b, sim=0.89) == (_DISTINCT, "different_words")
    err = Record(title="Erratum: effect of oxytocin massage on milk production in postpartum women")
    assert _judged(Record(title=TITLE), err, sim=0.9) == (_UNSURE, "notice")
    assert _judged(Record(title=TITLE), err, sim=0.89) == (_DISTINCT, "notice")


def test_a_number_in_one_title_only_is_no_series():
    a = Record(title="Oxytocin massage outcomes in 12 postpartum mothers of Central Java", authors=("Sari, D.",),
               year=2020, journal="Jurnal Ners")
    b = a.with_(title="Oxytocin massage outcomes in postpartum mothers of Central Java")
    assert _judged(a, b, sim=0.95) == (_DUP, "title_and_details")
    short = a.with_(title="Oxytocin massage in 2 district hospitals of Central Java")
    long_ = a.with_(title="Oxytocin massage in 2 district hospitals of Central Java: a cohort of new mothers")
    assert _judged(short, long_, sim=0.7) == (_DUP, "subtitle")


def test_doi_evidence_is_joined_before_bibliographic_evidence():
    # P and Q share a DOI; R matches Q on the same pages one year earlier; P is two years after R
    p = BASE.with_(doi="10.1000/x", year=2021, title=TITLE + " in West Java", record_id="P")
    q = BASE.with_(doi="10.1000/x", year=2020, record_id="Q")
    r = BASE.with_(year=2019, record_id="R")
    result = deduplicate([r, q, p])
    assert result.group[1] == result.group[2] != result.group[0]
    assert [u.reason for u in result.uncertain] == ["group_conflict"]


def test_verdict_conflict_is_reported_with_full_similarity():
    a, b, c = BASE, BASE.with_(record_id="b", title="Another study of breast care"), BASE.with_(record_id="c")
    result = deduplicate([a, b, c], verdicts=[dedup.Verdict("a", "c", False), dedup.Verdict("b", "c", True),
                                              dedup.Verdict("a", "b", True)])
    assert [(u.reason, u.title_similarity) for u in result.uncertain] == [("verdict_conflict", 1.0)]


def test_pairs_of_two_and_issue_share_at_ten_percent():
    assert dedup_candidates._same_value_pairs(["x", "x"]).tolist() == [[0, 1]]
    tenth = _keys(*(BASE.with_(issue=str(n)) for n in [*range(1, 10), 61]))
    assert dedup._trusted_issues(tenth)[0].issue_no == "1"


def test_an_uncertain_pair_does_not_make_its_group_ambiguous():
    plain = Record(title=TITLE, authors=("Supardi, A.",), year=2022, record_id="x")
    err = plain.with_(title="Erratum: " + TITLE, record_id="e")
    result = deduplicate([plain, plain.with_(record_id="y"), err])
    assert result.group[0] == result.group[1] != result.group[2]
    assert [u.reason for u in result.uncertain] == ["notice"] * len(result.uncertain)


def test_two_dois_reached_through_a_record_without_authors_are_ambiguous():
    a = Record(title=TITLE, authors=("Supardi, A.",), year=2022, doi="10.1000/one", record_id="a")
    bare = Record(title=TITLE, year=2022, record_id="bare")
    c = Record(title=TITLE, authors=("Wulandari, T.",), year=2022, doi="10.1000/two", record_id="c")
    result = deduplicate([a, bare, c])
    assert result.records_out == 3
    assert {u.reason for u in result.uncertain} == {"ambiguous"}


def test_identical_title_and_details_join_even_when_authors_are_garbled():
    a = BASE.with_(authors=("Xi, L F",), record_id="x")
    b = BASE.with_(authors=("Long, F X",), record_id="y", title=TITLE + ".")
    result = deduplicate([a, b])
    assert result.records_out == 1 and result.uncertain == ()


def test_the_most_similar_title_is_joined_first():
    r = Record(title=TITLE, authors=("Supardi, A.",), year=2019, journal="Jurnal Kebidanan", volume="12",
               record_id="R")
    q = r.with_(year=2020, record_id="Q")
    p = r.with_(year=2021, title=TITLE.replace("mothers", "mothres"), record_id="P")
    result = deduplicate([p, q, r])
    assert result.group[1] == result.group[2] != result.group[0]


def test_second_bibliographic_rule_with_a_fairly_similar_title():
    a = Record(title="Amoxicillin prophylaxis in cardiac surgery patients", authors=("Regnard, J. F.",),
               journal="Pathol Biol", volume="37", pages="100-110", year=1989)
    b = a.with_(title="Antiseptic wound care after heart operations in adults", year=1990)
    assert _judged(a, b, sim=0.5) == (_DUP, "bibliographic")
    assert _judged(a, b, sim=0.49)[0] == _DISTINCT


def test_one_year_apart_needs_the_same_journal_and_volume_or_pages():
    a = Record(title=TITLE, authors=("Supardi, A.",), year=2021, volume="12", journal="Jurnal Kebidanan")
    assert _judged(a, a.with_(year=2022, journal="Midwifery")) == (_UNSURE, "different_year")
    assert _judged(a, a.with_(year=2022)) == (_DUP, "title")


def test_short_title_length_boundary():
    k25 = _key(Record(title="abcd efgh ijkl mnop qrstu"))  # 25 characters, five words
    k24 = _key(Record(title="abcd efgh ijkl mnop qrst"))
    assert not dedup._short(k25, k25)
    assert dedup._short(k24, k25)
    assert dedup._short(_key(Record(title="Oxytocin massage and lactation onset")), _key(Record(
        title="Milk volume")))


def test_two_pmids_reached_through_a_record_without_authors_are_ambiguous():
    # a and c differ in two letters (not near enough to be listed with their two PMIDs), each one
    # letter from the bare copy
    a = Record(title="Oxytocin massaga for postpartum mothers", authors=("Supardi, A.",), year=2022, pmid="111",
               record_id="a")
    bare = Record(title="Oxytocin massage for postpartum mothers", year=2022, record_id="bare")
    c = Record(title="Oxytocin massage for postpartum mothars", authors=("Wulandari, T.",), year=2022, pmid="222",
               record_id="c")
    result = deduplicate([a, bare, c])
    assert result.records_out == 3
    assert {u.reason for u in result.uncertain} == {"ambiguous"}


def test_a_title_shared_with_an_uncertain_other_doi_is_ambiguous():
    # a and b: one title, two DOIs (listed); the bare copy matches a, and b only one year apart
    a = Record(title=TITLE, authors=("Supardi, A.",), year=2022, doi="10.1000/one", record_id="a")
    b = a.with_(doi="10.1000/two", year=2021, record_id="b")
    bare = Record(title=TITLE, authors=("Supardi, A.",), year=2022, record_id="bare")
    result = deduplicate([a, b, bare])
    assert result.records_out == 3
    reasons = {(u.first_id, u.second_id): u.reason for u in result.uncertain}
    assert reasons[("a", "bare")] == "ambiguous" and reasons[("a", "b")] == "different_doi"


def test_first_bibliographic_rule_on_one_page():
    a = Record(title="Oxytocin massage and milk volume in the first week", authors=("Sari, D.",), year=2020,
               journal="Jurnal Ners", volume="4", pages="55")
    b = a.with_(title="Milk volume after massage in the first postpartum week")
    assert _judged(a, b, sim=0.75) == (_DUP, "bibliographic")
    assert _judged(a, b, sim=0.74)[0] == _DISTINCT


def test_subtitle_on_the_same_pages_in_another_journal_name():
    long_ = BASE.with_(title=TITLE + ": a quasi-experimental study in Central Java", pages="101")
    short = BASE.with_(journal="Proceedings of the Indonesian Midwifery Congress", pages="101")
    assert _judged(long_, short, sim=0.7) == (_DUP, "subtitle")  # same author, year and pages
    assert _judged(long_.with_(authors=()), short.with_(authors=()), sim=0.7) == (_UNSURE, "subtitle")


# -------------------------------------------------------------------------------------------
# the mutants a seeded mutation sample left alive (session 4): each pins one decision


def test_one_pmid_in_a_title_matched_cluster_is_no_conflict():
    # one PMID among three copies matched by title, author and year only: nothing to be unsure about
    plain = Record(title=TITLE, authors=("Supardi, A.",), year=2022, record_id="p1")
    records = [plain.with_(pmid="111"), plain.with_(record_id="p2"), plain.with_(record_id="p3")]
    result = deduplicate(records)
    assert _grouped(result, "p1", "p2", "p3")
    assert result.uncertain == ()


def test_one_pmid_in_a_chain_of_title_matches_is_no_conflict():
    # p1 (PMID) ~ p2 ~ p3 by title, p1 and p3 never compared: p3 joins through p2, nothing is ambiguous
    plain = Record(title=TITLE, authors=("Supardi, A.",), year=2022, record_id="p1")
    keys = _keys(plain.with_(pmid="111"), plain.with_(record_id="p2"), plain.with_(record_id="p3"))
    groups, unsure, _ = dedup._group(keys, [(0, 1, 1.0, _DUP, "title"), (1, 2, 1.0, _DUP, "title")])
    assert groups.find(0) == groups.find(1) == groups.find(2)
    assert unsure == []


def test_two_pmids_in_a_title_matched_cluster_leave_the_title_only_pairs_to_a_human():
    plain = Record(title=TITLE, authors=("Supardi, A.",), year=2022, record_id="p1")
    records = [plain.with_(pmid="111"), plain.with_(record_id="p2"), plain.with_(record_id="p3"),
               plain.with_(record_id="p4", pmid="222")]
    result = deduplicate(records)
    assert not _grouped(result, "p1", "p4")
    assert "ambiguous" in {u.reason for u in result.uncertain}


def test_a_reviewers_merge_verdict_joins_records_the_rules_keep_apart():
    a = BASE.with_(doi="10.1000/a")
    b = BASE.with_(doi="10.1000/b", record_id="b")
    assert not _grouped(deduplicate([a, b]), "a", "b")  # two DOIs: the rules never join them
    result = deduplicate([a, b], verdicts=[dedup.Verdict("a", "b", True)])
    assert _grouped(result, "a", "b")
    assert result.uncertain == ()


def test_the_prefilter_skips_only_pairs_no_rule_could_pass():
    # candidate pairs the rules could not call anything but distinct are never judged one by one;
    # each kind of evidence the rules use keeps its pair
    other = "Knee replacement outcomes in elderly patients after surgery abroad"
    records = [
        BASE.with_(record_id="r0", volume="", pages=""),
        Record(title=other, authors=("Lee, K.",), year=2019, record_id="r1"),  # nothing in common with r0
        BASE.with_(record_id="r2", title=other + " revisited", pmid="555", volume="", pages=""),
        BASE.with_(record_id="r3", title="Completely unrelated words about engines", pmid="555",
                   volume="", pages=""),  # shares r2's PMID only
        Record(title="Dental caries in school children", authors=("Ali, B.",), year=2018, record_id="r4",
               doi="10.1000/z"),
        Record(title="Malaria vector control in rural districts", authors=("Ode, C.",), year=2017,
               record_id="r5", doi="10.1000/z"),  # shares r4's DOI only
    ]
    keys = _keys(*records)
    pairs = np.array([[0, 1], [2, 3], [4, 5], [0, 5]], dtype=np.int64)
    sims = np.array([0.1, 0.1, 0.1, 0.1])
    kept = dedup_candidates._worth_judging(keys, pairs, sims).tolist()
    assert kept == [1, 2]
    for k in (0, 3):
        i, j = pairs[k]
        assert _judge(keys[i], keys[j], float(sims[k]), False)[0] == _DISTINCT


# the survivors of a fresh sample (seed 15) of the final code; three more were equivalent (a zip of equal
# lengths made non-strict, a default argument every caller passes, a count that only matters at three or more)


def test_different_pages_is_listed_from_a_title_similarity_of_095():
    a = BASE.with_(journal="Jurnal Kebidanan", issue="3")
    b = a.with_(journal="Proceedings of the Indonesian Midwifery Congress", issue="", pages="S33", record_id="b")
    assert _judged(a, b, sim=0.95) == (_UNSURE, "different_pages")
    assert _judged(a, b, sim=0.9499) == (_DISTINCT, "different_pages")


def test_a_similar_title_and_one_author_without_agreeing_abstracts_is_only_listed():
    a = Record(title=TITLE, authors=("Supardi, A.",), year=2022, record_id="a")
    b = Record(title="Effect of oxytocin massage on breastmilk production in post-partum mothers",
               authors=("Supardi, A.",), record_id="b")
    assert _judged(a, b, sim=0.92) == (_UNSURE, "similar_title")
    same_abstract = "Oxytocin massage twice a day raised the milk volume of 60 mothers in two weeks. " * 3
    assert _judged(a.with_(abstract=same_abstract), b.with_(abstract=same_abstract), sim=0.92) == (
        _DUP, "title_and_details")


def test_record_ids_fall_back_to_file_and_position_only_when_both_are_known():
    records = [Record(title="A", source_file="pubmed.nbib", position=4),
               Record(title="B", source_file="pubmed.nbib"),
               Record(title="C", position=7)]
    assert dedup._record_ids(records) == ("pubmed.nbib:4", "2", "3")


def test_a_typo_in_the_first_letters_is_found_by_the_reversed_title_order():
    # between the two copies, in title order and in sorted-word order, lie more records than the window
    target = "ahumba oxytocin massage lactation outcome trial"
    typo = "zhumba oxytocin massage lactation outcome trial"
    fillers = [f"{c}qq cfill dword" for c in "bcdefghij"]
    keys = _keys(*(Record(title=t, record_id=str(n)) for n, t in enumerate([target, *fillers, typo])))
    pairs, _ = dedup_candidates._candidates(keys, 4)
    assert [0, 10] in pairs.tolist()


def test_one_doi_and_a_title_similarity_of_09_is_one_article():
    a = BASE.with_(doi="10.1000/x")
    b = a.with_(title="Effect of oxytocin massage on breast milk in West Java", record_id="b")
    assert _judged(a, b, sim=0.9) == (_DUP, "same_id")
    assert _judged(a, b, sim=0.8999) == (_UNSURE, "same_id_different_title")


# -------------------------------------------------------------------------------------------
# boundaries found by the session-6 mutation sample (benchmarks/dedup_mutants.py, seed 16)


def _slipped_pair(**authors):
    """Two copies of one title slipped at both ends, with twelve unauthored titles sorting between them
    under every title ordering: only the first author's ordering brings them together."""
    a = Record(title="Doxazosin in elderly patients with essential hypertension", year=2020, journal="Midwifery",
               record_id="A", **authors)
    b = a.with_(title="Soxazosin in elderly patients with essential hypertensive", record_id="B")
    tags = [x + y for x in "ab" for y in "abcdef"]
    fillers = [Record(title=f"eab{t} zebra quokka tiling", year=1950 + 3 * k, record_id=f"f{k}")
               for k, t in enumerate(tags)]
    return a, b, fillers


def test_two_authored_records_among_unauthored_ones_are_compared():
    a, b, fillers = _slipped_pair(authors=("Triansyah, A.",))
    result = deduplicate([a, *fillers, b])
    assert result.duplicate_of[-1] == "A"


def test_the_first_authors_three_longest_name_words_are_keys():
    # "Ni Luh Ayu Triansyah": the family name is the longest word, so it is a key however many words precede it
    a, b, fillers = _slipped_pair(authors=("Ni Luh Ayu Triansyah",))
    b = b.with_(authors=("Triansyah, N. L.",))
    # other authors' records sort between every shorter name word of A and "triansyah"
    authored = [f.with_(authors=(f"Pmm{n:02d}, X.",)) for n, f in enumerate(fillers)]
    assert deduplicate([a, *authored, b]).duplicate_of[-1] == "A"
    # three keys per record, not one per name word: a group author's long name does not multiply the pairs
    group = _keys(BASE.with_(authors=("Alpha Bravo Charlie Delta Echo Foxtrot Golf",)),
                  BASE.with_(authors=("Zulu, Z.",), record_id="z"))
    pairs = dedup_candidates._author_neighbour_pairs(group, [k.title for k in group], 8)
    assert len(pairs) == 3  # 4 entries (3 + 1) in a row: 6 neighbours within the window, 3 of them self-pairs


def test_a_similar_title_below_085_by_the_same_author_and_year_is_another_paper():
    p = Record(title="Oxytocin massage and breast milk production in postpartum women", authors=("Triansyah, A.",),
               year=2020, journal="Midwifery", record_id="P")
    q = p.with_(title="Oxytocin massage and breast milk volume among postpartum mothers", record_id="Q")
    assert _judged(p, q) == (_DISTINCT, "title")  # similarity 0.80, different words


def test_a_four_word_title_of_25_letters_is_not_short():
    s = Record(title="Hypertension management elderly patients", authors=("Triansyah, A.",), year=2020,
               journal="Midwifery", volume="12", record_id="S")
    assert _judged(s, s.with_(volume="13", record_id="T")) == (_UNSURE, "different_volume")


def test_a_single_page_inside_a_range_is_no_overlap_of_ranges():
    t = "Effect of oxytocin massage on breast milk production in postpartum mothers"
    a = Record(title=t, authors=("Triansyah, A.",), year=2020, journal="Midwifery", volume="12", pages="105",
               record_id="a")
    for pair in ([a, a.with_(pages="100-110", record_id="b")], [a.with_(pages="100-110", record_id="b"), a]):
        result = deduplicate(pair)  # the single page on either side of the pair
        assert result.records_out == 2 and [u.reason for u in result.uncertain] == ["companion"]


def test_a_cluster_with_one_doi_is_not_ambiguous():
    # A (DOI) and B share journal, volume and printed range (a translated title); C is B without them
    a = Record(title="Oxytocin massage and colostrum production in postpartum women", authors=("Triansyah, A.",),
               year=2020, journal="Midwifery", volume="12", pages="100-110", doi="10.1000/a", record_id="A")
    b = a.with_(title="Pijat oxytocin dan produksi colostrum pada ibu nifas di puskesmas", doi="", record_id="B")
    c = b.with_(volume="", pages="", record_id="C")
    result = deduplicate([a, b, c])
    assert result.duplicate_of == ("", "A", "A") and result.uncertain == ()


def test_a_title_printed_after_its_translation_is_judged_however_dissimilar():
    e = Record(title="Efek pijat oksitosin terhadap produksi air susu ibu pada ibu nifas di rumah sakit daerah. "
                     "Effect of oxytocin massage on breast milk production", authors=("Triansyah, A.",), year=2020,
               journal="Midwifery", record_id="E")
    f = e.with_(title="Effect of oxytocin massage on breast milk production", record_id="F")
    result = deduplicate([e, f])
    assert result.duplicate_of == ("", "E") and result.merge_reason == ("", "subtitle")


def test_a_record_without_pages_never_chains_an_article_and_its_companion_on_other_pages():
    title = "Oxytocin massage and breast milk production in postpartum women at home"
    article = Record(title=title, authors=("Triansyah, A.",), year=2020, journal="Midwifery", volume="12",
                     pages="100-108", record_id="A")
    sparse = Record(title=title + ".", authors=("Triansyah, A.",), year=2020, record_id="B")  # no journal, no pages
    companion = article.with_(pages="140-141", record_id="C")
    result = deduplicate([article, sparse, companion])
    # the sparse record joins one of them by its title; the other stays apart and is listed
    assert result.records_out == 2 and result.duplicate_of[1] == "A" and result.duplicate_of[2] == ""
    assert {(u.first_id, u.second_id, u.reason) for u in result.uncertain} == {
        ("A", "C", "companion"), ("B", "C", "group_conflict")}
    assert "pages" in REASONS["group_conflict"].en and "halaman" in REASONS["group_conflict"].id
    # the same when the group's kept root is the sparse record (it holds the group's only DOI): the group
    # carries the article's pages
    with_doi = sparse.with_(doi="10.1000/b")
    result = deduplicate([article, with_doi, companion])
    assert result.duplicate_of[2] == "" and result.records_out == 2
    # pages that agree at their first or last page are one place, as for the pair rule
    last = companion.with_(pages="101-108")
    assert deduplicate([article, sparse, last]).records_out <= 2
    keys = _keys(article, last, article.with_(pages="230-5, 100-8"))
    assert dedup._printed_places(keys[0]) & dedup._printed_places(keys[1]) == {"-108"}
    assert "100" in dedup._printed_places(keys[2])


def test_printed_places_leave_out_the_volume_and_records_without_one():
    # a supplement's number in one database's volume field: the same pages are the same place
    garbled, clean = _keys(BASE.with_(volume="1)", pages="S124"), BASE.with_(volume="128", pages="S124"))
    assert dedup._printed_places(garbled) == dedup._printed_places(clean) == {"124", "-124"}
    # volume, issue and pages one column to the right ("", "26", "9" for 26(9):1746): no place is known
    shifted = _key(BASE.with_(volume="", issue="26", pages="9"))
    assert dedup._printed_places(shifted) == set()
    title = "The treatment of atypical haemolytic uraemic syndrome in children"
    right = Record(title=title, authors=("Loirat, C.",), year=2011, journal="Pediatr Nephrol", volume="26",
                   issue="9", pages="1746", record_id="R")
    moved = right.with_(volume="", issue="26", pages="9", record_id="M")
    sparse = right.with_(journal="", volume="", issue="", pages="", record_id="S")
    assert deduplicate([right, sparse, moved]).records_out == 1


def test_a_title_similarity_of_085_with_five_agreeing_details_is_one_article():
    abstract = "Oxytocin massage twice a day raised the milk volume of 60 mothers in two weeks. " * 3
    a = Record(title="Oxytocin massage and breast milk production in postpartum women", authors=("Triansyah, A.",),
               year=2020, journal="Midwifery", volume="12", abstract=abstract, record_id="a")
    b = a.with_(title="Oxytocin massage and breastmilk output among post-partum women", record_id="b")
    # first author, year, journal, volume and abstract agree (no pages to compare)
    assert _judged(a, b, sim=0.85) == (_DUP, "title_and_details")
    assert _judged(a, b, sim=0.8499) == (_DISTINCT, "title")
    assert _judged(a, b.with_(abstract="Another abstract about something else entirely. " * 3), sim=0.87) == (
        _UNSURE, "similar_title")


def test_versions_of_one_cochrane_review_are_listed_not_merged_nor_dropped():
    title = "Treatment for POEMS (polyneuropathy, organomegaly, endocrinopathy, M-protein and skin changes) syndrome"
    update = Record(title=title, authors=("Kuwabara, S.",), year=2012, journal="Cochrane Database Syst Rev",
                    volume="6", pages="CD006828", doi="10.1002/14651858.CD006828.pub3", record_id="2012")
    first = update.with_(year=2008, volume="", pages="CD006828", doi="", record_id="2008")
    same_first = first.with_(pages="", doi="10.1002/14651858.cd006828.pub2", record_id="2008-doi")
    result = deduplicate([update, first, same_first])
    # years four apart would make them distinct; the review's number lists them for a person
    assert result.duplicate_of == ("", "", "2008")
    assert {(u.first_id, u.second_id, u.reason) for u in result.uncertain} == {
        ("2012", "2008", "review_version"), ("2012", "2008-doi", "review_version")}
    assert "Cochrane" in REASONS["review_version"].en and "Cochrane" in REASONS["review_version"].id
    assert _key(same_first).cochrane == "CD006828"
    # another review's number, or a clearly different title, is no version
    assert _judged(update, first.with_(pages="CD006829"))[1] == "year"
    assert _judged(update, first.with_(title="Steroids for POEMS syndrome"), sim=0.6)[1] == "year"
