"""What an Indonesian thesis (skripsi) chapter says around its tables: the "Berdasarkan tabel …" paragraph
after each table, the *karakteristik responden* table with its homogeneity test, the design stated with
its correction beside it, and the closing conclusion.

Each function returns words only; :mod:`laktasi.report.study_document` places them. Numbers are
formatted by :mod:`laktasi.report.numbers` (``0,05`` in Indonesian).
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass

import pandas as pd

from laktasi.report.numbers import fmt_int, fmt_num, fmt_p, fmt_percent
from laktasi.report.study_text import (
    ALPHA,
    arm_name,
    capitalise,
    compared_times,
    design_name,
    outcome_label,
    test_name,
    time_name,
)
from laktasi.trial.results import Characteristic, Outcome, OutcomeTest, StudyAnalysis

STYLES = ("skripsi", "plain")

_KIND_NAMES = {"age": ("Age (years)", "Umur (tahun)"), "parity": ("Parity", "Paritas"),
               "education": ("Education", "Pendidikan"), "occupation": ("Occupation", "Pekerjaan")}


@dataclass(frozen=True)
class Style:
    """How the chapter is laid out: ``skripsi`` (Tabel 4.1, Sumber lines, "Berdasarkan tabel" paragraphs,
    Times New Roman 12 pt, 1.5 spacing, margins 4-3-3-3 cm) or ``plain`` (numbered 1, 2, …; compact)."""

    name: str = "skripsi"
    chapter: int = 4
    year: int = 0  # 0: the current year
    data_source: str = ""  # "" = "Data Primer" / "Primary data"

    @property
    def skripsi(self) -> bool:
        return self.name == "skripsi"

    def number(self, n: int) -> str:
        return f"{self.chapter}.{n}" if self.skripsi else str(n)

    def source_line(self, lang: str) -> str:
        year = self.year or _dt.date.today().year
        if lang == "id":
            return f"Sumber: {self.data_source or 'Data Primer'}, {year}"
        return f"Source: {self.data_source or 'primary data'}, {year}"


def style_for(analysis: StudyAnalysis, lang: str, name: str | None = None, chapter: int | None = None) -> Style:
    """The style asked for (CLI flag), else the design file's ``report_style``, else skripsi for Indonesian."""
    settings = dict(analysis.settings)
    chosen = name or settings.get("report_style") or ("skripsi" if lang == "id" else "plain")
    if chosen not in STYLES:
        chosen = "skripsi" if lang == "id" else "plain"
    ch = chapter if chapter is not None else _int(settings.get("chapter"), 4)
    return Style(name=chosen, chapter=ch, year=_int(settings.get("year"), 0),
                 data_source=settings.get("data_source", ""))


def _int(text: str | None, default: int) -> int:
    try:
        return int(str(text)) if text is not None else default
    except ValueError:
        return default


def _pct(n: int, total: int, lang: str) -> str:
    return fmt_percent(100.0 * n / total if total else None, 1, lang)


def _share_word(n: int, total: int, lang: str) -> str:
    """"seluruh" / "sebagian besar" / "setengah" / "sebagian kecil" — how a skripsi words a share."""
    if total == 0:
        return ""
    share = n / total
    if lang == "id":
        return ("seluruh" if share == 1 else "sebagian besar" if share > 0.5 else "setengah" if share == 0.5
                else "sebagian kecil" if share > 0 else "tidak ada")
    return ("all" if share == 1 else "most" if share > 0.5 else "half" if share == 0.5
            else "a minority" if share > 0 else "none")


# ----------------------------------------------------------------------------- page 1

def design_statement(a: StudyAnalysis, lang: str) -> str:
    """The design as the user named it — with the correction beside it when the data say otherwise."""
    codes = {w.code for w in a.warnings}
    label = a.design_label.strip().rstrip(".")
    parts: list[str] = []
    if label and "case_control_label" in codes:
        if lang == "id":
            parts.append(f"Desain penelitian: penelitian intervensi (kuasi-eksperimen pretest–posttest dengan "
                         f"kelompok kontrol). Peneliti menyebutnya “{label}”, tetapi studi kasus–kontrol berangkat "
                         "dari luaran lalu menelusuri paparan; di sini pijat diberikan lalu luaran diukur sebelum "
                         "dan sesudah, sehingga sebutan kasus–kontrol tidak tepat.")
        else:
            parts.append(f"Study design: an intervention study (pretest–posttest quasi-experiment with a control "
                         f"group). The authors call it “{label}”, but a case–control study starts from the outcome "
                         "and looks back at exposures; here the massage was given and the outcome measured before "
                         "and after, so the case–control label does not apply.")
    elif label:
        parts.append(f"{'Desain penelitian' if lang == 'id' else 'Study design'}: {design_name(label, lang)}.")
    if a.allocation:
        random = "non_random_allocation" not in codes
        if lang == "id":
            parts.append(f"Alokasi ke kelompok: {a.allocation}" + ("." if random else
                         " — bukan randomisasi, sehingga perbedaan antarkelompok menunjukkan hubungan, bukan bukti "
                         "sebab-akibat."))
        else:
            parts.append(f"Allocation to groups: {a.allocation}" + ("." if random else
                         " — not randomisation, so a difference between groups shows an association, not proof "
                         "of cause."))
    return " ".join(parts)


