"""The report of a meta-analysis, as a self-contained HTML page or a Word document (Indonesian/English).

One list of blocks (:func:`build_meta_document`) feeds both formats, so they say the same thing:
methods, the pooled result in words, the study table, forest plot, subgroups, meta-regression,
small-study tests with the funnel plot (from 10 studies), leave-one-out, influence diagnostics with
the Baujat plot, cumulative meta-analysis, warnings.

>>> # write_meta_report(run_meta_analysis(table), "meta.docx", lang="id")
"""

from __future__ import annotations

import datetime as _dt
import io
import math
from dataclasses import dataclass
from pathlib import Path

from laktasi import __version__
from laktasi.files import write_bytes, write_text
from laktasi.meta.analysis import MetaAnalysis, Pooled
from laktasi.report.meta_plots import (
    MEASURE_LABELS,
    baujat_plot,
    figure_bytes,
    forest_plot,
    funnel_plot,
    method_label,
)
from laktasi.report.numbers import fmt_ci, fmt_num, fmt_p

__all__ = ["build_meta_document", "render_meta_docx", "render_meta_html", "write_meta_report"]


@dataclass(frozen=True)
class Block:
    kind: str  # "h1", "h2", "p", "table", "figure", "bullets"
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    figure: str = ""  # "forest" | "funnel" | "baujat"


def _t(en: str, id_: str, lang: str) -> str:
    return id_ if lang == "id" else en


def _eff(a: MetaAnalysis, x: float | None, digits: int = 2, lang: str = "en") -> str:
    if x is None or not math.isfinite(x):
        return "—"
    shown = a.display(x)
    return "—" if shown is None else fmt_num(shown, digits, lang)


def _eff_ci(a: MetaAnalysis, lo: float | None, hi: float | None, digits: int, lang: str) -> str:
    if lo is None or hi is None:
        return "—"
    return fmt_ci(a.display(lo), a.display(hi), digits, lang)


def _pooled_sentence(a: MetaAnalysis, p: Pooled, lang: str) -> str:
    name = MEASURE_LABELS[a.measure].in_(lang)
    ci = _t("95% CI", "IK 95%", lang)
    s = (f"{name} {_t('pooled over', 'gabungan dari', lang)} {p.k} {_t('studies', 'studi', lang)}: "
         f"{_eff(a, p.estimate, 2, lang)} ({ci} {_eff_ci(a, p.ci_low, p.ci_high, 2, lang)}; {fmt_p(p.p_value, lang)}).")
    if p.pi_low is not None:
        s += (" " + _t("The 95% prediction interval for the effect in a new study is",
                       "Interval prediksi 95% untuk efek pada studi baru adalah", lang)
              + f" {_eff_ci(a, p.pi_low, p.pi_high, 2, lang)} ({a.pi_label.in_(lang)}).")
    het = f"I² = {fmt_num(p.i2, 1, lang)}%"
    if p.i2_ci is not None:
        het += f" ({ci} {fmt_ci(p.i2_ci[0], p.i2_ci[1], 1, lang)})"
    if a.method not in ("FE", "MH"):
        het += f", τ² = {fmt_num(p.tau2, 4, lang)}"
        if p.tau2_ci is not None:
            het += f" ({ci} {fmt_ci(p.tau2_ci[0], p.tau2_ci[1], 4, lang)})"
    het += f", Q = {fmt_num(p.q, 2, lang)} (df = {p.q_df}; {fmt_p(p.q_p, lang)})"
    return s + " " + _t("Heterogeneity: ", "Heterogenitas: ", lang) + het + "."


