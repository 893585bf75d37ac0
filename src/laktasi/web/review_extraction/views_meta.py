"""The meta-analysis page (per outcome, the model choices ``laktasi meta`` offers), its forest and funnel
plots (report/meta_plots.py), the team's own study added in one step, and the exports: the meta CSV
``laktasi meta`` reads, every extracted field as CSV/XLSX (formulas neutralised by web/exports), Table 1 DOCX."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from laktasi.cli.meta import METHODS
from laktasi.report.numbers import fmt_ci, fmt_num, fmt_p
from laktasi.web.accounts.http import AuthenticatedHttpRequest
from laktasi.web.exports.tables import to_csv, to_xlsx
from laktasi.web.review_extraction import own_study, services
from laktasi.web.review_extraction.forms import OwnStudyForm
from laktasi.web.review_extraction.models import NUMBER, EffectBlock, ExtractionField
from laktasi.web.reviews.access import page_context, review_for, ui_lang
from laktasi.web.reviews.models import Review

EXPORTS = ("meta-csv", "csv", "xlsx", "docx", "claims-yaml")


def _choices(request: HttpRequest, rv: Review) -> dict[str, Any]:
    """The analysis asked for in the query string (the CLI's options), with safe defaults."""
    names = services.outcomes(rv)
    outcome = request.GET.get("outcome") or (names[0] if names else "")
    if outcome and outcome not in names:
        raise Http404("outcome")
    blocks = services.active_blocks(rv, outcome) if outcome else []
    measures = services.measures_for(blocks) if blocks else []
    default = measures[0] if measures else ""  # the measure most of the outcome's blocks can give
    measure = (request.GET.get("measure") or default).upper()
    method = (request.GET.get("method") or "REML").upper()
    if method not in METHODS:
        raise Http404("method")
    hk = request.GET.get("hk") == "1" and method not in ("FE", "MH")
    keys = set(ExtractionField.objects.filter(review=rv, active=True).values_list("key", flat=True))
    subgroup = services.ROB if request.GET.get("rob") == "1" else request.GET.get("subgroup", "")
    moderator = request.GET.get("moderator", "")
    if (subgroup and subgroup != services.ROB and subgroup not in keys) or (moderator and moderator not in keys):
        raise Http404("field")
    return {"outcome": outcome, "outcomes": names, "measure": measure, "measures": measures, "method": method,
            "methods": METHODS, "hk": hk, "by_rob": subgroup == services.ROB, "subgroup": subgroup,
            "moderator": moderator, "drop": [d for d in request.GET.getlist("drop") if d]}


def _run(rv: Review, c: dict[str, Any], lang: str) -> services.MetaRun | None:
    if not c["outcome"] or not c["measure"]:
        return None
    field = c["subgroup"] if c["subgroup"] and not c["by_rob"] else None
    return services.run_meta(rv, c["outcome"], c["measure"], c["method"], c["hk"], c["by_rob"], c["drop"], lang,
                             subgroup_field=field, moderator_field=c["moderator"] or None)


def _query(c: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    pairs = [("outcome", c["outcome"]), ("measure", c["measure"]), ("method", c["method"])]
    pairs += [("hk", "1")] if c["hk"] else []
    pairs += [("subgroup", c["subgroup"])] if c["subgroup"] else []
    pairs += [("moderator", c["moderator"])] if c["moderator"] else []
    pairs += [("drop", d) for d in c["drop"]]
    return urlencode(pairs)


def meta(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """Pooled result, heterogeneity, studies, forest and funnel plots and audit flags, per outcome."""
    rv, member = review_for(request, review_id, "view")
    lang = ui_lang()
    c = _choices(request, rv)
    run = _run(rv, c, lang)
    summary: dict[str, Any] = {}
    studies: list[dict[str, Any]] = []
    if run is not None and run.analysis is not None:
        a = run.analysis
        p = a.pooled

        def sc(x: float | None) -> float | None:
            return a.display(x)

        summary = {
            "estimate": fmt_num(sc(p.estimate), 3, lang), "ci": fmt_ci(sc(p.ci_low), sc(p.ci_high), 3, lang),
            "p": fmt_p(p.p_value, lang), "k": p.k,
            "heterogeneity": (f"τ² = {fmt_num(p.tau2, 4, lang)}, " if a.method not in ("FE", "MH") else "")
            + f"I² = {fmt_num(p.i2, 1, lang)}%, Q = {fmt_num(p.q, 2, lang)} (df = {p.q_df}, {fmt_p(p.q_p, lang)})",
            "pi": fmt_ci(sc(p.pi_low), sc(p.pi_high), 3, lang) if p.pi_low is not None else "",
            "raw": repr(float(p.estimate)), "subgroups": [
                {"name": g.name, "k": g.pooled.k, "estimate": fmt_num(sc(g.pooled.estimate), 3, lang),
                 "ci": fmt_ci(sc(g.pooled.ci_low), sc(g.pooled.ci_high), 3, lang)} for g in a.subgroups],
            "q_between": None if a.q_between is None else fmt_num(a.q_between, 2, lang),
            "p_between": None if a.p_between is None else fmt_p(a.p_between, lang),
            "warnings": [w.text.in_(lang) for w in a.warnings], "regression": _regression(a, lang),
            "loo": [] if a.loo is None else [
                (st.study, fmt_num(sc(float(a.loo.estimate[i])), 3, lang),
                 fmt_ci(sc(float(a.loo.ci_low[i])), sc(float(a.loo.ci_high[i])), 3, lang),
                 fmt_num(float(a.loo.i2[i]), 1, lang)) for i, st in enumerate(a.studies)]}
        blocks: list[EffectBlock | None] = [*run.blocks, *([None] * len(a.studies))]
        for s, block in zip(a.studies, blocks, strict=False):  # the table's rows, in the blocks' order
            entries = services.audit_record(block.record) if block is not None and block.record is not None else []
            studies.append({"study": s.study, "effect": fmt_num(sc(s.yi), 2, lang),
                            "ci": fmt_ci(sc(s.ci_low), sc(s.ci_high), 2, lang),
                            "weight": fmt_num(float(s.weight), 1, lang) if np.isfinite(s.weight) else "—",
                            "own": bool(block and block.own_study), "subgroup": s.subgroup,
                            "unchecked": bool(block and not block.own_study and block.verified_by_id is None),
                            "flags": [(services.flag_name(e), e.text.in_(lang)) for e in services.flagged(entries)]})
    fields = list(ExtractionField.objects.filter(review=rv, active=True))
    keys = set((services.rob_judgements(rv) or {}).values())
    judgements = [(k, services.judgement_label(k, lang)) for k in services.JUDGEMENTS if k in keys]
    judgements += [(k, k) for k in sorted(keys - set(services.JUDGEMENTS))]
    return render(request, "review_extraction/meta.html", page_context(
        member, "meta", c=c, run=run, summary=summary, studies=studies, query=_query(c),
        plot_kinds=[("forest", _("Forest plot")), ("funnel", _("Funnel plot"))],
        problems=[p.text.in_(lang) for p in (run.problems if run else ())],
        excluded=[(label, why.in_(lang)) for label, why in (run.excluded if run else ())],
        notes=[n.in_(lang) for n in (run.notes if run else ())], judgements=judgements,
        rob_available=services.rob_judgements(rv) is not None,
        fields=[(f.key, f.label(lang)) for f in fields if f.kind != NUMBER],
        number_fields=[(f.key, f.label(lang)) for f in fields if f.kind == NUMBER]))


def _regression(a: Any, lang: str) -> dict[str, Any] | None:
    """The meta-regression on the moderator, as ``laktasi meta --moderator`` prints it."""
    r = a.regression
    if r is None:
        return None
    return {"column": a.moderator_column, "log": a.ratio, "rows": [
        (name, fmt_num(float(r.beta[i]), 4, lang), fmt_ci(float(r.ci_low[i]), float(r.ci_high[i]), 4, lang),
         fmt_p(float(r.p_value[i]), lang)) for i, name in enumerate(r.names)],
        "fit": f"QM = {fmt_num(r.q_moderators, 2, lang)} ({fmt_p(r.q_moderators_p, lang)}), "
               f"τ² = {fmt_num(r.tau2, 4, lang)}, R² = {'—' if r.r2 is None else fmt_num(r.r2, 1, lang) + '%'}"}


def meta_plot(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """``?kind=forest|funnel[&fmt=png|svg][&lang=id|en][&download=1]`` of the analysis the page's query names."""
    rv, _member = review_for(request, review_id, "view")
    kind = request.GET.get("kind", "forest")
    if kind not in ("forest", "funnel"):
        raise Http404("kind")
    lang = request.GET.get("lang") or ui_lang()
    if lang not in ("id", "en"):
        raise Http404("lang")
    run = _run(rv, _choices(request, rv), lang)
    if run is None or run.analysis is None:
        raise Http404("nothing to plot")
    import matplotlib.pyplot as plt

    from laktasi.report.meta_plots import figure_bytes, forest_plot, funnel_plot

    fmt = request.GET.get("fmt", "png")
    if fmt not in ("png", "svg"):
        raise Http404("format")
    fig = (forest_plot if kind == "forest" else funnel_plot)(run.analysis, lang)
    try:
        body = figure_bytes(fig, fmt)
    finally:
        plt.close(fig)
    if request.GET.get("download"):
        return _attachment(body, "image/svg+xml" if fmt == "svg" else "image/png",
                           f"{kind}-{rv.pk}-{lang}.{fmt}")
    return HttpResponse(body, content_type="image/svg+xml" if fmt == "svg" else "image/png")


@require_http_methods(["GET", "POST"])
def own(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """One step: a laktasi study the user belongs to → its primary outcome as a block of this review."""
    rv, member = review_for(request, review_id, "extract")
    mine = own_study.studies_of(request.user)
    form = OwnStudyForm(request.POST or None, studies=[(s.pk, s.name) for s in mine],
                        initial={"outcome": (services.outcomes(rv) or [""])[0]})
    if request.method == "POST" and form.is_valid():
        study = next(s for s in mine if s.pk == form.cleaned_data["study"])
        row, problem = own_study.add_own_study(rv, study, form.cleaned_data["outcome"].strip(),
                                               form.cleaned_data["basis"], request.user)
        if row is None:
            messages.error(request, problem.in_(ui_lang()) if problem else _("The study could not be added."))
        else:
            messages.success(request, _("Your study was added to the meta-analysis."))
            from urllib.parse import urlencode

            return redirect(f"{_reverse_meta(rv)}?{urlencode({'outcome': row.outcome})}")
    own_blocks = EffectBlock.objects.filter(review=rv, study__isnull=False, active=True)
    return render(request, "review_extraction/own.html", page_context(member, "meta", form=form, blocks=own_blocks,
                                                                       has_studies=bool(mine)))


def _reverse_meta(rv: Review) -> str:
    from django.urls import reverse

    return reverse("review_meta", args=[rv.pk])


def _attachment(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def fields_frame(rv: Review, lang: str) -> Any:
    """Every included study with each field's final value (consensus or agreed) and each extractor's."""
    import pandas as pd

    fields = list(ExtractionField.objects.filter(review=rv, active=True))
    rows = []
    for r in services.included_records(rv):
        row: dict[str, Any] = {"record_id": r.record_id, "study": services.study_label(r), "title": r.title,
                               "year": r.year, "doi": r.doi}
        for c in services.compare(r, fields):
            row[c.field.key] = c.final if c.final is not None else ""
        for i, e in enumerate(services.visible_extractions(r), start=1):  # blind until all are done
            for f in fields:
                row[f"{f.key}__extractor{i}"] = str(e.values.get(f.key, ""))
        entries = services.audit_record(r)
        row["audit_flags"] = "; ".join(f"{services.flag_name(e)}: {e.text.in_(lang)}" for e in services.flagged(entries))
        rows.append(row)
    if not rows:  # the headers alone
        return pd.DataFrame(columns=["record_id", "study", "title", "year", "doi", *(f.key for f in fields)])
    return pd.DataFrame(rows)


def table1_docx(rv: Review, lang: str) -> bytes:
    """Table 1 through review/study_table.py (the path of ``laktasi review table``)."""
    from laktasi.review.study_table import IncludedStudy, write_study_table

    fields = {f.key: f for f in ExtractionField.objects.filter(review=rv, active=True)}
    studies = []
    for r in services.included_records(rv):
        final = {c.field.key: (c.final or "") for c in services.compare(r, fields.values())}
        n = [final.get(k, "") for k in ("n_intervention", "n_control") if final.get(k, "")]
        first = str(r.authors[0]) if r.authors else ""
        extra = {fields[k].label(lang): v for k, v in final.items()
                 if k not in ("design", "intervention", "outcome", "results", "n_intervention", "n_control") and v}
        studies.append(IncludedStudy(
            author=first.split(",")[0].strip(), year=str(r.year or ""), title=r.title, sample=" + ".join(n),
            design=final.get("design", ""), intervention=final.get("intervention", ""),
            outcome=final.get("outcome", ""), results=final.get("results", ""), extra=extra))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "table1.docx"
        write_study_table(studies, path, lang)
        return path.read_bytes()


def export(request: AuthenticatedHttpRequest, review_id: int, export_fmt: str) -> HttpResponse:
    rv, _member = review_for(request, review_id, "view")
    if export_fmt not in EXPORTS:
        raise Http404("format")
    lang = request.GET.get("lang") or ui_lang()
    if lang not in ("id", "en"):
        raise Http404("lang")
    if export_fmt == "meta-csv":
        c = _choices(request, rv)
        run = _run(rv, c, lang)
        if run is None or run.frame is None:
            raise Http404("no data for this outcome")
        return _attachment(to_csv(run.frame), "text/csv; charset=utf-8", f"meta-{rv.pk}-{c['measure']}.csv")
    if export_fmt == "claims-yaml":  # what `laktasi audit CLAIMS.yaml` reads: the same verdicts as the pages
        import yaml

        claims = [services.claim_of(st.kind, st.fields, services.claim_id(st))
                  for r in services.included_records(rv) for st in r.reported_statistics.filter(active=True)]
        body = yaml.safe_dump(claims, allow_unicode=True, sort_keys=False).encode("utf-8")
        return _attachment(body, "application/yaml; charset=utf-8", f"claims-{rv.pk}.yaml")
    if export_fmt == "docx":
        return _attachment(table1_docx(rv, lang),
                           "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           f"table1-{rv.pk}-{lang}.docx")
    frame = fields_frame(rv, lang)
    if export_fmt == "csv":
        return _attachment(to_csv(frame), "text/csv; charset=utf-8", f"extraction-{rv.pk}.csv")
    return _attachment(to_xlsx(frame), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       f"extraction-{rv.pk}.xlsx")
