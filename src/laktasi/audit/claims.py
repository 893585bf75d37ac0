"""Claims as users write them (a YAML list, or free text) → validated → audited.

Every problem in a claims file is collected and raised at once as one
:class:`~laktasi.errors.InputError` (file, line, field, value, why); nothing is audited
from a file with errors. This module parses text it is given; reading files is the caller's.

>>> entries = audit_claims([{"id": "t4.7", "kind": "percentage", "n": 5, "percent": "75"}])
>>> entries[0].verdict
'impossible'
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import yaml

from laktasi.audit.grim import check_mean, check_percentage
from laktasi.audit.grimmer import check_mean_sd
from laktasi.audit.groups import MeanSD, Proportion, check_two_means, check_two_proportions
from laktasi.audit.paired import check_paired_binary, check_paired_table
from laktasi.audit.percentages import check_percent_claim, find_percentages, stated_sizes
from laktasi.audit.printed import Printed, ReportedP, parse_printed, parse_reported_p
from laktasi.audit.pvalues import check_chi2, check_f, check_r, check_t, check_z
from laktasi.audit.results import AuditEntry, SubCheck, entry_from_checks
from laktasi.audit.text import audit_text_items
from laktasi.errors import InputError, Problem, Text, Warning_
from laktasi.files import parse_yaml

KINDS = ("paired_binary", "paired_table", "two_proportions", "two_means", "z", "t", "chi2", "f", "r",
         "percentage", "mean", "mean_sd", "text")
PAIRED_CELLS = ("yes_yes", "yes_no", "no_yes", "no_no")
#: The largest count or group size a claim may give (10 million people).
MAX_COUNT = 10_000_000

Lines = Mapping[int, Mapping[str, int]]


class _Reader:
    """Reads fields of one claim, collecting problems instead of stopping at the first."""

    def __init__(self, claim: Mapping[str, Any], index: int, file: str | None, lines: Lines | None) -> None:
        self.claim = claim
        self.index = index
        self.file = file
        self.lines = lines or {}
        self.problems: list[Problem] = []

    def line(self, key: str | None = None) -> int | None:
        at = self.lines.get(self.index, {})
        return at.get(key or "", at.get("", None)) if key else at.get("", None)

    def problem(self, key: str, value: Any, code: str, en: str, id_: str) -> None:
        cid = self.claim.get("id")
        prefix_en = f"claim {cid!r}: " if cid is not None else f"claim {self.index + 1}: "
        prefix_id = f"klaim {cid!r}: " if cid is not None else f"klaim {self.index + 1}: "
        self.problems.append(Problem(code, Text(prefix_en + en, prefix_id + id_), file=self.file,
                                     row=self.line(key.split(".")[0]), column=key, value=value))

    def get(self, key: str, source: Mapping[str, Any] | None = None, required: bool = True) -> Any:
        src = self.claim if source is None else source
        if key.split(".")[-1] not in src:
            if required:
                self.problem(key, None, "missing_field", f"the field {key!r} is required",
                             f"kolom {key!r} wajib diisi")
            return None
        return src[key.split(".")[-1]]

    def count(self, key: str, source: Mapping[str, Any] | None = None, required: bool = True,
              minimum: int = 0) -> int | None:
        value = self.get(key, source, required)
        if value is None:
            return None
        ok = isinstance(value, int) and not isinstance(value, bool)
        if isinstance(value, str) and value.strip().isdigit():
            value, ok = int(value.strip()), True
        if not ok or value < minimum:
            self.problem(key, value, "not_a_count", f"{key} must be a whole number ≥ {minimum}, not {value!r}",
                         f"{key} harus bilangan bulat ≥ {minimum}, bukan {value!r}")
            return None
        if value > MAX_COUNT:
            # exact tests enumerate counts: beyond this they would exhaust memory, and no study has that many
            self.problem(key, value, "count_too_large", f"{key} = {value} is above the limit of {MAX_COUNT:,}",
                         f"{key} = {value} melebihi batas {MAX_COUNT:,}".replace(",", "."))
            return None
        return int(value)

    def number(self, key: str, source: Mapping[str, Any] | None = None, required: bool = True) -> Printed | None:
        value = self.get(key, source, required)
        if value is None:
            return None
        try:
            return parse_printed(value)
        except ValueError:
            self.problem(key, value, "not_a_number", f"{key} must be a number, not {value!r}",
                         f"{key} harus berupa angka, bukan {value!r}")
            return None

    def p(self) -> ReportedP | None:
        value = self.get("reported_p")
        if value is None:
            return None
        try:
            return parse_reported_p(value)
        except ValueError as exc:
            self.problem("reported_p", value, "not_a_p_value",
                         f"reported_p must be a p-value as printed (\"0.016\", \"<0.001\"): {exc}",
                         f"reported_p harus nilai p seperti tercetak (\"0,016\", \"<0,001\"): {exc}")
            return None

    def mapping(self, key: str) -> Mapping[str, Any] | None:
        value = self.get(key)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.problem(key, value, "not_a_mapping", f"{key} must be a mapping of named values",
                         f"{key} harus berupa pemetaan nilai bernama")
            return None
        return value


def _p_warnings(p: ReportedP | None) -> list[Warning_]:
    if p is None or not p.zero:
        return []
    return [Warning_("p_zero", Text(f'reported p "{p.text}": a p-value is never 0; report p < 0.001.',
                                    f'p dilaporkan "{p.text}": nilai p tidak pernah 0; tulis p < 0,001.'))]


Job = Callable[[], tuple[list[SubCheck], list[Warning_]]]


def _stat_job(kind: str, x: Printed, df1: float, df2: float, p: ReportedP) -> Job:
    def run() -> tuple[list[SubCheck], list[Warning_]]:
        if kind == "z":
            check = check_z(x, p)
        elif kind == "t":
            check = check_t(x, df1, p)
        elif kind == "chi2":
            check = check_chi2(x, df1, p)
        elif kind == "r":
            check = check_r(x, df1, p)
        else:
            check = check_f(x, df1, df2, p)
        return [check], _p_warnings(p)

    return run


def _percentage_job(n: int, pct: Printed, count: int | None) -> Job:
    return lambda: ([check_percentage(n, pct, count)], [])


def _mean_sd_job(n: int, mean: Printed, sd: Printed, items: int, unit: str | None) -> Job:
    return lambda: ([check_mean_sd(n, mean, sd, items, unit)], [])


def _unit(r: _Reader) -> str | None:
    """The optional ``unit:`` of a mean or mean_sd claim (whole values of it: cc, ml)."""
    unit = r.get("unit", required=False)
    if unit is not None and (not isinstance(unit, str) or not unit.strip()):
        r.problem("unit", unit, "bad_unit", "unit must be a word such as cc or ml",
                  "unit harus kata seperti cc atau ml")
        return None
    return unit.strip() if isinstance(unit, str) else None


def _plan(r: _Reader, kind: str) -> Job | None:
    """Validate one claim and return the work that audits it (None when it has problems)."""
    before = len(r.problems)
    job: Job | None = None
    if kind in ("z", "t", "chi2", "r", "f"):
        x = r.number("statistic")
        p = r.p()
        if kind == "f":
            dfs = r.claim.get("df")
            if isinstance(dfs, (list, tuple)) and len(dfs) == 2 and "df1" not in r.claim:
                d1, d2 = (r.number("df", {"df": v}) for v in dfs)
            else:
                d1, d2 = r.number("df1"), r.number("df2")
        else:
            d1, d2 = (r.number("df") if kind != "z" else None), None
        if len(r.problems) == before and x is not None and p is not None:
            f1 = float(d1) if d1 is not None else 0.0
            f2 = float(d2) if d2 is not None else 0.0
            job = _stat_job(kind, x, f1, f2, p)
    elif kind == "percentage":
        n, pct = r.count("n", minimum=1), r.number("percent")
        c = r.count("count", required=False)
        if c is not None and n is not None and c > n:
            r.problem("count", c, "count_above_n", f"count {c} exceeds n = {n}", f"jumlah {c} melebihi n = {n}")
        if len(r.problems) == before and n is not None and pct is not None:
            job = _percentage_job(n, pct, c)
    elif kind == "mean_sd":  # GRIM and GRIMMER
        n, m, sd = r.count("n", minimum=1), r.number("mean"), r.number("sd")
        items = r.count("items", required=False, minimum=1) or 1
        sd_unit = _unit(r)
        if sd is not None and sd.value < 0:
            r.problem("sd", sd.text, "negative_sd", "a standard deviation cannot be negative",
                      "simpangan baku tidak boleh negatif")
        if len(r.problems) == before and n is not None and m is not None and sd is not None:
            job = _mean_sd_job(n, m, sd, items, sd_unit)
    elif kind == "mean":
        n, m = r.count("n", minimum=1), r.number("mean")
        items = r.count("items", required=False, minimum=1) or 1
        unit = _unit(r)
        if len(r.problems) == before and n is not None and m is not None:
            job = lambda: ([check_mean(n, m, items, unit)], [])  # noqa: E731
    elif kind == "paired_binary":
        table, p = r.mapping("table"), r.p()
        if table is not None:
            cells = [r.count(f"table.{c}", table) for c in PAIRED_CELLS]
            if len(r.problems) == before and p is not None and all(v is not None for v in cells):
                yy, yn, ny, nn = (int(v or 0) for v in cells)
                job = lambda: ([check_paired_binary(yy, yn, ny, nn, p)], _p_warnings(p))  # noqa: E731
    elif kind == "paired_table":
        job = _plan_paired_table(r, before)
    elif kind == "two_proportions":
        job = _plan_two_proportions(r, before)
    elif kind == "two_means":
        groups = [r.mapping(g) for g in ("group1", "group2")]
        p = r.p()
        parsed = []
        for name, g in zip(("group1", "group2"), groups, strict=True):
            if g is not None:
                parsed.append((r.count(f"{name}.n", g, minimum=1), r.number(f"{name}.mean", g),
                               r.number(f"{name}.sd", g)))
        for name, (_, _, sd) in zip(("group1", "group2"), parsed, strict=False):
            if sd is not None and sd.value < 0:
                r.problem(f"{name}.sd", sd.text, "negative_sd", "a standard deviation cannot be negative",
                          "simpangan baku tidak boleh negatif")
        if len(r.problems) == before and p is not None and len(parsed) == 2:
            (n1, m1, s1), (n2, m2, s2) = parsed
            if n1 and n2 and m1 and s1 and m2 and s2:
                g1, g2 = MeanSD(n1, m1, s1), MeanSD(n2, m2, s2)
                job = lambda: ([check_two_means(g1, g2, p)], _p_warnings(p))  # noqa: E731
    elif kind == "text":
        text = r.get("text")
        if text is not None and not isinstance(text, str):
            r.problem("text", text, "not_text", "text must be a string", "text harus berupa teks")
        elif isinstance(text, str):
            job = lambda: _text_checks(text)  # noqa: E731
    return job if len(r.problems) == before else None


def _plan_paired_table(r: _Reader, before: int) -> Job | None:
    levels, table, p = r.get("levels"), r.get("table"), r.p()
    if levels is not None and (not isinstance(levels, list) or len(levels) < 2):
        r.problem("levels", levels, "bad_levels", "levels must list at least two categories in order",
                  "levels harus berisi minimal dua kategori berurutan")
        return None
    if levels is not None and len({str(x) for x in levels}) != len(levels):
        r.problem("levels", levels, "bad_levels", "each level must appear once", "setiap level hanya boleh muncul sekali")
        return None
    if table is None or levels is None:
        return None
    k = len(levels)
    rows_ok = isinstance(table, list) and len(table) == k and all(isinstance(row, list) and len(row) == k
                                                                   for row in table)
    if not rows_ok:
        r.problem("table", table, "bad_table", f"table must be {k} rows × {k} columns (pre rows, post columns)",
                  f"table harus {k} baris × {k} kolom (baris sebelum, kolom sesudah)")
        return None
    cells = [[r.count(f"table[{i + 1}][{j + 1}]", {f"table[{i + 1}][{j + 1}]": v}) for j, v in enumerate(row)]
             for i, row in enumerate(table)]
    if len(r.problems) > before or p is None:
        return None
    grid = [[int(v or 0) for v in row] for row in cells]
    names = [str(x) for x in levels]
    return lambda: ([check_paired_table(names, grid, p)], _p_warnings(p))


def _plan_two_proportions(r: _Reader, before: int) -> Job | None:
    groups: list[Proportion] = []
    p = r.p()
    for name in ("group1", "group2"):
        g = r.mapping(name)
        if g is None:
            continue
        n = r.count(f"{name}.n", g, minimum=1)
        if "events" in g:
            e = r.count(f"{name}.events", g)
            if e is not None and n is not None and e > n:
                r.problem(f"{name}.events", e, "count_above_n", f"events {e} exceed n = {n}",
                          f"kejadian {e} melebihi n = {n}")
            elif e is not None and n is not None:
                groups.append(Proportion(n, events=e))
        elif "percent" in g:
            pct = r.number(f"{name}.percent", g)
            if pct is not None and n is not None:
                groups.append(Proportion(n, percent=pct))
        else:
            r.problem(name, dict(g), "missing_field", f"{name} needs events or percent besides n",
                      f"{name} memerlukan events atau percent selain n")
    if len(r.problems) > before or p is None or len(groups) != 2:
        return None
    g1, g2 = groups
    return lambda: (check_two_proportions(g1, g2, p), _p_warnings(p))


def _text_checks(text: str) -> tuple[list[SubCheck], list[Warning_]]:
    checks: list[SubCheck] = []
    warnings: list[Warning_] = []
    for _, cs, ws in audit_text_items(text):
        checks += cs
        warnings += ws
    if not checks:
        checks.append(SubCheck("text", "not_checkable", Text("no statistic or p-value found in the text",
                                                             "tidak ditemukan statistik atau nilai p dalam teks")))
    return checks, warnings


def validate_claims(
    claims: Sequence[Any], file: str | None = None, lines: Lines | None = None
) -> list[tuple[str, str, Job]]:
    """Check every claim; raise one :class:`InputError` listing all problems, else return the jobs."""
    problems: list[Problem] = []
    jobs: list[tuple[str, str, Job]] = []
    seen: set[str] = set()
    for i, claim in enumerate(claims):
        if not isinstance(claim, Mapping):
            problems.append(Problem("not_a_claim", Text(f"claim {i + 1} must be a mapping with id and kind",
                                                        f"klaim {i + 1} harus pemetaan dengan id dan kind"),
                                    file=file, row=(lines or {}).get(i, {}).get(""), value=claim))
            continue
        r = _Reader(claim, i, file, lines)
        cid = claim.get("id")
        if cid is None or isinstance(cid, (dict, list)) or str(cid).strip() == "":
            r.problem("id", cid, "missing_id", "every claim needs an id", "setiap klaim memerlukan id")
        elif str(cid) in seen:
            r.problem("id", cid, "duplicate_id", f"the id {cid!r} is used twice", f"id {cid!r} dipakai dua kali")
        else:
            seen.add(str(cid))
        kind = claim.get("kind")
        if kind not in KINDS:
            r.problem("kind", kind, "unknown_kind", f"kind must be one of {', '.join(KINDS)}",
                      f"kind harus salah satu dari {', '.join(KINDS)}")
            job = None
        else:
            job = _plan(r, str(kind))
        problems += r.problems
        if job is not None and not r.problems:
            jobs.append((str(cid), str(kind), job))
    if problems:
        raise InputError(problems)
    return jobs


def audit_claims(claims: Sequence[Any], file: str | None = None, lines: Lines | None = None) -> list[AuditEntry]:
    """Audit a list of claims (dicts as in the YAML format); one entry per claim, in order."""
    out = []
    for cid, kind, job in validate_claims(claims, file, lines):
        checks, warnings = job()
        out.append(entry_from_checks(cid, kind, checks, warnings))
    return out


def audit_text(text: str) -> list[AuditEntry]:
    """Audit free text: one entry per statistic, p-value or percentage found (with its line and the
    text quoted), ids ``text-1``, ``text-2``, … in order of appearance.

    >>> [(e.id, e.verdict) for e in audit_text("nilai T test 0,003 (p>0,05) ... sangat signifikan")]
    [('text-1', 'inconsistent')]
    """
    found: list[tuple[int, int, str, str, list[SubCheck], list[Warning_]]] = []
    for item, checks, warnings in audit_text_items(text):
        found.append((item.start, item.end, item.kind if item.kind != "p" else "p_value", item.raw, checks, warnings))
    sizes = stated_sizes(text)
    for c in find_percentages(text):
        found.append((c.start, c.end, "percentage", c.quote, [check_percent_claim(c, sizes)], []))
    found.sort(key=lambda f: f[0])
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]  # line of an offset by bisection, not by counting
    out = []
    for i, (start, _end, kind, quote, checks, warnings) in enumerate(found, start=1):
        entry = entry_from_checks(f"text-{i}", "text", checks, warnings)
        out.append(AuditEntry(entry.id, kind, entry.verdict, entry.text, quote, entry.recomputed, entry.details,
                              entry.warnings, line=bisect.bisect_left(newlines, start) + 1, quote=quote))
    return out


def claims_from_yaml(source: str, file: str | None = None) -> tuple[list[Any], dict[int, dict[str, int]]]:
    """Parse a YAML claims document; return the claims and their line numbers (1-based).

    ``lines[i][""]`` is the line where claim ``i`` starts, ``lines[i][key]`` where its ``key`` is.
    A syntax error raises :class:`InputError` naming the line and column.
    """
    # laktasi.files' guarded loader: depth and alias-expansion limits, impossible dates as errors
    data, node = parse_yaml(source, name=file, node=True)
    if isinstance(data, Mapping) and "claims" in data:
        data = data["claims"]
        assert isinstance(node, yaml.MappingNode)
        node = next(v for k, v in node.value if getattr(k, "value", None) == "claims")
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise InputError([Problem("not_a_list", Text(
            "a claims file is a YAML list of claims (each with id and kind)",
            "berkas klaim adalah daftar YAML (setiap klaim dengan id dan kind)"), file=file, row=1)])
    lines: dict[int, dict[str, int]] = {}
    for i, item in enumerate(node.value):
        at = {"": item.start_mark.line + 1}
        if isinstance(item, yaml.MappingNode):
            for k, _ in item.value:
                at[str(k.value)] = k.start_mark.line + 1
        lines[i] = at
    return data, lines
