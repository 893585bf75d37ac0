"""Risk-of-bias pages: the review's overview (table, traffic-light and summary plots), one appraiser's
form per included study (blind: nobody sees another's answers before both have finished), the comparison
of two appraisers with the consensus, and the review's setting (one or two appraisers per study)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laktasi.errors import InputError, Problem, Text
from laktasi.report.meta_plots import figure_bytes
from laktasi.report.robvis import SYMBOLS, StudyJudgements, robvis_table, summary_plot, traffic_light_plot
from laktasi.review import risk_of_bias as rob
from laktasi.web.accounts.http import AuthenticatedHttpRequest
from laktasi.web.review_appraisal import services
from laktasi.web.review_appraisal.models import Appraisal, AppraisalSettings, Consensus
from laktasi.web.reviews.access import page_context, review_for, ui_lang
from laktasi.web.reviews.models import Review, ReviewRecord

KINDS = ("traffic", "summary")


def _label(t: rob.Tool, key: str | None, lang: str) -> str:
    return t.judgement_label(key, lang) if key else "—"


def _plot_rows(rv: Review, tool_key: str) -> list[StudyJudgements]:
    records = {r.pk: r for r in services.included(rv)}
    return [StudyJudgements(services.study_label(records[pk]), f.domains, f.overall)
            for pk, f in services.final_judgements(rv).items() if f.tool == tool_key]


def overview(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    rv, member = review_for(request, review_id)
    lang = ui_lang()
    rows = services.statuses(rv, request.user)
    tables = []
    for tool_key in rob.TOOLS:
        t = rob.tool(tool_key)
        finals = [(s, s.final) for s in rows if s.final is not None and s.final.tool == tool_key]
        if finals:
            tables.append({"tool": tool_key, "name": t.name.in_(lang), "domains": [d.key for d in t.domains],
                           "legend": [(k, SYMBOLS[k], t.judgement_label(k, lang)) for k in t.judgements],
                           "captions": [f"{d.key}: {d.name.in_(lang)}" for d in t.domains],
                           "rows": [{"label": services.study_label(s.record), "record": s.record,
                                     "cells": [(f.domains.get(d.key, ""), _label(t, f.domains.get(d.key), lang),
                                                SYMBOLS.get(f.domains.get(d.key, ""), "")) for d in t.domains],
                                     "overall": (f.overall, _label(t, f.overall, lang)), "source": f.source}
                                    for s, f in finals]})
    listed = [{"s": s, "label": services.study_label(s.record),
               "overall": _label(rob.tool(s.final.tool), s.final.overall, lang) if s.final else ""} for s in rows]
    return render(request, "review_appraisal/overview.html", page_context(
        member, "rob", rows=listed, tables=tables, lang=lang, appraisers=services.appraisers_per_study(rv),
        labels={k: rob.tool(k).name.in_(lang) for k in rob.TOOLS}))


def plot(request: AuthenticatedHttpRequest, review_id: int, tool: str, kind: str) -> HttpResponse:
    rv, _member = review_for(request, review_id)
    lang = request.GET.get("lang") or ui_lang()
    if tool not in rob.TOOLS or kind not in KINDS or lang not in ("id", "en"):
        raise Http404("plot")
    studies = _plot_rows(rv, tool)
    fig = traffic_light_plot(tool, studies, lang) if kind == "traffic" else summary_plot(tool, studies, lang)
    response = HttpResponse(figure_bytes(fig, "png"), content_type="image/png")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="rob-{tool}-{kind}-{rv.pk}-{lang}.png"'
    return response


def robvis_csv(request: AuthenticatedHttpRequest, review_id: int, tool: str) -> HttpResponse:
    """The final judgements in the robvis R package's data format (one file per tool)."""
    rv, _member = review_for(request, review_id)
    if tool not in rob.TOOLS:
        raise Http404("tool")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(robvis_table(tool, _plot_rows(rv, tool)))
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rob-{tool}-{rv.pk}-robvis.csv"'
    return response


