"""Study designs: which columns hold what, the arms, outcomes, rules and test choices.

A wide table with the conventional names (``id``, ``arm``/``group``/``kelompok``,
``<outcome>_pre``/``<outcome>_post``) needs no design file: :func:`infer_design` reads it. Anything
else is declared in a YAML design file (:func:`load_design`); :func:`design_to_yaml` writes one
back, e.g. as a starting point for the user to edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml

from laktasi import data as package_data
from laktasi.errors import InputError, Problem, Text
from laktasi.trial.io import is_missing, parse_cell
from laktasi.trial.results import ClassificationRule

ID_ALIASES = ("id", "no", "nomor", "responden", "kode")
ARM_ALIASES = ("arm", "group", "kelompok")
CONTROL_NAMES = ("control", "kontrol", "kelompok kontrol")
TIME_SUFFIXES = {"pre": "pre", "post": "post", "sebelum": "pre", "sesudah": "post"}
KINDS = ("continuous", "ordinal", "binary", "nominal")

#: Tests a design file may choose, per outcome kind and scope. Never a t-test on category codes.
ALLOWED_TESTS: dict[str, dict[str, tuple[str, ...]]] = {
    "continuous": {"within": ("paired_t", "wilcoxon_signed_rank", "sign_test"),
                   "between": ("ancova", "welch_t", "mann_whitney")},
    "ordinal": {"within": ("sign_test", "wilcoxon_signed_rank", "marginal_homogeneity"),
                "between": ("mann_whitney", "fisher_exact", "chi_square")},
    "binary": {"within": ("mcnemar", "sign_test", "marginal_homogeneity"),
               "between": ("fisher_exact", "chi_square")},
    "nominal": {"within": ("marginal_homogeneity", "mcnemar"),
                "between": ("fisher_exact", "chi_square")},
}


@dataclass(frozen=True)
class OutcomeSpec:
    """An outcome as declared: file columns per time point; ``kind`` ``None`` means "decide from the data"."""

    name: str
    columns: tuple[str, ...]  # file column per time point (wide); empty in long layout
    labels: tuple[str, ...]  # time labels, in time order
    kind: str | None = None
    unit: str = ""
    levels: tuple[str, ...] = ()
    compare: tuple[str, str] | None = None
    measure: str | None = None  # key of the package range table
    tests: tuple[tuple[str, str], ...] = ()  # (("within", "sign_test"), ("between", "mann_whitney"))
    value_column: str | None = None  # long layout: the column holding this outcome's values
    hours: tuple[tuple[str, float], ...] = ()  # hours postpartum per time label (for time-specific ranges)

    def hours_at(self, label: str) -> float | None:
        return dict(self.hours).get(label)

    def test_for(self, scope: str) -> str | None:
        return dict(self.tests).get(scope)


@dataclass(frozen=True)
class StudyDesign:
    id_column: str = "id"
    arm_column: str | None = "arm"  # None: a single-group study
    reference_arm: str | None = None
    outcomes: tuple[OutcomeSpec, ...] = ()
    rules: tuple[ClassificationRule, ...] = ()
    covariates: tuple[str, ...] = ()
    design_label: str = ""
    layout: Literal["wide", "long"] = "wide"
    time_column: str | None = None  # long layout
    time_levels: tuple[str, ...] = ()  # long layout: time values in order
    source: str = ""  # the design file, or "(inferred from <data file>)"
    notes: tuple[Problem, ...] = field(default=(), compare=False)  # warnings found while inferring

    def outcome(self, name: str) -> OutcomeSpec:
        for o in self.outcomes:
            if o.name == name:
                return o
        raise KeyError(name)


def _norm(text: str) -> str:
    return " ".join(str(text).strip().lower().split())


def _level_orders() -> list[dict[str, Any]]:
    return package_data.level_orders()


def match_known_order(values: list[str]) -> tuple[str, tuple[str, ...]] | None:
    """(kind, levels) of the known order covering the most values (``None`` when none covers any)."""
    observed = {_norm(v) for v in values}
    best: tuple[int, int, dict[str, Any]] | None = None
    for order in _level_orders():
        levels = [_norm(x) for x in order["levels"]]
        hits = len(observed & set(levels))
        if hits == 0:
            continue
        key = (hits, len(levels))  # ties go to the longer order: "lancar" alone is the 3-level scale
        if best is None or key > best[:2]:
            best = (key[0], key[1], order)
    if best is None:
        return None
    order = best[2]
    return str(order["kind"]), tuple(str(x) for x in order["levels"])


def _guess_measure(name: str) -> tuple[str | None, str]:
    """Volume outcomes are checked against the sourced per-session range (unit ml)."""
    if re.search(r"vol|produksi|asi_ml|_ml$", name.lower()):
        return "expressed_volume", "ml"
    return None, ""


def _mostly_numbers(series: pd.Series) -> bool:
    values = [v for v in series.tolist() if not is_missing(v)]
    if not values:
        return True
    numeric = sum(1 for v in values if isinstance(v, (int, float)) or parse_cell(str(v)) is not None)
    return numeric >= 0.8 * len(values)


def infer_kind(frame: pd.DataFrame, columns: list[str]) -> tuple[str, tuple[str, ...]]:
    """(kind, levels) of an outcome from its columns' values (see design.md "Study data tables")."""
    series = [frame[c] for c in columns]
    value_labels: dict[str, list[str]] = frame.attrs.get("value_labels", {}) or {}
    measure: dict[str, str] = frame.attrs.get("measure", {}) or {}
    for c, s in zip(columns, series, strict=True):
        if isinstance(s.dtype, pd.CategoricalDtype):
            levels = tuple(value_labels.get(c) or [str(x) for x in s.cat.categories])
            known = match_known_order(list(levels))
            if known is not None and {_norm(x) for x in levels} <= {_norm(x) for x in known[1]}:
                return known[0], levels
            if len(levels) == 2:
                return "binary", levels
            return ("nominal" if measure.get(c) == "nominal" else "ordinal"), levels
    if all(pd.api.types.is_numeric_dtype(s.dtype) or _mostly_numbers(s) for s in series):
        return "continuous", ()
    values = [str(v) for s in series for v in s.tolist() if not is_missing(v)]
    known = match_known_order(values)
    if known is not None:
        return known
    levels = tuple(sorted({_norm(v) for v in values}))
    return ("binary" if len(levels) == 2 else "nominal"), levels


