"""``laktasi analyze DATA [--design FILE] [--lang id|en] [--report PATH.html|PATH.docx] [--json]``.

Reads and validates a study table, analyses it (:func:`laktasi.trial.analysis.analyse`) and prints
the JSON document of design.md (``--json``), writes a results chapter (``--report``), or prints
readable tables. Invalid input exits with status 2 listing every problem.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, check_outputs, print_json, progress
from laktasi.errors import InputError, Problem, Text

P_METHODS = {"exact": "eksak", "asymptotic": "asimtotik", "permutation": "permutasi", "monte_carlo": "Monte Carlo"}


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "analyze",
        help="analyse a study table (before/after by arm): tests, effect sizes, report",
        description="Analyse a primary study: descriptives, exact tests, effect sizes with 95%% CI, warnings. "
        "DATA is a .csv (any delimiter, decimal comma), .xlsx or SPSS .sav table, one row per participant "
        "(id, arm, <outcome>_pre, <outcome>_post) unless a YAML design file says otherwise.",
    )
    parser.add_argument("data", metavar="DATA", help="study table (.csv, .xlsx, .sav)")
    parser.add_argument("--design", metavar="FILE", help="YAML design file (columns, levels, reference arm, rules)")
    add_lang_flag(parser)
    parser.add_argument("--report", metavar="PATH", help="write a results chapter to PATH.html or PATH.docx")
    parser.add_argument("--style", choices=("skripsi", "plain"), default=None,
                        help="report layout: skripsi (Tabel 4.1, Sumber lines, 'Berdasarkan tabel' paragraphs, "
                        "TNR 12 pt, 1.5 spacing, margins 4-3-3-3 cm; default for --lang id) or plain (default for "
                        "--lang en); also report_style: in the design file / tata letak laporan: skripsi (bawaan "
                        "untuk --lang id) atau plain")
    parser.add_argument("--chapter", type=int, default=None, metavar="N",
                        help="chapter number of tables and figures in skripsi style (default 4: Tabel 4.1) / "
                        "nomor bab untuk tabel dan gambar (bawaan 4)")
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from laktasi.trial.analysis import analyse
    from laktasi.trial.study import load_study

    lang = args.lang
    report = Path(args.report) if args.report else None
    if report is not None and report.suffix.lower() not in (".html", ".htm", ".docx"):
        raise InputError([Problem("report_format", Text(
            en="--report must end in .html or .docx", id="--report harus berakhiran .html atau .docx"),
            file=str(report), value=report.suffix or None)])
    if report is not None and report.parent.is_dir():  # a missing folder is created; anything else unusable: exit 2
        check_outputs([("--report", report)])
    if args.chapter is not None and not 1 <= args.chapter <= 20:
        raise InputError([Problem("chapter", Text(en="--chapter must be a chapter number from 1 to 20",
                                                  id="--chapter harus nomor bab dari 1 sampai 20"),
                                  value=args.chapter)])
    progress(f"laktasi analyze: {'membaca' if lang == 'id' else 'reading'} {args.data}")
    study = load_study(args.data, args.design)
    for problem in study.problems:
        progress(f"laktasi: {'peringatan' if lang == 'id' else 'warning'}: {problem.describe(lang)}")
    analysis = analyse(study)
    if report is not None:
        from laktasi.report.study import write_study_report

        if args.chapter is not None:  # the flag wins over the design file's chapter:
            analysis = replace(analysis, settings=(*analysis.settings, ("chapter", str(args.chapter))))
        written = write_study_report(analysis, report, lang=lang, style=args.style)
        progress(f"laktasi analyze: {'laporan ditulis ke' if lang == 'id' else 'report written to'} {written}")
        if not args.json:
            print(written)
    if args.json:
        print_json(analysis.to_json(lang))
    elif report is None:
        sys.stdout.write(render_terminal(analysis, lang))
    return 0


# ----------------------------------------------------------------------------- terminal tables

def _table(header: list[str], rows: list[list[str]], indent: str = "  ", left: int = 2, align: str = "") -> str:
    """A plain-text table; ``align`` ("l"/"r" per column) overrides "first ``left`` columns left"."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [indent + "  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
             indent + "  ".join("-" * w for w in widths)]
    for r in rows:
        cells = []
        for i, (c, w) in enumerate(zip(r, widths, strict=True)):
            is_left = align[i] == "l" if i < len(align) else i < left
            cells.append(str(c).ljust(w) if is_left else str(c).rjust(w))
        lines.append(indent + "  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def render_terminal(analysis: Any, lang: str = "id") -> str:
    """Readable tables for a terminal (bilingual), numbers in the locale's format."""
    from laktasi.report.numbers import fmt_ci, fmt_num, fmt_p, fmt_percent
    from laktasi.trial import texts

    def L(en: str, id_: str) -> str:  # noqa: N802 - a one-letter translation helper reads best here
        return id_ if lang == "id" else en

    out: list[str] = []
    out.append(f"laktasi analyze — {analysis.source}\n")
    arms = ", ".join(f"{a} n={analysis.n[a]}" + (f" ({L('reference', 'rujukan')})" if a == analysis.reference_arm
                                                  and len(analysis.arms) > 1 else "") for a in analysis.arms)
    design = analysis.design_label or (
        L("one group, before/after", "satu kelompok, sebelum/sesudah") if len(analysis.arms) == 1
        else L(f"{len(analysis.arms)} arms, before/after", f"{len(analysis.arms)} kelompok, sebelum/sesudah"))
    out.append(f"{L('Design', 'Desain')}: {design}\n{L('Arms', 'Kelompok')}: {arms}\n")
    if analysis.rules:
        out.append(f"\n{L('Classification rules', 'Aturan klasifikasi')}:\n")
        for rule in analysis.rules:
            out.append(textwrap.fill(rule.describe(lang), 110, initial_indent="  ", subsequent_indent="    ") + "\n")
    d, f = analysis.descriptives, analysis.frequencies
    if analysis.covariates:
        out.append(f"\n{L('Characteristics (baseline)', 'Karakteristik responden (awal)')}:\n")
        rows = []
        for cov in analysis.covariates:
            for arm in analysis.arms:
                num = d[(d["outcome"] == cov) & (d["arm"] == arm) & (d["time"] == "baseline")]
                if not num.empty:
                    r = num.iloc[0]
                    rows.append([cov, arm, f"n={int(r['n'])}, {L('mean', 'rerata')} {fmt_num(r['mean'], 1, lang)} "
                                 f"(SD {fmt_num(r['sd'], 1, lang)})"])
                    continue
                cat = f[(f["outcome"] == cov) & (f["arm"] == arm) & (f["time"] == "baseline")]
                rows.append([cov, arm, ", ".join(f"{r['level']} {int(r['n'])} ({fmt_percent(r['percent'], 1, lang)})"
                                                 for _, r in cat.iterrows())])
        out.append(_table(["", L("arm", "kelompok"), ""], rows, align="lll"))
    for o in analysis.outcomes:
        kind = {"continuous": L("continuous", "kontinu"), "ordinal": L("ordered categories", "kategori berurutan"),
                "binary": L("two categories", "dua kategori"), "nominal": L("categories", "kategori")}[o.kind]
        levels = f": {' < '.join(o.levels)}" if o.levels else ""
        unit = f", {o.unit}" if o.unit else ""
        out.append(f"\n== {o.name} ({kind}{unit}{levels})\n")
        if o.kind == "continuous":
            rows = []
            for _, r in d[d["outcome"] == o.name].iterrows():
                rows.append([str(r["arm"]), texts.name(texts.TIMES, str(r["time"]), lang), str(int(r["n"])),
                             fmt_num(r["mean"], 2, lang), fmt_num(r["sd"], 2, lang), fmt_num(r["median"], 2, lang),
                             f"{fmt_num(r['q1'], 2, lang)}–{fmt_num(r['q3'], 2, lang)}",
                             f"{fmt_num(r['min'], 1, lang)}–{fmt_num(r['max'], 1, lang)}"])
            out.append(_table([L("arm", "kelompok"), L("time", "waktu"), "n", L("mean", "rerata"), "SD", "median",
                               "IQR (Q1–Q3)", "min–max"], rows))
        else:
            sub = f[f["outcome"] == o.name]
            rows = []
            for arm in analysis.arms:
                for time in o.time_labels:
                    cell = sub[(sub["arm"] == arm) & (sub["time"] == time)]
                    counts = [f"{int(r['n'])} ({fmt_percent(r['percent'], 1, lang)})" for _, r in cell.iterrows()]
                    rows.append([arm, texts.name(texts.TIMES, time, lang), *counts])
            out.append(_table([L("arm", "kelompok"), L("time", "waktu"), *o.levels], rows))
            for arm in analysis.arms:
                table = analysis.crosstabs.get((o.name, arm))
                if table is None:
                    continue
                out.append(f"\n  {arm}: {L('before (rows) × after (columns)', 'sebelum (baris) × sesudah (kolom)')}\n")
                out.append(_table(["", *map(str, table.columns)],
                                  [[str(i), *map(str, row)] for i, row in zip(table.index, table.to_numpy(),
                                                                                 strict=True)], indent="    ", left=1))
        rows = []
        for t in (t for t in analysis.tests if t.outcome == o.name):
            r = t.result
            eff = r.effect
            effect = "—" if eff is None else (f"{texts.name(texts.EFFECTS, eff.name, lang)} {fmt_num(eff.value, 2, lang)} "
                                              f"{fmt_ci(eff.ci_low, eff.ci_high, 2, lang)}")
            scope = L("between arms", "antarkelompok") if t.scope == "between" else t.scope
            rows.append([("* " if t.primary else "  ") + scope, texts.name(texts.TEST_NAMES, r.test, lang),
                         texts.name(texts.COMPARISONS, t.comparison, lang), str(r.n),
                         fmt_num(r.statistic, 3, lang), fmt_num(r.df, 1, lang) if r.df is not None else "—",
                         fmt_p(r.p_value, lang, digits=4, prefix=False), P_METHODS.get(r.p_method, r.p_method) if lang == "id"
                         else r.p_method, effect])
        out.append(f"\n  {L('Tests (* = primary)', 'Uji (* = utama)')}\n")
        out.append(_table([L("scope", "cakupan"), L("test", "uji"), L("comparison", "perbandingan"), "n",
                           L("statistic", "statistik"), "df", "p", L("p method", "metode p"),
                           L("effect [95% CI]", "ukuran efek [IK 95%]")], rows, align="lllrrrrll"))
        reasons: dict[str, list[str]] = {}
        for t in (t for t in analysis.tests if t.outcome == o.name and t.primary):
            scope = L("between arms", "antarkelompok") if t.scope == "between" else t.scope
            reasons.setdefault(t.reason.in_(lang), []).append(scope)
        for reason, scopes in reasons.items():
            out.append(textwrap.fill(f"- {', '.join(scopes)}: {reason}", 110, initial_indent="  ",
                                     subsequent_indent="    ") + "\n")
    if analysis.warnings:
        out.append(f"\n{L('Warnings', 'Peringatan')}:\n")
        for w in analysis.warnings:
            out.append(textwrap.fill(f"! [{w.code}] {w.text.in_(lang)}", 110, initial_indent="  ",
                                     subsequent_indent="    ") + "\n")
    return "".join(out)