# ----------------------------------------------------------------------------- tables and their paragraphs

def groups_summary(a: StudyAnalysis, lang: str) -> str:
    total = sum(a.n.values())
    parts = [f"{fmt_int(a.n.get(arm, 0), lang)} {'orang' if lang == 'id' else ''}".strip()
             + f" ({_pct(a.n.get(arm, 0), total, lang)}) {'pada' if lang == 'id' else 'in the'} {arm_name(arm, lang)}"
             for arm in a.arms]
    if lang == "id":
        return f"jumlah responden {fmt_int(total, lang)} orang: " + (", ".join(parts[:-1]) + " dan " + parts[-1]
                                                                      if len(parts) > 1 else parts[0]) + "."
    return f"the study has {fmt_int(total, lang)} participants: " + (", ".join(parts[:-1]) + " and " + parts[-1]
                                                                     if len(parts) > 1 else parts[0]) + "."


def characteristics_table(a: StudyAnalysis, lang: str) -> tuple[str, tuple[str, ...], list[tuple[str, ...]], str, str]:
    """(caption, header, rows, note, summary) of the karakteristik responden table with homogeneity p."""
    two = len(a.arms) >= 2
    header = ("Karakteristik" if lang == "id" else "Characteristic",
              *(capitalise(arm_name(arm, lang)) + ", n (%)" for arm in a.arms),
              *(("Total, n (%)", "p") if two else ()))
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    unequal: list[str] = []
    biggest: list[str] = []
    for c in a.characteristics:
        name = _KIND_NAMES[c.kind][1 if lang == "id" else 0]
        p = "" if c.test is None else fmt_p(c.test.p_value, lang, prefix=False)
        rows.append((name, *("" for _ in a.arms), *(("", p) if two else ())))
        totals = [sum(arm_counts[i] for arm_counts in c.counts) for i in range(len(c.levels))]
        arm_totals = [sum(arm_counts) for arm_counts in c.counts]
        grand = sum(totals)
        for i, level in enumerate(c.levels):
            cells = [f"{fmt_int(c.counts[j][i], lang)} ({_pct(c.counts[j][i], arm_totals[j], lang)})"
                     for j in range(len(a.arms))]
            rows.append((f"   {level}", *cells, *((f"{fmt_int(totals[i], lang)} ({_pct(totals[i], grand, lang)})", "")
                                                  if two else ())))
        if c.mean_sd:
            rows.append(("   " + ("rerata (SD)" if lang == "id" else "mean (SD)"),
                         *(f"{fmt_num(m, 1, lang)} ({fmt_num(sd, 1, lang)})" for m, sd in c.mean_sd),
                         *(("", "") if two else ())))
        if grand:
            top = max(range(len(c.levels)), key=lambda i: totals[i])
            biggest.append(_largest_phrase(c, top, totals[top], grand, lang))
        if c.test is not None and math.isfinite(c.test.p_value) and c.test.p_value < ALPHA:
            unequal.append(name.lower())
    if two:
        notes.append("p: uji eksak Fisher–Freeman–Halton (uji homogenitas antarkelompok)." if lang == "id"
                     else "p: Fisher–Freeman–Halton exact test (homogeneity between groups).")
    caption = ("Karakteristik responden menurut kelompok" if lang == "id" else "Participant characteristics by group")
    summary = ("; ".join(biggest) + "." if biggest else "")
    if two and a.characteristics:
        if lang == "id":
            summary += (" Uji homogenitas menunjukkan p ≥ 0,05 pada semua karakteristik, sehingga kedua kelompok "
                        "homogen (setara) pada awal penelitian." if not unequal else
                        f" Uji homogenitas menunjukkan perbedaan bermakna pada {', '.join(unequal)} (p < 0,05): "
                        "kelompok tidak setara pada karakteristik tersebut, dan hal ini perlu dibahas.")
        else:
            summary += (" The homogeneity tests give p ≥ 0.05 for every characteristic: the groups were alike at "
                        "the start." if not unequal else
                        f" The groups differ in {', '.join(unequal)} (p < 0.05): they did not start alike in this "
                        "respect, which the discussion must address.")
    return caption, header, rows, " ".join(notes), summary.strip()


