"""Find duplicate bibliographic records — one code path for the CLI, the web app and the benchmark.

How it works (why each step is there):

1. **Normalised keys.** DOIs lose resolver prefixes (``https://doi.org/``, ``http://dx.doi.org/``,
   ``doi:``) and URL escapes; titles are case-, accent- and punctuation-folded and lose database
   notes (``[Chinese]``, ``[Review] [16 refs]``, ``.[Erratum appears in …]``); the first author is
   reduced to name words; pages to first and last page; journals are compared as ISO 4
   abbreviations. Exports from different databases differ mostly in these surface forms.
2. **Blocking.** Comparing every pair is quadratic, so candidate pairs come from records that share
   a DOI, PMID, title or year/volume/first page, and from *sorted neighbourhoods* (Hernández &
   Stolfo 1995) of three title keys — the title, the reversed title and the title's sorted words —
   so one typo anywhere in a title still leaves the pair adjacent under at least one key. Title
   similarity for all candidate pairs is computed in C by :func:`rapidfuzz.process.cpdist`
   (:mod:`laktasi.review.dedup_candidates`).
3. **A cautious pair rule** (:func:`_judge`). A pair is a duplicate only when the evidence agrees:
   same DOI/PMID with a similar title; the same first author, year, journal, volume and first page;
   the same printed pages (a range of 2–60 pages) in one volume, which hold one article whatever
   language its title is in; or a (near-)identical title with no conflict in year, first author,
   pages, volume, DOI/PMID, erratum/comment/reply markers, numbers in the title ("Part 1"/"Part 2",
   "Sixteenth"/"Thirteenth") or a word that is no misspelling ("Pantoprazole"/"Lansoprazole")
   unless other fields back it (a changed letter in a function word, "uf"/"of", is a slip). A sparse
   record (no journal, volume or pages) offers its authors and year instead: titles that differ only
   by slips, with the same first author and year (for a short title, the same team of two or more
   authors) and nothing printed that disagrees, are one article. Pairs
   that look alike but carry a conflict — including an erratum, comment or reply with the article's
   title, a conference abstract and the article, different pages — are *uncertain* and listed for a
   human; they are never merged. One exception: a correction notice that a database note ties to
   the article exactly (MEDLINE "[Erratum appears in …;9(9):2205]", WoS "(vol 9, pg 101, 2018)",
   Embase "(Journal (2018) 9 (101-109))": year, volume and first page, in the article's journal)
   is a report of the same study and is merged into it, last and with the reason ``erratum_of``
   (see :mod:`laktasi.review.dedup_errata`). Two kinds are listed first, because they are mostly one
   study: an erratum linked less exactly (``erratum_of``), and the same long title, first author
   and journal on other pages (``companion``: a conference abstract, an unmarked erratum, a reprint
   — or a series part whose number was dropped; never merged). Notices are also
   compared with the records their titles sort beside once "Erratum:", "Comment on" … are removed;
   volume, issue and pages exported one column to the right are read back.
4. **Groups with cannot-link constraints.** Duplicate pairs are joined with union–find, strongest
   first; a join that would put two different DOIs or PMIDs, years more than one apart, or (for
   title-only evidence) incompatible first authors into one group is refused and reported as
   uncertain. When one title belongs to two identified publications, records matching it by title
   alone are left for a human, unless their first authors (or years) rule the other publication out. Each group's primary is its most complete record (earliest in input
   order on ties). Nothing is deleted: every record keeps its place and says which record it
   duplicates, so each PRISMA count can be rebuilt.

References: Hernández MA, Stolfo SJ. The merge/purge problem for large databases. SIGMOD 1995;
Rathbone J et al. Better duplicate detection for systematic reviewers. Syst Rev 2015;4:6;
Hair K et al. Automated deduplication of citation data (ASySD). BMC Biol 2023;21:189.

>>> from laktasi.review.records import Record
>>> a = Record(title="Oxytocin massage and breast milk production", year=2021,
...            authors=("Triansyah, A.",), doi="10.1000/xyz", record_id="a")
>>> b = a.with_(title="Oxytocin Massage and Breast-Milk Production.", doi="https://doi.org/10.1000/XYZ",
...             record_id="b")
>>> result = deduplicate([a, b])
>>> result.records_out, result.duplicate_of
(1, ('', 'a'))
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import replace

from laktasi.review.dedup_candidates import _candidates, _worth_judging
from laktasi.review.dedup_errata import erratum_side, join_errata
from laktasi.review.dedup_keys import (
    _NO_NOTES,
    _abstracts_agree,
    _authors_compatible,
    _contained,
    _journals_compatible,
    _Key,
    _key,
    _only_slips,
    _pages_compatible,
    _same_team,
    _shared_words,
    _words_differ,
    normalise_doi,
    normalise_title,
)
from laktasi.review.dedup_rank import rank_uncertain
from laktasi.review.dedup_result import (
    REASONS,
    DedupResult,
    UncertainCluster,
    UncertainPair,
    UpdateCounts,
    Verdict,
)
from laktasi.review.records import Record

__all__ = [
    "REASONS",
    "DedupResult",
    "UncertainCluster",
    "UncertainPair",
    "UpdateCounts",
    "Verdict",
    "deduplicate",
    "normalise_doi",
    "normalise_title",
]

_DUP, _UNSURE, _DISTINCT = 2, 1, 0


# --------------------------------------------------------------------------------------------
# the pair rule

# markers that may name the same printed piece ("… (treatment protocol of Essen University)")
_SAME_PIECE_MARKERS = frozenset(("protocol", "summary"))
# longer "ranges" are often a whole supplement or abstract book, shared by many records
_MAX_ARTICLE_PAGES = 60
_MAX_ISSUE = 60  # weekly journals reach 52 issues a volume


def _judge(a: _Key, b: _Key, sim: float, recurring: bool = False) -> tuple[int, str]:
    """Decide one candidate pair: (_DUP | _UNSURE | _DISTINCT, reason code).

    ``recurring``: the title recurs in this set across issues or years ("Editor's Comments"), so it
    tells the pieces apart no better than a generic title ("Editorial").
    """
    if a.identity == b.identity and a.title and a.title == b.title and (
            a.author or a.year is not None or a.journal or a.doi or a.pmid or a.abstract):
        # one record exported twice (an update search, a file uploaded again): every field agrees,
        # however short or sparse, so nothing could tell two pieces apart
        return _DUP, "identical"
    if a.cochrane and a.cochrane == b.cochrane and a.year != b.year and sim >= 0.9:
        # two versions of one Cochrane review (its number stays, the year and the DOI's ".pub2" change):
        # another publication, but a reviewer decides whether both belong in the review
        return _UNSURE, "review_version"
    if a.year is not None and b.year is not None and abs(a.year - b.year) > 1:
        return _DISTINCT, "year"
    if (a.notes is not _NO_NOTES or b.notes is not _NO_NOTES) and _linked(a, b):
        # a database note says one is the correction notice of the other: another report of the
        # same study, merged when the note names the article exactly (see dedup_errata), otherwise
        # listed first for a person
        listed = a.title and b.title and (sim >= 0.8 or _contained(a.title, b.title))
        if listed and (sim >= 0.9 or _contained(a.title, b.title)) and erratum_side(a, b) is not None:
            return _DUP, "erratum_of"
        return (_UNSURE if listed else _DISTINCT), "erratum_of"
    if not a.volume and b.volume and a.issue_no == b.volume and a.page == b.issue_no and a.page:
        a = _unshifted(a)  # volume, issue and pages one column to the right in one export
    elif not b.volume and a.volume and b.issue_no == a.volume and b.page == a.issue_no and b.page:
        b = _unshifted(b)
    generic = recurring or a.generic or b.generic
    if (a.markers ^ b.markers) - _SAME_PIECE_MARKERS:
        # an erratum, comment, reply or retraction is another publication than the article it
        # names: never merged, but shown to a human when the titles are (nearly) the same
        listed = a.title and b.title and (sim >= 0.9 or _contained(a.title, b.title))
        if listed and a.markers ^ b.markers == {"erratum"} and _journals_compatible(a.journal, b.journal) and (
                a.year is not None and a.year == b.year or a.volume and a.volume == b.volume) and not (
                a.notes.corrects or b.notes.corrects):
            # "Erratum: <the article's title>" in the article's journal and year or volume (and no
            # note naming another place as the article corrected)
            return _UNSURE, "erratum_of"
        return (_UNSURE if listed else _DISTINCT), "notice"
    both_titles = bool(a.title and b.title)
    issue_differs = bool(a.issue_no and b.issue_no and a.issue_no != b.issue_no)
    volume_same = bool(a.volume) and a.volume == b.volume
    if a.doi and b.doi and a.doi == b.doi or a.pmid and b.pmid and a.pmid == b.pmid:
        if not both_titles or sim >= 0.9:
            return _DUP, "same_id"
        if _contained(a.title, b.title) or _leads(a.title, b.title) and volume_same:
            # one database drops the subtitle (or adds the translated title) of the same DOI/PMID
            return _DUP, "same_id"
        if sim >= 0.6:
            return _UNSURE, "same_id_different_title"
        return _DISTINCT, "same_id_different_title"
    if not both_titles:
        return _DISTINCT, "no_title"
    authors = _authors_compatible(a.author, b.author)
    near = sim >= 0.97
    if a.doi and b.doi:
        # a generic title under two DOIs is two pieces ("Editorial"): never worth a person's time
        return (_UNSURE if near and authors is not False and not generic else _DISTINCT), "different_doi"
    if a.pmid and b.pmid:
        return (_UNSURE if near and not generic else _DISTINCT), "different_pmid"
    pages = _pages_compatible(a, b)
    page_same = pages is True
    if issue_differs and volume_same and not (near and not generic and not _short(a, b)):
        # two issues of one volume hold different pieces, even on the same first page (journals
        # that number each issue from 1) and by the same author: the bibliographic rules below,
        # which accept weakly similar titles, must not apply; only a (near-)identical long title
        # goes on to the title rules (an issue field can be wrong in one database)
        return _DISTINCT, "different_issue"
    author_same = authors is True
    journal_same = _journals_compatible(a.journal, b.journal)
    year_same = a.year is not None and a.year == b.year
    full_range = bool(a.page_end and a.page_end != a.page and a.page == b.page and a.page_end == b.page_end)
    if author_same and year_same and journal_same and page_same and volume_same and (
            sim >= 0.75 or _contained(a.title, b.title) or full_range and sim >= 0.5):
        # same first author, year, journal, volume and first page: the same article even when one
        # database adds a section heading or translates the title differently
        return _DUP, "bibliographic"
    if full_range and volume_same and 0 < int(a.page_end) - int(a.page) <= _MAX_ARTICLE_PAGES and (
            author_same and journal_same and (sim >= 0.5 or _shared_words(a.title, b.title) >= 2)
            or author_same and (sim >= 0.75 or _contained(a.title, b.title))
            or authors is None and journal_same and sim >= 0.6):
        # the same printed pages of one volume (a range of several pages, not one page or a whole
        # supplement) hold one article: a translated title ("Comparison of amoxicillin and
        # cefamandole…" / "Antibiotic prophylaxis… amoxicillin versus cefamandole"), a journal name
        # given in another language, a missing author or online/print years one apart do not
        # make it two
        return _DUP, "bibliographic"
    if a.markers != b.markers:
        # "protocol"/"summary" in one title only: the same piece only on the same printed pages
        return (_UNSURE if sim >= 0.9 else _DISTINCT), "notice"
    if generic or _short(a, b):
        if pages is False or issue_differs or a.volume and b.volume and not volume_same or (
                a.year is not None and b.year is not None and not year_same) or authors is False or (
                a.journal and b.journal and not journal_same):
            # a short or generic title with any conflicting detail is another piece: listing it
            # would only cost a reviewer time (hundreds of "Editorial" pairs)
            return _DISTINCT, "short_title"
    if sim < 0.8:
        if _contained(a.title, b.title) and not (a.numbers ^ b.numbers) and authors is not False:
            return _subtitle(a, b, author_same, year_same, journal_same, pages, volume_same)
        return _DISTINCT, "title"
    if near and year_same and journal_same and page_same and volume_same and not generic:
        # an identical title at the same journal, year, volume and page is one article even when
        # the first author is spelled beyond recognition ("Xi, L F" / "Long, F X")
        return _DUP, "bibliographic"
    if a.numbers - b.numbers and b.numbers - a.numbers:
        return (_UNSURE if sim >= 0.9 else _DISTINCT), "different_numbers"
    if a.title != b.title and _words_differ(a.title, b.title) and sum((
            year_same, journal_same, page_same, volume_same)) < 2 and not _abstracts_agree(a, b):
        # a different word, not a misspelling ("Pantoprazole versus omeprazole" / "Lansoprazole
        # versus omeprazole"): the title alone cannot tell these apart
        return (_UNSURE if sim >= 0.9 else _DISTINCT), "different_words"
    if authors is False:
        return (_UNSURE if near else _DISTINCT), "different_author"
    if pages is False and near and author_same and journal_same and not _short(a, b) and (
            year_same and volume_same and _ranges_overlap(a, b) or _ahead_of_print(a, b)):
        # one article whose pages differ by a typo (676-682 / 678-684: two articles of a volume
        # cannot share pages), or its online-first version (no volume, pages from 1) and its print
        return _DUP, "bibliographic"
    if pages is False and near and author_same and not generic and not _short(a, b) and (
            journal_same and (volume_same or year_same) or year_same and ("sup" in a.issue or "sup" in b.issue)):
        # one long title, one first author, one journal (and volume or year) on other pages: the
        # conference abstract, an unmarked correction notice or a reprint of the same study — or a
        # "part 2" whose subtitle was dropped; also one abstract printed in two congresses'
        # supplements in one year. A person decides, first among the page conflicts
        return _UNSURE, "companion"
    if pages is False:
        return (_UNSURE if sim >= 0.95 else _DISTINCT), "different_pages"
    if a.volume and b.volume and not volume_same and not (page_same and journal_same):
        return (_UNSURE if near else _DISTINCT), "different_volume"
    if a.year is not None and b.year is not None and not year_same and not (page_same or (
            journal_same and volume_same)):
        return (_UNSURE if near else _DISTINCT), "different_year"
    short = _short(a, b) or a.generic or b.generic
    issue_same = bool(a.issue) and a.issue == b.issue
    # a sparse record (no journal, volume or pages) has its authors and year to offer: titles that
    # differ only by slips, nothing printed that disagrees, the same year and the same first author
    # (for a short title, which one author may reuse for a column, the same team of two or more)
    vouchable = sim >= 0.9 and year_same and author_same and not (a.journal and b.journal and not journal_same) and not (
        a.volume and b.volume and not volume_same)
    if short and not (author_same and year_same and journal_same and volume_same and (
            page_same or issue_same and pages is None)) and not (near and _abstracts_agree(a, b)) and not (
            vouchable and not generic and _same_team(a, b) and _only_slips(a.title, b.title)):
        # a short generic title ("Editorial", "Hypertension") says little: it needs the full
        # bibliographic details, or the same abstract (no author disagrees: that was settled above)
        return (_UNSURE if near else _DISTINCT), "short_title"
    if near:
        return _DUP, "title"
    if _contained(a.title, b.title) and not (a.numbers ^ b.numbers):
        return _subtitle(a, b, author_same, year_same, journal_same, pages, volume_same)
    abstracts = _abstracts_agree(a, b)
    support = sum((author_same, year_same, journal_same, page_same, volume_same, abstracts))
    if sim >= 0.9 and (support >= 3 or author_same and abstracts) or sim >= 0.85 and support >= 5:
        return _DUP, "title_and_details"
    if vouchable and (not short or _same_team(a, b)) and _only_slips(a.title, b.title):
        return _DUP, "authors_and_year"
    if sim >= 0.9 or author_same and year_same and sim >= 0.85:
        return _UNSURE, "similar_title"
    return _DISTINCT, "title"


def _subtitle(a: _Key, b: _Key, author_same: bool, year_same: bool, journal_same: bool, pages: bool | None,
              volume_same: bool) -> tuple[int, str]:
    """One title found whole in the other: a subtitle one database dropped, or the original title
    printed beside its translation. The same piece when the first author and year agree and the
    journal (or proceedings) or the pages confirm it; a person decides when less agrees."""
    if pages is False or a.volume and b.volume and not volume_same:
        return _DISTINCT, "title"
    if author_same and year_same and (journal_same or pages is True):
        return _DUP, "subtitle"
    if author_same or year_same and (journal_same or pages is True):
        return _UNSURE, "subtitle"
    return _DISTINCT, "title"


def _leads(a: str, b: str) -> bool:
    """One title is the start of the other (a subtitle dropped: "Vaccines" / "Vaccines: a review")."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return bool(short) and f"{long_} ".startswith(f"{short} ")


