"""Creating studies (with the checklist preset copied in) and the YAML design file round-trip."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from laktasi.data import checklist_pijat_oksitosin
from laktasi.trial.design import StudyDesign, design_from_mapping, design_to_yaml
from laktasi.web.studies.models import OWNER, Arm, ChecklistItem, Membership, Study

# The design's label as the trial library and the report name it.
DESIGN_LABELS = {
    "quasi_two_arm": "two-arm quasi-experiment",
    "rct": "randomised controlled trial",
    "one_group": "one-group pre/post",
}


def preset_items() -> list[dict[str, Any]]:
    """The "Pijat oksitosin – SOP" preset as (id text, en text, source URLs) rows."""
    preset = checklist_pijat_oksitosin()
    urls = {str(k): v for k, v in (preset.get("sources") or {}).items()}
    rows = []
    for item in preset["items"]:
        sources = "; ".join(urls.get(str(s), f"[{s}]") for s in item.get("sources", []))
        record = item.get("record") or {}
        rows.append({"text_id": item["id"], "text_en": item["en"], "source": sources[:300], "key": item["key"],
                     "records_minutes": record.get("type") == "number" and record.get("unit") == "min"})
    return rows


@transaction.atomic
def create_study(owner: Any, *, arms: list[tuple[str, bool, int]], **fields: Any) -> Study:
    """A new study owned by ``owner``; ``arms`` are (name, is_reference, target n); checklist from the preset."""
    study = Study.objects.create(created_by=owner, **fields)
    for i, (name, ref, target) in enumerate(arms):
        Arm.objects.create(study=study, name=name, is_reference=ref, target_n=target, order=i)
    for i, row in enumerate(preset_items()):
        ChecklistItem.objects.create(study=study, order=i, **row)
    Membership.objects.create(study=study, user=owner, role=OWNER)
    return study


def design_dict(study: Study) -> dict[str, Any]:
    """The study's design in the YAML design-file form of design.md (what the exported table matches)."""
    ref = study.reference_arm
    rule = study.rule()
    doc: dict[str, Any] = {
        "id": "id",
        "arm": {"column": "arm", **({"reference": ref.name} if ref is not None else {})},
        "design_label": DESIGN_LABELS.get(study.design, study.design),
        "outcomes": {
            "volume": {"pre": "volume_pre", "post": "volume_post", "unit": study.volume_unit, "kind": "continuous",
                       "measure": "expressed_volume"},
        },
        "classification": {
            "kelancaran": {
                "from": "volume",
                "levels": list(rule.levels),
                "cutpoints": [float(c) for c in rule.cutpoints],
            }
        },
    }
    return doc


def study_design(study: Study) -> StudyDesign:
    """The :class:`~laktasi.trial.design.StudyDesign` the analysis uses (built from the same mapping)."""
    return design_from_mapping(design_dict(study), f"(study {study.pk})")


def design_yaml(study: Study) -> str:
    header = (
        f"# laktasi design file for study {study.name!r}\n"
        f"# design: {study.design}; visit days {study.visit_days}; time zone {study.time_zone}\n"
        f"# volume_pre = visit on postpartum day {study.visit_days[0]}, "
        f"volume_post = day {study.visit_days[-1]}\n"
    )
    return header + design_to_yaml(study_design(study))
