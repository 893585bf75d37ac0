"""The results chapter as a format-free list of blocks, rendered to HTML and DOCX alike.

Building the content once keeps the HTML and Word reports saying exactly the same thing; the
renderers in :mod:`laktasi.report.study` only decide how a heading, a table or a figure looks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from laktasi.report.numbers import fmt_int, fmt_num, fmt_p, fmt_percent
from laktasi.report.study_figures import arm_column
from laktasi.report.study_skripsi import (
    Style,
    characteristics_table,
    complete_summary,
    conclusion,
    crosstab_summary,
    descriptives_summary,
    design_statement,
    frequency_summary,
    groups_summary,
    style_for,
    tests_summary,
)
from laktasi.report.study_text import (
    ancova_checks_sentence,
    apa_sentence,
    arm_name,
    brief_sentence,
    capitalise,
    compared_times,
    comparison_name,
    effect_cell,
    hypothesis_sentence,
    label,
    outcome_label,
    outcome_name,
    p_text,
    scope_name,
    spss_sentence,
    symbols_note,
    test_name,
    test_statistic,
    time_name,
    verdict_sentence,
)
from laktasi.trial.results import ClassificationRule, Outcome, OutcomeTest, StudyAnalysis

MAX_PROBLEMS = 30  # data notes listed one by one; the rest are counted


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "normal"  # "normal" | "banner" (synthetic-data label) | "sentence" | "note" | "lead"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    kind: str = "normal"  # "normal" | "warning"


@dataclass(frozen=True)
class Table:
    number: int
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    key: str = ""  # stable identifier for tests and the web app, e.g. "frequency:kelancaran"
    groups: tuple[tuple[str, int], ...] = ()  # optional header row above ``header``: (text, columns spanned)
    shown: str = ""  # the number as printed: "4.1" in a skripsi chapter, "1" otherwise
    source: str = ""  # "Sumber: Data Primer, 2026" under a skripsi table


@dataclass(frozen=True)
class FigureRef:
    number: int
    key: str  # key of study_figures()
    caption: str
    shown: str = ""  # the number as printed ("4.1")


Block = Heading | Paragraph | Bullets | Table | FigureRef


@dataclass(frozen=True)
class StudyDocument:
    title: str
    lang: str
    synthetic: bool
    blocks: tuple[Block, ...]
    style: str = "plain"  # "skripsi" | "plain" (laktasi.report.study_skripsi.Style)

    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    def table(self, key: str) -> Table:
        return next(t for t in self.tables() if t.key == key)


def is_synthetic(analysis: StudyAnalysis) -> bool:
    """Whether the analysis says its data are synthetic (a flag, a warning code or the design label)."""
    if bool(getattr(analysis, "synthetic", False)):
        return True
    if any("synthetic" in w.code.lower() for w in analysis.warnings):
        return True
    text = (analysis.design_label or "").lower()
    if "synthetic" in text or "sintetis" in text:
        return True
    data = analysis.data
    return bool(data is not None and data.attrs.get("synthetic"))


def _n_pct(n: float, total: float, lang: str) -> str:
    pct = 100.0 * n / total if total else float("nan")
    return f"{fmt_int(int(n), lang)} ({fmt_percent(pct if math.isfinite(pct) else None, 1, lang)})"


def _rule_text(rule: ClassificationRule, lang: str) -> str:
    """The rule as trial words it (cut-points or score ranges), so report and terminal agree."""
    return rule.describe(lang)


class _Builder:
    def __init__(self, analysis: StudyAnalysis, lang: str, figure_keys: Iterable[str], style: Style) -> None:
        self.a = analysis
        self.lang = lang
        self.style = style
        self.spss_explained = False
        self.blocks: list[Block] = []
        self.n_table = 0
        self.n_figure = 0
        self.figure_keys = list(figure_keys)

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def table(self, caption: str, header: Iterable[str], rows: Iterable[Iterable[Any]], key: str,
              note: str = "", groups: tuple[tuple[str, int], ...] = (), summary: str = "") -> None:
        self.n_table += 1
        shown = self.style.number(self.n_table)
        source = self.style.source_line(self.lang) if self.style.skripsi else ""
        self.add(Table(self.n_table, caption, tuple(header), tuple(tuple(str(c) for c in r) for r in rows), note, key,
                       groups, shown, source))
        if self.style.skripsi and summary:
            lead = f"Berdasarkan tabel {shown}, " if self.lang == "id" else f"Table {shown} shows that "
            self.add(Paragraph(lead + summary, kind="summary"))

    def figure(self, key: str) -> None:
        from laktasi.report.study_figures import figure_caption

        if key in self.figure_keys:
            self.n_figure += 1
            self.add(FigureRef(self.n_figure, key, figure_caption(key, self.a, self.lang),
                               self.style.number(self.n_figure)))

    # -- sections ---------------------------------------------------------------------------------
    def characteristics(self) -> None:
        a, lang = self.a, self.lang
        self.add(Heading(label("characteristics", lang)))
        statement = design_statement(a, lang)
        if statement:
            self.add(Paragraph(statement))
        source = getattr(a, "source", "")
        if source and not self.style.skripsi:
            if lang == "id":  # the web app names its studies "study 12: …"
                source = re.sub(r"^study (\d+)", r"studi \1", source)
            self.add(Paragraph(f"{label('source', lang)}: {source}.", kind="note"))
        total = sum(a.n.values())
        rows = []
        for arm in a.arms:
            name = capitalise(arm_name(arm, lang))
            if arm == a.reference_arm and len(a.arms) > 1:
                name += f" ({label('reference', lang)})"
            rows.append((name, _n_pct(a.n.get(arm, 0), total, lang)))
        rows.append((label("total", lang), _n_pct(total, total, lang)))
        caption = ("Jumlah responden menurut kelompok" if lang == "id" else "Participants by group")
        self.table(caption, (label("arm", lang), "n (%)"), rows, key="characteristics",
                   summary=groups_summary(a, lang))
        if a.characteristics:
            caption, header, krows, note, summary = characteristics_table(a, lang)
            self.table(caption, header, krows, key="karakteristik", note=note, summary=summary)
        self._covariates()
        if a.complete_cases:
            used: list[tuple[str, ...]] = []
            for outcome in a.outcomes:
                per_arm = a.complete_cases.get(outcome.name)
                if not per_arm:
                    continue
                used.append((capitalise(outcome_label(self.a, outcome.name, lang)),
                             *(f"{fmt_int(per_arm.get(arm, 0), lang)} / {fmt_int(a.n.get(arm, 0), lang)}"
                               for arm in a.arms)))
            if used:
                self.table(label("complete_cases", lang),
                           (label("outcome", lang), *(capitalise(arm_name(arm, lang)) for arm in a.arms)), used,
                           key="complete_cases", summary=complete_summary(a, lang))

    def _covariates(self) -> None:
        """Baseline characteristics per group: mean (SD) for numbers, n (%) per category otherwise."""
        a, lang = self.a, self.lang
        described = {c.column for c in a.characteristics}
        covariates = [c for c in getattr(a, "covariates", ())
                      if a.data is not None and c in a.data.columns and c not in described]
        col = arm_column(a)
        if not covariates or col is None or a.data is None:
            return
        groups = a.data[col].astype(str)
        rows: list[tuple[str, ...]] = []
        for name in covariates:
            values = a.data[name]
            numeric = pd.to_numeric(values, errors="coerce")
            if numeric.notna().sum() == values.notna().sum() and values.notna().any():
                cells = []
                for arm in a.arms:
                    v = numeric[groups == str(arm)].dropna()
                    digits = 1 if v.abs().max() >= 10 else 2
                    cells.append(f"{fmt_num(v.mean(), digits, lang)} ({fmt_num(v.std(ddof=1), digits, lang)})"
                                 if len(v) else "—")
                rows.append((f"{capitalise(outcome_name(name, lang))}, {label('mean_sd_inline', lang)}", *cells))
            else:
                rows.append((capitalise(outcome_name(name, lang)) + ", n (%)", *("" for _ in a.arms)))
                levels = [str(x) for x in pd.unique(values.dropna().astype(str))]
                for level in levels:
                    cells = []
                    for arm in a.arms:
                        v = values[groups == str(arm)].dropna().astype(str)
                        cells.append(_n_pct(int((v == level).sum()), len(v), lang))
                    rows.append((f"   {level}", *cells))
        caption = ("Karakteristik responden menurut kelompok" if lang == "id"
                   else "Participant characteristics by group")
        header = ("", *(capitalise(arm_name(arm, lang)) for arm in a.arms))
        self.table(caption, header, rows, key="covariates")

    def rules(self) -> None:
        if not self.a.rules:
            return
        self.add(Heading(label("rules", self.lang)))
        self.add(Bullets(tuple(_rule_text(r, self.lang) for r in self.a.rules)))

    def univariate(self) -> None:
        a, lang = self.a, self.lang
        self.add(Heading(label("univariate", lang)))
        for outcome in a.outcomes:
            if outcome.kind == "continuous":
                self._descriptives(outcome)
                self.figure(f"{outcome.name}_lines")
                self.figure(f"{outcome.name}_box")
            else:
                self._frequencies(outcome)
                self.figure(f"{outcome.name}_bars")

    def _descriptives(self, outcome: Outcome) -> None:
        a, lang = self.a, self.lang
        d = a.descriptives
        d = d[d["outcome"] == outcome.name] if d is not None and not d.empty else pd.DataFrame()
        if d.empty:
            return
        digits = _desc_digits(d)
        rows = []
        for arm in a.arms:
            for time in outcome.time_labels:
                r = d[(d["arm"].astype(str) == str(arm)) & (d["time"].astype(str) == str(time))]
                if r.empty:
                    continue
                s = r.iloc[0]
                rows.append((
                    capitalise(arm_name(arm, lang)), time_name(time, lang), fmt_int(int(s["n"]), lang),
                    f"{fmt_num(s['mean'], digits, lang)} ({fmt_num(s['sd'], digits, lang)})",
                    f"{fmt_num(s['median'], digits, lang)} ({fmt_num(s['q1'], digits, lang)}–"
                    f"{fmt_num(s['q3'], digits, lang)})",
                    f"{fmt_num(s['min'], digits, lang)}–{fmt_num(s['max'], digits, lang)}",
                ))
        unit = f" ({outcome.unit})" if outcome.unit else ""
        caption = (f"{label('descriptives', lang)}{'' if lang == 'id' else ' of'} {outcome_label(self.a, outcome.name, lang)}{unit} "
                   + ("menurut kelompok dan waktu" if lang == "id" else "by group and time"))
        header = (label("arm", lang), label("time", lang), "n", label("mean_sd", lang), label("median_iqr", lang),
                  label("min_max", lang))
        note = ("SD: simpangan baku; IQR: rentang antarkuartil (kuartil 1–kuartil 3)." if lang == "id"
                else "SD: standard deviation; IQR: interquartile range (first to third quartile).")
        self.table(caption, header, rows, key=f"descriptives:{outcome.name}", note=note,
                   summary=descriptives_summary(a, outcome, lang))

    def _frequencies(self, outcome: Outcome) -> None:
        a, lang = self.a, self.lang
        f = a.frequencies
        f = f[f["outcome"] == outcome.name] if f is not None and not f.empty else pd.DataFrame()
        if f.empty:
            return
        levels = list(outcome.levels) or [str(x) for x in pd.unique(f["level"])]
        columns = [(arm, time) for arm in a.arms for time in outcome.time_labels]
        rows = []
        totals = {c: 0 for c in columns}
        for level in levels:
            row = [level]
            for arm, time in columns:
                r = f[(f["arm"].astype(str) == str(arm)) & (f["time"].astype(str) == str(time))
                      & (f["level"].astype(str) == str(level))]
                n = int(r.iloc[0]["n"]) if not r.empty else 0
                pct = float(r.iloc[0]["percent"]) if not r.empty else 0.0
                totals[(arm, time)] += n
                row.append(f"{fmt_int(n, lang)} ({fmt_percent(pct, 1, lang)})")
            rows.append(row)
        rows.append([label("total", lang), *(f"{fmt_int(totals[c], lang)} ({fmt_percent(100.0, 1, lang)})"
                                              if totals[c] else "0" for c in columns)])
        caption = (f"{label('frequency', lang)}{'' if lang == 'id' else ' of'} {outcome_label(self.a, outcome.name, lang)} "
                   + ("menurut kelompok dan waktu" if lang == "id" else "by group and time"))
        header = (label("level", lang), *(time_name(time, lang) for _, time in columns))
        groups = (("", 1), *((capitalise(arm_name(arm, lang)), len(outcome.time_labels)) for arm in a.arms))
        self.table(caption, header, rows, key=f"frequency:{outcome.name}", note="n (%)", groups=groups,
                   summary=frequency_summary(a, outcome, lang))

    def prepost(self) -> None:
        a, lang = self.a, self.lang
        tables = [(o, arm) for o in a.outcomes if o.kind != "continuous" for arm in a.arms
                  if (o.name, arm) in a.crosstabs]
        continuous = [o for o in a.outcomes if o.kind == "continuous" and self._has_within_tests(o)]
        if not tables and not continuous:
            return
        self.add(Heading(label("prepost", lang)))
        for outcome in continuous:
            self._prepost_continuous(outcome)
        for outcome, arm in tables:
            ct = a.crosstabs[(outcome.name, arm)]
            total = float(ct.to_numpy().sum())
            header = (label("row_pre", lang), *(str(c) for c in ct.columns), label("total", lang))
            rows = []
            for idx, r in ct.iterrows():
                values = [float(v) for v in r.to_numpy()]
                rows.append((str(idx), *(fmt_int(int(v), lang) for v in values), fmt_int(int(sum(values)), lang)))
            col_totals = [int(ct[c].sum()) for c in ct.columns]
            rows.append((label("total", lang), *(fmt_int(v, lang) for v in col_totals), fmt_int(int(total), lang)))
            caption = (f"{capitalise(outcome_label(self.a, outcome.name, lang))} sebelum dan sesudah pada "
                       f"{arm_name(arm, lang)}" if lang == "id" else
                       f"{capitalise(outcome_label(self.a, outcome.name, lang))} before and after in the {arm_name(arm, lang)}")
            note = ("Baris: sebelum; kolom: sesudah. Sel diagonal = tidak berubah." if lang == "id"
                    else "Rows: before; columns: after. Diagonal cells = no change.")
            self.table(caption, header, rows, key=f"crosstab:{outcome.name}:{arm}", note=note,
                       summary=crosstab_summary(a, outcome, arm, lang))

    def _has_within_tests(self, outcome: Outcome) -> bool:
        return any(t.outcome == outcome.name and t.scope != "between" and t.primary for t in self.a.tests)

    def _prepost_continuous(self, outcome: Outcome) -> None:
        """The thesis table: per group, the value before and after and the primary within-group test."""
        a, lang = self.a, self.lang
        first, last = compared_times(outcome)
        d = a.descriptives
        d = d[d["outcome"] == outcome.name] if d is not None and not d.empty else pd.DataFrame()
        if d.empty:
            return
        digits = _desc_digits(d)
        primary = {t.scope: t for t in a.tests if t.outcome == outcome.name and t.primary and t.scope != "between"}
        rows = []
        for arm in a.arms:
            cells = []
            for time in (first, last):
                r = d[(d["arm"].astype(str) == str(arm)) & (d["time"].astype(str) == str(time))]
                cells.append("—" if r.empty else
                             f"{fmt_num(r.iloc[0]['mean'], digits, lang)} ({fmt_num(r.iloc[0]['sd'], digits, lang)})")
            test = primary.get(arm)
            used = a.complete_cases.get(outcome.name, {}).get(arm, a.n.get(arm, 0))
            rows.append((capitalise(arm_name(arm, lang)), fmt_int(used, lang), *cells,
                         capitalise(test_name(test.result.test, lang)) if test else "—",
                         p_text(test.result, lang).removeprefix("p ").removeprefix("= ") if test else "—"))
        unit = f" ({outcome.unit})" if outcome.unit else ""
        caption = (f"Rerata {outcome_label(self.a, outcome.name, lang)}{unit} sebelum dan sesudah menurut kelompok"
                   if lang == "id" else
                   f"Mean {outcome_label(self.a, outcome.name, lang)}{unit} before and after, by group")
        header = (label("arm", lang), "n", f"{capitalise(time_name(first, lang))}, {label('mean_sd_inline', lang)}",
                  f"{capitalise(time_name(last, lang))}, {label('mean_sd_inline', lang)}", label("test", lang),
                  label("p", lang))
        note = ("n: pasangan lengkap. Uji: uji utama dalam kelompok (lihat Analisis bivariat)." if lang == "id"
                else "n: complete pairs. Test: the primary within-group test (see Bivariate analysis).")
        self.table(caption, header, rows, key=f"prepost:{outcome.name}", note=note,
                   summary=descriptives_summary(a, outcome, lang))

    def bivariate(self) -> None:
        a, lang = self.a, self.lang
        if not a.tests:
            return
        self.add(Heading(label("bivariate", lang)))
        self.add(Paragraph(label("primary_note", lang), kind="note"))
        for outcome in a.outcomes:
            tests = _ordered(a, [t for t in a.tests if t.outcome == outcome.name])
            if not tests:
                continue
            self.add(Heading(capitalise(outcome_label(self.a, outcome.name, lang)), level=3))
            rows: list[tuple[str, ...]] = []
            grouped = self.style.skripsi  # a skripsi page is narrow: the comparison becomes a row above its tests
            where_before = ""
            for t in tests:
                r = t.result
                eta = (t.ancova.partial_eta2,) if t.ancova is not None else ()
                effects = [effect_cell(e, lang, outcome.unit) for e in (r.effect, *eta, *r.extra_effects)
                           if e is not None]
                where = capitalise(scope_name(t.scope, lang)) + f", {comparison_name(t.comparison, outcome, lang)}"
                cells = (fmt_int(r.n, lang) if r.n else "—", test_statistic(t, lang) or "—",
                         p_text(r, lang).removeprefix("p ").removeprefix("= "), "; ".join(effects) or "—")
                if grouped:
                    if where != where_before:
                        rows.append((where, "", "", "", ""))
                        where_before = where
                    rows.append((("● " if t.primary else "   ") + capitalise(test_name(r.test, lang)), *cells))
                else:
                    rows.append((("● " if t.primary else "") + where, capitalise(test_name(r.test, lang)), *cells))
            caption = (f"Hasil uji untuk {outcome_label(self.a, outcome.name, lang)}" if lang == "id"
                       else f"Tests for {outcome_label(self.a, outcome.name, lang)}")
            header = ((label("test", lang),) if grouped else (label("scope", lang), label("test", lang))) + (
                "n", label("statistic", lang), label("p", lang), label("effect", lang))
            note = ("n: pasangan atau responden yang masuk ke uji (selisih nol tidak dihitung pada uji peringkat "
                    "bertanda dan uji tanda)." if lang == "id" else
                    "n: pairs or participants entering the test (zero differences are not counted in signed-rank "
                    "and sign tests).")
            symbols = symbols_note([t.result for t in tests], lang,
                                   tuple(e.name for t in tests for e in (t.result.effect, *t.result.extra_effects,
                                                                          *((t.ancova.partial_eta2,) if t.ancova
                                                                            else ()))
                                         if e is not None))
            self.table(caption, header, rows, key=f"tests:{outcome.name}", note=f"{note} {symbols}".strip(),
                       summary=tests_summary(a, outcome, lang))
            for t in tests:
                if t.primary:
                    text = " ".join(x for x in (apa_sentence(t, a, lang), verdict_sentence(t.result, lang),
                                                self._spss(t)) if x)
                    self.add(Paragraph(text, kind="sentence"))
                    checks = ancova_checks_sentence(t, lang)
                    if checks:
                        self.add(Paragraph(checks, kind="sentence"))
                    hypothesis = hypothesis_sentence(t, a, lang)
                    if hypothesis and self.style.skripsi:
                        self.add(Paragraph(hypothesis, kind="hypothesis"))
            secondary = [t for t in tests if not t.primary]
            if secondary:
                self.add(Paragraph(label("secondary_tests", lang) + ":", kind="lead"))
                self.add(Bullets(tuple(" ".join(x for x in (brief_sentence(t, a, lang), self._spss(t)) if x)
                                       for t in secondary)))
            self._posthoc(outcome)
            reasons = _reasons(tests, lang)
            if reasons:
                self.add(Paragraph(label("reason", lang) + ":", kind="lead"))
                self.add(Bullets(reasons))

    def warnings(self) -> None:
        a, lang = self.a, self.lang
        self.add(Heading(label("warnings", lang)))
        items = [w.text.in_(lang) for w in a.warnings]
        if items:
            self.add(Bullets(tuple(items), kind="warning"))
        else:
            self.add(Paragraph(label("no_warnings", lang)))
        if a.problems:
            self.add(Heading(label("data_problems", lang), level=3))
            notes = [p.describe(lang) for p in a.problems[:MAX_PROBLEMS]]
            if len(a.problems) > MAX_PROBLEMS:
                more = len(a.problems) - MAX_PROBLEMS
                notes.append(f"… dan {fmt_int(more, lang)} catatan lain." if lang == "id"
                             else f"… and {fmt_int(more, lang)} more.")
            self.add(Bullets(tuple(notes)))

    def _posthoc(self, outcome: Outcome) -> None:
        """Pairwise comparisons with three or more arms (Holm-adjusted), as examiners expect after an overall test."""
        a, lang = self.a, self.lang
        pairs = [c for c in a.posthoc if c.outcome == outcome.name]
        if not pairs:
            return
        rows = []
        significant = []
        for c in pairs:
            stat = (f"t({fmt_num(c.df, 0, lang)}) = {fmt_num(c.statistic, 2, lang).replace('-', '−')}"
                    if c.test == "ancova_contrast" else
                    f"U = {fmt_num(c.statistic, 0 if float(c.statistic).is_integer() else 1, lang)}"
                    if c.test == "mann_whitney" else
                    f"z = {fmt_num(c.statistic, 2, lang).replace('-', '−')}" if c.test == "dunn" else "—")
            pair = f"{capitalise(arm_name(c.first, lang))} vs {arm_name(c.second, lang)}"
            estimate = "—" if c.estimate is None else fmt_num(c.estimate, 1, lang).replace("-", "−") + (
                f" {outcome.unit}" if outcome.unit else "")
            rows.append((pair, capitalise(test_name(c.test, lang)), stat, fmt_p(c.p_value, lang, prefix=False),
                         fmt_p(c.p_holm, lang, prefix=False), estimate))
            named = pair.lower() if lang == "id" else pair
            if c.p_holm < 0.05 and named not in significant:  # exact and Dunn pairs may both name it
                significant.append(named)
        header = ("Pasangan" if lang == "id" else "Pair", label("test", lang), label("statistic", lang),
                  label("p", lang), "p (Holm)",
                  "Selisih rerata terkoreksi" if lang == "id" else "Adjusted mean difference")
        caption = (f"Perbandingan berpasangan {outcome_label(a, outcome.name, lang)} antarkelompok (koreksi Holm)"
                   if lang == "id" else f"Pairwise comparisons of {outcome_label(a, outcome.name, lang)} between "
                   "groups (Holm-adjusted)")
        note = ("Koreksi Holm menjaga peluang kesalahan tipe I keseluruhan ≤ 0,05 untuk semua pasangan sekaligus."
                if lang == "id" else "Holm's adjustment keeps the overall type I error ≤ 0.05 across all pairs.")
        if lang == "id":
            summary = ("perbedaan bermakna setelah koreksi Holm terdapat pada " + "; ".join(significant) + "."
                       if significant else "tidak ada pasangan kelompok yang berbeda bermakna setelah koreksi Holm.")
        else:
            summary = ("after Holm's adjustment the pairs that differ are " + "; ".join(significant) + "."
                       if significant else "no pair of groups differs after Holm's adjustment.")
        self.table(caption, header, rows, key=f"posthoc:{outcome.name}", note=note, summary=summary)

    def _spss(self, test: OutcomeTest) -> str:
        """The SPSS figures of a test; why they differ from the exact p is said the first time only."""
        text = spss_sentence(test, self.lang, explain=not self.spss_explained)
        self.spss_explained = self.spss_explained or "Asymp. Sig. berasal" in text or "Asymp. Sig. comes" in text
        return text

    def conclusion(self) -> None:
        text = conclusion(self.a, self.lang)
        if text:
            self.add(Heading("Kesimpulan" if self.lang == "id" else "Conclusion"))
            self.add(Paragraph(text))

    def methods(self) -> None:
        self.add(Heading(label("methods_note", self.lang)))
        self.add(Paragraph(label("methods_body", self.lang), kind="note"))


def _reasons(tests: list[OutcomeTest], lang: str) -> tuple[str, ...]:
    """Why each test was chosen; the same test with the same reason in several groups is said once."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for t in sorted(tests, key=lambda t: not t.primary):
        text = t.reason.in_(lang)
        if text:
            grouped.setdefault((t.result.test, text), []).append(capitalise(scope_name(t.scope, lang)))
    return tuple(f"{capitalise(test_name(test, lang))} ({', '.join(scopes)}): {text}"
                 for (test, text), scopes in grouped.items())