def _short(a: _Key, b: _Key) -> bool:
    """A short generic title ("Editorial", "Hypertension") that says little on its own."""
    return min(a.words, b.words) < 4 or min(len(a.title), len(b.title)) < 25


def _linked(a: _Key, b: _Key) -> bool:
    """A database note links the two: one is printed where the other's erratum note points
    (MEDLINE "[Erratum appears in …;9(9):2205]"), or is the article a correction notice names
    (WoS "(vol 85, pg 553, 2010)", Embase "(Am J Hematol (2010) 85 (553-559))")."""
    pa, pb = a.place, b.place
    return bool(pa and (pa == b.notes.corrects or pa in b.notes.errata_at)
                or pb and (pb == a.notes.corrects or pb in a.notes.errata_at))


def _unshifted(k: _Key) -> _Key:
    """A key whose volume, issue and page fields were exported one column to the right (volume
    empty, the volume in the issue field, the issue in the pages: "", "26", "9" for 26(9):1746)."""
    return replace(k, volume=k.issue_no, issue=k.page, issue_no=k.page, page="", page_end="",
                   page_starts=frozenset())


def _ranges_overlap(a: _Key, b: _Key) -> bool:
    """Two page ranges of several pages each that share more than one page (consecutive articles
    can share the page where one ends and the next begins)."""
    if not (a.page and a.page_end and b.page and b.page_end):
        return False
    a0, a1, b0, b1 = int(a.page), int(a.page_end), int(b.page), int(b.page_end)
    return a1 > a0 and b1 > b0 and a0 < b1 and b0 < a1  # more than a shared first/last page


