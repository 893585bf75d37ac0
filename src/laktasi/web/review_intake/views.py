"""Pages that bring records into a review, the queue of uncertain duplicates, and the record exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laktasi.errors import InputError
from laktasi.web.accounts.http import AuthenticatedHttpRequest
from laktasi.web.review_intake import dedup_queue, exports, jobs, services
from laktasi.web.review_intake.forms import PubMedForm, UploadForm, VerdictsFileForm
from laktasi.web.review_intake.models import DONE, FAILED, PUBMED, UPLOAD, IntakeJob
from laktasi.web.reviews.access import page_context, review_for, ui_lang
from laktasi.web.reviews.models import Review

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_VERDICTS_BYTES = 20 * 1024 * 1024
QUICK_ANSWER_SECONDS = 2.0  # a small upload finishes while the browser waits: no progress page needed


def _problems(exc: InputError) -> list[dict[str, Any]]:
    lang = ui_lang()
    return [{"file": p.file or "", "row": p.row, "column": p.column or "", "value": p.value,
             "message": p.text.in_(lang)} for p in exc.problems]


def _recent(rv: Review) -> list[IntakeJob]:
    return list(rv.intake_jobs.select_related("started_by")[:20])


def upload(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    rv, member = review_for(request, review_id, "upload")
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["exports"]
        if sum(f.size for f in files) > MAX_UPLOAD_BYTES:
            form.add_error("exports", _("The files are too large (at most 200 MB at once)."))
        else:
            payload = [(f.name, f.read()) for f in files]
            job = jobs.create(rv, request.user, kind=UPLOAD, files=[name for name, _ in payload],
                              database=form.cleaned_data["database"])
            return _started(request, rv, member, job, payload, "review_intake/upload.html", {"form": form})
    return render(request, "review_intake/upload.html", page_context(
        member, "upload", form=form, problems=problems, jobs=_recent(rv)))


def _started(request: AuthenticatedHttpRequest, rv: Review, member: Any, job: IntakeJob, payload: Any,
             template: str, context: dict[str, Any]) -> HttpResponse:
    """After a job starts: its page; when it already failed (run at once), the form again with every problem."""
    finished = jobs.start(job, payload, ui_lang())
    if not finished:
        jobs.wait(job.pk, QUICK_ANSWER_SECONDS)
    job.refresh_from_db()
    if job.status == FAILED and finished:
        lang = ui_lang()
        problems = [jobs._describe(p, lang) for p in job.problems]
        return render(request, template, page_context(member, "upload", problems=problems, jobs=_recent(rv),
                                                      **context))
    return redirect("review_intake_job", rv.pk, job.pk)  # its page shows the result, or the progress


def _summary(job: IntakeJob) -> str:
    r = job.result
    return _("%(n)d records read; %(dup)d duplicates marked (kept, not screened); %(kept)d to screen; "
             "%(unc)d uncertain clusters to decide.") % {
        "n": r.get("records_in", 0), "dup": r.get("duplicates", 0), "kept": r.get("kept", 0),
        "unc": r.get("clusters", 0)}


def _job(request: AuthenticatedHttpRequest, review_id: int, job_id: int) -> tuple[Review, Any, IntakeJob]:
    rv, member = review_for(request, review_id, "upload")
    job = rv.intake_jobs.filter(pk=job_id).first()
    if job is None:
        raise Http404("job")
    return rv, member, job


def job(request: AuthenticatedHttpRequest, review_id: int, job_id: int) -> HttpResponse:
    """The job's progress (polled through :func:`job_json`; refreshed by the page itself without JavaScript),
    then its result, warnings, or every problem (file, row, column) with nothing stored."""
    rv, member, row = _job(request, review_id, job_id)
    lang = ui_lang()
    state = jobs.status(row, lang)
    methods = services.methods_text(row, lang) if row.kind == PUBMED and row.status == DONE else ""
    return render(request, "review_intake/job.html", page_context(
        member, "upload", job=row, state=state, methods=methods, summary=_summary(row) if row.status == DONE else "",
        json_url=reverse("review_intake_job_json", args=[rv.pk, row.pk])))


_SCRIPT = Path(__file__).resolve().parent / "static" / "review_intake" / "job.js"


def job_script(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The progress page's script, from this app (the shared static folder belongs to the core app; the
    Content-Security-Policy allows scripts from this origin only, so it cannot be inline)."""
    response = HttpResponse(_SCRIPT.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def job_json(request: AuthenticatedHttpRequest, review_id: int, job_id: int) -> JsonResponse:
    _rv, _member, row = _job(request, review_id, job_id)
    return JsonResponse(jobs.status(row, ui_lang()))


def pubmed(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    rv, member = review_for(request, review_id, "upload")
    form = PubMedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        query = services.pubmed_query(d["query"], d["date_from"], d["date_to"])
        job = jobs.create(rv, request.user, kind=PUBMED, query=query, database="PubMed",
                          date_from=d["date_from"].isoformat() if d["date_from"] else "",
                          date_to=d["date_to"].isoformat() if d["date_to"] else "")
        return _started(request, rv, member, job, None, "review_intake/pubmed.html", {"form": form})
    searches = list(rv.intake_jobs.filter(kind=PUBMED, status=DONE))
    lang = ui_lang()
    return render(request, "review_intake/pubmed.html", page_context(
        member, "upload", form=form, searches=[(s, services.methods_text(s, lang)) for s in searches]))


# --------------------------------------------------------------------------------------------
# the queue of uncertain duplicates

CHOICES = (dedup_queue.MERGE, dedup_queue.APART)


def duplicates(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """One cluster at a time: its records side by side, each uncertain pair with the reason it is uncertain;
    merge or keep apart, per pair or for the whole cluster."""
    rv, member = review_for(request, review_id, "upload")
    if request.method == "POST":
        return _decide(request, rv)
    cluster, pairs, remaining = dedup_queue.next_cluster(rv, request.user)
    lang = ui_lang()
    records = {}
    if cluster is not None:
        ids = list(dict.fromkeys(x for p in pairs for x in (p["first_id"], p["second_id"])))
        records = {r.record_id: r for r in rv.records.filter(record_id__in=ids)}
    shown = [{"n": n, "first": records.get(p["first_id"]), "second": records.get(p["second_id"]),
              "first_id": p["first_id"], "second_id": p["second_id"],
              "reason": dedup_queue.reason_text(p["reason"], lang), "likelihood": p["likelihood"],
              "similarity": p["title_similarity"]} for n, p in enumerate(pairs)]
    decided = rv.dedup_verdicts.count()
    return render(request, "review_intake/duplicates.html", page_context(
        member, "duplicates", cluster=cluster, pairs=shown, remaining=remaining, decided=decided,
        verdicts_form=VerdictsFileForm()))


def _decide(request: AuthenticatedHttpRequest, rv: Review) -> HttpResponse:
    cluster = rv.dedup_clusters.filter(pk=request.POST.get("cluster") or 0).first()
    if cluster is None:
        raise Http404("cluster")
    groups = dedup_queue.Groups.of_review(rv)
    pairs = dedup_queue.pending_pairs(cluster, groups)
    everything = request.POST.get("all", "")
    verdicts: dict[tuple[str, str], bool] = {}
    for n, p in enumerate(pairs):
        choice = everything or request.POST.get(f"pair-{n}", "")
        if choice in CHOICES:
            verdicts[(p["first_id"], p["second_id"])] = choice == dedup_queue.MERGE
    if not verdicts:
        messages.error(request, _("Choose merge or keep apart for at least one pair."))
        return redirect("review_duplicates", rv.pk)
    try:
        applied = dedup_queue.decide(rv, cluster, verdicts, request.user, note=request.POST.get("note", "")[:300])
    except InputError as exc:
        messages.error(request, "; ".join(p.describe(ui_lang()) for p in exc.problems))
        return redirect("review_duplicates", rv.pk)
    messages.success(request, _("Saved: %(m)d merged, %(a)d kept apart; %(c)d records changed.") % {
        "m": applied.merged, "a": applied.kept_apart, "c": applied.records_changed})
    return redirect("review_duplicates", rv.pk)


def verdicts_csv(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    rv, _member = review_for(request, review_id, "upload")
    return _attachment(dedup_queue.verdicts_csv(rv), "text/csv; charset=utf-8", f"review-{rv.pk}-verdicts.csv")


@require_POST
def verdicts_import(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    rv, _member = review_for(request, review_id, "upload")
    form = VerdictsFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a verdicts file."))
        return redirect("review_duplicates", rv.pk)
    f = form.cleaned_data["verdicts"]
    if f.size > MAX_VERDICTS_BYTES:
        messages.error(request, _("The verdicts file is too large (at most 20 MB)."))
        return redirect("review_duplicates", rv.pk)
    try:
        applied = dedup_queue.import_verdicts(rv, f.read(), f.name, request.user)
    except InputError as exc:
        messages.error(request, "; ".join(p.describe(ui_lang()) for p in exc.problems))
    else:
        messages.success(request, _("Saved: %(m)d merged, %(a)d kept apart; %(c)d records changed.") % {
            "m": applied.merged, "a": applied.kept_apart, "c": applied.records_changed})
    return redirect("review_duplicates", rv.pk)


# --------------------------------------------------------------------------------------------
# exports

def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def exports_page(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    _rv, member = review_for(request, review_id, "screen")
    return render(request, "review_intake/exports.html", page_context(member, "exports"))


def export(request: AuthenticatedHttpRequest, review_id: int, fmt: str) -> HttpResponse:
    rv, _member = review_for(request, review_id, "screen")
    if fmt not in exports.FORMATS:
        raise Http404("format")
    content_type, suffix = exports.FORMATS[fmt]
    content = {"csv": exports.records_csv, "xlsx": exports.records_xlsx, "ris": exports.records_ris,
               "decisions": exports.decisions_csv}[fmt](rv)
    name = f"review-{rv.pk}-decisions.{suffix}" if fmt == "decisions" else f"review-{rv.pk}-records.{suffix}"
    return _attachment(content, content_type, name)
