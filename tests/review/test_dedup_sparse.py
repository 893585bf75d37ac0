"""Sparse records (no journal, volume or pages): the authors and the year vouch for a title with slips.

A record from Google Scholar, a screening tool's CSV or a hand-typed list often has a title, its
authors and a year and nothing printed. Two such copies whose titles differ only by slips ("treatzent",
"heartt") are merged when the first author and the year agree (and, for a short title that one author
may reuse for a column, the same team of two or more authors); a word added or dropped, another year,
another team or anything printed that disagrees keeps them apart. Hand-made records, no benchdata.
"""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from laktasi.review.dedup import _DISTINCT, _DUP, _UNSURE, _judge, deduplicate
from laktasi.review.dedup_keys import _key, _only_slips, _same_team
from laktasi.review.records import Record

LONG = Record(title="Oxytocin massage and breast milk volume in postpartum mothers at home",
              authors=("Lestari, Dewi", "Hapsari, Rina"), year=2021, record_id="a")
# three slips, one per word: below the title-only threshold (0.97), above 0.9
LONG_SLIPS = LONG.with_(title="Oxytocin massaje and breast milk volume in postpartun mothars at home", record_id="b")
SHORT = Record(title="Breast engorgement.", authors=("Lestari, Dewi", "Hapsari, Rina"), year=2021, record_id="s")
SHORT_SLIP = SHORT.with_(title="Breast engorgemant", record_id="t")


def _judged(a: Record, b: Record) -> tuple[int, str]:
    ka, kb = _key(a), _key(b)
    return _judge(ka, kb, fuzz.ratio(ka.title, kb.title) / 100)


def test_the_fixture_titles_sit_between_the_thresholds():
    ka, kb = _key(LONG), _key(LONG_SLIPS)
    assert 0.9 <= fuzz.ratio(ka.title, kb.title) / 100 < 0.97
    ks, kt = _key(SHORT), _key(SHORT_SLIP)
    assert 0.9 <= fuzz.ratio(ks.title, kt.title) / 100 < 0.97


def test_long_title_with_slips_same_first_author_and_year_is_merged():
    assert _judged(LONG, LONG_SLIPS) == (_DUP, "authors_and_year")
    # one author is enough for a long title
    single = (LONG.with_(authors=("Lestari, Dewi",)), LONG_SLIPS.with_(authors=("Dewi Lestari",)))
    assert _judged(*single) == (_DUP, "authors_and_year")
    result = deduplicate([LONG, LONG_SLIPS])
    assert result.records_out == 1 and not result.uncertain
    assert result.merge_reason == ("", "authors_and_year")  # the --all CSV says on what evidence


@pytest.mark.parametrize(("change", "expected"), [
    ({"year": 2022}, _DISTINCT),  # a year apart, and the title not near enough to list
    ({"year": None}, _UNSURE),  # no year to vouch
    ({"authors": ()}, _UNSURE),  # no authors to vouch
    ({"authors": ("Wulandari, Sri", "Hapsari, Rina")}, _DISTINCT),  # another first author
])
def test_long_title_with_slips_needs_the_same_first_author_and_year(change, expected):
    verdict, _ = _judged(LONG, LONG_SLIPS.with_(**change))
    assert verdict == expected


@pytest.mark.parametrize("printed", [
    {"journal": "Jurnal Kebidanan", "other_journal": "Midwifery"},  # printed in two journals
    {"volume": "12", "other_volume": "13"},
    {"pages": "101-108", "other_pages": "140-141"},
])
def test_anything_printed_that_disagrees_blocks_the_vouch(printed):
    a = LONG.with_(journal=printed.get("journal", ""), volume=printed.get("volume", ""),
                   pages=printed.get("pages", ""))
    b = LONG_SLIPS.with_(journal=printed.get("other_journal", ""), volume=printed.get("other_volume", ""),
                         pages=printed.get("other_pages", ""))
    verdict, _ = _judged(a, b)
    assert verdict != _DUP


def test_a_journal_on_one_record_only_is_no_disagreement():
    # one export has the journal, the other (Google Scholar, a hand-typed list) has none
    assert _judged(LONG.with_(journal="Jurnal Kebidanan"), LONG_SLIPS) == (_DUP, "authors_and_year")
    assert _judged(LONG, LONG_SLIPS.with_(journal="Jurnal Kebidanan")) == (_DUP, "authors_and_year")
    assert _judged(LONG.with_(volume="12"), LONG_SLIPS) == (_DUP, "authors_and_year")
    assert _judged(LONG, LONG_SLIPS.with_(volume="12")) == (_DUP, "authors_and_year")