def _methods(a: MetaAnalysis, lang: str) -> str:
    m = method_label(a.method, a.hk, lang)
    scale = _t(" Ratio measures were pooled on the log scale and are shown back-transformed.",
               " Ukuran rasio digabung pada skala log dan ditampilkan kembali dalam skala asli.", lang) if a.ratio else ""
    if a.measure in ("PLO", "PFT"):
        how = {"PLO": _t("as logits (inverse logit for display)", "sebagai logit (ditampilkan dengan invers logit)", lang),
               "PFT": _t("on the Freeman–Tukey double-arcsine scale (Miller's 1978 inverse with the harmonic mean of "
                         "the sample sizes for display)",
                         "pada skala double arcsine Freeman–Tukey (ditampilkan dengan invers Miller 1978 dan rerata "
                         "harmonik besar sampel)", lang)}[a.measure]
        scale = _t(f" Proportions were pooled {how}, as metafor's predict(transf=).",
                   f" Proporsi digabung {how}, seperti predict(transf=) metafor.", lang)
    tau = "" if a.method in ("FE", "MH") else _t(
        " The 95% CI of τ² and I² uses the Q-profile method (Viechtbauer 2007); the prediction interval (Riley et al. 2011) "
        f"uses the {a.pi_label.en}.",
        " IK 95% untuk τ² dan I² memakai metode Q-profile (Viechtbauer 2007); interval prediksi (Riley dkk. 2011) "
        f"memakai {a.pi_label.id}.", lang)
    hk = _t(" Confidence intervals and tests use the Hartung–Knapp–Sidik–Jonkman adjustment (t distribution, k − 1 df).",
            " Interval kepercayaan dan uji memakai penyesuaian Hartung–Knapp–Sidik–Jonkman (distribusi t, k − 1 df).",
            lang) if a.hk else ""
    return (_t("Effect measure: ", "Ukuran efek: ", lang) + MEASURE_LABELS[a.measure].in_(lang) + ". "
            + _t("Model: ", "Model: ", lang) + m + "." + scale + tau + hk
            + _t(" Effect sizes and models follow the R package metafor (Viechtbauer 2010), whose results laktasi reproduces.",
                 " Ukuran efek dan model mengikuti paket R metafor (Viechtbauer 2010), yang hasilnya direproduksi oleh laktasi.",
                 lang))


