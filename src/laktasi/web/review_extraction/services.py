"""What the extraction pages do, on the library's one path for each step:

- included studies: :func:`laktasi.web.reviews.services.final_decisions` at full text;
- pooling: blocks → :func:`laktasi.meta.blocks.meta_frame` (the table ``laktasi meta`` reads) →
  :func:`laktasi.meta.table.read_study_table` → :func:`laktasi.meta.analysis.run_meta_analysis`, exactly
  the CLI's calls (``laktasi.cli.meta.run``);
- reported statistics: claims in the ``laktasi audit`` YAML form → :func:`laktasi.audit.audit_claims`;
- Table 1: :class:`laktasi.review.study_table.IncludedStudy` → :func:`~laktasi.review.study_table.write_study_table`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from laktasi.audit import AuditEntry, audit_claims, validate_claims
from laktasi.errors import InputError, Problem, Text
from laktasi.meta.analysis import MetaAnalysis, run_meta_analysis
from laktasi.meta.blocks import (
    KIND_MEASURES,
    Block,
    EffectCI,
    MeanSD,
    PrePost,
    StudyBlock,
    TwoByTwo,
    meta_frame,
)
from laktasi.meta.table import read_study_table
from laktasi.web.review_extraction.models import (
    CHOICE,
    EFFECT_CI,
    MEAN_SD,
    NUMBER,
    PREPOST,
    TEXT,
    TWO,
    TWO_BY_TWO,
    EffectBlock,
    Extraction,
    ExtractionField,
    ExtractionSettings,
    ReportedStatistic,
)
from laktasi.web.reviews.models import FULL_TEXT, INCLUDE, Review, ReviewRecord
from laktasi.web.reviews.services import final_decisions

# key, kind, Indonesian label, English label, options
DEFAULT_FIELDS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("design", CHOICE, "Desain penelitian", "Study design",
     ("RCT", "kuasi-eksperimen dua kelompok", "pra-pasca satu kelompok", "lainnya")),
    ("country", TEXT, "Negara", "Country", ()),
    ("setting", TEXT, "Tempat (puskesmas, rumah sakit, rumah)", "Setting (health centre, hospital, home)", ()),
    ("n_intervention", NUMBER, "n kelompok intervensi", "n, intervention arm", ()),
    ("n_control", NUMBER, "n kelompok kontrol", "n, control arm", ()),
    ("intervention", TEXT, "Intervensi", "Intervention", ()),
    ("comparator", TEXT, "Pembanding", "Comparator", ()),
    ("outcome", TEXT, "Luaran dan cara mengukurnya", "Outcome and how it was measured", ()),
    ("timing", TEXT, "Waktu pengukuran", "Timing of measurement", ()),
    ("results", TEXT, "Hasil utama", "Main result", ()),
)
#: a block's kind → the class and its value names
BLOCK_CLASSES: dict[str, type] = {TWO_BY_TWO: TwoByTwo, MEAN_SD: MeanSD, PREPOST: PrePost, EFFECT_CI: EffectCI}
BLOCK_VALUES: dict[str, tuple[str, ...]] = {
    TWO_BY_TWO: ("events_t", "n_t", "events_c", "n_c"),
    MEAN_SD: ("mean_t", "sd_t", "n_t", "mean_c", "sd_c", "n_c"),
    PREPOST: ("mean_pre_t", "sd_pre_t", "mean_post_t", "sd_post_t", "n_t", "r_t",
              "mean_pre_c", "sd_pre_c", "mean_post_c", "sd_post_c", "n_c", "r_c"),
    EFFECT_CI: ("estimate", "ci_low", "ci_high"),
}
OPTIONAL_VALUES = frozenset(BLOCK_VALUES[PREPOST][6:])
DEFAULT_MEASURE = {TWO_BY_TWO: "RR", MEAN_SD: "MD", PREPOST: "MC"}
NOT_ASSESSED = Text(en="not assessed", id="belum dinilai")
#: the appraisal app's stable judgement keys (RoB 2 and ROBINS-I) as readers see them
JUDGEMENTS: dict[str, Text] = {
    "low": Text(en="low risk", id="risiko rendah"),
    "some_concerns": Text(en="some concerns", id="beberapa kekhawatiran"),
    "high": Text(en="high risk", id="risiko tinggi"),
    "moderate": Text(en="moderate risk", id="risiko sedang"),
    "serious": Text(en="serious risk", id="risiko serius"),
    "critical": Text(en="critical risk", id="risiko kritis"),
    "no_information": Text(en="no information", id="tidak ada informasi"),
}


def judgement_label(key: str | None, lang: str) -> str:
    if key is None:
        return NOT_ASSESSED.in_(lang)
    return JUDGEMENTS[key].in_(lang) if key in JUDGEMENTS else key


# ----------------------------------------------------------------------------- the form template

def settings_of(review: Review, user: Any) -> ExtractionSettings:
    row = ExtractionSettings.objects.filter(review=review).first()
    if row is None:
        row = ExtractionSettings(review=review)
        row.save(by=user, reason="default extraction settings")
    return row


def ensure_template(review: Review, user: Any) -> list[ExtractionField]:
    """The review's fields; the default template is created with the review's first form."""
    if not ExtractionField.objects.filter(review=review).exists():
        for i, (key, kind, label_id, label_en, options) in enumerate(DEFAULT_FIELDS):
            ExtractionField(review=review, key=key, kind=kind, label_id=label_id, label_en=label_en,
                            options=list(options), order=10 * (i + 1)).save(by=user, reason="default template")
        settings_of(review, user)
    return list(ExtractionField.objects.filter(review=review, active=True))


def included_records(review: Review) -> list[ReviewRecord]:
    """INCLUDED STUDIES: records finally included at full text (WEB.md)."""
    ids = [pk for pk, d in final_decisions(review, FULL_TEXT).items() if d == INCLUDE]
    return list(review.records.filter(pk__in=ids).order_by("pk"))


def study_label(record: ReviewRecord) -> str:
    """"Surname year", as a forest plot names a study (the record id when there is no author).

    >>> from laktasi.web.reviews.models import ReviewRecord as R
    >>> [study_label(R(authors=[a], year=2022, record_id="x")) for a in ("Supardi, A.", "Supardi A", "Ika Sari")]
    ['Supardi 2022', 'Supardi 2022', 'Sari 2022']
    """
    first = str(record.authors[0]).strip() if record.authors else ""
    if "," in first:  # "Supardi, A." (RIS, Scopus)
        surname = first.split(",")[0].strip()
    else:  # "Supardi A" (PubMed) or "Ahmad Supardi"
        words = first.split()
        initials = len(words) > 1 and words[-1].replace(".", "").isupper() and len(words[-1].replace(".", "")) <= 3
        surname = " ".join(words[:-1]) if initials else (words[-1] if words else "")
    parts = [p for p in (surname, str(record.year or "")) if p]
    return " ".join(parts) or record.record_id


def extractions(record: ReviewRecord) -> list[Extraction]:
    return list(record.extractions.select_related("extractor").order_by("pk"))


def needed_extractors(review: Review) -> int:
    return int(ExtractionSettings.objects.filter(review=review).values_list("extractors", flat=True).first() or TWO)


def comparison_open(record: ReviewRecord, needed: int | None = None) -> bool:
    """Blind extraction, as dual screening: the answers are compared (and seen by anyone) only once as many
    extractors as the review asks for have marked their form done."""
    needed = needed_extractors(record.review) if needed is None else needed
    return record.extractions.filter(done=True).count() >= needed


def visible_extractions(record: ReviewRecord) -> list[Extraction]:
    """The forms anyone may see: the done ones, once the comparison is open; else none."""
    if not comparison_open(record):
        return []
    return [e for e in extractions(record) if e.done]


def mark_done(record: ReviewRecord, user: Any) -> bool:
    """The extractor's form is done (and locked); False when she has none."""
    row = record.extractions.filter(extractor=user).first()
    if row is None:
        return False
    if not row.done:
        row.done = True
        row.save(by=user, reason="extraction form marked done")
    return True