@require_POST
def settings(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    rv, _member = review_for(request, review_id, "settings")
    value = request.POST.get("appraisers", "")
    if value not in ("1", "2"):
        messages.error(request, _("Choose one or two appraisers per study."))
        return redirect("review_rob", rv.pk)
    row = AppraisalSettings.objects.filter(review=rv).first() or AppraisalSettings(review=rv)
    row.appraisers = int(value)
    row.save(by=request.user)
    messages.success(request, _("Saved."))
    return redirect("review_rob", rv.pk)


def _study(rv: Review, record_pk: int) -> ReviewRecord:
    record = services.included(rv).filter(pk=record_pk).first()
    if record is None:
        raise Http404("not an included study")
    return record


def _domains_context(state: services.FormState, lang: str) -> list[dict[str, Any]]:
    """Per domain: its questions (applicable or not, the answer), the proposal and the appraiser's choice."""
    t = rob.tool(state.tool)
    valid = {k: v for k, v in state.answers.items()
             if k in {q.id for d in t.domains for q in d.questions} and v in t.question(k).options}
    effective = rob.effective_answers(state.tool, valid)
    out = []
    for d in t.domains:
        proposed = rob.proposed_domain(state.tool, d.key, valid)
        chosen, reason = state.judgements.get(d.key, ("", ""))
        out.append({
            "key": d.key, "name": d.name.in_(lang),
            "questions": [{"id": q.id, "dom": q.id.replace(".", "-"), "text": q.text.in_(lang),
                           "answer": state.answers.get(q.id, ""),
                           "applicable": effective.get(q.id) != rob.NA,
                           "options": [(o, t.answer_labels[o].in_(lang)) for o in q.options if o != rob.NA]}
                          for q in d.questions],
            "missing": rob.missing(state.tool, d.key, valid),
            "proposed": proposed, "proposed_label": _label(t, proposed, lang), "symbol": SYMBOLS.get(proposed or "", ""),
            "chosen": chosen, "reason": reason,
        })
    return out


def _form_context(state: services.FormState, lang: str) -> dict[str, Any]:
    """The form's domains with their proposals, and the overall proposal and what the rule allows."""
    t = rob.tool(state.tool)
    domains = _domains_context(state, lang)
    finals = {d["key"]: d["chosen"] or d["proposed"] for d in domains}
    overall_proposed = rob.overall_rule(state.tool, finals) if all(finals.values()) else None
    options = rob.overall_options(state.tool, finals) if overall_proposed else ()
    return {"state": state, "tool": t, "tool_name": t.name.in_(lang), "domains": domains,
            "judgements": [(k, t.judgement_label(k, lang)) for k in t.judgements],
            "judgement_help": [(t.judgement_label(k, lang), v.in_(lang)) for k, v in t.judgement_help.items()],
            "overall_proposed": overall_proposed, "overall_proposed_label": _label(t, overall_proposed, lang),
            "overall_raise": [(k, t.judgement_label(k, lang)) for k in options[1:]], "source": t.source}


@require_POST
def propose(request: AuthenticatedHttpRequest, review_id: int, record_pk: int) -> HttpResponse:
    """The proposals for the answers in the form so far, as fragments htmx swaps into the page (nothing is
    saved): the same library call as saving, so the page shows live what a save would store."""
    rv, _member = review_for(request, review_id, "appraise")
    _study(rv, record_pk)
    tool_key = request.POST.get("tool", "")
    if tool_key not in rob.TOOLS:
        raise Http404("tool")
    state = services.state_from_post(request.POST, tool_key)
    return render(request, "review_appraisal/_proposals.html", _form_context(state, ui_lang()))


def appraise(request: AuthenticatedHttpRequest, review_id: int, record_pk: int) -> HttpResponse:
    """One appraiser's own risk-of-bias form for one included study; the other appraiser's work is never on
    this page."""
    rv, member = review_for(request, review_id, "appraise")
    record = _study(rv, record_pk)
    lang = ui_lang()
    mine = Appraisal.objects.filter(record=record, appraiser=request.user).first()
    needed = services.appraisers_per_study(rv)
    full = mine is None and Appraisal.objects.filter(record=record).count() >= needed
    tool_key = request.POST.get("tool") or request.GET.get("tool") or (mine.tool if mine else "")
    if tool_key and tool_key not in rob.TOOLS:
        raise Http404("tool")
    problems: list[str] = []
    state = None
    if tool_key:
        state = services.state_of(mine) if mine is not None and mine.tool == tool_key and request.method != "POST" \
            else services.FormState(tool_key, mine.result if mine else "", {}, {}, ("", ""))
    if request.method == "POST" and tool_key and not full:
        state = services.state_from_post(request.POST, tool_key)
        finish = request.POST.get("action") == "finish"
        try:
            with transaction.atomic():
                # the record's row is the lock: two appraisers starting at once cannot make three appraisals
                ReviewRecord.objects.select_for_update().filter(pk=record.pk).first()
                row = Appraisal.objects.select_for_update().filter(record=record, appraiser=request.user).first()
                if row is None and Appraisal.objects.filter(record=record).count() >= needed:
                    raise InputError([Problem("rob_full", Text(
                        en="enough appraisers have already started this study",
                        id="penilai untuk studi ini sudah cukup"))])
                result = services.save_appraisal(row or Appraisal(record=record, appraiser=request.user), state,
                                                 request.user, finish)
        except InputError as exc:
            problems = [p.message(lang) for p in exc.problems]
        else:
            if finish and not result.complete:
                gaps = [f"{d.key}: {', '.join(d.missing)}" if d.missing else d.key for d in result.domains
                        if d.missing or d.final is None]
                messages.warning(request, _("Saved as a draft: still to answer or judge — %(gaps)s.")
                                 % {"gaps": "; ".join(gaps)})
            elif finish:
                messages.success(request, _("Appraisal finished."))
                return redirect("review_rob", rv.pk)
            else:
                messages.success(request, _("Draft saved."))
            open_domain = next((d.key for d in result.domains if d.missing or d.final is None), "overall")
            return redirect(reverse("review_rob_appraise", args=[rv.pk, record.pk]) + f"#{open_domain}")
    context: dict[str, Any] = {"record": record, "label": services.study_label(record), "mine": mine, "full": full,
                               "problems": problems, "tools": [(k, rob.tool(k).name.in_(lang)) for k in rob.TOOLS]}
    if state is not None:
        context |= _form_context(state, lang)
    return render(request, "review_appraisal/appraise.html", page_context(member, "rob", **context))


def compare(request: AuthenticatedHttpRequest, review_id: int, record_pk: int) -> HttpResponse:
    """Two appraisers' judgements side by side, once both have finished; the consensus is recorded here."""
    rv, member = review_for(request, review_id, "appraise")
    record = _study(rv, record_pk)
    lang = ui_lang()
    done = services.completed(record)
    consensus = Consensus.objects.filter(record=record).first()
    context: dict[str, Any] = {"record": record, "label": services.study_label(record), "ready": len(done) >= 2,
                               "consensus": consensus, "problems": []}
    if len(done) < 2:
        return render(request, "review_appraisal/compare.html", page_context(member, "rob", **context))
    a, b = done[0], done[1]
    tool_key = request.POST.get("tool") or request.GET.get("tool") or (consensus.tool if consensus else a.tool)
    if tool_key not in rob.TOOLS:
        raise Http404("tool")
    t = rob.tool(tool_key)
    if request.method == "POST":
        chosen = {d.key: request.POST.get(f"j_{d.key}", "") for d in t.domains}
        overall = request.POST.get("overall", "")
        reason = request.POST.get("reason", "").strip()
        problems = []
        if any(v not in t.judgements for v in chosen.values()):
            problems.append(_("Give a judgement for every domain."))
        elif overall not in rob.overall_options(tool_key, chosen):
            allowed = ", ".join(t.judgement_label(k, lang) for k in rob.overall_options(tool_key, chosen))
            problems.append(_("The overall judgement must follow the rule: here %(allowed)s.") % {"allowed": allowed})
        if not reason:
            problems.append(_("Give the reason for the consensus."))
        if not problems:
            row = consensus or Consensus(record=record, decided_by=request.user)
            row.tool, row.domains, row.overall, row.reason, row.decided_by = tool_key, chosen, overall, reason, \
                request.user
            row.save(by=request.user, reason=reason)
            messages.success(request, _("Consensus saved."))
            return redirect("review_rob", rv.pk)
        context["problems"] = problems
    ta, tb = rob.tool(a.tool), rob.tool(b.tool)
    rows = []
    for d in t.domains:
        da, db = (a.domains or {}).get(d.key, {}), (b.domains or {}).get(d.key, {})
        rows.append({"key": d.key, "name": d.name.in_(lang),
                     "a": _label(ta, da.get("final"), lang) if a.tool == tool_key else "—", "a_reason": da.get("reason", ""),
                     "b": _label(tb, db.get("final"), lang) if b.tool == tool_key else "—", "b_reason": db.get("reason", ""),
                     "same": a.tool == b.tool and da.get("final") == db.get("final"),
                     "current": (consensus.domains.get(d.key) if consensus else None)
                     or (da.get("final") if a.tool == tool_key else "")})
    questions = [{"id": q.id, "text": q.text.in_(lang), "a": (a.answers or {}).get(q.id, "") if a.tool == tool_key else "",
                  "b": (b.answers or {}).get(q.id, "") if b.tool == tool_key else ""}
                 for d in t.domains for q in d.questions]
    context |= {"a": a, "b": b, "tool_key": tool_key, "tool_name": t.name.in_(lang), "rows": rows,
                "questions": questions, "same_tool": a.tool == b.tool,
                "tools": [(k, rob.tool(k).name.in_(lang)) for k in {a.tool, b.tool}],
                "judgements": [(k, t.judgement_label(k, lang)) for k in t.judgements],
                "overall_a": _label(ta, a.overall, lang), "overall_b": _label(tb, b.overall, lang),
                "overall_current": consensus.overall if consensus else a.overall,
                "agree": services.agree(a, b)}
    return render(request, "review_appraisal/compare.html", page_context(member, "rob", **context))