def _largest_phrase(c: Characteristic, top: int, n: int, total: int, lang: str) -> str:
    level = c.levels[top]
    what = {"age": ("berumur", "aged"), "parity": ("", ""), "education": ("berpendidikan", "with education"),
            "occupation": ("bekerja sebagai", "working as")}[c.kind][0 if lang == "id" else 1]
    unit = (" tahun" if lang == "id" else " years") if c.kind == "age" else ""
    share = _share_word(n, total, lang)
    if lang == "id":
        return f"{share} responden {what} {level}{unit} ({fmt_int(n, lang)} orang, {_pct(n, total, lang)})".replace("  ", " ")
    return f"{share} of the participants {what} {level}{unit} ({fmt_int(n, lang)}, {_pct(n, total, lang)})".replace("  ", " ")


def frequency_summary(a: StudyAnalysis, outcome: Outcome, lang: str) -> str:
    """Per group, the commonest category before and after."""
    f = a.frequencies
    f = f[f["outcome"] == outcome.name] if f is not None and not f.empty else pd.DataFrame()
    if f.empty:
        return ""
    first, last = compared_times(outcome)
    parts = []
    for arm in a.arms:
        bits = []
        for time in (first, last):
            cell = f[(f["arm"].astype(str) == str(arm)) & (f["time"].astype(str) == str(time))]
            if cell.empty or int(cell["n"].sum()) == 0:
                continue
            counts = [int(x) for x in cell["n"].tolist()]
            levels = [str(x) for x in cell["level"].tolist()]
            top = max(range(len(counts)), key=counts.__getitem__)
            total = sum(counts)
            n, level = counts[top], levels[top]
            when = time_name(time, lang)
            if lang == "id":
                bits.append(f"{when} {_share_word(n, total, lang)} responden ({fmt_int(n, lang)} orang, "
                            f"{_pct(n, total, lang)}) berada pada kategori “{level}”")
            else:
                bits.append(f"{when}, {_share_word(n, total, lang)} of the participants ({fmt_int(n, lang)}, "
                            f"{_pct(n, total, lang)}) were “{level}”")
        if bits:
            where = f"pada {arm_name(arm, lang)}" if lang == "id" else f"in the {arm_name(arm, lang)}"
            parts.append(f"{where}, " + (" dan " if lang == "id" else " and ").join(bits))
    return "; ".join(parts) + "." if parts else ""


def descriptives_summary(a: StudyAnalysis, outcome: Outcome, lang: str) -> str:
    d = a.descriptives
    d = d[d["outcome"] == outcome.name] if d is not None and not d.empty else pd.DataFrame()
    if d.empty:
        return ""
    first, last = compared_times(outcome)
    unit = f" {outcome.unit}" if outcome.unit else ""
    oname = outcome_label(a, outcome.name, lang)
    parts = []
    for arm in a.arms:
        rows = {t: d[(d["arm"].astype(str) == str(arm)) & (d["time"].astype(str) == str(t))] for t in (first, last)}
        if any(r.empty for r in rows.values()):
            continue
        before, after = (float(rows[t].iloc[0]["mean"]) for t in (first, last))
        digits = 1 if max(abs(before), abs(after)) >= 10 else 2
        verb = ("meningkat" if after > before else "menurun" if after < before else "tetap") if lang == "id" else (
            "rose" if after > before else "fell" if after < before else "stayed")
        if lang == "id":
            parts.append(f"pada {arm_name(arm, lang)} rerata {oname} {verb} dari {fmt_num(before, digits, lang)}{unit} "
                         f"menjadi {fmt_num(after, digits, lang)}{unit}")
        else:
            parts.append(f"in the {arm_name(arm, lang)} the mean {oname} {verb} from {fmt_num(before, digits, lang)}"
                         f"{unit} to {fmt_num(after, digits, lang)}{unit}")
    return "; ".join(parts) + "." if parts else ""


def complete_summary(a: StudyAnalysis, lang: str) -> str:
    missing = {o: sum(a.n.values()) - sum(v.values()) for o, v in a.complete_cases.items()}
    if not any(missing.values()):
        return ("seluruh responden memiliki data sebelum dan sesudah yang lengkap." if lang == "id"
                else "every participant has complete before and after data.")
    parts = [f"{outcome_label(a, o, lang)}: {fmt_int(m, lang)}" for o, m in missing.items() if m]
    return ("sebagian responden tidak memiliki data lengkap (" + "; ".join(parts) + " orang) dan tidak diikutkan "
            "pada uji." if lang == "id" else "some participants lack complete data (" + "; ".join(parts)
            + ") and are left out of the tests.")