def _ahead_of_print(a: _Key, b: _Key) -> bool:
    """One record is the online-first version of the other: no volume and pages from 1."""
    return any(not x.volume and x.page == "1" and y.volume for x, y in ((a, b), (b, a)))


# --------------------------------------------------------------------------------------------
# grouping


class _Groups:
    """Union–find whose groups remember DOIs, PMIDs, years, first authors, previous-search records and
    the reviewer's keep-apart verdicts, so that conflicting joins are refused (cannot-link constraints)."""

    def __init__(self, keys: Sequence[_Key], previous: int = 0) -> None:
        self.parent = list(range(len(keys)))
        self.dois: list[set[str]] = [{k.doi} if k.doi else set() for k in keys]
        self.pmids: list[set[str]] = [{k.pmid} if k.pmid else set() for k in keys]
        self.years: list[set[int]] = [{k.year} if k.year is not None else set() for k in keys]
        self.authors: list[list[frozenset[str]]] = [[k.author] if k.author else [] for k in keys]
        self.places: list[set[str]] = [_printed_places(k) for k in keys]
        self.previous = [i < previous for i in range(len(keys))]
        self.apart: dict[int, set[int]] = {}  # root -> records its group must never hold
        self.reason: dict[int, str] = {}  # record -> reason of the first join that took it in

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def keep_apart(self, i: int, j: int) -> None:
        self.apart.setdefault(self.find(i), set()).add(j)
        self.apart.setdefault(self.find(j), set()).add(i)

    def held_apart(self, ri: int, rj: int) -> bool:
        """Whether a reviewer's verdict or the previous search keeps the groups of roots ri, rj apart."""
        if self.previous[ri] and self.previous[rj]:
            return True  # records of the earlier search were deduplicated then; never merged now
        return any(self.find(x) == rj for x in self.apart.get(ri, ())) or any(
            self.find(x) == ri for x in self.apart.get(rj, ()))

    def join(self, i: int, j: int, by_title: bool = False, forced: bool = False, reason: str = "") -> bool:
        """Join the groups of ``i`` and ``j`` unless that would put conflicting records together.

        ``by_title``: the evidence is the title alone, so the groups must also agree on first authors
        (otherwise a record without authors would chain two different authors' papers together).
        ``forced``: a reviewer's merge verdict, which overrides DOI, PMID, year and author conflicts
        but not another verdict or the previous search.
        """
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        if self.held_apart(ri, rj):
            return False
        if not forced and not self._compatible(ri, rj, by_title):
            return False
        if len(self.dois[ri]) + len(self.pmids[ri]) < len(self.dois[rj]) + len(self.pmids[rj]):
            ri, rj = rj, ri
        self.parent[rj] = ri
        for x in (i, j):
            self.reason.setdefault(x, reason)
        self.dois[ri] |= self.dois[rj]
        self.pmids[ri] |= self.pmids[rj]
        self.years[ri] |= self.years[rj]
        self.authors[ri] = list(dict.fromkeys(self.authors[ri] + self.authors[rj]))
        self.places[ri] |= self.places[rj]
        self.previous[ri] = self.previous[ri] or self.previous[rj]
        if rj in self.apart:
            self.apart.setdefault(ri, set()).update(self.apart.pop(rj))
        return True

    def _compatible(self, ri: int, rj: int, by_title: bool) -> bool:
        if by_title and any(_authors_compatible(x, y) is False
                            for x in self.authors[ri] for y in self.authors[rj]):
            return False
        if by_title and self.places[ri] and self.places[rj] and not self.places[ri] & self.places[rj]:
            # a record without pages matches both an article and its companion on other pages of the
            # volume: the title alone must not chain them into one group
            return False
        for attr in (self.dois, self.pmids):
            if attr[ri] and attr[rj] and not (attr[ri] & attr[rj]):
                return False
        years = self.years[ri] | self.years[rj]
        return not years or max(years) - min(years) <= 1