@dataclass(frozen=True)
class FieldComparison:
    field: ExtractionField
    answers: tuple[str, ...]  # one per extraction, in extraction order
    consensus: Any  # ConsensusValue | None
    differ: bool

    @property
    def final(self) -> str | None:
        """The consensus, else the value every extractor gave; ``None`` while they differ."""
        if self.consensus is not None:
            return str(self.consensus.value)
        return None if self.differ else (self.answers[0] if self.answers else "")


def compare(record: ReviewRecord, fields: Iterable[ExtractionField]) -> list[FieldComparison]:
    """Each field across the done forms; no answers (and no final value) while the comparison is closed."""
    rows = visible_extractions(record)
    consensus = {c.field_id: c for c in record.consensus_values.all()}
    out = []
    for f in fields:
        answers = tuple(str(e.values.get(f.key, "")).strip() for e in rows)
        differ = len({_normal(f, a) for a in answers}) > 1
        out.append(FieldComparison(f, answers, consensus.get(f.pk), differ))
    return out


def _normal(f: ExtractionField, value: str) -> str:
    """Numbers compare by value (``12`` = ``12,0``), text case- and space-insensitively."""
    if f.kind == NUMBER:
        number = parse_number(value)
        if number is not None:
            return repr(number)
    return " ".join(value.split()).casefold()