def infer_design(frame: pd.DataFrame, file: str | Path = "") -> StudyDesign:
    """Read the conventional wide layout (no design file): id, arm, ``<outcome>_pre``/``_post`` pairs.

    >>> df = pd.DataFrame({"ID": [1, 2], "Kelompok": ["kontrol", "intervensi"],
    ...                    "volume_pre": [10.0, 12.0], "volume_post": [14.0, 20.0]})
    >>> d = infer_design(df, "x.csv")
    >>> d.id_column, d.arm_column, d.outcomes[0].name, d.outcomes[0].kind, d.outcomes[0].unit
    ('ID', 'Kelompok', 'volume', 'continuous', 'ml')
    """
    file = str(file)
    by_lower = {str(c).strip().lower(): str(c) for c in frame.columns}
    problems: list[Problem] = []
    notes: list[Problem] = []
    id_col = next((by_lower[a] for a in ID_ALIASES if a in by_lower), None)
    arm_col = next((by_lower[a] for a in ARM_ALIASES if a in by_lower), None)
    if id_col is None:
        problems.append(Problem("no_id_column", Text(
            en="no id column: name one column 'id' (one row per participant) or give a design file",
            id="tidak ada kolom id: beri nama satu kolom 'id' (satu baris per responden) atau gunakan berkas "
               "desain"), file=file, row=1))
    pairs: dict[str, dict[str, str]] = {}
    for col in frame.columns:
        m = re.match(r"^(.+?)[_ ](pre|post|sebelum|sesudah)$", str(col).strip(), flags=re.IGNORECASE)
        if m:
            pairs.setdefault(m.group(1), {})[TIME_SUFFIXES[m.group(2).lower()]] = str(col)
    outcomes: list[OutcomeSpec] = []
    for base, cols in pairs.items():
        if set(cols) != {"pre", "post"}:
            only = next(iter(cols.values()))
            notes.append(Problem("unpaired_column", Text(
                en=f"column {only!r} has no partner ({base}_pre / {base}_post); it is not analysed",
                id=f"kolom {only!r} tidak berpasangan ({base}_pre / {base}_post); tidak dianalisis"),
                file=file, row=1, column=only, severity="warning"))
            continue
        columns = [cols["pre"], cols["post"]]
        kind, levels = infer_kind(frame, columns)
        measure, unit = _guess_measure(base) if kind == "continuous" else (None, "")
        outcomes.append(OutcomeSpec(name=base, columns=tuple(columns), labels=("pre", "post"), kind=kind,
                                    unit=unit, levels=levels, measure=measure))
    if not outcomes:
        problems.append(Problem("no_outcomes", Text(
            en="no outcome columns found: name them <outcome>_pre and <outcome>_post (e.g. volume_pre, "
               "volume_post) or give a design file",
            id="kolom luaran tidak ditemukan: beri nama <luaran>_pre dan <luaran>_post (mis. volume_pre, "
               "volume_post) atau gunakan berkas desain"), file=file, row=1))
    if problems:
        raise InputError(problems)
    return StudyDesign(id_column=id_col or "id", arm_column=arm_col, outcomes=tuple(outcomes),
                       source=f"(inferred from {file})" if file else "(inferred)", notes=tuple(notes))