def _printed_places(k: _Key) -> set[str]:
    """A record's pages as the pair rule compares them: its first page (each first page of a page list)
    and its last page as "-last" (one agreeing is enough). Empty without a volume: the record may have
    its volume, issue and pages one column to the right ("", "26", "9" for 26(9):1746). The volume
    itself is left out: a supplement's number often stands in one database's volume field ("1)" for
    "59 (Suppl. 1)")."""
    if not (k.volume and k.page):
        return set()
    return set(k.page_starts or {k.page}) | ({f"-{k.page_end}"} if k.page_end else set())


_STRONG = ("identical", "same_id", "bibliographic")  # evidence beyond the title


def _group(
    keys: Sequence[_Key], verdicts: list[tuple[int, int, float, int, str]], previous: int = 0,
    merges: Sequence[tuple[int, int]] = (), aparts: Sequence[tuple[int, int]] = (),
) -> tuple[_Groups, list[tuple[int, int, float, str]], set[int]]:
    """Join duplicate pairs into groups; return the groups, the pairs left for a human and the
    correction notices merged into their article (see :mod:`laktasi.review.dedup_errata`).

    A reviewer's verdicts come first: ``aparts`` become cannot-link constraints, ``merges`` are
    joined before any rule. When records that match by title carry two *different* DOIs or PMIDs
    (e.g. a paper printed twice under one title), the title cannot tell which publication a record
    without those ids belongs to: inside such a cluster only id and full bibliographic matches are
    joined, and the title-only matches are listed for a human, never guessed.
    """
    n = len(keys)
    tentative = list(range(n))

    def find(i: int) -> int:
        while tentative[i] != i:
            tentative[i] = tentative[tentative[i]]
            i = tentative[i]
        return i

    dups = [v for v in verdicts if v[3] == _DUP and v[4] != "erratum_of"]
    for i, j, *_ in dups:
        ri, rj = find(i), find(j)
        if ri != rj:
            tentative[rj] = ri
    ids_in: dict[int, set[str]] = {}
    for i, k in enumerate(keys):
        if k.doi or k.pmid:
            ids_in.setdefault(find(i), set()).update(x for x in (f"doi:{k.doi}" if k.doi else "",
                                                                   f"pmid:{k.pmid}" if k.pmid else "") if x)
    conflicted = {root for root, ids in ids_in.items()
                  if sum(x.startswith("doi:") for x in ids) > 1 or sum(x.startswith("pmid:") for x in ids) > 1}
    # two identified publications with (nearly) one title: records matched to either by title alone
    # could belong to the other
    for i, j, _, v, reason in verdicts:
        if v == _UNSURE and reason in ("different_doi", "different_pmid"):
            conflicted.update((find(i), find(j)))

    groups = _Groups(keys, previous)
    for i, j in aparts:
        groups.keep_apart(i, j)
    unsure: list[tuple[int, int, float, str]] = [(i, j, sim, reason) for i, j, sim, v, reason in verdicts
                                                 if v == _UNSURE]
    for i, j in merges:
        if not groups.join(i, j, forced=True, reason="verdict"):
            unsure.append((i, j, 1.0, "verdict_conflict"))
    # conflicted cluster -> the identified records a title-matched record might belong to: its own
    # records with a DOI or PMID, and those with another id and (nearly) its title
    identified: dict[int, list[int]] = {}
    for i, k in enumerate(keys):
        if (k.doi or k.pmid) and find(i) in conflicted:
            identified.setdefault(find(i), []).append(i)
    for i, j, _, v, reason in verdicts:
        if v == _UNSURE and reason in ("different_doi", "different_pmid"):
            identified.setdefault(find(i), []).append(j)
            identified.setdefault(find(j), []).append(i)
    for i, j, sim, _, reason in dups:
        if find(i) in conflicted and reason not in _STRONG and _either(keys, i, j, identified[find(i)]):
            # a title alone cannot tell which of the identified publications a record belongs to
            unsure.append((i, j, sim, "ambiguous"))
        elif not groups.join(i, j, by_title=reason not in _STRONG, reason=reason):
            unsure.append((i, j, sim, "group_conflict"))
    # last, each correction notice joins the one article its database note names exactly
    errata, erratum_unsure = join_errata(groups, keys, [v for v in verdicts if v[3] == _DUP and v[4] == "erratum_of"])
    unsure.extend(erratum_unsure)
    return groups, unsure, errata