def crosstab_summary(a: StudyAnalysis, outcome: Outcome, arm: str, lang: str) -> str:
    table = a.crosstabs.get((outcome.name, arm))
    if table is None:
        return ""
    counts = table.to_numpy()
    up = int(sum(counts[i, j] for i in range(counts.shape[0]) for j in range(counts.shape[1]) if j > i))
    down = int(sum(counts[i, j] for i in range(counts.shape[0]) for j in range(counts.shape[1]) if j < i))
    same = int(counts.trace())
    total = up + down + same
    if lang == "id":
        return (f"dari {fmt_int(total, lang)} responden pada {arm_name(arm, lang)}, {fmt_int(up, lang)} orang naik "
                f"kategori, {fmt_int(down, lang)} orang turun dan {fmt_int(same, lang)} orang tetap.")
    return (f"of the {fmt_int(total, lang)} participants in the {arm_name(arm, lang)}, {fmt_int(up, lang)} moved up a "
            f"category, {fmt_int(down, lang)} down and {fmt_int(same, lang)} stayed.")


def tests_summary(a: StudyAnalysis, outcome: Outcome, lang: str) -> str:
    """Which primary test gave which p, per comparison."""
    parts = []
    for t in a.tests:
        if t.outcome != outcome.name or not t.primary or not math.isfinite(t.result.p_value):
            continue
        where = ("antarkelompok" if lang == "id" else "between groups") if t.scope == "between" else (
            f"pada {arm_name(t.scope, lang)}" if lang == "id" else f"in the {arm_name(t.scope, lang)}")
        parts.append(f"{where} {test_name(t.result.test, lang)} {'memberi' if lang == 'id' else 'gives'} "
                     f"{fmt_p(t.result.p_value, lang)}")
    return "; ".join(parts) + "." if parts else ""


def conclusion(a: StudyAnalysis, lang: str) -> str:
    """The closing paragraph: what the primary between-group tests show, and how far it can be trusted."""
    codes = {w.code for w in a.warnings}
    between = [t for t in a.tests if t.primary and t.scope == "between" and math.isfinite(t.result.p_value)]
    within = [t for t in a.tests if t.primary and t.scope != "between" and math.isfinite(t.result.p_value)]
    sentences: list[str] = []
    for t in between or within:
        sentences.append(_conclude(t, a, lang))
    caveats = []
    if "non_random_allocation" in codes or "allocation_not_stated" in codes:
        caveats.append("alokasi tidak acak" if lang == "id" else "allocation was not random")
    if any(w.code == "baseline_imbalance" for w in a.warnings):
        caveats.append("kelompok tidak setara pada awal" if lang == "id" else "the groups did not start alike")
    if "sample_too_small" in codes:
        caveats.append("sampel sangat kecil" if lang == "id" else "the sample is very small")
    if "no_control_group" in codes:
        caveats.append("tidak ada kelompok kontrol" if lang == "id" else "there is no control group")
    if caveats:
        joined = ", ".join(caveats[:-1]) + (" dan " if lang == "id" else " and ") + caveats[-1] if len(caveats) > 1 \
            else caveats[0]
        sentences.append(f"Kesimpulan ini perlu dibaca dengan hati-hati karena {joined}; perbedaan yang ditemukan "
                         "menunjukkan hubungan dan belum membuktikan sebab-akibat." if lang == "id" else
                         f"This conclusion must be read with care because {joined}; the difference found shows an "
                         "association and does not prove cause.")
    return " ".join(sentences)


def _conclude(t: OutcomeTest, a: StudyAnalysis, lang: str) -> str:
    oname = outcome_label(a, t.outcome, lang)
    significant = t.result.p_value < ALPHA
    if t.scope == "between":
        if lang == "id":
            return (f"Terdapat perbedaan {oname} yang bermakna antara kelompok sesudah intervensi "
                    f"({fmt_p(t.result.p_value, lang)})." if significant else
                    f"Tidak terbukti ada perbedaan {oname} antara kelompok sesudah intervensi "
                    f"({fmt_p(t.result.p_value, lang)}).")
        return (f"{capitalise(oname)} differed significantly between the groups after the intervention "
                f"({fmt_p(t.result.p_value, lang)})." if significant else
                f"No difference in {oname} between the groups after the intervention was shown "
                f"({fmt_p(t.result.p_value, lang)}).")
    where = arm_name(t.scope, lang)
    if lang == "id":
        return (f"Pada {where} {oname} berubah bermakna antara sebelum dan sesudah ({fmt_p(t.result.p_value, lang)})."
                if significant else f"Pada {where} perubahan {oname} tidak terbukti bermakna "
                f"({fmt_p(t.result.p_value, lang)}).")
    return (f"In the {where} {oname} changed significantly from before to after ({fmt_p(t.result.p_value, lang)})."
            if significant else f"In the {where} the change in {oname} was not shown to be significant "
            f"({fmt_p(t.result.p_value, lang)}).")
