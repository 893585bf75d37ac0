"""Pages that bring records into a review."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from laktasi.errors import InputError
from laktasi.web.accounts.http import AuthenticatedHttpRequest
from laktasi.web.review_intake import services
from laktasi.web.review_intake.forms import UploadForm
from laktasi.web.reviews.access import page_context, review_for, ui_lang

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def upload(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    rv, member = review_for(request, review_id, "upload")
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["exports"]
        if sum(f.size for f in files) > MAX_UPLOAD_BYTES:
            problems.append(_("The files are too large (at most 200 MB at once)."))
        else:
            try:
                result = services.upload(rv, [(f.name, f.read()) for f in files], request.user,
                                         database=form.cleaned_data["database"])
            except InputError as exc:
                problems = [p.describe(ui_lang()) for p in exc.problems]
            else:
                messages.success(request, _(
                    "%(n)d records read; %(dup)d duplicates marked (kept, not screened); %(kept)d to screen; "
                    "%(unc)d uncertain pairs.") % {"n": result.records_in, "dup": result.duplicates,
                                                   "kept": result.kept, "unc": result.uncertain_pairs})
                return redirect("review", rv.pk)
    return render(request, "review_intake/upload.html", page_context(member, "upload", form=form, problems=problems))