def build_meta_document(a: MetaAnalysis, lang: str = "en", source: str | None = None) -> tuple[str, tuple[Block, ...]]:
    """(title, blocks) of the report; numbers formatted for ``lang``."""
    title = _t("Meta-analysis", "Meta-analisis", lang) + f": {MEASURE_LABELS[a.measure].in_(lang)}"
    data = f"{_t('Data', 'Data', lang)}: {source}. " if source else ""
    b: list[Block] = [Block("h2", _t("Methods", "Metode", lang)), Block("p", data + _methods(a, lang)),
                      Block("h2", _t("Pooled result", "Hasil gabungan", lang)), Block("p", _pooled_sentence(a, a.pooled, lang))]
    if a.pooled.iterations is not None:
        b.append(Block("p", _t(f"The τ² estimate {'converged' if a.pooled.converged else 'did NOT converge'} after "
                                f"{a.pooled.iterations} iterations.",
                                f"Estimasi τ² {'konvergen' if a.pooled.converged else 'TIDAK konvergen'} setelah "
                                f"{a.pooled.iterations} iterasi.", lang)))
    ci = _t("95% CI", "IK 95%", lang)
    rows = []
    for s in a.studies:
        flag = " *" if s.estimated else (" †" if s.corrected else "")
        rows.append((s.study + flag, "—" if s.n is None else str(s.n), _eff(a, s.yi, 2, lang),
                     _eff_ci(a, s.ci_low, s.ci_high, 2, lang), fmt_num(s.weight, 1, lang) + "%"))
    p = a.pooled
    rows.append((_t("Pooled", "Gabungan", lang), str(sum(s.n or 0 for s in a.studies) or "—"),
                 _eff(a, p.estimate, 2, lang), _eff_ci(a, p.ci_low, p.ci_high, 2, lang), "100%"))
    b.append(Block("table", _t("Studies", "Studi", lang),
                   (_t("Study", "Studi", lang), "n", _t("Effect", "Efek", lang), ci, _t("Weight", "Bobot", lang)),
                   tuple(rows)))
    notes = []
    if any(s.estimated for s in a.studies):
        notes.append(_t("* mean and SD estimated from the median (Wan et al. 2014).",
                        "* rerata dan SD diperkirakan dari median (Wan dkk. 2014).", lang))
    if any(s.corrected for s in a.studies):
        notes.append(_t("† 1/2 added to each cell (a zero cell).", "† 1/2 ditambahkan ke setiap sel (ada sel nol).", lang))
    if notes:
        b.append(Block("p", " ".join(notes)))
    b.append(Block("figure", _t("Forest plot", "Forest plot", lang), figure="forest"))
    if a.subgroups:
        b.append(Block("h2", _t("Subgroups", "Subkelompok", lang) + f" ({a.subgroup_column})"))
        b.append(Block("table", "", (_t("Subgroup", "Subkelompok", lang), "k", _t("Effect", "Efek", lang), ci, "I²", "τ²"),
                       tuple((g.name, str(g.pooled.k), _eff(a, g.pooled.estimate, 2, lang),
                              _eff_ci(a, g.pooled.ci_low, g.pooled.ci_high, 2, lang), fmt_num(g.pooled.i2, 1, lang) + "%",
                              fmt_num(g.pooled.tau2, 4, lang)) for g in a.subgroups)))
        if a.q_between is not None:
            b.append(Block("p", _t("Test for subgroup differences", "Uji perbedaan subkelompok", lang)
                           + f": Q = {fmt_num(a.q_between, 2, lang)} (df = {a.df_between}; {fmt_p(a.p_between, lang)})."))
    if a.regression is not None:
        r = a.regression
        b.append(Block("h2", _t("Meta-regression", "Meta-regresi", lang) + f" ({a.moderator_column})"))
        note = _t(" (log scale)", " (skala log)", lang) if a.ratio else ""
        b.append(Block("table", "", (_t("Coefficient", "Koefisien", lang), _t("Estimate", "Estimasi", lang) + note, "SE", ci, "p"),
                       tuple((n, fmt_num(float(r.beta[i]), 4, lang), fmt_num(float(r.se[i]), 4, lang),
                              fmt_ci(float(r.ci_low[i]), float(r.ci_high[i]), 4, lang),
                              fmt_p(float(r.p_value[i]), lang, prefix=False)) for i, n in enumerate(r.names))))
        test = "F" if r.hk else "QM"
        r2 = "—" if r.r2 is None else fmt_num(r.r2, 1, lang) + "%"
        b.append(Block("p", f"{test} = {fmt_num(r.q_moderators, 2, lang)} ({fmt_p(r.q_moderators_p, lang)}); "
                       f"{_t('residual', 'residual', lang)} τ² = {fmt_num(r.tau2, 4, lang)}; R² = {r2}; "
                       f"QE = {fmt_num(r.q_residual, 2, lang)} ({fmt_p(r.q_residual_p, lang)})."))
    if a.egger is not None and a.begg is not None and a.trimfill is not None:
        b.append(Block("h2", _t("Small-study effects", "Efek studi kecil (bias publikasi)", lang)))
        t = a.trimfill
        side = {"left": _t("left", "kiri", lang), "right": _t("right", "kanan", lang)}[t.side]
        b.append(Block("bullets", rows=(
            ("Egger: " + ("z" if a.egger.ddf is None else f"t({a.egger.ddf})") + f" = {fmt_num(a.egger.statistic, 3, lang)}, "
             f"{fmt_p(a.egger.p_value, lang)}",),
            (f"Begg: Kendall τ = {fmt_num(a.begg.tau, 3, lang)}, {fmt_p(a.begg.p_value, lang)}",),
            ("Trim-and-fill (L0): " + _t(f"{t.k0} {'study' if t.k0 == 1 else 'studies'} imputed on the {side}", f"{t.k0} studi diimputasi di sisi {side}", lang)
             + f"; {_eff(a, t.result.estimate, 2, lang)} ({ci} {_eff_ci(a, t.result.ci_low, t.result.ci_high, 2, lang)})",),
        )))
        b.append(Block("figure", _t("Funnel plot", "Funnel plot", lang), figure="funnel"))
    if a.loo is not None:
        lo = a.loo
        b.append(Block("h2", _t("Leave-one-out", "Analisis sensitivitas (leave-one-out)", lang)))
        b.append(Block("table", "", (_t("Study left out", "Studi yang dikeluarkan", lang), _t("Effect", "Efek", lang), ci, "I²"),
                       tuple((s.study, _eff(a, float(lo.estimate[i]), 2, lang),
                              _eff_ci(a, float(lo.ci_low[i]), float(lo.ci_high[i]), 2, lang), fmt_num(float(lo.i2[i]), 1, lang) + "%")
                             for i, s in enumerate(a.studies))))
    if a.influence is not None:
        inf = a.influence
        b.append(Block("h2", _t("Influence diagnostics", "Diagnostik pengaruh (influence)", lang)))
        b.append(Block("p", _t(
            "Each study left out in turn (metafor influence(); Viechtbauer & Cheung 2010). * marks a study that is "
            "influential by metafor's rule (|DFFITS|, Cook's distance, hat value or DFBETAS beyond its cut-off).",
            "Setiap studi dikeluarkan bergantian (influence() metafor; Viechtbauer & Cheung 2010). * menandai studi "
            "yang berpengaruh menurut aturan metafor (|DFFITS|, jarak Cook, nilai hat atau DFBETAS melewati batasnya).",
            lang)))
        b.append(Block("table", "", (_t("Study", "Studi", lang), "rstudent", "DFFITS", "Cook's D", "cov.ratio",
                                     _t("τ² without", "τ² tanpa", lang), "hat"),
                       tuple((s.study + (" *" if inf.influential[i] else ""), fmt_num(float(inf.rstudent[i]), 2, lang),
                              fmt_num(float(inf.dffits[i]), 2, lang), fmt_num(float(inf.cook_d[i]), 2, lang),
                              fmt_num(float(inf.cov_r[i]), 2, lang), fmt_num(float(inf.tau2_del[i]), 4, lang),
                              fmt_num(float(inf.hat[i]), 2, lang)) for i, s in enumerate(a.studies))))
        if a.baujat is not None:
            b.append(Block("figure", _t("Baujat plot", "Plot Baujat", lang), figure="baujat"))
    if a.cumulative is not None:
        c = a.cumulative
        b.append(Block("h2", _t("Cumulative meta-analysis", "Meta-analisis kumulatif", lang)))
        b.append(Block("table", _t("Studies added in the order of the table", "Studi ditambahkan sesuai urutan tabel", lang),
                       (_t("Up to study", "Sampai studi", lang), _t("Effect", "Efek", lang), ci, "I²"),
                       tuple((s.study, _eff(a, float(c.estimate[i]), 2, lang),
                              _eff_ci(a, float(c.ci_low[i]), float(c.ci_high[i]), 2, lang),
                              "—" if not math.isfinite(float(c.i2[i])) else fmt_num(float(c.i2[i]), 1, lang) + "%")
                             for i, s in enumerate(a.studies))))
    if a.warnings:
        b.append(Block("h2", _t("Warnings", "Peringatan", lang)))
        b.append(Block("bullets", rows=tuple((w.text.in_(lang),) for w in a.warnings)))
    today = _dt.date.today().isoformat()
    b.append(Block("p", _t(f"Generated by laktasi {__version__} on {today}.", f"Dibuat oleh laktasi {__version__} pada {today}.", lang)))
    return title, tuple(b)