def _either(keys: Sequence[_Key], i: int, j: int, identified: Sequence[int]) -> bool:
    """Whether records i and j, matched by title, could belong to another identified publication of
    their cluster: one with other ids whose first author could be theirs and year within one.

    Two publications under one title by different first authors ("Granulocytopenia after …" by
    Casato 1995 and by Jacquot 1996) leave no doubt about a pair whose authors both name one of them.
    """
    ids = {x for x in (keys[i].doi, keys[j].doi, keys[i].pmid, keys[j].pmid) if x}
    for k in identified:
        other = keys[k]
        if other.doi in ids or other.pmid in ids:
            continue
        if not all(_authors_compatible(keys[x].author, other.author) is False or _years_apart(keys[x], other)
                   for x in (i, j)):
            return True
    return False


def _years_apart(a: _Key, b: _Key) -> bool:
    return a.year is not None and b.year is not None and abs(a.year - b.year) > 1


def _record_ids(records: Sequence[Record]) -> tuple[str, ...]:
    ids = []
    for n, r in enumerate(records, start=1):
        ids.append(r.record_id or (f"{r.source_file}:{r.position}" if r.source_file and r.position else str(n)))
    return tuple(ids)


def _recurring_titles(keys: Sequence[_Key]) -> set[str]:
    """Titles printed in three or more volumes, over two years or more, of this set ("Editor's
    Comments", "Summaries of the literature"): the title cannot tell those pieces apart."""
    seen: dict[str, set[tuple[object, ...]]] = {}
    counts: dict[str, int] = {}
    for k in keys:
        if k.title:
            counts[k.title] = counts.get(k.title, 0) + 1
    for k in keys:
        if counts[k.title] >= 3 if k.title else False:
            seen.setdefault(k.title, set()).add((k.year, k.volume))
    return {t for t, places in seen.items() if len(places) >= 3 and len({year for year, _ in places}) >= 2}