def parse_number(value: str) -> float | None:
    s = str(value).strip().replace("\u2212", "-")
    if "," in s and "." not in s:
        s = s.replace(",", ".")
    try:
        x = float(s)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


@dataclass(frozen=True)
class StudyStatus:
    record: ReviewRecord
    label: str
    done: int  # extractions submitted
    needed: int
    open_differences: int
    blocks: int
    unchecked: int  # blocks no second member has checked against the paper
    flags: tuple[AuditEntry, ...]
    audited: int
    judgement: str


def status_rows(review: Review, lang: str) -> list[StudyStatus]:
    fields = list(ExtractionField.objects.filter(review=review, active=True))
    needed = int(ExtractionSettings.objects.filter(review=review).values_list("extractors", flat=True).first() or TWO)
    judgements = rob_judgements(review) or {}
    out = []
    for r in included_records(review):
        comparison = compare(r, fields)
        entries = audit_record(r)
        out.append(StudyStatus(
            record=r, label=study_label(r), done=r.extractions.filter(done=True).count(), needed=needed,
            open_differences=sum(1 for c in comparison if c.final is None),
            blocks=r.effect_blocks.filter(active=True).count(),
            unchecked=r.effect_blocks.filter(active=True, verified_by__isnull=True).count(),
            flags=tuple(flagged(entries)), audited=len(entries),
            judgement=judgement_label(judgements.get(r.pk), lang)))
    return out


# ----------------------------------------------------------------------------- effect-size blocks

def block_of(row: EffectBlock) -> Block:
    """The library's typed block of a stored one."""
    v = row.values
    if row.kind == EFFECT_CI:
        return EffectCI(row.measure, float(v["estimate"]), float(v["ci_low"]), float(v["ci_high"]))
    cls = BLOCK_CLASSES[row.kind]
    args = {k: (None if v.get(k) is None else float(v[k])) for k in BLOCK_VALUES[row.kind] if k in v}
    return cls(**args)  # type: ignore[no-any-return]


COUNT_KEYS = ("n_t", "n_c", "events_t", "events_c")


def is_count(key: str) -> bool:
    """n and events are whole numbers wherever they are shown or written."""
    return key in COUNT_KEYS


def count_value(key: str, value: Any) -> Any:
    """A count as an int (``22``, not ``22,0``); any other value unchanged."""
    if is_count(key) and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def whole_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """The meta table with its count columns as whole numbers (``n_t = 20``, not ``20.0``) in the CSV."""
    out = frame.copy()
    for col in COUNT_KEYS:
        if col in out.columns:
            values = out[col]
            finite = values.dropna()
            if len(finite) and all(float(v).is_integer() for v in finite):
                out[col] = values.astype("Int64")
    return out


def outcomes(review: Review) -> list[str]:
    return sorted({b.outcome for b in EffectBlock.objects.filter(review=review, active=True)})


def block_measures(b: EffectBlock) -> set[str]:
    """The measures one block can be pooled as."""
    return {b.measure} if b.kind == EFFECT_CI else set(KIND_MEASURES[b.kind])


def measures_for(blocks: Iterable[EffectBlock]) -> list[str]:
    """Measures some block of an outcome can be pooled as: the measure most blocks can give first (ties: the
    usual measure of the commonest kind of block, then the CLI's order); blocks that cannot give the chosen
    measure are left out of the analysis, with the reason said (:func:`run_meta`)."""
    from laktasi.cli.meta import MEASURES

    rows = list(blocks)
    counts = {m: sum(1 for b in rows if m in block_measures(b)) for m in MEASURES}
    kinds = [b.kind for b in rows]
    common = max(sorted(set(kinds)), key=kinds.count) if kinds else ""
    usual = DEFAULT_MEASURE.get(common, "")
    order = {m: i for i, m in enumerate(MEASURES)}
    return sorted((m for m in MEASURES if counts[m]), key=lambda m: (-counts[m], m != usual, order[m]))


