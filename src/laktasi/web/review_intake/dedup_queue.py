"""The queue of uncertain duplicates: one cluster at a time, a person's verdict on each of its pairs (merge /
keep apart), applied to the stored records (``duplicate_of``; the PRISMA counts follow) and remembered as
:class:`~laktasi.review.dedup_result.Verdict` rows, the format of the CLI's ``--verdicts`` file
(:mod:`laktasi.review.dedup_verdicts`), so the web and ``laktasi review dedup`` agree.

A group is a kept record and the records marked as its duplicates; it is named by the kept record's id
(its *canonical* id). A merge joins two groups (the group whose record has screening decisions, else the
earlier one, stays kept); keep apart records that the two groups are different studies.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from laktasi.errors import InputError, Problem, Text
from laktasi.review.dedup_result import REASONS, Verdict
from laktasi.review.dedup_verdicts import APART_WORDS, MERGE_WORDS, REQUIRED, parse_verdicts
from laktasi.web.review_intake.models import DECIDED, OPEN, SETTLED, DedupCluster, DedupVerdict
from laktasi.web.reviews.models import Review, ReviewRecord

MERGE, APART = "merge", "keep_apart"
assert MERGE in MERGE_WORDS and APART in APART_WORDS


def stored_verdicts(review: Review) -> list[Verdict]:
    return [Verdict(v.first_id, v.second_id, v.merge, v.note) for v in review.dedup_verdicts.all()]


@dataclass
class Groups:
    """Each stored record's canonical id, and the pairs of groups kept apart."""

    canon: dict[str, str]
    apart: set[frozenset[str]] = field(default_factory=set)

    @classmethod
    def of_rows(cls, rows: Iterable[ReviewRecord], verdicts: Sequence[Verdict]) -> Groups:
        canon = {r.record_id: r.duplicate_of or r.record_id for r in rows}
        groups = cls(canon)
        for v in verdicts:
            if not v.merge:
                groups.apart.add(frozenset((groups.canonical(v.first_id), groups.canonical(v.second_id))))
        return groups

    @classmethod
    def of_review(cls, review: Review) -> Groups:
        # "review": the related manager sets each row's review, which would load a deferred review_id row by row
        return cls.of_rows(review.records.only("review", "record_id", "duplicate_of"), stored_verdicts(review))

    def canonical(self, record_id: str) -> str:
        return self.canon.get(record_id, record_id)

    def kept_apart(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.apart

    def settled(self, first_id: str, second_id: str) -> bool:
        a, b = self.canonical(first_id), self.canonical(second_id)
        return a == b or self.kept_apart(a, b)


def pending_pairs(cluster: DedupCluster, groups: Groups) -> list[dict[str, Any]]:
    """The cluster's pairs no verdict has settled yet (another cluster's verdict may have)."""
    return [p for p in cluster.pairs if not groups.settled(p["first_id"], p["second_id"])]


def next_cluster(review: Review, by: Any) -> tuple[DedupCluster | None, list[dict[str, Any]], int]:
    """The most likely open cluster with something left to decide, its pending pairs and how many open
    clusters remain. Clusters other verdicts have settled are closed on the way (status "settled")."""
    groups = Groups.of_review(review)
    open_clusters = list(review.dedup_clusters.filter(status=OPEN).order_by("-likelihood", "pk"))
    for n, cluster in enumerate(open_clusters):
        pairs = pending_pairs(cluster, groups)
        if pairs:
            return cluster, pairs, len(open_clusters) - n
        cluster.status = SETTLED
        cluster.save(by=by, reason="every pair settled by other verdicts")
    return None, [], 0


def reason_text(code: str, lang: str) -> str:
    return REASONS.get(code, Text(en=code, id=code)).in_(lang)


def _key(first_id: str, second_id: str) -> tuple[str, str]:
    return (first_id, second_id) if first_id < second_id else (second_id, first_id)


@dataclass(frozen=True)
class Applied:
    merged: int  # groups joined
    kept_apart: int
    records_changed: int


def decide(review: Review, cluster: DedupCluster | None, verdicts: Mapping[tuple[str, str], bool], by: Any,
           note: str = "") -> Applied:
    """Store the verdicts (``(first_id, second_id) → merge?``) and apply them to the records, all at once;
    a set of verdicts that contradicts itself (A=B, B=C but A≠C) raises ``InputError`` and changes nothing."""
    with transaction.atomic():
        rows = {r.record_id: r for r in ReviewRecord.objects.select_for_update().filter(review=review)}
        groups = Groups.of_rows(rows.values(), stored_verdicts(review))
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                x = parent[x]
            return x

        unknown = [x for pair in verdicts for x in pair if x not in rows]
        if unknown:
            raise InputError([Problem("verdict_unknown_record", Text(
                en="no record with this id in the review", id="tidak ada rekaman dengan id ini di tinjauan"),
                value=unknown[0])])
        for (a, b), merge in verdicts.items():
            if merge:
                parent[find(groups.canonical(a))] = find(groups.canonical(b))
        for (a, b), merge in verdicts.items():
            ca, cb = find(groups.canonical(a)), find(groups.canonical(b))
            if not merge and ca == cb:
                raise InputError([Problem("verdict_contradiction", Text(
                    en="these verdicts contradict each other: two records kept apart would end up merged through "
                       "the others",
                    id="keputusan ini saling bertentangan: dua rekaman yang dipisahkan akan tergabung melalui "
                       "keputusan lain"), value=f"{a} / {b}")])
            if merge and groups.kept_apart(groups.canonical(a), groups.canonical(b)):
                raise InputError([Problem("verdict_contradiction", Text(
                    en="an earlier verdict keeps these records apart", id="keputusan sebelumnya memisahkan rekaman ini"),
                    value=f"{a} / {b}")])
        for (a, b), merge in verdicts.items():
            first, second = _key(a, b)
            row = DedupVerdict.objects.filter(review=review, first_id=first, second_id=second).first() or \
                DedupVerdict(review=review, first_id=first, second_id=second, by=by)
            row.merge, row.note, row.cluster, row.by = merge, note[:300], cluster, by
            row.save(by=by, reason=note)
        changed = _apply_merges(review, rows, groups, [(a, b) for (a, b), m in verdicts.items() if m], by, cluster)
        # the cluster is decided once none of its pairs is left open (a verdict on some pairs leaves it open)
        if cluster is not None and not pending_pairs(cluster, Groups.of_review(review)):
            cluster.status, cluster.decided_by, cluster.decided_at = DECIDED, by, timezone.now()
            cluster.save(by=by, reason=note)
    merges = sum(1 for m in verdicts.values() if m)
    return Applied(merged=merges, kept_apart=len(verdicts) - merges, records_changed=changed)


def _apply_merges(review: Review, rows: dict[str, ReviewRecord], groups: Groups, merges: list[tuple[str, str]],
                  by: Any, cluster: DedupCluster | None) -> int:
    """Join the groups of each merged pair; every record whose ``duplicate_of`` changes is saved (audited)."""
    decided = dict(ReviewRecord.objects.filter(review=review).annotate(n=Count("decisions"))
                   .filter(n__gt=0).values_list("record_id", "n"))
    canon = dict(groups.canon)
    changed = 0
    reason = f"duplicate verdict (cluster {cluster.number} of upload {cluster.upload})" if cluster else \
        "duplicate verdict"
    for a, b in merges:
        ca, cb = canon.get(a, a), canon.get(b, b)
        if ca == cb:
            continue
        # the group that stays: the one already screened, else the earlier record (a previous search's stays)
        keep, drop = sorted((ca, cb), key=lambda x: (-decided.get(x, 0), rows[x].pk))
        for rid, c in list(canon.items()):
            if c != drop:
                continue
            canon[rid] = keep
            row = rows[rid]
            row.duplicate_of = keep
            row.save(by=by, reason=reason)
            changed += 1
    return changed


def verdicts_csv(review: Review) -> bytes:
    """Every verdict as the CSV ``laktasi review dedup --verdicts`` reads (:mod:`laktasi.review.dedup_verdicts`)."""
    titles = dict(review.records.values_list("record_id", "title"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*REQUIRED, "note", "title_1", "title_2"])
    for v in review.dedup_verdicts.all():
        writer.writerow([v.first_id, v.second_id, MERGE if v.merge else APART, _cell(v.note),
                         _cell(titles.get(v.first_id, "")), _cell(titles.get(v.second_id, ""))])
    return out.getvalue().encode("utf-8")


def _cell(text: str) -> str:
    from laktasi.web.exports.tables import neutralise

    return str(neutralise(text))


def import_verdicts(review: Review, data: bytes, name: str, by: Any) -> Applied:
    """Verdicts from a CLI verdicts file (``--uncertain``/``--verdicts`` CSV), applied like the page's."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    parsed = parse_verdicts(text, name)
    known = set(review.records.values_list("record_id", flat=True))
    usable = {(v.first_id, v.second_id): v.merge for v in parsed if v.first_id in known and v.second_id in known}
    if not usable:
        raise InputError([Problem("verdicts_unmatched", Text(
            en="no verdict in the file names two records of this review",
            id="tidak ada keputusan dalam berkas yang menyebut dua rekaman tinjauan ini"), file=name)])
    return decide(review, None, usable, by, note=f"imported from {name}")