# --------------------------------------------------------------------------- design files

class _YamlLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. (YAML 1.1 reads ``id: no`` — a common id column — as False.)"""


_YamlLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_YamlLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))


class _DesignReader:
    """Collects every problem in a design file before giving up."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, where: str, value: Any, en: str, id_: str) -> None:
        self.problems.append(Problem("design_file", Text(en=en, id=id_), file=self.path, column=where,
                                     value=value if isinstance(value, (str, int, float)) else None))

    def strings(self, where: str, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, (str, int, float)):
            return (str(value),)
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            return tuple(str(v) for v in value)
        self.error(where, None, "expected a name or a list of names", "seharusnya sebuah nama atau daftar nama")
        return ()

    def numbers(self, where: str, value: Any) -> tuple[float, ...]:
        if not isinstance(value, list):
            self.error(where, None, "expected a list of numbers", "seharusnya daftar angka")
            return ()
        out = []
        for v in value:
            if isinstance(v, bool) or not isinstance(v, (int, float, str)):
                self.error(where, None, "expected numbers", "seharusnya angka")
                continue
            x = float(v) if isinstance(v, (int, float)) else parse_cell(v)
            if x is None:
                self.error(where, v, "not a number", "bukan angka")
            else:
                out.append(x)
        return tuple(out)