#: a block's kind as the reason it is left out names it
KIND_NAMES = {TWO_BY_TWO: Text(en="2×2 counts", id="hitungan 2×2"),
              MEAN_SD: Text(en="mean, SD and n", id="rerata, SD dan n"),
              PREPOST: Text(en="pre/post means and SDs", id="rerata dan SD pra/pasca"),
              EFFECT_CI: Text(en="an effect with its 95% CI", id="efek dengan IK 95%")}


def cannot_give(b: EffectBlock, measure: str) -> Text:
    """Why a block is left out of an analysis of another measure."""
    kind = KIND_NAMES[b.kind]
    gives = ", ".join(sorted(block_measures(b)))
    return Text(en=f"its data ({kind.en}) cannot give {measure}, only {gives}",
                id=f"datanya ({kind.id}) tidak dapat menghasilkan {measure}, hanya {gives}")


def rob_judgements(review: Review) -> dict[int, str] | None:
    """record pk → overall risk-of-bias judgement (the appraisal app's), or None while it has none."""
    try:
        from laktasi.web.review_appraisal import services as appraisal
    except ImportError:
        return None
    overall: Callable[[Review], dict[int, str]] | None = getattr(appraisal, "overall_judgements", None)
    return None if overall is None else dict(overall(review))


@dataclass(frozen=True)
class MetaRun:
    outcome: str
    measure: str
    method: str
    hk: bool
    frame: pd.DataFrame | None  # the table ``laktasi meta`` reads
    analysis: MetaAnalysis | None
    problems: tuple[Problem, ...] = ()
    excluded: tuple[tuple[str, Text], ...] = ()  # (study label, why) left out of this analysis
    blocks: tuple[EffectBlock, ...] = ()
    subgroup: str | None = None
    notes: tuple[Text, ...] = field(default=())


def active_blocks(review: Review, outcome: str) -> list[EffectBlock]:
    """The outcome's blocks of included studies and of the team's own studies."""
    included = {r.pk for r in included_records(review)}
    rows = EffectBlock.objects.filter(review=review, outcome=outcome, active=True).select_related("record")
    return [b for b in rows if b.record_id is None or b.record_id in included]


ROB = "rob"  # the subgroup choice "by risk-of-bias judgement"; any other value is an extraction field's key
MIN_STUDIES = 2  # what read_study_table needs for any analysis


def _lacking(b: EffectBlock, f: ExtractionField, use: Text) -> Text:
    """Why a block is left out of a subgroup analysis or meta-regression on field ``f``."""
    if b.own_study:
        return Text(en=f"no value of “{f.label_en or f.label_id}” (the team's own study has no extraction form), "
                       f"left out of the {use.en}",
                    id=f"tidak ada nilai “{f.label_id}” (studi tim sendiri tidak memiliki formulir ekstraksi), "
                       f"tidak diikutkan dalam {use.id}")
    return Text(en=f"no value of “{f.label_en or f.label_id}” (not extracted or the extractors still differ), "
                   f"left out of the {use.en}",
                id=f"tidak ada nilai “{f.label_id}” (belum diekstraksi atau para pengekstraksi masih berbeda), "
                   f"tidak diikutkan dalam {use.id}")


SUBGROUP_USE = Text(en="subgroup analysis", id="analisis subkelompok")
REGRESSION_USE = Text(en="meta-regression", id="meta-regresi")


def _field_values(review: Review, key: str, lang: str) -> tuple[ExtractionField | None, dict[int, str]]:
    """record pk → the final (consensus or agreed) value of one extraction field, for the included studies."""
    f = ExtractionField.objects.filter(review=review, key=key, active=True).first()
    if f is None:
        return None, {}
    out = {}
    for r in included_records(review):
        final = compare(r, [f])[0].final
        if final:
            out[r.pk] = final
    return f, out