def _ordered(a: StudyAnalysis, tests: list[OutcomeTest]) -> list[OutcomeTest]:
    scope_order = {arm: i for i, arm in enumerate(a.arms)}
    return sorted(tests, key=lambda t: (scope_order.get(t.scope, len(a.arms)), not t.primary))


def _desc_digits(d: pd.DataFrame) -> int:
    values = pd.to_numeric(d["mean"], errors="coerce").abs()
    biggest = float(values.max()) if len(values) and values.notna().any() else 0.0
    return 1 if biggest >= 10 else 2


def build_study_document(analysis: StudyAnalysis, lang: str = "id",
                         figure_keys: Iterable[str] = (), synthetic: bool | None = None,
                         style: Style | str | None = None) -> StudyDocument:
    """The results chapter's content; ``figure_keys`` are the figures available to place.

    ``style``: ``"skripsi"`` (the default for Indonesian: Tabel 4.1, Sumber lines, "Berdasarkan tabel"
    paragraphs, hypothesis sentences), ``"plain"`` (the default for English), or a :class:`Style`.
    """
    synthetic = is_synthetic(analysis) if synthetic is None else synthetic
    chosen = style if isinstance(style, Style) else style_for(analysis, lang, style)
    b = _Builder(analysis, lang, figure_keys, chosen)
    if synthetic:
        b.add(Paragraph(label("synthetic", lang), kind="banner"))
    b.characteristics()
    b.rules()
    b.univariate()
    b.prepost()
    b.bivariate()
    b.conclusion()
    b.warnings()
    b.methods()
    return StudyDocument(title=label("title", lang), lang=lang, synthetic=synthetic, blocks=tuple(b.blocks),
                         style=chosen.name)
