"""What :func:`laktasi.review.dedup.deduplicate` returns: groups, uncertain pairs ranked in clusters,
the reviewer's verdicts it applied and the counts PRISMA needs (also for an updated review).

Kept apart from the pair rule so the CLI, the web app and the benchmark share one frozen, typed result.
"""

from __future__ import annotations

from dataclasses import dataclass

from laktasi.errors import Text
from laktasi.review.records import Record

REASONS: dict[str, Text] = {
    "same_id_different_title": Text(
        en="same DOI/PMID but different titles", id="DOI/PMID sama tetapi judul berbeda"),
    "different_doi": Text(en="similar titles but different DOIs", id="judul mirip tetapi DOI berbeda"),
    "different_pmid": Text(en="similar titles but different PMIDs", id="judul mirip tetapi PMID berbeda"),
    "different_author": Text(
        en="similar titles but different first authors", id="judul mirip tetapi penulis pertama berbeda"),
    "different_pages": Text(en="similar titles but different pages", id="judul mirip tetapi halaman berbeda"),
    "different_volume": Text(en="similar titles but different volumes", id="judul mirip tetapi volume berbeda"),
    "different_issue": Text(
        en="similar titles in one volume but different issues",
        id="judul mirip dalam satu volume tetapi nomor terbitan berbeda"),
    "different_year": Text(en="similar titles one year apart", id="judul mirip dengan selisih tahun satu"),
    "review_version": Text(
        en="two versions (years) of one Cochrane review: usually only the latest is kept",
        id="dua versi (tahun) dari satu tinjauan Cochrane: biasanya hanya yang terbaru dipakai"),
    "different_numbers": Text(
        en="titles differ in a number (series part?)", id="judul berbeda pada angka (bagian seri?)"),
    "different_words": Text(
        en="titles differ in a word that is no misspelling", id="judul berbeda pada kata yang bukan salah ketik"),
    "short_title": Text(
        en="short generic title; bibliographic details incomplete",
        id="judul pendek dan umum; data bibliografis tidak lengkap"),
    "notice": Text(
        en="one may be an erratum, comment, reply, retraction or protocol of the other",
        id="salah satu mungkin ralat, komentar, balasan, penarikan atau protokol dari yang lain"),
    "erratum_of": Text(
        en="one is the correction notice (erratum) of the other, as a database note or its title in the same "
           "journal says, but no note names the article exactly (those are merged): one study?",
        id="salah satunya ralat (erratum) dari yang lain, menurut catatan basis data atau judulnya di jurnal "
           "yang sama, tetapi tidak ada catatan yang menyebut artikelnya persis (yang persis digabung): satu studi?"),
    "companion": Text(
        en="same long title, first author and journal on other pages: conference abstract, unmarked erratum, "
           "reprint or a series part?",
        id="judul panjang, penulis pertama dan jurnal sama di halaman lain: abstrak konferensi, ralat tanpa "
           "tanda, cetak ulang atau bagian seri?"),
    "subtitle": Text(
        en="one title is the other with a subtitle or translation added; details do not settle it",
        id="satu judul adalah judul lain ditambah subjudul atau terjemahan; data lain belum memastikan"),
    "similar_title": Text(
        en="similar titles, too little other evidence", id="judul mirip, bukti lain kurang"),
    "ambiguous": Text(
        en="matches records of two different publications; which one is unclear",
        id="cocok dengan rekaman dua publikasi berbeda; tidak jelas yang mana"),
    "group_conflict": Text(
        en="would join groups with different DOIs, PMIDs, years, first authors or pages",
        id="akan menggabungkan kelompok dengan DOI, PMID, tahun, penulis pertama atau halaman berbeda"),
    "verdict_conflict": Text(
        en="a reviewer's 'merge' would join records another verdict keeps apart (or two previous records)",
        id="keputusan 'gabung' peninjau akan menyatukan rekaman yang dipisahkan keputusan lain "
           "(atau dua rekaman pencarian sebelumnya)"),
}


@dataclass(frozen=True)
class UncertainPair:
    """Two records that look alike but disagree somewhere; a human decides. Never merged."""

    first: int  # 0-based positions in ``DedupResult.records``
    second: int
    first_id: str
    second_id: str
    title_similarity: float  # 0–1
    reason: str  # code, e.g. "different_doi"
    likelihood: float = 0.0  # 0–1: a ranking score (how likely a duplicate), not a calibrated probability
    cluster: int = 0  # 1, 2, … in rank order (see DedupResult.clusters)

    @property
    def text(self) -> Text:
        return REASONS.get(self.reason, Text(en=self.reason, id=self.reason))


@dataclass(frozen=True)
class UncertainCluster:
    """Records linked by uncertain pairs: one decision for a person (are these one study?)."""

    number: int  # rank, 1 = most likely duplicates
    members: tuple[int, ...]  # positions of every record of the groups involved, in input order
    pairs: tuple[UncertainPair, ...]  # most likely first
    likelihood: float  # the best pair's


