"""The sample-size helper beside the planned-size field: ``laktasi power`` in the browser.

Two-arm designs are sized for the ANCOVA of post adjusted for pre (``laktasi power ancova --rho``), the
one-group design for the paired t-test (``laktasi power paired-t``), by the same functions of
:mod:`laktasi.stats.power` the command line uses. The answer is an htmx fragment with a button that puts
the total into the planned sample size.
"""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from laktasi.errors import InputError
from laktasi.report.numbers import fmt_num, parse_number
from laktasi.stats import power
from laktasi.stats.power import PowerResult
from laktasi.web.studies.access import study_for

# The library's method phrases (PowerResult.method), marked so the catalogue carries their Indonesian.
METHODS = (gettext_noop("two-sample t size × (1 − ρ²)"), gettext_noop("noncentral t, df = n − 1"))
TITLES = {"ancova": gettext_noop("ANCOVA (post adjusted for pre)"), "paired_t": gettext_noop("Paired t-test")}
DEFAULTS = {"ss_d": "0.5", "ss_power": "0.8", "ss_alpha": "0.05", "ss_rho": "0.5"}


def compute(design: str, raw: dict[str, str]) -> tuple[PowerResult | None, list[str]]:
    """(result, problems) for the study design and the helper's inputs; numbers may use a decimal comma."""
    lang = "en" if (get_language() or "id").startswith("en") else "id"
    labels = {"ss_d": "d", "ss_power": "power", "ss_alpha": "alpha", "ss_rho": "ρ"}
    wanted = ["ss_d", "ss_power", "ss_alpha"] + (["ss_rho"] if design != "one_group" else [])
    values: dict[str, float] = {}
    problems: list[str] = []
    for key in wanted:
        text = (raw.get(key) or "").strip()
        try:
            values[key] = parse_number(text)
            if not math.isfinite(values[key]):
                raise ValueError(text)
        except ValueError:
            problems.append(_("%(name)s: not a number") % {"name": labels[key]})
    if problems:
        return None, problems
    try:
        if design == "one_group":
            result = power.paired_t(values["ss_d"], power=values["ss_power"], alpha=values["ss_alpha"])
        else:
            result = power.ancova(values["ss_d"], values["ss_rho"], power=values["ss_power"],
                                  alpha=values["ss_alpha"])
    except InputError as exc:
        return None, [p.message(lang) for p in exc.problems]
    return result, []


def _helper(request: HttpRequest, design: str) -> HttpResponse:
    lang = "en" if (get_language() or "id").startswith("en") else "id"
    given = any(request.GET.get(k) for k in DEFAULTS)
    result, problems = compute(design, {k: request.GET.get(k, "") for k in DEFAULTS}) if given else (None, [])
    ctx: dict[str, Any] = {"problems": problems, "result": result}
    if result is not None:
        ctx.update(
            title=_(TITLES[result.design]), method=_(result.method), reference=result.reference,
            per_arm=result.unit == "per_group", n=result.n, total=result.n_total,
            achieved=fmt_num(result.power, 3, lang), n_exact=fmt_num(result.n_exact, 2, lang),
        )
    return render(request, "studies/_sample_size.html", ctx)


@require_GET
def sample_size(request: HttpRequest) -> HttpResponse:
    """For the New study form: any logged-in user (no study is read)."""
    return _helper(request, request.GET.get("design", "quasi_two_arm"))


@require_GET
def study_sample_size(request: HttpRequest, study_id: int) -> HttpResponse:
    """For a study's Design page: members who may change the design; the study's design when the field is locked."""
    study, _m = study_for(request, study_id, "design")
    return _helper(request, request.GET.get("design") or study.design)
