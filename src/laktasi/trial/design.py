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
from laktasi.files import GuardedSafeLoader, load_yaml
from laktasi.trial.io import is_missing, parse_cell
from laktasi.trial.results import ClassificationRule

#: Header names recognised without a design file, as Indonesian and English users write them
#: (compared after :func:`header_key`: lower case, punctuation and underscores as spaces).
ID_ALIASES = ("id", "no", "nomor", "no responden", "nomor responden", "responden", "kode", "kode responden",
              "id responden", "subjek", "subject", "participant", "partisipan", "sampel", "no sampel")
ARM_ALIASES = ("arm", "group", "grup", "kelompok", "perlakuan", "kelompok perlakuan", "treatment", "kel")
CONTROL_NAMES = ("control", "kontrol", "kelompok kontrol")
#: Time words in a header: alone ("Sebelum") or around an outcome name ("produksi_sebelum", "Pre kelancaran").
TIME_WORDS = {"pre": "pre", "pretest": "pre", "pre test": "pre", "sebelum": "pre", "before": "pre",
              "post": "post", "posttest": "post", "post test": "post", "sesudah": "post", "setelah": "post",
              "after": "post"}
TIME_SUFFIXES = TIME_WORDS  # the former name, kept for callers
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
    label: str = ""  # how captions and sentences name the outcome (design file ``label:``)

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
    given: frozenset[str] = field(default=frozenset(), compare=False)  # keys a design file set (the rest inferred)
    allocation: str = ""  # how participants were put in arms, as the design file says ("random", "total sampling")
    extras: tuple[tuple[str, str], ...] = field(default=(), compare=False)  # report settings: report_style, chapter …

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


MAX_CODES = 5  # at most this many distinct small whole numbers look like category codes
MAX_CODE = 9


def category_codes(series: list[pd.Series]) -> tuple[str, ...]:
    """The levels ``("1", "2", "3")`` when an outcome's numbers are a few small whole numbers — category
    codes typed the SPSS way, not measurements — else ``()``.

    Milk volumes, scores and counts that are real measurements take many values; a column holding
    only 1, 2 and 3 (or 0 and 1) across every mother and time point is a coding of categories, and a
    t-test or ANCOVA on it would report nonsense (all differences equal gives t = 10^15).
    """
    values: list[float] = []
    for s in series:
        for v in s.tolist():
            if is_missing(v):
                continue
            x = float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else parse_cell(str(v))
            if x is None:
                return ()
            values.append(x)
    distinct = sorted(set(values))
    if len(values) < 4 or not 2 <= len(distinct) <= MAX_CODES:
        return ()
    if not all(x.is_integer() and 0 <= x <= MAX_CODE for x in distinct):
        return ()
    return tuple(str(int(x)) for x in distinct)


def header_key(name: object) -> str:
    """``"No. Responden"`` → ``"no responden"``; ``"Produksi_ASI-Sebelum"`` → ``"produksi asi sebelum"``."""
    return " ".join(re.sub(r"[._:\-/()]+", " ", str(name)).lower().split())


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
        codes = category_codes(series)
        if codes:
            return "ordinal", codes
        return "continuous", ()
    values = [str(v) for s in series for v in s.tolist() if not is_missing(v)]
    known = match_known_order(values)
    if known is not None:
        return known
    levels = tuple(sorted({_norm(v) for v in values}))
    return ("binary" if len(levels) == 2 else "nominal"), levels


def _split_time(column: str) -> tuple[str, str] | None:
    """(outcome words, "pre"/"post") of a header holding a time word at its end or start, else ``None``."""
    words = header_key(column).split()
    for n in (2, 1):
        if len(words) >= n and " ".join(words[-n:]) in TIME_WORDS:
            return " ".join(words[:-n]), TIME_WORDS[" ".join(words[-n:])]
    for n in (2, 1):
        if len(words) > n and " ".join(words[:n]) in TIME_WORDS:
            return " ".join(words[n:]), TIME_WORDS[" ".join(words[:n])]
    return None


def _unnamed_outcome(levels: tuple[str, ...], kind: str) -> str:
    """A name for an outcome whose columns are only "Sebelum"/"Sesudah": from its categories when known."""
    if kind != "continuous" and {_norm(x) for x in levels} & {"lancar", "kurang lancar", "tidak lancar"}:
        return "kelancaran"
    return "luaran"


_ID_HELP = Text(en="a column named id, No, No. Responden, Nomor, Kode or Responden (any case), or 'id: <column>' in "
                   "a design file", id="kolom bernama id, No, No. Responden, Nomor, Kode atau Responden (huruf besar/"
                   "kecil bebas), atau 'id: <kolom>' di berkas desain")
