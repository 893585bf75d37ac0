"""Errata merged into the article a database note names exactly (reason ``erratum_of``).

A correction notice is a report of the same study as the article it corrects: the Cochrane Handbook
(ch. 4) and PRISMA 2020 count the reports of one study together, and the labelled sets of Rathbone
et al. (2015) and bib-dedupe group an erratum with its article. Only a database note that names the
article's printed place exactly links the two well enough to merge them:

- on the notice, Web of Science ``(vol 9, pg 101, 2018)`` or Embase
  ``(Jurnal Kesehatan Reproduksi (2018) 9:2 (101-109))``: the year, volume and first page of the
  article corrected (and, for Embase, its journal);
- on the article, MEDLINE ``[Erratum appears in J Kesehat Reprod. 2018 Dec;9(4):377]``: the year,
  volume and first page of the notice.

Both records must also be in one journal, with (nearly) one title, first authors that can be one
person, and the notice not older than the article. Everything looser — an "Erratum:" title without a
note, a note whose page only falls inside the article's range, a note without a year — is listed
for a person, never merged. A notice is merged only when its note points to exactly one group of
records, after every other join, and its group holds nothing but copies of that notice: it can never
carry another article into the group, nor be carried into an article the note does not name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from laktasi.review.dedup_keys import _authors_compatible, _journals_compatible, _Key

if TYPE_CHECKING:  # pragma: no cover
    from laktasi.review.dedup import _Groups


def _is_notice(k: _Key) -> bool:
    return k.notes.erratum or bool(k.markers)


def erratum_side(a: _Key, b: _Key) -> int | None:
    """Which of two records (0: ``a``, 1: ``b``) is the correction notice of the other by an exact
    database note, or None when no note ties them exactly."""
    for side, notice, article in ((0, a, b), (1, b, a)):
        if _is_notice(article) or article.notes.erratum:
            continue
        on_notice = bool(notice.notes.erratum and article.place and notice.notes.corrects == article.place
                         and (not notice.notes.journal or _journals_compatible(notice.notes.journal, article.journal)))
        on_article = bool(notice.place and notice.place in article.notes.errata_at)
        if not (on_notice or on_article):
            continue
        if not _journals_compatible(notice.journal, article.journal):
            continue
        if _authors_compatible(notice.author, article.author) is False:
            continue
        if notice.year is not None and article.year is not None and notice.year < article.year:
            continue
        return side
    return None


def join_errata(groups: _Groups, keys: Sequence[_Key], errata: Sequence[tuple[int, int, float, int, str]],
                ) -> tuple[set[int], list[tuple[int, int, float, str]]]:
    """Join each notice's group to the one article group its exact note names.

    Returns the positions of the notices merged (every record of their groups) and the pairs left
    for a person (reason ``erratum_of``): a notice whose group also holds something else than its
    copies, a note that names two groups, or a join the groups' years, authors or a reviewer's
    verdict refuse.
    """
    unsure: list[tuple[int, int, float, str]] = []
    links: dict[int, dict[int, tuple[int, int, float]]] = {}
    for i, j, sim, _, _ in errata:
        side = erratum_side(keys[i], keys[j])
        if side is None:  # pragma: no cover - _judge only returns these for exact notes
            unsure.append((i, j, sim, "erratum_of"))
            continue
        notice, article = (i, j) if side == 0 else (j, i)
        rn, ra = groups.find(notice), groups.find(article)
        if rn != ra:
            links.setdefault(rn, {})[ra] = (i, j, sim)
    if not links:
        return set(), unsure
    wanted = set(links) | {ra for articles in links.values() for ra in articles}
    members: dict[int, list[int]] = {}
    for x in range(len(keys)):
        root = groups.find(x)
        if root in wanted:
            members.setdefault(root, []).append(x)
    merged: set[int] = set()
    for rn, articles in links.items():
        mine = members[rn]
        if len(articles) == 1:
            ((ra, (i, j, sim)),) = articles.items()
            # every copy of the notice is tied to the article by a note of its own (or the article's
            # MEDLINE note names its place): a copy known only by an "Erratum:" title, or by a note
            # cut short in the export, leaves the whole group for a person
            tied = all(any(erratum_side(keys[x], keys[y]) == 0 for y in members[ra]) for x in mine)
            if tied and _joinable(groups, rn, ra) and groups.join(i, j, forced=True, reason="erratum_of"):
                merged.update(mine)
                continue
        unsure.extend((i, j, sim, "erratum_of") for i, j, sim in articles.values())
    return merged, unsure


def _joinable(groups: _Groups, rn: int, ra: int) -> bool:
    """The notice's and the article's groups agree on years (one apart at most) and first authors;
    their DOIs and PMIDs may differ (a notice has its own)."""
    years = groups.years[rn] | groups.years[ra]
    if years and max(years) - min(years) > 1:
        return False
    return not any(_authors_compatible(x, y) is False for x in groups.authors[rn] for y in groups.authors[ra])