def test_a_word_added_is_no_slip_even_for_the_same_team_and_year():
    # a conference abstract beside the article (Rathbone respiratory: "'blind' Abram's … in cytology
    # negative …"): the same team, year and journal-less record, one word more and one misspelt
    article = Record(title="Prospective randomised trial of Abram's pleural biopsies vresus CT guided cutting "
                           "needle biopsies in undiagnosed pleural effusions",
                     authors=("Maskell, N. A.", "Gleeson, F. V."), year=2002, record_id="x")
    abstract = article.with_(title="Prospective randomised trial of blind Abram's pleural biopsies versus CT guided "
                                   "cutting needle biopsies in undiagnosed pleural effusions", record_id="y")
    assert _judged(article, abstract)[0] != _DUP


def test_short_title_needs_the_same_team_of_two_or_more():
    assert _judged(SHORT, SHORT_SLIP) == (_DUP, "authors_and_year")
    one_author = (SHORT.with_(authors=("Lestari, Dewi",)), SHORT_SLIP.with_(authors=("Lestari, Dewi",)))
    assert _judged(*one_author)[0] != _DUP  # one author may write a column under one short title
    other_team = SHORT_SLIP.with_(authors=("Lestari, Dewi", "Wulandari, Sri"))
    assert _judged(SHORT, other_team)[0] != _DUP
    assert _judged(SHORT, SHORT_SLIP.with_(year=2020))[0] != _DUP


def test_identical_short_title_of_one_author_in_one_year_is_listed_not_merged():
    column = Record(title="Quiz of the month.", authors=("Norris, S H",), year=1995, record_id="q1")
    result = deduplicate([column, column.with_(title="quiz of the month", record_id="q2")])
    assert result.records_out == 2
    assert [u.reason for u in result.uncertain] == ["short_title"]


def test_a_generic_title_is_never_vouched_for():
    editorial = Record(title="Editorial", authors=("Lestari, Dewi", "Hapsari, Rina"), year=2021, record_id="e1")
    assert _judged(editorial, editorial.with_(title="Editorail", record_id="e2"))[0] != _DUP


def test_only_slips():
    assert _only_slips("drug treatment in heart failure", "drug treatzent in heartt failure")
    assert _only_slips("renin status", "reni nstatus")  # a space moved one letter
    assert _only_slips("pre diabetic adults", "prediabetic adults")
    # a one-letter word dropped is a slip, on either side ("a", "x" of "5 x 2")
    assert _only_slips("effects of a new drug in rats", "effects of new drug in rats")
    assert _only_slips("effects of new drug in rats", "effects of a new drug in rats")
    assert not _only_slips("effects in rats", "effects in cats")  # another word, not a slip
    assert not _only_slips("biopsies in effusions", "biopsies in negative effusions")  # a word added
    assert not _only_slips("biopsies in negative effusions", "biopsies in effusions")  # a word dropped
    assert not _only_slips("pantoprazole versus omeprazole", "lansoprazole versus omeprazole")
    # a word changed where the other title repeats one: every word of the first is in the second,
    # not every word of the second in the first
    assert not _only_slips("dose and dose response", "dose and dosing response")
    assert not _only_slips("dose and dosing response", "dose and dose response")


def test_same_team():
    def team(*authors: str):
        return _key(Record(title="x", authors=authors))

    assert _same_team(team("Lestari, D", "Hapsari, R"), team("D Lestari", "R Hapsari", "S Wulandari"))
    assert not _same_team(team("Lestari, D", "Hapsari, R"), team("Hapsari, R", "Lestari, D"))  # order
    assert not _same_team(team("Lestari, D"), team("Lestari, D"))  # one author is no team
    assert not _same_team(team("Lestari, D", "Hapsari, R"), team("Lestari, D", "Wulandari, S"))
    assert not _same_team(team("Lestari, D", "Hapsari, R"), team())


@pytest.mark.parametrize("nobody", ["Anonymous", "[Anonymous]", "Anonymous,", "No authors listed", "ANON"])
def test_anonymous_is_no_author(nobody):
    assert _key(Record(title="x", authors=(nobody,))).author == frozenset()
    # two news items "by" Anonymous in one year vouch for nothing
    a, b = LONG.with_(authors=(nobody,)), LONG_SLIPS.with_(authors=(nobody,))
    assert _judged(a, b)[0] != _DUP
    assert _key(Record(title="x", authors=("Anonymous, Maria",))).author == frozenset({"anonymous", "maria"})


def test_short_title_without_authors_and_the_same_abstract_is_merged():
    # ASySD Diabetes: "ESICON 2017 Abstracts" by "Anonymous" from two databases, one abstract
    abstract = "Oxytocin massage was given by midwives on home visits to mothers in the first week. " * 5
    book = Record(title="ESICON 2017 Abstracts", authors=("Anonymous",), year=2017, abstract=abstract,
                  journal="Indian Journal of Endocrinology and Metabolism", volume="21", issue="8 Supplement 1")
    copy = book.with_(title="ESICON 2017 abstracts.", journal="")
    assert _judged(book, copy)[0] == _DUP
    assert _judged(book, copy.with_(abstract=""))[0] == _UNSURE  # without the abstract, a person decides