def _outcome_from_yaml(r: _DesignReader, name: str, spec: Any, long: bool,
                       time_levels: tuple[str, ...]) -> OutcomeSpec | None:
    where = f"outcomes.{name}"
    if isinstance(spec, str) and long:
        spec = {"column": spec}
    if not isinstance(spec, dict):
        r.error(where, None, "expected a mapping (pre/post columns, kind, unit, levels)",
                "seharusnya pemetaan (kolom pre/post, kind, unit, levels)")
        return None
    known = {"pre", "post", "times", "column", "kind", "unit", "levels", "compare", "measure", "tests", "label",
             "hours_postpartum"}
    for key in spec:
        if key not in known:
            r.error(f"{where}.{key}", str(key), f"unknown key (expected one of {sorted(known)})",
                    f"kunci tidak dikenal (seharusnya salah satu dari {sorted(known)})")
    kind = spec.get("kind")
    if kind is not None and kind not in KINDS:
        r.error(f"{where}.kind", kind, f"kind must be one of {list(KINDS)}", f"kind harus salah satu dari {list(KINDS)}")
        kind = None
    levels = r.strings(f"{where}.levels", spec.get("levels"))
    if levels and kind is None:
        kind = "binary" if len(levels) == 2 else "ordinal"
    if levels and kind == "continuous":
        r.error(f"{where}.levels", None, "a continuous outcome has no levels", "luaran kontinu tidak memiliki kategori")
    columns: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    value_column = None
    if long:
        value_column = str(spec.get("column", name))
        labels = time_levels
    elif "times" in spec:
        times = spec["times"]
        if not isinstance(times, dict) or len(times) < 2:
            r.error(f"{where}.times", None, "expected a mapping of at least two time labels to columns",
                    "seharusnya pemetaan sedikitnya dua label waktu ke kolom")
        else:
            labels = tuple(str(k) for k in times)
            columns = tuple(str(v) for v in times.values())
    elif "pre" in spec and "post" in spec:
        labels, columns = ("pre", "post"), (str(spec["pre"]), str(spec["post"]))
    else:
        r.error(where, None, "give the columns: pre and post, or times: {label: column, ...}",
                "tuliskan kolomnya: pre dan post, atau times: {label: kolom, ...}")
    compare = None
    if "compare" in spec:
        pair = r.strings(f"{where}.compare", spec["compare"])
        if len(pair) != 2 or any(p not in labels for p in pair) or (
                len(pair) == 2 and labels.index(pair[0]) >= labels.index(pair[1])):
            r.error(f"{where}.compare", None, f"compare names two time labels, earlier first, from {list(labels)}",
                    f"compare menyebut dua label waktu, yang lebih awal dahulu, dari {list(labels)}")
        else:
            compare = (pair[0], pair[1])
    tests: list[tuple[str, str]] = []
    if "tests" in spec:
        if not isinstance(spec["tests"], dict):
            r.error(f"{where}.tests", None, "expected {within: TEST, between: TEST}",
                    "seharusnya {within: UJI, between: UJI}")
        else:
            for scope, test in spec["tests"].items():
                if scope not in ("within", "between"):
                    r.error(f"{where}.tests.{scope}", str(scope), "scope must be 'within' or 'between'",
                            "cakupan harus 'within' atau 'between'")
                    continue
                tests.append((str(scope), str(test)))
    hours: list[tuple[str, float]] = []
    if "hours_postpartum" in spec:
        given = spec["hours_postpartum"]
        if not isinstance(given, dict):
            r.error(f"{where}.hours_postpartum", None, "expected {time label: hours postpartum, ...}",
                    "seharusnya {label waktu: jam postpartum, ...}")
        else:
            for key, value in given.items():
                if str(key) not in labels:
                    r.error(f"{where}.hours_postpartum.{key}", str(key), f"not a time label of {list(labels)}",
                            f"bukan label waktu dari {list(labels)}")
                elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                    r.error(f"{where}.hours_postpartum.{key}", None, "hours postpartum must be a number ≥ 0",
                            "jam postpartum harus angka ≥ 0")
                else:
                    hours.append((str(key), float(value)))
    measure = spec.get("measure")
    if measure is not None and measure not in package_data.ranges():
        r.error(f"{where}.measure", measure, f"unknown measure (known: {sorted(package_data.ranges())})",
                f"ukuran tidak dikenal (yang dikenal: {sorted(package_data.ranges())})")
        measure = None
    unit = str(spec.get("unit", ""))
    if measure is None and (kind in (None, "continuous")) and "measure" not in spec:
        guessed, guessed_unit = _guess_measure(name)
        if guessed and unit in ("", "ml", "cc"):
            measure, unit = guessed, unit or guessed_unit
    return OutcomeSpec(name=str(name), columns=columns, labels=labels, kind=kind, unit=unit, levels=levels,
                       compare=compare, measure=measure, tests=tuple(tests), value_column=value_column,
                       hours=tuple(hours))


