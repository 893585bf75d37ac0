"""``laktasi meta DATA.csv --measure RR|OR|RD|MD|SMD|ROM|PR|PLO|PFT|SMCR|MC [--method ...] [--hk] [--json] ...``.

Reads a study table (one row per study; CSV with any delimiter and decimal comma, or XLSX), pools
it (:func:`laktasi.meta.analysis.run_meta_analysis`) and prints the design.md JSON document
(``--json``) or a readable summary; optionally writes forest/funnel plots and an HTML/DOCX report.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from laktasi.cli._common import add_json_flag, add_lang_flag, print_json, progress
from laktasi.errors import InputError, Problem, Text

MEASURES = ("RR", "OR", "RD", "MD", "SMD", "ROM", "PR", "PLO", "PFT", "SMCR", "MC")
METHODS = ("FE", "MH", "DL", "REML", "PM", "ML", "HE", "SJ")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "meta",
        help="meta-analysis of a table of studies: pooled effect, heterogeneity, forest and funnel plots",
        description="Meta-analysis as R metafor computes it. DATA has one row per study with the columns "
        "study, events_t, n_t, events_c, n_c (RR, OR, RD), or study, mean_t, sd_t, n_t, mean_c, sd_c, n_c "
        "(MD, SMD, ROM), or study, events, n (one group's proportion: PR, PLO, PFT), or study, mean_pre_t, "
        "sd_pre_t, mean_post_t, sd_post_t, n_t, r [+ the same _c columns for a control group] (pre/post: SMCR, MC), "
        "or study, yi, vi (precomputed; ratio measures on the log scale).",
    )
    parser.add_argument("data", metavar="DATA", help="study table (.csv, .xlsx)")
    parser.add_argument("--measure", required=True, type=str.upper, choices=MEASURES, help="effect measure")
    parser.add_argument("--method", default="REML", type=str.upper, choices=METHODS,
                        help="FE, MH (Mantel-Haenszel), DL, REML (default), PM, ML, HE (Hedges) or SJ (Sidik-Jonkman)")
    parser.add_argument("--pi", dest="pi_type", default="metafor", choices=("metafor", "riley"),
                        help="prediction interval: metafor (z, or t(k-1) with --hk; default) or riley (t with k-2 df)")
    parser.add_argument("--hk", action="store_true", help="Hartung-Knapp-Sidik-Jonkman CI and test (random effects)")
    parser.add_argument("--subgroup", metavar="COL", help="column defining subgroups")
    parser.add_argument("--moderator", metavar="COL", help="column for a meta-regression (numeric or categories)")
    parser.add_argument("--forest", metavar="PATH", help="write a forest plot to PATH.png or PATH.svg")
    parser.add_argument("--funnel", metavar="PATH", help="write a funnel plot to PATH.png or PATH.svg")
    parser.add_argument("--baujat", metavar="PATH", help="write a Baujat plot to PATH.png or PATH.svg")
    parser.add_argument("--report", metavar="PATH", help="write a report to PATH.html or PATH.docx")
    add_lang_flag(parser)
    add_json_flag(parser)
    parser.set_defaults(func=run)


def _check_outputs(args: argparse.Namespace) -> None:
    problems = []
    for flag, value, allowed in (("--forest", args.forest, (".png", ".svg")), ("--funnel", args.funnel, (".png", ".svg")),
                                 ("--baujat", args.baujat, (".png", ".svg")),
                                 ("--report", args.report, (".html", ".htm", ".docx"))):
        if value and Path(value).suffix.lower() not in allowed:
            problems.append(Problem("output_format", Text(
                en=f"{flag} must end in {' or '.join(allowed)}", id=f"{flag} harus berakhiran {' atau '.join(allowed)}"),
                file=value, column=flag, value=Path(value).suffix or None))
    if problems:
        raise InputError(problems)


def run(args: argparse.Namespace) -> int:
    from laktasi.meta.analysis import run_meta_analysis
    from laktasi.meta.table import read_study_table
    from laktasi.trial.io import read_table

    lang = args.lang
    _check_outputs(args)
    progress(f"laktasi meta: {'membaca' if lang == 'id' else 'reading'} {args.data}")
    frame = read_table(args.data)
    table = read_study_table(frame, args.measure, file=str(args.data), subgroup=args.subgroup, moderator=args.moderator)
    analysis = run_meta_analysis(table, method=args.method, hk=args.hk, file=str(args.data), pi_type=args.pi_type)
    for w in analysis.warnings:
        progress(f"laktasi: {'peringatan' if lang == 'id' else 'warning'}: {w.text.in_(lang)}")
    written = []
    if args.baujat and analysis.baujat is None:
        raise InputError([Problem("baujat_not_possible", Text(
            en="a Baujat plot needs at least 3 studies and an inverse-variance model (not MH)",
            id="plot Baujat memerlukan sedikitnya 3 studi dan model inverse-variance (bukan MH)"),
            file=args.baujat, column="--baujat")])
    if args.forest or args.funnel or args.baujat:
        from laktasi.report.meta_plots import baujat_plot, forest_plot, funnel_plot, save_figure

        if args.forest:
            written.append(save_figure(forest_plot(analysis, lang), args.forest))
        if args.funnel:
            written.append(save_figure(funnel_plot(analysis, lang), args.funnel))
        if args.baujat:
            written.append(save_figure(baujat_plot(analysis, lang), args.baujat))
    if args.report:
        from laktasi.report.meta_report import write_meta_report

        written.append(write_meta_report(analysis, args.report, lang=lang, source=Path(args.data).name))
    for path in written:
        progress(f"laktasi meta: {'ditulis' if lang == 'id' else 'written'} {path}")
    if args.json:
        print_json(analysis.to_json(lang))
    else:
        sys.stdout.write(render_terminal(analysis, lang))
    return 0


def render_terminal(a: Any, lang: str = "id") -> str:
    """A readable summary for a terminal, numbers in the locale's format."""
    import numpy as np

    from laktasi.report.meta_plots import MEASURE_LABELS, method_label
    from laktasi.report.numbers import fmt_ci, fmt_num, fmt_p

    def L(en: str, id_: str) -> str:  # noqa: N802 - a one-letter translation helper reads best here
        return id_ if lang == "id" else en

    def sc(x: float | None) -> float | None:
        return None if x is None else a.display(x)

    p = a.pooled
    out = [f"laktasi meta — {MEASURE_LABELS[a.measure].in_(lang)}, {method_label(a.method, a.hk, lang)}, k = {p.k}\n\n"]
    width = max(len(s.study) for s in a.studies)
    out.append(f"  {L('study', 'studi').ljust(width)}  {L('effect [95% CI]', 'efek [IK 95%]'):<26}{L('weight', 'bobot'):>8}\n")
    for s in a.studies:
        eff = f"{fmt_num(sc(s.yi), 2, lang)} {fmt_ci(sc(s.ci_low), sc(s.ci_high), 2, lang)}"
        out.append(f"  {s.study.ljust(width)}  {eff:<26}{fmt_num(s.weight, 1, lang):>7}%\n")
    out.append(f"\n  {L('Pooled', 'Gabungan')}: {fmt_num(sc(p.estimate), 3, lang)} {fmt_ci(sc(p.ci_low), sc(p.ci_high), 3, lang)}, "
               f"{fmt_p(p.p_value, lang)}\n")
    if p.pi_low is not None:
        out.append(f"  {L('Prediction interval', 'Interval prediksi')}: {fmt_ci(sc(p.pi_low), sc(p.pi_high), 3, lang)}"
                   f" ({a.pi_label.in_(lang)})\n")
    het = ""
    if a.method not in ("FE", "MH"):
        het = f"τ² = {fmt_num(p.tau2, 4, lang)}"
        if p.tau2_ci is not None:
            het += f" {fmt_ci(p.tau2_ci[0], p.tau2_ci[1], 4, lang)}"
        het += ", "
    het += f"I² = {fmt_num(p.i2, 1, lang)}%"
    if p.i2_ci is not None:
        het += f" {fmt_ci(p.i2_ci[0], p.i2_ci[1], 1, lang)}"
    het += f", Q = {fmt_num(p.q, 2, lang)} (df = {p.q_df}, {fmt_p(p.q_p, lang)})"
    out.append(f"  {L('Heterogeneity', 'Heterogenitas')}: {het}\n")
    if p.iterations is not None:
        out.append(f"  {L('Converged', 'Konvergen')}: {L('yes', 'ya') if p.converged else L('NO', 'TIDAK')} "
                   f"({p.iterations} {L('iteration' if p.iterations == 1 else 'iterations', 'iterasi')})\n")
    if a.subgroups:
        out.append(f"\n  {L('Subgroups', 'Subkelompok')} ({a.subgroup_column}):\n")
        for g in a.subgroups:
            q = g.pooled
            out.append(f"    {g.name}: k = {q.k}, {fmt_num(sc(q.estimate), 3, lang)} "
                       f"{fmt_ci(sc(q.ci_low), sc(q.ci_high), 3, lang)}, I² = {fmt_num(q.i2, 1, lang)}%\n")
        if a.q_between is not None:
            out.append(f"    {L('Test for subgroup differences', 'Uji perbedaan subkelompok')}: Q = "
                       f"{fmt_num(a.q_between, 2, lang)} (df = {a.df_between}, {fmt_p(a.p_between, lang)})\n")
    if a.regression is not None:
        r = a.regression
        scale = L(", log scale", ", skala log") if a.ratio else ""
        out.append(f"\n  {L('Meta-regression', 'Meta-regresi')} ({a.moderator_column}, {r.method}{scale}):\n")
        for i, name in enumerate(r.names):
            out.append(f"    {name}: {fmt_num(float(r.beta[i]), 4, lang)} "
                       f"{fmt_ci(float(r.ci_low[i]), float(r.ci_high[i]), 4, lang)}, {fmt_p(float(r.p_value[i]), lang)}\n")
        r2 = "—" if r.r2 is None else fmt_num(r.r2, 1, lang) + "%"
        out.append(f"    QM = {fmt_num(r.q_moderators, 2, lang)} ({fmt_p(r.q_moderators_p, lang)}), "
                   f"τ² = {fmt_num(r.tau2, 4, lang)}, R² = {r2}\n")
    if a.egger is not None and a.begg is not None and a.trimfill is not None:
        out.append(f"\n  {L('Small-study effects', 'Efek studi kecil')}:\n")
        stat = "z" if a.egger.ddf is None else f"t({a.egger.ddf})"
        out.append(f"    Egger: {stat} = {fmt_num(a.egger.statistic, 3, lang)}, {fmt_p(a.egger.p_value, lang)}; "
                   f"Begg: τ = {fmt_num(a.begg.tau, 3, lang)}, {fmt_p(a.begg.p_value, lang)}\n")
        t = a.trimfill
        side = L(t.side, {"left": "kiri", "right": "kanan"}[t.side])
        imputed = L("study imputed" if t.k0 == 1 else "studies imputed", "studi diimputasi")
        out.append(f"    Trim-and-fill: {t.k0} {imputed} ({L('side', 'sisi')} {side}), "
                   f"{fmt_num(sc(t.result.estimate), 3, lang)} {fmt_ci(sc(t.result.ci_low), sc(t.result.ci_high), 3, lang)}\n")
    if a.influence is not None and a.influence.influential.any():
        names = ", ".join(a.studies[i].study for i in np.flatnonzero(a.influence.influential))
        out.append(f"\n  {L('Influential studies (metafor influence())', 'Studi berpengaruh (influence() metafor)')}: "
                   f"{names}\n")
    if a.warnings:
        out.append(f"\n{L('Warnings', 'Peringatan')}:\n")
        for w in a.warnings:
            out.append(f"  ! [{w.code}] {w.text.in_(lang)}\n")
    return "".join(out)