def run_meta(review: Review, outcome: str, measure: str, method: str = "REML", hk: bool = False,
             by_rob: bool = False, drop_judgements: Iterable[str] = (), lang: str = "en",
             subgroup_field: str | None = None, moderator_field: str | None = None) -> MetaRun:
    """Pool one outcome as ``laktasi meta`` does: the same table, the same two library calls. Subgroups by
    risk of bias (``by_rob``) or by an extraction field's final value (``subgroup_field``, the column named by
    the field's key, as ``--subgroup``); a number field as the moderator of a meta-regression (``--moderator``)."""
    blocks = active_blocks(review, outcome)
    judgements = rob_judgements(review) if (by_rob or drop_judgements) else None
    drop = set(drop_judgements)
    rows: list[StudyBlock] = []
    used: list[EffectBlock] = []
    excluded: list[tuple[str, Text]] = []
    notes: list[Text] = []
    if (by_rob or drop) and judgements is None:
        notes.append(Text(en="Risk-of-bias judgements are not available yet.",
                          id="Penilaian risiko bias belum tersedia."))
    by_field, field_values = _field_values(review, subgroup_field, lang) if subgroup_field and not by_rob \
        else (None, {})
    moderator, moderator_values = _field_values(review, moderator_field, lang) if moderator_field else (None, {})
    labels: set[str] = set()
    lacking: list[tuple[str, ExtractionField, Text]] = []  # left out: no value of the subgroup field or moderator
    for b in blocks:
        key = (judgements or {}).get(b.record_id) if b.record_id is not None else None
        judgement = judgement_label(key, lang)
        if judgements is not None and (key or "") in drop:
            excluded.append((b.label, Text(en=f"risk of bias: {judgement}", id=f"risiko bias: {judgement}")))
            continue
        if measure not in block_measures(b):
            excluded.append((b.label, cannot_give(b, measure)))
            continue
        label = b.label if b.label not in labels else f"{b.label} [{b.pk}]"
        labels.add(label)
        group: str | None = None
        if by_rob and judgements is not None:
            group = judgement
        elif by_field is not None:
            group = field_values.get(b.record_id or -1)
            if not group:
                excluded.append((b.label, _lacking(b, by_field, SUBGROUP_USE)))
                lacking.append((b.label, by_field, SUBGROUP_USE))
                continue
        if moderator is not None and not moderator_values.get(b.record_id or -1):
            excluded.append((b.label, _lacking(b, moderator, REGRESSION_USE)))
            lacking.append((b.label, moderator, REGRESSION_USE))
            continue
        rows.append(StudyBlock(label, block_of(b), group))
        used.append(b)
    subgroup = "risk_of_bias" if by_rob and judgements is not None else by_field.key if by_field is not None else None
    for f, use in ((by_field, SUBGROUP_USE), (moderator, REGRESSION_USE)):
        names = ", ".join(label for label, g, u in lacking if g is f and u is use)
        if f is not None and names:
            notes.append(Text(en=f"Left out of the {use.en} (no value of “{f.label_en or f.label_id}”): {names}",
                              id=f"Tidak diikutkan dalam {use.id} (tidak ada nilai “{f.label_id}”): {names}"))
    base = dict(outcome=outcome, measure=measure, method=method, hk=hk, excluded=tuple(excluded), blocks=tuple(used),
                subgroup=subgroup, notes=tuple(notes))
    if lacking and len(rows) < MIN_STUDIES:
        names = ", ".join(label for label, _f, _u in lacking)
        fields_en = " / ".join(dict.fromkeys(f"“{f.label_en or f.label_id}”" for _l, f, _u in lacking))
        fields_id = " / ".join(dict.fromkeys(f"“{f.label_id}”" for _l, f, _u in lacking))
        use = lacking[0][2] if len({u.en for _l, _f, u in lacking}) == 1 else \
            Text(en="analysis", id="analisis")
        problem = Problem(code="too_few_studies", text=Text(
            en=f"the {use.en} needs at least {MIN_STUDIES} studies with a value of {fields_en}; {len(rows)} "
               f"{'has' if len(rows) == 1 else 'have'} one. Without a value: {names}",
            id=f"{use.id} memerlukan sedikitnya {MIN_STUDIES} studi dengan nilai {fields_id}; hanya {len(rows)} "
               f"yang memilikinya. Tanpa nilai: {names}"))
        return MetaRun(frame=None, analysis=None, problems=(problem,), **base)  # type: ignore[arg-type]
    if not rows:
        return MetaRun(frame=None, analysis=None, **base)  # type: ignore[arg-type]
    frame = whole_counts(meta_frame(rows, measure))
    if subgroup:
        frame = frame.rename(columns={"subgroup": subgroup})
    moderator_column = None
    if moderator is not None:
        moderator_column = moderator.key if moderator.key != subgroup else f"{moderator.key}_moderator"
        frame[moderator_column] = [moderator_values.get(b.record_id or -1, "") for b in used]
    source = f"review {review.pk}: {outcome}"
    try:
        table = read_study_table(frame, measure, file=source, subgroup=subgroup, moderator=moderator_column)
        analysis = run_meta_analysis(table, method=method, hk=hk, file=source)
    except InputError as exc:
        return MetaRun(frame=frame, analysis=None, problems=exc.problems, **base)  # type: ignore[arg-type]
    return MetaRun(frame=frame, analysis=analysis, **base)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- reported statistics