_OUTCOME_HELP = Text(
    en="pairs of columns such as volume_pre / volume_post, 'Produksi sebelum' / 'Produksi sesudah', Pretest / "
       "Posttest or Sebelum / Sesudah, or 'outcomes:' in a design file",
    id="pasangan kolom seperti volume_pre / volume_post, 'Produksi sebelum' / 'Produksi sesudah', Pretest / "
       "Posttest atau Sebelum / Sesudah, atau 'outcomes:' di berkas desain")


def infer_design(frame: pd.DataFrame, file: str | Path = "", base: StudyDesign | None = None,
                 strict: bool = True) -> StudyDesign:
    """Read a wide table with the headers users write (no design file, or to complete a partial one).

    Recognised: an id column (``id``, ``No``, ``No. Responden``, ``Kode`` …), an arm column (``Kelompok``,
    ``Grup``, ``Perlakuan``, ``group`` …) and per outcome a pair of columns whose headers carry a time word
    at the end or the start (``volume_pre``, ``Produksi ASI sebelum``, ``Pretest kelancaran``) or are the
    time word alone (``Sebelum`` / ``Sesudah``, ``Pretest`` / ``Posttest``: the outcome is then named from
    its categories, e.g. *kelancaran*). ``base`` is a design file that left some of this out: what it
    gives is kept and only the rest is read from the headers. With ``strict`` false, problems travel in
    ``notes`` (severity ``error``) so the caller can report them together with its own.

    >>> df = pd.DataFrame({"ID": [1, 2], "Kelompok": ["kontrol", "intervensi"],
    ...                    "volume_pre": [10.0, 12.0], "volume_post": [14.0, 20.0]})
    >>> d = infer_design(df, "x.csv")
    >>> d.id_column, d.arm_column, d.outcomes[0].name, d.outcomes[0].kind, d.outcomes[0].unit
    ('ID', 'Kelompok', 'volume', 'continuous', 'ml')
    >>> df = pd.DataFrame({"No. Responden": [1, 2], "Perlakuan": ["kontrol", "pijat"],
    ...                    "Sebelum": ["kurang lancar", "kurang lancar"], "Sesudah": ["lancar", "cukup lancar"]})
    >>> d = infer_design(df, "x.csv")
    >>> d.id_column, d.arm_column, d.outcomes[0].name, d.outcomes[0].columns
    ('No. Responden', 'Perlakuan', 'kelancaran', ('Sebelum', 'Sesudah'))
    """
    file = str(file)
    given = base.given if base is not None else frozenset()
    by_key = {header_key(c): str(c) for c in frame.columns}
    problems: list[Problem] = []
    notes: list[Problem] = list(base.notes) if base is not None else []
    columns_text = ", ".join(map(str, frame.columns))
    id_col: str | None
    if "id" in given and base is not None:
        id_col = base.id_column
    else:
        id_col = next((by_key[a] for a in ID_ALIASES if a in by_key), None)
        if id_col is None:
            problems.append(Problem("no_id_column", Text(
                en=f"no participant id column (one row per participant): use {_ID_HELP.en}; the table's columns "
                   f"are: {columns_text}",
                id=f"tidak ada kolom id responden (satu baris per responden): gunakan {_ID_HELP.id}; kolom di "
                   f"tabel: {columns_text}"), file=file, row=1))
    arm_col: str | None
    if "arm" in given and base is not None:
        arm_col = base.arm_column
    else:
        arm_col = next((by_key[a] for a in ARM_ALIASES if a in by_key), None)
    taken = {c for c in (id_col, arm_col) if c} | set(base.covariates if base is not None else ())
    pairs: dict[str, dict[str, str]] = {}
    for col in frame.columns:
        if str(col) in taken:
            continue
        split = _split_time(str(col))
        if split:
            pairs.setdefault(split[0], {})[split[1]] = str(col)
    outcomes: list[OutcomeSpec] = []
    if "outcomes" in given and base is not None:
        outcomes = list(base.outcomes)
        pairs = {}
    for words, cols in pairs.items():
        if set(cols) != {"pre", "post"}:
            only = next(iter(cols.values()))
            notes.append(Problem("unpaired_column", Text(
                en=f"column {only!r} has no before/after partner ({_OUTCOME_HELP.en}); it is not analysed",
                id=f"kolom {only!r} tidak memiliki pasangan sebelum/sesudah ({_OUTCOME_HELP.id}); tidak "
                   "dianalisis"), file=file, row=1, column=only, severity="warning"))
            continue
        columns = [cols["pre"], cols["post"]]
        kind, levels = infer_kind(frame, columns)
        name = _original_words(columns[0], words).replace(" ", "_") if words else _unnamed_outcome(levels, kind)
        if any(o.name == name for o in outcomes):
            name = f"{name}_{len(outcomes) + 1}"
        measure, unit = _guess_measure(name) if kind == "continuous" else (None, "")
        outcomes.append(OutcomeSpec(name=name, columns=tuple(columns), labels=("pre", "post"), kind=kind,
                                    unit=unit, levels=levels, measure=measure))
    if not outcomes:
        problems.append(Problem("no_outcomes", Text(
            en=f"no outcome columns found: use {_OUTCOME_HELP.en}; the table's columns are: {columns_text}",
            id=f"kolom luaran tidak ditemukan: gunakan {_OUTCOME_HELP.id}; kolom di tabel: {columns_text}"),
            file=file, row=1))
    if problems and strict:
        raise InputError(problems)
    notes.extend(problems)
    if base is not None:
        return replace(base, id_column=id_col or "", arm_column=arm_col, outcomes=tuple(outcomes),
                       notes=tuple(notes))
    return StudyDesign(id_column=id_col or "", arm_column=arm_col, outcomes=tuple(outcomes),
                       source=f"(inferred from {file})" if file else "(inferred)", notes=tuple(notes))