def _trusted_issues(keys: list[_Key]) -> list[_Key]:
    """The keys, without issue numbers when the set's issue field holds something else.

    Some exports put a reference manager's record number in the issue field (the EndNote files of
    Rathbone et al. 2015: "1112", "1113", …); no journal reaches such issue numbers, and comparing
    them would split every duplicate. When more than a tenth of the issue numbers are implausible,
    the field is ignored for the whole run.
    """
    numbers = [int(k.issue_no) for k in keys if k.issue_no]
    if numbers and sum(x > _MAX_ISSUE for x in numbers) > 0.1 * len(numbers):
        return [replace(k, issue_no="") for k in keys]
    return keys


def deduplicate(records: Sequence[Record], *, previous: Sequence[Record] = (),
                verdicts: Sequence[Verdict] = (), window: int = 8) -> DedupResult:
    """Group duplicate records; keep the most complete record of each group.

    ``previous``: the records of an earlier search of this review (an update): they come first in
    the result, are never merged with each other, and a new record that duplicates one of them
    joins its group with the previous record kept (see :meth:`DedupResult.update_counts`).
    ``verdicts``: a reviewer's decisions on pairs of record ids (see :mod:`laktasi.review.dedup_verdicts`):
    merged or kept apart whatever the rules say, and never listed as uncertain again.
    ``window`` is the sorted-neighbourhood width: how many neighbours under each title ordering
    are compared with each record (larger finds more typo-ridden duplicates, slower).

    >>> from laktasi.review.records import Record
    >>> part1 = Record(title="Oxytocin massage in postpartum women: part 1", year=2020, record_id="p1")
    >>> part2 = part1.with_(title="Oxytocin massage in postpartum women: part 2", record_id="p2")
    >>> r = deduplicate([part1, part2])
    >>> r.records_out, [u.reason for u in r.uncertain]
    (2, ['different_numbers'])
    """
    # the run allocates millions of small objects that all live to its end: the cyclic garbage
    # collector would traverse them again and again (about a quarter of a 100k-record run)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _deduplicate([*previous, *records], len(previous), verdicts, window)
    finally:
        if gc_was_enabled:
            gc.enable()