def _rule_from_yaml(r: _DesignReader, name: str, spec: Any, outcomes: dict[str, OutcomeSpec]) -> ClassificationRule | None:
    where = f"classification.{name}"
    if not isinstance(spec, dict):
        r.error(where, None, "expected a mapping (from, levels, cutpoints or ranges)",
                "seharusnya pemetaan (from, levels, cutpoints atau ranges)")
        return None
    source = str(spec.get("from", ""))
    if source not in outcomes:
        r.error(f"{where}.from", source, f"'from' must name an outcome ({sorted(outcomes)})",
                f"'from' harus menyebut sebuah luaran ({sorted(outcomes)})")
        return None
    levels = r.strings(f"{where}.levels", spec.get("levels"))
    cutpoints: tuple[float, ...] = ()
    ranges: tuple[tuple[float, float], ...] = ()
    score_range = None
    if "cutpoints" in spec:
        cutpoints = r.numbers(f"{where}.cutpoints", spec["cutpoints"])
    elif "ranges" in spec:
        raw = spec["ranges"]
        if isinstance(raw, dict):  # {level: [lo, hi]}
            levels = levels or tuple(str(k) for k in raw)
            raw = [raw.get(lv) for lv in levels]
        pairs = []
        for i, item in enumerate(raw if isinstance(raw, list) else []):
            nums = r.numbers(f"{where}.ranges[{i}]", item)
            if len(nums) == 2:
                pairs.append((nums[0], nums[1]))
            else:
                r.error(f"{where}.ranges[{i}]", None, "each range is [lowest, highest]",
                        "setiap rentang berbentuk [terendah, tertinggi]")
        ranges = tuple(pairs)
        if "score_range" in spec:
            sr = r.numbers(f"{where}.score_range", spec["score_range"])
            score_range = (sr[0], sr[1]) if len(sr) == 2 else None
    else:
        r.error(where, None, "give cutpoints (a measurement) or ranges with score_range (a score)",
                "tuliskan cutpoints (pengukuran) atau ranges dengan score_range (skor)")
        return None
    rule = ClassificationRule(name=str(name), source=source, levels=levels, cutpoints=cutpoints,
                              unit=str(spec.get("unit", outcomes[source].unit)), ranges=ranges,
                              score_range=score_range)
    for text in rule.check():
        r.error(where, None, text.en, text.id)
    return rule


def design_from_mapping(doc: Any, path: str = "(design)") -> StudyDesign:
    """Build a design from parsed YAML (the web app passes a form's mapping here)."""
    r = _DesignReader(path)
    if not isinstance(doc, dict):
        r.error("", None, "a design file is a YAML mapping (id, arm, outcomes, ...)",
                "berkas desain berupa pemetaan YAML (id, arm, outcomes, ...)")
        raise InputError(r.problems)
    known = {"id", "arm", "reference_arm", "outcomes", "classification", "covariates", "design_label", "type",
             "layout", "time", "title"}
    for key in doc:
        if key not in known:
            r.error(str(key), str(key), f"unknown key (expected one of {sorted(known)})",
                    f"kunci tidak dikenal (seharusnya salah satu dari {sorted(known)})")
    arm = doc.get("arm", "arm")
    reference = doc.get("reference_arm")
    arm_column: str | None
    if isinstance(arm, dict):
        arm_column = str(arm.get("column", "arm"))
        reference = arm.get("reference", reference)
    elif arm is None or arm is False:
        arm_column = None
    else:
        arm_column = str(arm)
    time = doc.get("time")
    long = doc.get("layout") == "long" or time is not None
    time_column: str | None = None
    time_levels: tuple[str, ...] = ()
    if long:
        if not isinstance(time, dict) or "column" not in time or "levels" not in time:
            r.error("time", None, "a long table needs time: {column: NAME, levels: [pre, post, ...]}",
                    "tabel panjang memerlukan time: {column: NAMA, levels: [pre, post, ...]}")
        else:
            time_column = str(time["column"])
            time_levels = r.strings("time.levels", time["levels"])
            if len(time_levels) < 2:
                r.error("time.levels", None, "at least two time points", "sedikitnya dua titik waktu")
    outcomes_doc = doc.get("outcomes")
    outcomes: dict[str, OutcomeSpec] = {}
    if not isinstance(outcomes_doc, dict) or not outcomes_doc:
        r.error("outcomes", None, "name at least one outcome", "sebutkan sedikitnya satu luaran")
    else:
        for name, spec in outcomes_doc.items():
            o = _outcome_from_yaml(r, str(name), spec, long, time_levels)
            if o is not None:
                outcomes[o.name] = o
    rules: list[ClassificationRule] = []
    classification = doc.get("classification") or {}
    if not isinstance(classification, dict):
        r.error("classification", None, "expected a mapping of rule names to rules",
                "seharusnya pemetaan nama aturan ke aturannya")
    else:
        for name, spec in classification.items():
            if str(name) in outcomes:
                r.error(f"classification.{name}", str(name), "a rule cannot have an outcome's name",
                        "aturan tidak boleh bernama sama dengan luaran")
                continue
            rule = _rule_from_yaml(r, str(name), spec, outcomes)
            if rule is not None:
                rules.append(rule)
    for o in outcomes.values():
        for scope, test in o.tests:
            kind = o.kind
            if kind is not None and test not in ALLOWED_TESTS[kind][scope]:
                extra_en = " (never a t-test on category codes)" if "t" in test.split("_") else ""
                extra_id = " (uji t tidak boleh dipakai pada kode kategori)" if extra_en else ""
                r.error(f"outcomes.{o.name}.tests.{scope}", test,
                        f"{test} does not fit a {kind} outcome; choose one of {list(ALLOWED_TESTS[kind][scope])}"
                        + extra_en,
                        f"{test} tidak sesuai untuk luaran {kind}; pilih salah satu dari "
                        f"{list(ALLOWED_TESTS[kind][scope])}" + extra_id)
    label = doc.get("design_label", doc.get("type", ""))
    if r.problems:
        raise InputError(r.problems)
    return StudyDesign(
        id_column=str(doc.get("id", "id")), arm_column=arm_column,
        reference_arm=None if reference is None else str(reference),
        outcomes=tuple(outcomes.values()), rules=tuple(rules),
        covariates=r.strings("covariates", doc.get("covariates")),
        design_label=str(label or ""), layout="long" if long else "wide",
        time_column=time_column, time_levels=time_levels, source=path)