def _original_words(column: str, words: str) -> str:
    """The outcome's words as the header spells them: "Produksi ASI sebelum" → "Produksi ASI"."""
    n = len(words.split())
    if n == 0:
        return ""
    parts = re.sub(r"[._:\-/()]+", " ", column).split()
    time_first = header_key(parts[0]) in TIME_WORDS or header_key(" ".join(parts[:2])) in TIME_WORDS
    return " ".join(parts[-n:] if time_first else parts[:n])


# --------------------------------------------------------------------------- design files

class _YamlLoader(GuardedSafeLoader):
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
    shown = spec.get("label", "")
    if not isinstance(shown, str):
        r.error(f"{where}.label", None, "label is the outcome's name as captions write it, e.g. Produksi ASI",
                "label berupa nama luaran seperti ditulis di judul tabel, mis. Produksi ASI")
        shown = ""
    return OutcomeSpec(name=str(name), columns=columns, labels=labels, kind=kind, unit=unit, levels=levels,
                       compare=compare, measure=measure, tests=tuple(tests), value_column=value_column,
                       hours=tuple(hours), label=shown.strip())


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
             "layout", "time", "title", "allocation", "report_style", "chapter", "year", "data_source"}
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
    if outcomes_doc is None and not long:
        pass  # a partial design file: the outcomes are read from the table's headers (infer_design)
    elif not isinstance(outcomes_doc, dict) or not outcomes_doc:
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
    allocation = doc.get("allocation", "")
    if not isinstance(allocation, str):
        r.error("allocation", None, "allocation is a short text, e.g. random, total sampling, consecutive",
                "allocation berupa teks singkat, mis. random, total sampling, consecutive")
        allocation = ""
    # "design_file" marks a design read from a file or form: what it leaves out is read from the headers
    given = frozenset(k for k in ("id", "arm", "outcomes") if k in doc) | {"design_file"}
    if r.problems:
        raise InputError(r.problems)
    return StudyDesign(
        given=given, allocation=allocation.strip(), extras=_extras(doc),
        id_column=str(doc.get("id", "id")), arm_column=arm_column,
        reference_arm=None if reference is None else str(reference),
        outcomes=tuple(outcomes.values()), rules=tuple(rules),
        covariates=r.strings("covariates", doc.get("covariates")),
        design_label=str(label or ""), layout="long" if long else "wide",
        time_column=time_column, time_levels=time_levels, source=path)


def _extras(doc: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Report settings a design file may carry (``report_style``, ``chapter``, ``year``, ``data_source``, ``title``)."""
    return tuple((k, str(doc[k])) for k in ("report_style", "chapter", "year", "data_source", "title")
                 if doc.get(k) is not None)


def load_design(path: str | Path) -> StudyDesign:
    """Read a YAML design file (see design.md "Study data tables"); every problem reported at once."""
    path = Path(path)
    # laktasi.files: size limit, encodings, depth and alias-expansion limits, impossible dates as errors
    doc = load_yaml(path, loader=_YamlLoader)
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
    if design.allocation:
        doc["allocation"] = design.allocation
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
        if o.label:
            spec["label"] = o.label
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