def _deduplicate(records: list[Record], n_previous: int, verdicts: Sequence[Verdict], window: int) -> DedupResult:
    keys = _trusted_issues([_key(r) for r in records])
    n = len(keys)
    ids = _record_ids(records)
    pairs, sims = _candidates(keys, window)
    keep = _worth_judging(keys, pairs, sims)
    recurring = _recurring_titles(keys)
    judged: list[tuple[int, int, float, int, str]] = []
    for i, j, sim in zip(pairs[keep, 0].tolist(), pairs[keep, 1].tolist(), sims[keep].tolist(), strict=True):
        if j < n_previous:  # and so i < j: both from the earlier search, deduplicated then
            continue
        verdict, reason = _judge(keys[i], keys[j], sim, keys[i].title in recurring)
        if verdict != _DISTINCT:
            judged.append((i, j, sim, verdict, reason))
    # strongest evidence first, so a refused join is always the weaker one
    judged.sort(key=lambda v: (-v[3], v[4] not in ("identical", "same_id"), -v[2]))

    position = {x: p for p, x in enumerate(ids)}
    applied = [v for v in verdicts if v.first_id in position and v.second_id in position]
    unmatched = tuple(v for v in verdicts if v.first_id not in position or v.second_id not in position)
    merges = [(position[v.first_id], position[v.second_id]) for v in applied if v.merge]
    aparts = [(position[v.first_id], position[v.second_id]) for v in applied if not v.merge]
    groups, unsure, errata = _group(keys, judged, n_previous, merges, aparts)

    roots = [groups.find(i) for i in range(n)]
    best: dict[int, int] = {}
    for i, root in enumerate(roots):
        b = best.get(root)
        if b is None or (i < n_previous, i not in errata, keys[i].completeness) > (
                b < n_previous, b not in errata, keys[b].completeness):
            best[root] = i  # a previous record stays its group's record; then the article, not its erratum;
            # otherwise the most complete
    group_no: dict[int, int] = {}
    for root in roots:
        group_no.setdefault(root, len(group_no) + 1)
    primary = tuple(best[root] for root in roots)
    decided = {(min(i, j), max(i, j)) for i, j in merges + aparts}
    # decided pairs, and pairs across groups a reviewer keeps apart, are not listed again; a merge
    # verdict the other verdicts contradict is, so the reviewer can resolve it
    listed = [(i, j, sim, reason) for i, j, sim, reason in unsure if roots[i] != roots[j] and (
        reason == "verdict_conflict" or (min(i, j), max(i, j)) not in decided
        and not groups.held_apart(roots[i], roots[j]))]
    uncertain, clusters = rank_uncertain(listed, keys, ids, roots)
    return DedupResult(
        records=tuple(records),
        ids=ids,
        group=tuple(group_no[root] for root in roots),
        primary=primary,
        duplicate_of=tuple("" if p == i else ids[p] for i, p in enumerate(primary)),
        merge_reason=tuple("" if p == i else "erratum_of" if i in errata else groups.reason.get(i, "")
                           for i, p in enumerate(primary)),
        uncertain=uncertain,
        clusters=clusters,
        previous=n_previous,
        verdicts_applied=tuple(applied),
        verdicts_unmatched=unmatched,
    )