_CSS = """body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1f2937;line-height:1.5}table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}th,td{padding:.3rem .7rem;
border-bottom:1px solid #e5e7eb;text-align:left}td.num,th.num{text-align:right}caption{text-align:left;font-weight:600;
padding:.3rem 0}figure{margin:1rem 0}figure img,figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#4b5563}"""


def render_meta_html(a: MetaAnalysis, lang: str = "en", source: str | None = None) -> str:
    """A self-contained HTML page (figures inlined as SVG)."""
    from jinja2 import Environment, select_autoescape
    from markupsafe import Markup

    title, blocks = build_meta_document(a, lang, source)
    makers = {"forest": forest_plot, "funnel": funnel_plot, "baujat": baujat_plot}
    svgs = {}
    for key in {blk.figure for blk in blocks if blk.kind == "figure"}:
        svg = figure_bytes(makers[key](a, lang), "svg").decode("utf-8")
        svgs[key] = Markup(svg[svg.find("<svg"):])
    env = Environment(autoescape=select_autoescape(default=True))
    tpl = env.from_string(
        """<!DOCTYPE html><html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>{{ css }}</style></head><body><h1>{{ title }}</h1>
{% for b in blocks %}{% if b.kind == 'h2' %}<h2>{{ b.text }}</h2>
{% elif b.kind == 'p' %}<p>{{ b.text }}</p>
{% elif b.kind == 'bullets' %}<ul>{% for r in b.rows %}<li>{{ r[0] }}</li>{% endfor %}</ul>
{% elif b.kind == 'table' %}<table>{% if b.text %}<caption>{{ b.text }}</caption>{% endif %}<thead><tr>
{% for h in b.header %}<th{% if not loop.first %} class="num"{% endif %}>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for r in b.rows %}<tr>{% for c in r %}<td{% if not loop.first %} class="num"{% endif %}>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% elif b.kind == 'figure' %}<figure>{{ svgs[b.figure] }}<figcaption>{{ b.text }}</figcaption></figure>
{% endif %}{% endfor %}</body></html>
""")
    return tpl.render(lang=lang, title=title, css=Markup(_CSS), blocks=blocks, svgs=svgs)


