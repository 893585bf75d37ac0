"""Forms of the extraction pages. Numbers are typed as printed (decimal comma or point)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laktasi.meta.blocks import KIND_MEASURES, check_block
from laktasi.web.review_extraction.models import (
    BLOCK_KINDS,
    CHOICE,
    EFFECT_CI,
    EXTRACTORS,
    FIELD_KINDS,
    NUMBER,
    PREPOST,
    STAT_KINDS,
    ExtractionField,
)
from laktasi.web.review_extraction.services import (
    BLOCK_CLASSES,
    BLOCK_VALUES,
    OPTIONAL_STAT_FIELDS,
    OPTIONAL_VALUES,
    STAT_FIELDS,
    check_claim,
    count_value,
    parse_number,
)
from laktasi.web.reviews.access import ui_lang

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class SettingsForm(forms.Form):
    extractors = forms.TypedChoiceField(label=_("Extractors per study"), choices=EXTRACTORS, coerce=int)


class FieldForm(forms.Form):
    key = forms.CharField(label=_("Key (letters, digits, _)"), max_length=40)
    kind = forms.ChoiceField(label=_("Type"), choices=FIELD_KINDS)
    label_id = forms.CharField(label=_("Label (Indonesian)"), max_length=200)
    label_en = forms.CharField(label=_("Label (English)"), max_length=200)
    options = forms.CharField(label=_("Options (one per line, for a choice)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32000, initial=100)

    def clean_key(self) -> str:
        key = str(self.cleaned_data["key"]).strip().lower()
        if not KEY.match(key):
            raise forms.ValidationError(_("Use lower-case letters, digits and _, starting with a letter."))
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        options = [o.strip() for o in str(data.get("options", "")).splitlines() if o.strip()]
        if data.get("kind") == CHOICE and len(options) < 2:
            self.add_error("options", _("A choice needs at least two options."))
        data["options"] = options if data.get("kind") == CHOICE else []
        return data


def extraction_form(fields: list[ExtractionField], data: Any = None, initial: dict[str, str] | None = None,
                    lang: str = "id") -> forms.Form:
    """A form with one input per active field of the template."""
    form = forms.Form(data, initial=initial)
    for f in fields:
        label = f.label(lang)
        if f.kind == CHOICE:
            form.fields[f.key] = forms.ChoiceField(label=label, required=False,
                                                   choices=[("", "—"), *((o, o) for o in f.options)])
        elif f.kind == NUMBER:
            form.fields[f.key] = forms.CharField(label=label, required=False, max_length=40,
                                                 widget=forms.TextInput(attrs={"inputmode": "decimal"}))
        else:
            form.fields[f.key] = forms.CharField(label=label, required=False, max_length=2000)
    return form


def number_problems(fields: list[ExtractionField], values: dict[str, str]) -> list[str]:
    return [f.key for f in fields if f.kind == NUMBER and values.get(f.key, "").strip()
            and parse_number(values[f.key]) is None]


class ConsensusForm(forms.Form):
    field = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.CharField(label=_("Agreed value"), required=False, max_length=2000)
    reason = forms.CharField(label=_("Why"), max_length=300)

    def __init__(self, *args: Any, field: ExtractionField | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = field

    def clean_value(self) -> str:
        """A choice field's value is one of its options; a number field's, a number."""
        value = " ".join(str(self.cleaned_data.get("value") or "").split())
        f = self.target
        if f is not None and f.kind == CHOICE:
            options = [str(o) for o in (f.options or [])]
            match = next((o for o in options if o.casefold() == value.casefold()), None)
            if match is None:
                raise forms.ValidationError(_("Choose one of the field's options: %(options)s"),
                                            params={"options": ", ".join(options)})
            return match
        if f is not None and f.kind == NUMBER and parse_number(value) is None:
            raise forms.ValidationError(_("The agreed value of a number field must be a number."))
        return value


ALL_VALUES = tuple(dict.fromkeys(v for names in BLOCK_VALUES.values() for v in names))
VALUE_LABELS: dict[str, Any] = {
    "events_t": _("events, intervention"), "n_t": _("n, intervention"), "events_c": _("events, control"),
    "n_c": _("n, control"), "mean_t": _("mean, intervention"), "sd_t": _("SD, intervention"),
    "mean_c": _("mean, control"), "sd_c": _("SD, control"),
    "mean_pre_t": _("pre mean, intervention"), "sd_pre_t": _("pre SD, intervention"),
    "mean_post_t": _("post mean, intervention"), "sd_post_t": _("post SD, intervention"),
    "r_t": _("pre–post r, intervention"), "mean_pre_c": _("pre mean, control"), "sd_pre_c": _("pre SD, control"),
    "mean_post_c": _("post mean, control"), "sd_post_c": _("post SD, control"), "r_c": _("pre–post r, control"),
    "estimate": _("estimate"), "ci_low": _("95% CI, lower"), "ci_high": _("95% CI, upper"),
}
CI_MEASURES = [(m, m) for m in KIND_MEASURES[EFFECT_CI]]


def with_labels(message: str, names: Any) -> str:
    """A library message about a block with its internal value names (``events_t``) as the form's labels in
    the page's language (“kejadian, intervensi”)."""
    for name in sorted(names, key=len, reverse=True):
        if name in VALUE_LABELS and "_" in name:  # "estimate" is also a plain word
            message = re.sub(rf"(?<![\w“]){re.escape(name)}(?![\w”])", f"“{VALUE_LABELS[name]}”", message)
    return message


class BlockForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), max_length=120)
    kind = forms.ChoiceField(label=_("Data"), choices=BLOCK_KINDS)
    measure = forms.ChoiceField(label=_("Measure (effect with CI only)"), choices=[("", "—"), *CI_MEASURES],
                                required=False)
    note = forms.CharField(label=_("Note (table, page)"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ALL_VALUES:
            self.fields[name] = forms.CharField(label=VALUE_LABELS[name], required=False, max_length=40,
                                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def head_fields(self) -> list[Any]:
        return [self[name] for name in ("outcome", "kind", "note")]

    def groups(self) -> list[tuple[Any, list[Any]]]:
        """The value inputs in groups a reader recognises (group sizes are shared by three kinds)."""
        return [(legend, [self[n] for n in names]) for legend, names in (
            (_("Group sizes (2×2, mean and SD, pre/post)"), ("n_t", "n_c")),
            (_("2×2 counts (events / n per arm)"), ("events_t", "events_c")),
            (_("Mean, SD and n per arm"), ("mean_t", "sd_t", "mean_c", "sd_c")),
            (_("Pre/post mean and SD with pre–post r, per arm"),
             ("mean_pre_t", "sd_pre_t", "mean_post_t", "sd_post_t", "r_t",
              "mean_pre_c", "sd_pre_c", "mean_post_c", "sd_post_c", "r_c")),
            (_("Effect with 95% CI"), ("measure", "estimate", "ci_low", "ci_high")))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind not in BLOCK_VALUES:
            return data
        values: dict[str, float | None] = {}
        for name in BLOCK_VALUES[kind]:
            raw = str(data.get(name) or "").strip()
            if not raw:
                if not (kind == PREPOST and name in OPTIONAL_VALUES):
                    self.add_error(name, _("Required for this kind of data."))
                values[name] = None
                continue
            number = parse_number(raw)
            if number is None:
                self.add_error(name, _("Not a number."))
            values[name] = number
        if kind == EFFECT_CI and not data.get("measure"):
            self.add_error("measure", _("Say which measure the effect is."))
        if self.errors:
            return data
        if kind == EFFECT_CI:
            block = BLOCK_CLASSES[kind](data["measure"], values["estimate"], values["ci_low"], values["ci_high"])
        else:
            block = BLOCK_CLASSES[kind](**values)
        lang = ui_lang()
        for problem in check_block(block):
            self.add_error(None, with_labels(problem.in_(lang), BLOCK_VALUES[kind]))
        data["values"] = {k: count_value(k, v) for k, v in values.items() if v is not None}
        return data


ALL_STAT_FIELDS = tuple(dict.fromkeys(v for names in STAT_FIELDS.values() for v in names))
STAT_LABELS: dict[str, Any] = {
    "n": "n", "mean": _("mean"), "sd": "SD", "percent": _("percent"), "count": _("count (optional)"),
    "n1": _("n, group 1"), "mean1": _("mean, group 1"), "sd1": _("SD, group 1"), "events1": _("events, group 1"),
    "percent1": _("%, group 1"), "n2": _("n, group 2"), "mean2": _("mean, group 2"), "sd2": _("SD, group 2"),
    "events2": _("events, group 2"), "percent2": _("%, group 2"), "statistic": _("statistic"), "df": "df",
    "df1": "df1", "df2": "df2", "reported_p": _("p as printed"), "text": _("text as printed"),
}


class StatisticForm(forms.Form):
    label = forms.CharField(label=_("Where in the paper (e.g. Table 2)"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=STAT_KINDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ALL_STAT_FIELDS:
            widget = forms.Textarea(attrs={"rows": 3}) if name == "text" else forms.TextInput()
            self.fields[name] = forms.CharField(label=STAT_LABELS[name], required=False, max_length=4000,
                                                widget=widget)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind not in STAT_FIELDS:
            return data
        fields = {k: str(data.get(k) or "").strip() for k in STAT_FIELDS[kind]}
        for name, value in fields.items():
            if not value and name not in OPTIONAL_STAT_FIELDS:
                self.add_error(name, _("Required for this kind of statistic."))
        if self.errors:
            return data
        lang = ui_lang()
        for problem in check_claim(str(kind), fields):
            where = f"{problem.column}: " if problem.column else ""
            self.add_error(None, where + problem.text.in_(lang))
        data["fields"] = {k: v for k, v in fields.items() if v}
        return data


class OwnStudyForm(forms.Form):
    study = forms.TypedChoiceField(label=_("Your laktasi study"), coerce=int)
    outcome = forms.CharField(label=_("Outcome in this review"), max_length=120)
    basis = forms.ChoiceField(label=_("Values"), choices=[("change", _("Change from the first to the last visit")),
                                                          ("post", _("Values at the last visit"))])

    def __init__(self, *args: Any, studies: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["study"].choices = studies or []  # type: ignore[attr-defined]
