"""Package data: documented presets, each entry with its source.

* ``ranges.yaml`` — plausible ranges of study measurements (hard limits refuse a value, soft
  limits warn), e.g. milk volume per expression session 0–400 ml.
* ``levels.yaml`` — known ordered category levels (``kurang lancar < cukup lancar < lancar``).
* ``checklist_pijat_oksitosin.yaml`` — the "Pijat oksitosin – SOP" checklist preset.

>>> ranges()["expressed_volume"]["hard_max"]
400
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise RuntimeError(f"package data file {name} is not a mapping")
    return data


def ranges() -> dict[str, Any]:
    """Measure name → its range entry (``unit``, ``hard_min``, ``hard_max``, soft limits, ``sources``)."""
    return dict(_load("ranges.yaml")["measures"])


def level_orders() -> list[dict[str, Any]]:
    """Known level orders, each ``{"name", "kind", "levels" (lowest first), "label"}``."""
    return list(_load("levels.yaml")["orders"])


def checklist_pijat_oksitosin() -> dict[str, Any]:
    """The "Pijat oksitosin – SOP" checklist preset (``name``, ``dose``, ``items``, ``sources``)."""
    return dict(_load("checklist_pijat_oksitosin.yaml"))