def load_design(path: str | Path) -> StudyDesign:
    """Read a YAML design file (see design.md "Study data tables"); every problem reported at once."""
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem("file_not_found", Text(en="design file not found", id="berkas desain tidak "
                                                         "ditemukan"), file=str(path))])
    try:
        doc = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_YamlLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError([Problem("design_yaml", Text(en=f"not valid YAML: {exc}", id=f"bukan YAML yang sah: {exc}"),
                                  file=str(path), row=None if mark is None else mark.line + 1)]) from None
    return design_from_mapping(doc, str(path))


def design_to_yaml(design: StudyDesign) -> str:
    """The design as a YAML design file (round-trips through :func:`load_design`)."""
    doc: dict[str, Any] = {"id": design.id_column}
    if design.arm_column is None:
        doc["arm"] = None
    else:
        arm: dict[str, Any] = {"column": design.arm_column}
        if design.reference_arm:
            arm["reference"] = design.reference_arm
        doc["arm"] = arm
    if design.design_label:
        doc["design_label"] = design.design_label
    if design.layout == "long":
        doc["time"] = {"column": design.time_column, "levels": list(design.time_levels)}
    outcomes: dict[str, Any] = {}
    for o in design.outcomes:
        spec: dict[str, Any] = {}
        if design.layout == "long":
            spec["column"] = o.value_column or o.name
        elif o.labels == ("pre", "post"):
            spec["pre"], spec["post"] = o.columns
        else:
            spec["times"] = dict(zip(o.labels, o.columns, strict=True))
        if o.kind:
            spec["kind"] = o.kind
        if o.unit:
            spec["unit"] = o.unit
        if o.measure:
            spec["measure"] = o.measure
        if o.levels:
            spec["levels"] = list(o.levels)
        if o.compare:
            spec["compare"] = list(o.compare)
        if o.tests:
            spec["tests"] = dict(o.tests)
        if o.hours:
            spec["hours_postpartum"] = dict(o.hours)
        outcomes[o.name] = spec
    doc["outcomes"] = outcomes
    if design.rules:
        rules: dict[str, Any] = {}
        for rule in design.rules:
            spec = {"from": rule.source, "levels": list(rule.levels)}
            if rule.kind == "cutpoints":
                spec["cutpoints"] = list(rule.cutpoints)
            else:
                spec["ranges"] = [list(x) for x in rule.ranges]
                if rule.score_range:
                    spec["score_range"] = list(rule.score_range)
            rules[rule.name] = spec
        doc["classification"] = rules
    if design.covariates:
        doc["covariates"] = list(design.covariates)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def with_reference(design: StudyDesign, reference: str) -> StudyDesign:
    return replace(design, reference_arm=reference)
