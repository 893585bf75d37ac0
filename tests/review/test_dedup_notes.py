"""Rules added for the records Rathbone et al.'s haematology labels group but laktasi kept apart:
correction notes that link an erratum to its article, exports that shift volume/issue/pages one
column, notices whose titles sort away from the article, a title shared by two publications of
different authors, slips in function words, and an article's companions on other pages.

Every record here is made up for the test (no benchdata); the patterns are those of MEDLINE, Web of
Science and Embase exports.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz

from laktasi.review.dedup import _DISTINCT, _DUP, _UNSURE, _judge, _linked, deduplicate
from laktasi.review.dedup_candidates import _notice_pairs
from laktasi.review.dedup_keys import _clean_title, _key, _misspelt, _words_differ
from laktasi.review.records import Record

TITLE = "Delayed cord clamping and infant iron stores at six months in a district hospital"
ARTICLE = Record(title=TITLE, authors=("Rahmawati, S.",), year=2018, journal="Jurnal Kesehatan Reproduksi",
                 volume="9", issue="2", pages="101-109", record_id="a")


def _judged(a: Record, b: Record) -> tuple[int, str]:
    ka, kb = _key(a), _key(b)
    return _judge(ka, kb, fuzz.ratio(ka.title, kb.title) / 100)


def _reasons(result):
    return {(u.first_id, u.second_id): u.reason for u in result.uncertain}


# -------------------------------------------------------------------------------------------
# correction notes


def test_notes_are_read_from_the_three_databases_and_stripped_from_the_title():
    text, notes = _clean_title(TITLE + " (vol 9, pg 101, 2018)")  # Web of Science
    assert text.strip() == TITLE and notes.erratum and notes.corrects == "2018|9|101"
    text, notes = _clean_title(TITLE + " (Jurnal Kesehatan Reproduksi (2018) 9:2 (101-109))")  # Embase
    assert text.strip() == TITLE and notes.erratum and notes.corrects == "2018|9|101"
    text, notes = _clean_title(TITLE + ".[Erratum appears in J Kesehat Reprod. 2018 Dec;9(4):377]"
                                       "[Erratum appears in J Kesehat Reprod. 2019;10(1):e5]")  # MEDLINE
    assert text == TITLE + "." and not notes.erratum and notes.errata_at == {"2018|9|377", "2019|10|5"}
    # a parenthesis that only looks like a citation is part of the title
    plain = "Outcomes of the UKPDS (Lancet (1998) 352 (837-853)) revisited ten years later"
    assert _clean_title(plain) == (plain, _clean_title("x")[1])
    assert _key(Record(title=TITLE + " (vol 9, pg 101)")).notes.corrects == ""  # no year: no place


def test_medline_note_links_the_article_to_an_unmarked_notice_at_that_place():
    noted = ARTICLE.with_(title=TITLE + ".[Erratum appears in J Kesehat Reprod. 2018 Dec;9(4):377]",
                          record_id="a")
    notice = ARTICLE.with_(issue="4", pages="377", record_id="e")  # WoS lists errata under the title
    assert _linked(_key(noted), _key(notice)) and _linked(_key(notice), _key(noted))
    result = deduplicate([noted, notice])
    # a report of the same study, named exactly by the note: merged into the article, which is kept
    assert result.records_out == 1 and result.uncertain == ()
    assert result.duplicate_of == ("", "a") and result.merge_reason == ("", "erratum_of")
    # a notice printed in another journal than the article's is listed, not merged
    result = deduplicate([noted, notice.with_(journal="Midwifery")])
    assert result.records_out == 2 and _reasons(result) == {("a", "e"): "erratum_of"}
    assert result.uncertain[0].likelihood > 0.6  # listed among the first
    # the same title elsewhere in the volume, where no note points, is only a companion
    elsewhere = notice.with_(issue="3", pages="250", record_id="x")
    assert _reasons(deduplicate([noted, elsewhere])) == {("a", "x"): "companion"}


def test_two_exports_of_one_erratum_merge_and_are_listed_beside_the_article():
    wos = ARTICLE.with_(title=TITLE + " (vol 9, pg 101, 2018)", issue="4", pages="377", record_id="w")
    embase = wos.with_(title=TITLE + " (Jurnal Kesehatan Reproduksi (2018) 9:2 (101-109))",
                       authors=("Rahmawati, Siti",), record_id="m")
    result = deduplicate([ARTICLE, wos, embase])
    assert result.records_out == 1 and result.uncertain == ()
    assert result.group[0] == result.group[1] == result.group[2]
    assert result.primary == (0, 0, 0)  # the article is kept, however complete its notices are
    assert result.merge_reason == ("", "erratum_of", "erratum_of")


def test_a_linked_notice_is_compared_even_when_no_title_ordering_brings_it_near():
    # fillers by the same author sort between the two under the title, the reversed title and the
    # sorted words alike, and under the author's name and then the title, forwards or backwards
    words = ["birth", "caesarean", "doula", "eclampsia", "fundus", "gravida", "haemorrhage", "induction"]
    fillers = [Record(title=f"Births as and a {w} {v} register", year=2018, authors=ARTICLE.authors,
                      record_id=f"f{k}{n}")
               for k, w in enumerate(words) for n, v in enumerate(words[:3]) if w != v]
    notice = ARTICLE.with_(title="Author correction for " + TITLE + " in rural areas (vol 9, pg 101, 2018)",
                           issue="4", pages="377", record_id="n")
    result = deduplicate([ARTICLE, *fillers, notice])
    assert result.duplicate_of[-1] == "a" and result.merge_reason[-1] == "erratum_of"
    elsewhere = deduplicate([ARTICLE, *fillers, notice.with_(title=notice.title.replace("pg 101", "pg 102"))])
    assert ("a", "n") not in _reasons(elsewhere)  # no ordering brings them together, no note links them


def test_judge_lists_a_linked_notice_on_a_similar_or_contained_title():
    notice = ARTICLE.with_(title="Iron stores in infants after delayed clamping (vol 9, pg 101, 2018)", pages="377")
    a, b = _key(ARTICLE), _key(notice)
    assert _judge(a, b, 0.9) == (_DUP, "erratum_of")  # the note names the article exactly
    assert _judge(a, b, 0.89) == (_UNSURE, "erratum_of")  # a title less alike: a person decides
    assert _judge(a, b, 0.8) == (_UNSURE, "erratum_of")
    assert _judge(a, b, 0.79) == (_DISTINCT, "erratum_of")
    contained = _key(notice.with_(title="Correction of " + TITLE + " (vol 9, pg 101, 2018)"))
    assert _judge(a, contained, 0.5) == (_DUP, "erratum_of")


def test_a_note_pointing_elsewhere_links_nothing():
    notice = ARTICLE.with_(title=TITLE + " (vol 9, pg 201, 2018)", issue="4", pages="377", record_id="w")
    assert not _linked(_key(ARTICLE), _key(notice))
    assert _judged(ARTICLE, notice) == (_UNSURE, "notice")
    # a linked notice with another title is not listed
    other = notice.with_(title="Iron supplements in pregnancy (vol 9, pg 101, 2018)")
    assert _judged(ARTICLE, other) == (_DISTINCT, "erratum_of")


def test_erratum_of_another_year_is_never_linked():
    notice = ARTICLE.with_(title=TITLE + " (vol 9, pg 101, 2018)", year=2021, pages="377")
    assert _judged(ARTICLE, notice) == (_DISTINCT, "year")


# -------------------------------------------------------------------------------------------
# fields shifted one column


def test_volume_issue_and_pages_shifted_one_column_still_merge():
    abstract = ARTICLE.with_(journal="Jurnal Kesehatan Reproduksi. Conference: 5th Congress", volume="9",
                             issue="2", pages="S45", record_id="a")
    shifted = abstract.with_(volume="", issue="9", pages="2", record_id="s")
    assert _judged(abstract, shifted) == (_DUP, "title")
    assert _judged(shifted, abstract) == (_DUP, "title")
    assert deduplicate([abstract, shifted]).records_out == 1
    # a record without a volume is not shifted unless its issue is the other's volume
    assert _judged(ARTICLE.with_(volume="", record_id="x"), ARTICLE) == (_DUP, "title")
    # an issue that is not the other's volume, or pages that are not its issue: no shift
    assert _judged(abstract.with_(pages="45-46"), shifted.with_(issue="8"))[0] != _DUP
    assert _judged(abstract.with_(pages="45-46"), shifted.with_(pages="3"))[0] != _DUP


# -------------------------------------------------------------------------------------------
# notices whose titles sort away from the article


def _fillers(n: int) -> list[Record]:
    words = ["anaemia", "birth", "caesarean", "doula", "eclampsia", "fundus", "gravida", "haemorrhage",
             "induction", "jaundice", "kangaroo", "labour", "mastitis", "neonate", "oedema"]
    return [Record(title=f"{words[k % 15]} {words[(k * 7) % 15]} outcomes in cohort {k} of a district register",
                   authors=(f"Author{k}, Q.",), year=2018, record_id=f"f{k}") for k in range(n)]


def test_a_notice_whose_title_sorts_far_from_the_article_is_still_compared():
    notice = ARTICLE.with_(title="Erratum: " + TITLE + " (Jurnal Kesehatan Reproduksi (Desember 2018",
                           issue="4", pages="377", record_id="n")
    result = deduplicate([ARTICLE, *_fillers(40), notice])
    assert ("a", "n") in _reasons(result)
    titles = [_key(r).title for r in (ARTICLE, notice)]
    keys = [_key(ARTICLE), _key(notice)]
    assert {tuple(p) for p in _notice_pairs(keys, titles, 2).tolist()} == {(1, 0)}
    assert _notice_pairs([_key(ARTICLE)], titles[:1], 2).shape == (0, 2)  # no notice, no pairs


def test_notice_pairs_meet_the_title_without_the_notice_words():
    fillers = _fillers(30)
    for prefix in ("Commentary on ", "Comments on the ", "Re: ", "Reply to ", "Retraction: "):
        notice = Record(title=prefix + TITLE)
        keys = [_key(r) for r in (*fillers, ARTICLE, notice)]
        titles = [k.title for k in keys]
        # window 1: only the records sorting right beside the title without its notice words
        assert (31, 30) in {tuple(p) for p in _notice_pairs(keys, titles, 1).tolist()}, prefix


def test_every_notice_is_paired_and_a_four_word_rest_is_enough():
    short_rest = "Iron stores at birth"  # four words once "Erratum:" is gone
    records = [Record(title="Erratum"), Record(title="Erratum: " + short_rest), Record(title=short_rest),
               *_fillers(20), Record(title="Erratum: " + TITLE), ARTICLE]
    keys = [_key(r) for r in records]
    titles = [k.title for k in keys]
    pairs = {tuple(p) for p in _notice_pairs(keys, titles, 1).tolist()}
    assert (1, 2) in pairs  # a rest of four words is paired
    assert (23, 24) in pairs  # a notice after one with nothing left is still paired
    assert not any(p[0] == 0 for p in pairs)


def test_notice_words_only_or_a_short_rest_gives_no_pairs():
    keys = [_key(Record(title="Erratum")), _key(Record(title="Correction to the editorial")),
            _key(Record(title=TITLE))]
    titles = [k.title for k in keys]
    assert _notice_pairs(keys, titles, 8).tolist() == []


# -------------------------------------------------------------------------------------------
# one title, two publications by different authors


def test_a_copy_by_one_of_two_authors_of_one_title_joins_that_author():
    one = Record(title=TITLE, authors=("Rahmawati, S.",), year=2018, pmid="111", record_id="one")
    two = Record(title=TITLE, authors=("Gunawan, B.",), year=2019, pmid="222", record_id="two")
    copy = Record(title=TITLE, authors=("Rahmawati, Siti",), year=2018, doi="10.1000/one", record_id="copy")
    result = deduplicate([one, two, copy])
    assert result.group[0] == result.group[2] != result.group[1]
    # a bare copy by the same author stays apart (it could be either), but is no rival publication
    # to the identified copies
    bare_by_one = Record(title=TITLE, authors=("Rahmawati, S.",), year=2018, record_id="bare")
    result = deduplicate([one, two, copy, bare_by_one])
    assert result.group[0] == result.group[2] != result.group[1]
    # a publication two years from both records of a pair is no rival, even when a bare record
    # between them puts it in their cluster
    # (one journal and volume, so that titles one year apart still match; slips keep the title from
    # recurring over three years)
    place = {"journal": "Jurnal Kesehatan Reproduksi", "volume": "9"}
    older = two.with_(title=TITLE.replace("infant", "infnt"), authors=("Rahmawati, S.",), year=2016, **place)
    between = Record(title=TITLE, year=2017, record_id="between", **place)
    result = deduplicate([one.with_(**place), older, between,
                          copy.with_(title=TITLE.replace("hospital", "hospitl"), **place)])
    assert result.group[0] == result.group[3] != result.group[1]
    assert "ambiguous" in _reasons(result).values()  # the bare record between is left to a person
    # a copy without an author could be either: a person decides
    bare = Record(title=TITLE, year=2018, record_id="bare")
    result = deduplicate([one, two, bare])
    assert result.records_out == 3
    assert "ambiguous" in _reasons(result).values()
    # two copies by one author, while the other publication's author is also theirs: ambiguous
    same_author = two.with_(authors=("Rahmawati, S.",), record_id="two")
    result = deduplicate([one, same_author, copy])
    assert result.records_out == 3
    assert "ambiguous" in _reasons(result).values()
    # ... unless the other publication is years away
    far = same_author.with_(year=2015, record_id="two")
    result = deduplicate([one, far, copy])
    assert result.group[0] == result.group[2] != result.group[1]


# -------------------------------------------------------------------------------------------
# slips in function words


def test_a_changed_letter_in_a_function_word_is_a_slip():
    assert _misspelt("uf", "of") and _misspelt("ajd", "and") and _misspelt("mith", "with")
    assert not _misspelt("in", "on")  # two function words: another meaning
    assert not _misspelt("rats", "cats")  # two content words
    assert _misspelt("of", "off")  # an added letter was always a slip
    assert not _misspelt("and", "bus")  # more than one letter
    # letters typed twice do not count in long words; two changed letters do
    assert _misspelt("ssympptoms", "symptoms") and _misspelt("conttrolle", "controlled")
    assert not _misspelt("pantoprazole", "lansoprazole") and not _misspelt("pantopprazole", "lansoprazole")
    a = "effects uf morphine and piritramide after caesarean section"
    assert not _words_differ(a, a.replace(" uf ", " of "))
    assert _words_differ("morphine in rats after surgery", "morphine in cats after surgery")
    one = Record(title="Emetic effects of morphine and piritramide after caesarean section",
                 authors=("Breitfeld, C.",), year=1999, record_id="a")
    assert deduplicate([one, one.with_(title="Emetic effects uf morphine and piritramide after caesarean "
                                             "section", record_id="b")]).records_out == 1


# -------------------------------------------------------------------------------------------
# companions: one long title, author and journal, on other pages


def test_companion_needs_the_same_author_journal_and_volume_or_year():
    abstract = ARTICLE.with_(issue="Suppl 1", pages="S12", record_id="b")
    assert _judged(ARTICLE, abstract) == (_UNSURE, "companion")
    assert _judged(ARTICLE, abstract.with_(authors=("Gunawan, B.",)))[1] != "companion"
    # one abstract in two congresses' supplements of one year
    assert _judged(ARTICLE, abstract.with_(journal="Midwifery")) == (_UNSURE, "companion")
    assert _judged(abstract.with_(journal="Midwifery"), ARTICLE) == (_UNSURE, "companion")  # either side
    assert _judged(ARTICLE, abstract.with_(journal="Midwifery", issue="3")) == (_UNSURE, "different_pages")
    assert _judged(ARTICLE, abstract.with_(journal="Midwifery", year=2019)) == (_UNSURE, "different_pages")
    assert _judged(ARTICLE, abstract.with_(volume="10", year=2019))[1] != "companion"
    assert _judged(ARTICLE, abstract.with_(volume="10")) == (_UNSURE, "companion")  # same year
    assert _judged(ARTICLE, abstract.with_(year=2019)) == (_UNSURE, "companion")  # same volume
    short = ARTICLE.with_(title="Cord clamping")
    assert _judged(short, short.with_(pages="S12"))[1] != "companion"
    assert _judged(ARTICLE, abstract.with_(title=TITLE.replace("six", "nine")))[1] != "companion"


def test_companions_are_never_merged_and_rank_above_other_page_conflicts():
    abstract = ARTICLE.with_(issue="Suppl 1", pages="S12", record_id="b")
    other_journal = ARTICLE.with_(journal="Midwifery", pages="5-9", volume="30", year=2019, record_id="c")
    result = deduplicate([ARTICLE, abstract, other_journal])
    assert result.records_out == 3
    assert result.uncertain[0].reason == "companion"
    assert np.all(np.diff([u.likelihood for u in result.uncertain]) <= 0)


# -------------------------------------------------------------------------------------------
# errata merged into the article their note names exactly (one study, Cochrane Handbook ch. 4)


WOS_NOTICE = ARTICLE.with_(title=TITLE + " (vol 9, pg 101, 2018)", issue="4", pages="377", record_id="w")
EMBASE_NOTICE = ARTICLE.with_(title=TITLE + " (Jurnal Kesehatan Reproduksi (2018) 9:2 (101-109))", issue="4",
                              pages="377", authors=("Rahmawati, Siti",), record_id="m")


def test_an_erratum_whose_note_names_the_article_exactly_is_merged_into_it():
    for notice in (WOS_NOTICE, EMBASE_NOTICE):
        result = deduplicate([notice, ARTICLE])
        assert result.records_out == 1 and result.uncertain == (), notice.record_id
        # the article is kept even though the notice comes first; the reason is shown with the merge
        assert result.primary == (1, 1) and result.duplicate_of == ("a", "")
        assert result.merge_reason == ("erratum_of", "")
        assert result.summary()["duplicates_removed"] == 1


def test_the_merged_erratum_is_a_duplicate_removed_in_the_prisma_counts():
    from laktasi.review.prisma import compute_counts, review_records

    records = [r.with_(source_database=db) for r, db in ((ARTICLE, "MEDLINE"), (WOS_NOTICE, "Web of Science"),
                                                          (EMBASE_NOTICE, "Embase"))]
    result = deduplicate(records)
    counts, _ = compute_counts(review_records(records, result.duplicate_of), [])
    assert counts.database_results == 3 and counts.duplicates == 2 and counts.records_screened == 1


def test_a_loose_note_is_listed_never_merged():
    # the page falls inside the article's range, not on its first page
    inside = WOS_NOTICE.with_(title=TITLE + " (vol 9, pg 103, 2018)")
    # no year, another volume, an Embase note naming another journal
    no_year = WOS_NOTICE.with_(title="Erratum: " + TITLE + " (vol 9, pg 101)")
    other_volume = WOS_NOTICE.with_(title=TITLE + " (vol 8, pg 101, 2018)")
    other_journal = EMBASE_NOTICE.with_(title=TITLE + " (Jurnal Ners (2018) 9:2 (101-109))")
    for notice in (inside, no_year, other_volume, other_journal):
        result = deduplicate([ARTICLE, notice])
        assert result.records_out == 2 and result.merge_reason == ("", ""), notice.title
        assert len(result.uncertain) == 1, notice.title  # a person decides
    # an erratum known only by its "Erratum:" title in the article's journal and year: listed
    result = deduplicate([ARTICLE, ARTICLE.with_(title="Erratum: " + TITLE, issue="4", pages="377", record_id="e")])
    assert result.records_out == 2 and _reasons(result) == {("a", "e"): "erratum_of"}


def test_a_notice_in_another_journal_or_by_another_author_is_listed():
    for notice in (WOS_NOTICE.with_(journal="Midwifery"), WOS_NOTICE.with_(authors=("Gunawan, B.",)),
                   WOS_NOTICE.with_(year=2017)):
        result = deduplicate([ARTICLE, notice])
        assert result.records_out == 2, notice
        assert [u.reason for u in result.uncertain] in (["erratum_of"], ["notice"]), notice


def test_an_erratum_of_article_a_is_never_merged_into_article_b_of_the_volume():
    # B starts on the page after A ends, same journal, volume, issue and first author
    title_b = "Delayed cord clamping and infant iron stores at twelve months in a district hospital"
    b = ARTICLE.with_(title=title_b, pages="110-118", record_id="b")
    result = deduplicate([ARTICLE, b, WOS_NOTICE])
    assert result.duplicate_of == ("", "", "a") and result.merge_reason == ("", "", "erratum_of")
    # without A in the set, the notice of A merges into nothing
    result = deduplicate([b, WOS_NOTICE])
    assert result.records_out == 2 and result.merge_reason == ("", "")
    # B's own notice names page 110: merged into B, never into A
    notice_b = WOS_NOTICE.with_(title=title_b + " (vol 9, pg 110, 2018)", pages="378", record_id="nb")
    result = deduplicate([ARTICLE, b, WOS_NOTICE, notice_b])
    assert result.duplicate_of == ("", "", "a", "b")
    # even when B's title is A's with one word changed, a note naming A's first page merges into A only
    twin = b.with_(title=TITLE.replace("six", "nine"))
    result = deduplicate([twin, ARTICLE, WOS_NOTICE])
    assert result.duplicate_of == ("", "", "a")


def test_two_articles_at_the_named_place_leave_the_notice_to_a_person():
    # two records printed at 2018, 9, 101 with one title but two DOIs: two publications
    first = ARTICLE.with_(doi="10.1000/jkr.1", record_id="a")
    second = ARTICLE.with_(doi="10.1000/jkr.2", issue="3", record_id="b")
    result = deduplicate([first, second, WOS_NOTICE])
    assert result.records_out == 3
    assert {("a", "w"), ("b", "w")} <= set(_reasons(result))


def test_a_copy_of_the_notice_without_a_readable_note_keeps_the_group_apart():
    # the Embase copy's note is cut short in the export: only its "Erratum:" title is left, so the
    # pair of notices is listed with the article, not merged into it
    cut = WOS_NOTICE.with_(title="Erratum: " + TITLE + " (Jurnal Kesehatan Reproduksi (Desember", record_id="c")
    result = deduplicate([ARTICLE, WOS_NOTICE, cut])
    assert result.group[1] == result.group[2] != result.group[0]
    assert result.merge_reason[0] == "" and "erratum_of" not in result.merge_reason
    assert "erratum_of" in _reasons(result).values()


def test_a_reviewers_keep_apart_verdict_holds_against_the_note():
    from laktasi.review.dedup_result import Verdict

    result = deduplicate([ARTICLE, WOS_NOTICE], verdicts=[Verdict("a", "w", merge=False)])
    assert result.records_out == 2 and result.uncertain == ()


def test_an_erratum_of_an_article_from_the_previous_search_is_counted_against_it():
    result = deduplicate([WOS_NOTICE], previous=[ARTICLE])
    assert result.duplicate_of == ("", "a") and result.merge_reason == ("", "erratum_of")
    counts = result.update_counts()
    assert counts.duplicates_of_previous == 1 and counts.records_after_dedup == 0


def test_an_erratum_years_before_or_after_is_not_merged():
    # one year later is fine (a notice in the next volume); a notice dated before its article is not
    later = WOS_NOTICE.with_(year=2019, volume="10", pages="5")
    assert deduplicate([ARTICLE, later]).records_out == 1
    earlier = ARTICLE.with_(title=TITLE + " (vol 9, pg 101, 2018)", year=2017, volume="8", pages="5", record_id="w")
    assert deduplicate([ARTICLE, earlier]).records_out == 2
