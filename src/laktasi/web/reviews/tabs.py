"""Tabs other apps add to a review's navigation (intake, extraction, appraisal, ...): each app registers
its tabs in its ``AppConfig.ready``, so the reviews app never imports the apps built on it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Tab:
    key: str  # the page's ``tab`` value, marks the tab as current
    label: str | Promise  # gettext_lazy text
    url_name: str  # reversed with the review's pk as its only argument
    capability: str  # shown to members whose role has it
    order: int = 50


_TABS: dict[str, Tab] = {}


def register(tab: Tab) -> None:
    _TABS[tab.key] = tab


def visible(capabilities: frozenset[str]) -> list[Tab]:
    return sorted((t for t in _TABS.values() if t.capability in capabilities), key=lambda t: (t.order, t.key))