def render_meta_docx(a: MetaAnalysis, lang: str = "en", source: str | None = None) -> bytes:
    """A Word document (python-docx) with the same content as the HTML page."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    title, blocks = build_meta_document(a, lang, source)
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(title, level=1)
    figs = {"forest": forest_plot, "funnel": funnel_plot, "baujat": baujat_plot}
    for blk in blocks:
        if blk.kind == "h2":
            doc.add_heading(blk.text, level=2)
        elif blk.kind == "p":
            doc.add_paragraph(blk.text)
        elif blk.kind == "bullets":
            for r in blk.rows:
                doc.add_paragraph(r[0], style="List Bullet")
        elif blk.kind == "table":
            if blk.text:
                cap = doc.add_paragraph()
                cap.add_run(blk.text).bold = True
            table = doc.add_table(rows=1, cols=len(blk.header))
            table.style = "Light List Accent 1" if "Light List Accent 1" in [s.name for s in doc.styles] else "Table Grid"
            for j, h in enumerate(blk.header):
                cell = table.rows[0].cells[j]
                cell.text = h
                cell.paragraphs[0].runs[0].bold = True
            for r in blk.rows:
                cells = table.add_row().cells
                for j, c in enumerate(r):
                    cells[j].text = c
                    if j > 0:
                        cells[j].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            table.autofit = False
            for row in table.rows:
                row.cells[0].width = Cm(5.5)  # study names: wide enough not to wrap every word
                for cell in row.cells:
                    for par in cell.paragraphs:
                        for run in par.runs:
                            run.font.size = Pt(9.5)
        elif blk.kind == "figure":
            png = figure_bytes(figs[blk.figure](a, lang), "png")
            doc.add_picture(io.BytesIO(png), width=Cm(16.5 if blk.figure == "forest" else 13))
            cap = doc.add_paragraph(blk.text)
            cap.runs[0].italic = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_meta_report(a: MetaAnalysis, path: str | Path, lang: str = "en", source: str | None = None) -> Path:
    """Write the report as ``.html``/``.htm`` or ``.docx`` (by suffix); return the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        write_text(path, render_meta_html(a, lang, source))  # atomic: the old report stays on failure
    elif suffix == ".docx":
        write_bytes(path, render_meta_docx(a, lang, source))
    else:
        raise ValueError("report path must end in .html or .docx")
    return path