#: kind → the fields its form asks for, as named in the ``laktasi audit`` YAML claim
STAT_FIELDS: dict[str, tuple[str, ...]] = {
    "two_means": ("n1", "mean1", "sd1", "n2", "mean2", "sd2", "reported_p"),
    "mean": ("n", "mean"),
    "mean_sd": ("n", "mean", "sd"),
    "percentage": ("n", "percent", "count"),
    "two_proportions": ("n1", "events1", "percent1", "n2", "events2", "percent2", "reported_p"),
    "t": ("statistic", "df", "reported_p"),
    "f": ("statistic", "df1", "df2", "reported_p"),
    "chi2": ("statistic", "df", "reported_p"),
    "z": ("statistic", "reported_p"),
    "r": ("statistic", "df", "reported_p"),
    "text": ("text",),
}
OPTIONAL_STAT_FIELDS = frozenset({"count", "events1", "percent1", "events2", "percent2"})


def _count(value: str) -> Any:
    s = value.strip()
    return int(s) if s.isdigit() else s


def claim_of(kind: str, fields: dict[str, str], claim_id: str) -> dict[str, Any]:
    """A reported statistic as a ``laktasi audit`` claim (numbers stay printed text: precision matters)."""
    f = {k: str(v).strip() for k, v in fields.items() if str(v).strip()}
    claim: dict[str, Any] = {"id": claim_id, "kind": kind}
    if kind == "two_means":
        for g in "12":
            claim[f"group{g}"] = {"n": _count(f.get(f"n{g}", "")), "mean": f.get(f"mean{g}"), "sd": f.get(f"sd{g}")}
        claim["reported_p"] = f.get("reported_p")
    elif kind == "two_proportions":
        for g in "12":
            group: dict[str, Any] = {"n": _count(f.get(f"n{g}", ""))}
            if f.get(f"events{g}"):
                group["events"] = _count(f[f"events{g}"])
            elif f.get(f"percent{g}"):
                group["percent"] = f[f"percent{g}"]
            claim[f"group{g}"] = group
        claim["reported_p"] = f.get("reported_p")
    elif kind in ("mean", "mean_sd", "percentage"):
        for k in STAT_FIELDS[kind]:
            if k in f:
                claim[k] = _count(f[k]) if k in ("n", "count") else f[k]
    elif kind == "f":
        claim.update(statistic=f.get("statistic"), df1=f.get("df1"), df2=f.get("df2"), reported_p=f.get("reported_p"))
    elif kind == "text":
        claim["text"] = f.get("text", "")
    else:
        claim.update({k: f.get(k) for k in STAT_FIELDS[kind]})
    return claim


def check_claim(kind: str, fields: dict[str, str]) -> list[Problem]:
    """The problems ``laktasi audit`` would report for this claim (empty: it can be audited)."""
    try:
        validate_claims([claim_of(kind, fields, "claim")])
    except InputError as exc:
        return list(exc.problems)
    return []


def claim_id(stat: ReportedStatistic) -> str:
    """"Supardi 2022, Tabel 4.7 #12": the study, where in the paper, and the row (unique in a review)."""
    return f"{study_label(stat.record)}, {stat.label or stat.kind} #{stat.pk}"


def audit_record(record: ReviewRecord) -> list[AuditEntry]:
    """Each active reported statistic of a study through :func:`laktasi.audit.audit_claims`."""
    stats = list(ReportedStatistic.objects.filter(record=record, active=True).select_related("record"))
    claims = [claim_of(s.kind, s.fields, claim_id(s)) for s in stats]
    try:
        return audit_claims(claims) if claims else []
    except InputError:  # stored claims were valid when saved; a library change must not break the page
        return []


#: a sub-check (the worst of a claim) → the flag shown
FLAG_NAMES = {"grim": "GRIM", "grimmer": "GRIMMER", "percentage": "GRIM %", "text": "text"}


def flag_name(entry: AuditEntry) -> str:
    """GRIM, GRIMMER, GRIM % (a percentage no count gives), text (a contradiction) or p (a recomputed p)."""
    lead = next((d for d in entry.details if d.verdict == entry.verdict), None)
    check = lead.check if lead is not None else entry.check
    return FLAG_NAMES.get(check, FLAG_NAMES.get(entry.check, "p"))


def flagged(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    return [e for e in entries if e.verdict in ("inconsistent", "impossible")]