@dataclass(frozen=True)
class Verdict:
    """A reviewer's decision on two records: ``merge`` (one study) or keep apart (``merge=False``)."""

    first_id: str
    second_id: str
    merge: bool
    note: str = ""


@dataclass(frozen=True)
class UpdateCounts:
    """Counts for PRISMA 2020's template for updated reviews (new search beside the previous one).

    ``duplicates_removed`` is the PRISMA box "Duplicate records removed" of the new search: new records
    that duplicate a previous record plus duplicates among the new records; ``records_after_dedup`` is
    what goes on to screening.
    """

    previous_records: int
    new_records: int
    duplicates_of_previous: int  # new records whose study was already in the previous search
    duplicates_within_new: int  # removed among the new records themselves
    duplicates_removed: int
    records_after_dedup: int

    def as_dict(self) -> dict[str, int]:
        return {
            "previous_records": self.previous_records,
            "new_records": self.new_records,
            "duplicates_of_previous": self.duplicates_of_previous,
            "duplicates_within_new": self.duplicates_within_new,
            "duplicates_removed": self.duplicates_removed,
            "records_after_dedup": self.records_after_dedup,
        }


@dataclass(frozen=True)
class DedupResult:
    """Every record (previous search first, then the new records, in input order) with its group.

    ``group[i]`` numbers groups 1, 2, … in order of their first record; ``primary[i]`` is the
    position of the record kept for ``i``'s group (``primary[i] == i`` for kept records; a group with
    a previous record keeps that one); ``duplicate_of[i]`` is the kept record's id, or ``""`` when
    ``i`` is kept. ``uncertain`` is in rank order (most likely duplicate first) and ``clusters``
    groups it. ``previous`` records (``0 … previous-1``) are never merged with each other.
    """

    records: tuple[Record, ...]
    ids: tuple[str, ...]
    group: tuple[int, ...]
    primary: tuple[int, ...]
    duplicate_of: tuple[str, ...]
    uncertain: tuple[UncertainPair, ...]
    clusters: tuple[UncertainCluster, ...] = ()
    previous: int = 0
    verdicts_applied: tuple[Verdict, ...] = ()
    verdicts_unmatched: tuple[Verdict, ...] = ()  # naming a record id not in this run
    # why each merged record joined its group ("" for kept records): the rule's reason code —
    # "same_id", "bibliographic", "title" …, "erratum_of" for a correction notice merged into the
    # article its database note names, "verdict" for a reviewer's merge
    merge_reason: tuple[str, ...] = ()

    @property
    def records_in(self) -> int:
        return len(self.records)

    @property
    def records_out(self) -> int:
        return sum(1 for i, p in enumerate(self.primary) if i == p)

    @property
    def duplicates_removed(self) -> int:
        return self.records_in - self.records_out

    def kept(self) -> list[int]:
        """Positions of the kept records (each group's primary), in input order."""
        return [i for i, p in enumerate(self.primary) if i == p]

    def new_kept(self) -> list[int]:
        """Kept new records whose group holds no previous record: what an updated review screens."""
        return [i for i, p in enumerate(self.primary) if i == p and i >= self.previous]

    def members(self, position: int) -> list[int]:
        """Positions of all records in the same group as ``position``, in input order."""
        g = self.group[position]
        return [i for i, gi in enumerate(self.group) if gi == g]

    def merged_ids(self) -> dict[int, list[str]]:
        """For each kept position, the ids of the records merged into it (not its own)."""
        out: dict[int, list[str]] = {i: [] for i in self.kept()}
        for i, p in enumerate(self.primary):
            if i != p:
                out[p].append(self.ids[i])
        return out

    def update_counts(self) -> UpdateCounts:
        new = self.records_in - self.previous
        of_previous = sum(1 for i in range(self.previous, self.records_in) if self.primary[i] < self.previous)
        after = len(self.new_kept())
        return UpdateCounts(
            previous_records=self.previous, new_records=new, duplicates_of_previous=of_previous,
            duplicates_within_new=new - of_previous - after, duplicates_removed=new - after,
            records_after_dedup=after)

    def summary(self) -> dict[str, object]:
        """The ``--json`` document of ``laktasi review dedup`` (field names in docs/review-dedup-prisma.md)."""
        out: dict[str, object] = {
            "records_in": self.records_in,
            "duplicates_removed": self.duplicates_removed,
            "records_out": self.records_out,
            "uncertain_pairs": len(self.uncertain),
            "uncertain_clusters": len(self.clusters),
            "verdicts_applied": len(self.verdicts_applied),
            "verdicts_unmatched": len(self.verdicts_unmatched),
        }
        if self.previous:
            out["update"] = self.update_counts().as_dict()
        return out
