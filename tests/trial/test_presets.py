"""Package data presets: every entry complete, bilingual and sourced."""

from __future__ import annotations

from laktasi import data as package_data


def test_range_table_is_consistent_and_sourced():
    ranges = package_data.ranges()
    assert ranges["expressed_volume"]["hard_max"] == 400  # domain.md: storage capacity 75-400 ml
    assert ranges["expressed_volume"]["warn_above_default"] == 150
    for name, entry in ranges.items():
        assert entry["hard_min"] < entry["hard_max"], name
        assert set(entry["label"]) == {"en", "id"} and entry["unit"], name
        for key in ("warn_above_default", "warn_below_default"):
            if key in entry:
                assert entry["hard_min"] <= entry[key] <= entry["hard_max"], name
                assert entry["sources"], f"{name}: a soft limit needs a source"
    periods = ranges["expressed_volume"]["warn_above"]
    assert [p["value"] for p in periods] == [30, 60, 150]


def test_level_orders_are_distinct():
    orders = package_data.level_orders()
    assert orders[0]["levels"] == ["kurang lancar", "cukup lancar", "lancar"]
    for order in orders:
        assert len(set(order["levels"])) == len(order["levels"]) >= 2
        assert order["kind"] == ("binary" if len(order["levels"]) == 2 else "ordinal")


def test_checklist_preset_items_are_bilingual_and_cite_known_sources():
    preset = package_data.checklist_pijat_oksitosin()
    assert preset["name"]["id"] == "Pijat oksitosin – SOP"
    items = preset["items"]
    assert len(items) == 16 and len({i["key"] for i in items}) == 16
    known = set(preset["sources"])
    for item in items:
        assert item["en"] and item["id"]
        assert set(item["sources"]) <= known, item["key"]
    assert set(preset["dose"]["sources"]) <= known and set(preset["contraindications"]["sources"]) <= known
