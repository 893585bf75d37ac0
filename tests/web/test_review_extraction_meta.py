"""The review's meta-analysis page (issue 11): the pooled estimate on the page equals ``laktasi meta`` on the
exported CSV and R metafor's value committed in r/meta/metafor_reference.json (metafor 3.8.1) to 1e-6;
model choices; risk-of-bias subgroups and sensitivity analysis; audit flags; the team's own laktasi study
in one step; plots and exports (meta CSV round trip, CSV/XLSX neutralised, Table 1 DOCX)."""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from django.urls import reverse

from laktasi.cli import main as laktasi_main
from laktasi.meta.blocks import Z975
from laktasi.web.review_extraction.models import EffectBlock, Extraction
from laktasi.web.reviews.models import FULL_TEXT, ReviewRecord
from laktasi.web.studies.models import RESEARCHER, Membership
from tests.web.conftest import client_for
from tests.web.test_review_extraction import include, make_people, make_review, speak

R_META = Path(__file__).resolve().parents[2] / "r" / "meta"


@pytest.fixture
def people(db):
    return make_people()


@pytest.fixture
def review(people):
    return make_review(people)


@pytest.fixture(scope="module")
def metafor():
    return json.loads((R_META / "metafor_reference.json").read_text())


def included(rv, owner, a, b, rid, author, year):
    r = ReviewRecord(review=rv, record_id=rid, title=f"Studi {author}", authors=[f"{author}, X."], year=year)
    r.save(by=owner)
    include(r, a, b, stages=(FULL_TEXT,))
    return r


def normand_blocks(rv, users, as_ci=()):
    """dat.normand1999 (metafor's MD example) as mean/SD/n blocks of nine included studies; the studies in
    ``as_ci`` entered instead as the MD with its 95% CI (from metafor's own yi and vi)."""
    d = pd.read_csv(R_META / "dat_normand1999.csv")
    o, a, b = users["xowner"], users["xrev1"], users["xrev2"]
    records = []
    for i, row in d.iterrows():
        rec = included(rv, o, a, b, f"n{i}", str(row["source"]), 1990 + i)
        if i in as_ci:
            yi = float(row["m1i"] - row["m2i"])
            se = math.sqrt(row["sd1i"] ** 2 / row["n1i"] + row["sd2i"] ** 2 / row["n2i"])
            EffectBlock(review=rv, record=rec, label=str(row["source"]), outcome="stay", kind="effect_ci",
                        measure="MD", values={"estimate": yi, "ci_low": yi - Z975 * se, "ci_high": yi + Z975 * se},
                        entered_by=a).save(by=a)
        else:
            EffectBlock(review=rv, record=rec, label=str(row["source"]), outcome="stay", kind="mean_sd",
                        values={"mean_t": float(row["m1i"]), "sd_t": float(row["sd1i"]), "n_t": float(row["n1i"]),
                                "mean_c": float(row["m2i"]), "sd_c": float(row["sd2i"]), "n_c": float(row["n2i"])},
                        entered_by=a).save(by=a)
        records.append(rec)
    return records


def cli_json(tmp_path, csv: bytes, *args: str, capsys) -> dict:
    path = tmp_path / "meta.csv"
    path.write_bytes(csv)
    capsys.readouterr()
    assert laktasi_main(["meta", str(path), "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("method, hk, key", [("REML", False, "REML_z"), ("DL", False, "DL_z"),
                                             ("REML", True, "REML_knha"), ("FE", False, "FE_z")])
def test_page_equals_laktasi_meta_and_metafor(review, people, metafor, tmp_path, capsys, method, hk, key):
    normand_blocks(review, people)
    ref = metafor["normand1999"]["MD"]["fits"][key]
    c = client_for(people["xviewer"])  # a viewer may see the meta page
    query = {"outcome": "stay", "measure": "MD", "method": method, **({"hk": "1"} if hk else {})}
    page = c.get(reverse("review_meta", args=[review.pk]), query)
    assert page.status_code == 200
    pooled = page.context["run"].analysis.pooled
    shown = float(page.context["summary"]["raw"])
    assert f'data-estimate="{page.context["summary"]["raw"]}"' in page.content.decode()
    assert shown == pytest.approx(ref["estimate"], rel=1e-6, abs=1e-9)
    assert pooled.ci_low == pytest.approx(ref["ci_lb"], rel=1e-6)
    assert pooled.ci_high == pytest.approx(ref["ci_ub"], rel=1e-6)
    assert pooled.tau2 == pytest.approx(ref["tau2"], rel=1e-6, abs=1e-9)
    assert pooled.i2 == pytest.approx(ref["I2"], rel=1e-6)
    # export → laktasi meta (the CLI function) → the same pooled estimate
    export = c.get(reverse("review_extraction_export", args=[review.pk, "meta-csv"]), query)
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    cli = cli_json(tmp_path, export.content, "--measure", "MD", "--method", method, *(["--hk"] if hk else []),
                   capsys=capsys)
    assert cli["estimate"] == pytest.approx(shown, rel=1e-12, abs=1e-12)
    assert cli["ci_low"] == pytest.approx(pooled.ci_low, rel=1e-12)
    assert cli["k"] == 9
    assert list(pd.read_csv(io.BytesIO(export.content)).columns) == ["study", "mean_t", "sd_t", "n_t", "mean_c",
                                                                       "sd_c", "n_c"]


def test_two_by_two_blocks_give_metafor_risk_ratio(review, people, metafor, tmp_path, capsys):
    d = pd.read_csv(R_META / "dat_bcg.csv")
    o, a, b = people["xowner"], people["xrev1"], people["xrev2"]
    for i, row in d.iterrows():
        rec = included(review, o, a, b, f"b{i}", str(row["author"]), int(row["year"]))
        EffectBlock(review=review, record=rec, label=f"{row['author']} {row['year']}", outcome="tb",
                    kind="two_by_two", values={"events_t": int(row["tpos"]), "n_t": int(row["tpos"] + row["tneg"]),
                                               "events_c": int(row["cpos"]), "n_c": int(row["cpos"] + row["cneg"])},
                    entered_by=a).save(by=a)
    page = client_for(people["xrev1"]).get(reverse("review_meta", args=[review.pk]), {"outcome": "tb"})
    assert page.context["c"]["measure"] == "RR" and page.context["c"]["method"] == "REML"  # the CLI's defaults
    ref = metafor["bcg"]["RR"]["fits"]["REML_z"]
    assert float(page.context["summary"]["raw"]) == pytest.approx(ref["estimate"], rel=1e-6)  # log RR −0.7145
    assert page.context["summary"]["estimate"] == "0,489"  # shown as a risk ratio, Indonesian decimals
    export = client_for(people["xrev1"]).get(reverse("review_extraction_export", args=[review.pk, "meta-csv"]),
                                             {"outcome": "tb"})
    cli = cli_json(tmp_path, export.content, "--measure", "RR", capsys=capsys)
    assert cli["estimate"] == pytest.approx(ref["estimate"], rel=1e-6)
    assert "OR" in page.context["c"]["measures"] and "MD" not in page.context["c"]["measures"]
    # Mantel-Haenszel needs the counts: as metafor rma.mh
    mh = client_for(people["xrev1"]).get(reverse("review_meta", args=[review.pk]), {"outcome": "tb", "method": "MH"})
    assert float(mh.context["summary"]["raw"]) == pytest.approx(metafor["bcg"]["RR"]["mh"]["estimate"], rel=1e-6)


def test_effects_given_as_ci_pool_with_the_rest(review, people, metafor, tmp_path, capsys):
    """Three studies entered as MD [95% CI]: the table becomes yi/vi (each from the library's effect
    functions) and the result is still metafor's."""
    normand_blocks(review, people, as_ci=(0, 4, 7))
    ref = metafor["normand1999"]["MD"]["fits"]["REML_z"]
    page = client_for(people["xrev1"]).get(reverse("review_meta", args=[review.pk]), {"outcome": "stay",
                                                                                        "measure": "MD"})
    assert float(page.context["summary"]["raw"]) == pytest.approx(ref["estimate"], rel=1e-6)
    frame = page.context["run"].frame
    assert list(frame.columns) == ["study", "yi", "vi"]
    assert frame["vi"].tolist() == pytest.approx(metafor["normand1999"]["MD"]["vi"], rel=1e-6)
    # an SMD cannot be made from an MD with its CI: offered (the six mean/SD studies give it), MD first
    # (all nine give it), and pooling SMD leaves the three out with the reason
    assert page.context["c"]["measures"] == ["MD", "SMD", "ROM"]
    smd = client_for(people["xrev1"]).get(reverse("review_meta", args=[review.pk]), {"outcome": "stay",
                                                                                       "measure": "SMD"})
    assert len(smd.context["excluded"]) == 3 and smd.context["run"].analysis.pooled.k == 6
    export = client_for(people["xrev1"]).get(reverse("review_extraction_export", args=[review.pk, "meta-csv"]),
                                             {"outcome": "stay", "measure": "MD"})
    assert cli_json(tmp_path, export.content, "--measure", "MD", capsys=capsys)["estimate"] == \
        pytest.approx(ref["estimate"], rel=1e-6)


def test_risk_of_bias_subgroups_and_sensitivity(review, people, monkeypatch):
    records = normand_blocks(review, people)
    keys = ["low", "high", "some_concerns", "low", "high", "low", "some_concerns", "low", "high"]
    judgements = {r.pk: k for r, k in zip(records, keys, strict=True)}
    monkeypatch.setattr("laktasi.web.review_appraisal.services.overall_judgements", lambda rv: judgements,
                        raising=False)
    speak(people["xrev1"], "en")
    c = client_for(people["xrev1"])
    page = c.get(reverse("review_meta", args=[review.pk]), {"outcome": "stay", "measure": "MD", "rob": "1"})
    groups = {g["name"]: g["k"] for g in page.context["summary"]["subgroups"]}
    assert groups == {"low risk": 4, "high risk": 3, "some concerns": 2}
    assert page.context["summary"]["q_between"] is not None
    assert "low risk" in page.content.decode()
    # the same subgroup as its own analysis: the library on the subset gives the subgroup's estimate
    from laktasi.meta.analysis import run_meta_analysis
    from laktasi.meta.table import read_study_table

    a = page.context["run"].analysis
    low = a.subgroups[[g.name for g in a.subgroups].index("low risk")].pooled
    frame = page.context["run"].frame
    subset = frame[frame["risk_of_bias"] == "low risk"].reset_index(drop=True)
    alone = run_meta_analysis(read_study_table(subset, "MD")).pooled
    assert low.estimate == pytest.approx(alone.estimate, rel=1e-9)
    # sensitivity: leave out the studies at high risk
    page = c.get(reverse("review_meta", args=[review.pk]), {"outcome": "stay", "measure": "MD", "drop": "high"})
    assert page.context["run"].analysis.pooled.k == 6
    assert len(page.context["excluded"]) == 3 and "high risk" in page.context["excluded"][0][1]


def test_risk_of_bias_not_available_is_said(review, people, monkeypatch):
    normand_blocks(review, people)
    import laktasi.web.review_appraisal.services as appraisal

    monkeypatch.delattr(appraisal, "overall_judgements", raising=False)
    page = client_for(people["xrev1"]).get(reverse("review_meta", args=[review.pk]),
                                           {"outcome": "stay", "measure": "MD", "rob": "1"})
    assert page.context["notes"] and page.context["run"].analysis.pooled.k == 9
    assert page.context["summary"]["subgroups"] == []


def test_audit_flags_show_on_the_meta_page(review, people):
    records = normand_blocks(review, people)
    c = client_for(people["xrev1"])
    c.post(reverse("review_extraction_data", args=[review.pk, records[2].pk]),
           {"action": "statistic", "label": "Tabel 4.7", "kind": "percentage", "n": "5", "percent": "75"})
    page = c.get(reverse("review_meta", args=[review.pk]), {"outcome": "stay", "measure": "MD"})
    flags = {s["study"]: [name for name, _text in s["flags"]] for s in page.context["studies"]}
    assert flags["Orpington-Moderate"] == ["GRIM %"] and flags["Edinburgh"] == []
    html = page.content.decode()
    assert "GRIM %" in html
    # the app's own catalogue: Indonesian by default, "%" kept whole
    assert "Efek [IK 95%]" in html and "Gabungan MD" in html and "Heterogenitas" in html
    speak(people["xrev1"], "en")
    html = client_for(people["xrev1"]).get(reverse("review_meta", args=[review.pk]),
                                            {"outcome": "stay", "measure": "MD"}).content.decode()
    assert "Effect [95% CI]" in html and "Pooled MD" in html and "Heterogeneity: τ² = " in html


def test_plots_are_images_and_options_are_checked(review, people):
    normand_blocks(review, people)
    c = client_for(people["xviewer"])
    for kind in ("forest", "funnel"):
        r = c.get(reverse("review_meta_plot", args=[review.pk]), {"outcome": "stay", "measure": "MD", "kind": kind})
        assert r.status_code == 200 and r["Content-Type"] == "image/png" and r.content[:4] == b"\x89PNG"
    svg = c.get(reverse("review_meta_plot", args=[review.pk]), {"outcome": "stay", "measure": "MD", "kind": "forest",
                                                                "fmt": "svg", "lang": "en", "download": "1"})
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content[:500]
    assert svg["Content-Disposition"] == f'attachment; filename="forest-{review.pk}-en.svg"'
    assert b"Mean difference" in svg.content
    assert c.get(reverse("review_meta_plot", args=[review.pk]), {"outcome": "stay", "kind": "forest",
                                                                  "fmt": "pdf"}).status_code == 404
    url = reverse("review_meta", args=[review.pk])
    assert c.get(url, {"outcome": "nope"}).status_code == 404
    assert c.get(url, {"outcome": "stay", "method": "XX"}).status_code == 404
    page = c.get(url, {"outcome": "stay", "measure": "RR"})  # counts are needed for a risk ratio
    assert page.status_code == 200 and len(page.context["excluded"]) == 9 and not page.context["summary"]
    assert client_for(people["xoutsider"]).get(url).status_code == 404


def test_own_laktasi_study_in_one_step(review, people):
    from laktasi.web.visits.demo import create_demo
    from laktasi.web.visits.frame import analysis_frame

    records = normand_blocks(review, people)
    study, _logins = create_demo(n_per_arm=8, pending=0)
    Membership.objects.create(study=study, user=people["xrev1"], role=RESEARCHER)
    c = client_for(people["xrev1"])
    url = reverse("review_extraction_own", args=[review.pk])
    page = c.get(url)
    assert page.status_code == 200 and study.name in page.content.decode()
    # a study she does not belong to is not on offer
    assert c.post(url, {"study": study.pk + 999, "outcome": "stay", "basis": "change"}).status_code == 200
    r = c.post(url, {"study": study.pk, "outcome": "stay", "basis": "change"})
    assert r.status_code == 302 and r["Location"].endswith("?outcome=stay")
    block = EffectBlock.objects.get(review=review, study=study)
    assert block.own_study and block.record is None and block.label.endswith("(laktasi)")
    # independent check: the change per arm straight from the study's table (complete pairs, SD with n − 1)
    frame = analysis_frame(study)
    for suffix, arm in (("t", "intervensi"), ("c", "kontrol")):
        change = (frame.loc[frame["arm"] == arm, "volume_post"] - frame.loc[frame["arm"] == arm, "volume_pre"]).dropna()
        assert block.values[f"n_{suffix}"] == len(change)
        assert block.values[f"mean_{suffix}"] == pytest.approx(change.mean(), rel=1e-12)
        assert block.values[f"sd_{suffix}"] == pytest.approx(change.std(ddof=1), rel=1e-12)
    page = c.get(reverse("review_meta", args=[review.pk]), {"outcome": "stay", "measure": "MD"})
    assert page.context["run"].analysis.pooled.k == len(records) + 1
    own = [s for s in page.context["studies"] if s["own"]]
    assert [s["study"] for s in own] == [block.label]
    # again: the block is refreshed, not doubled
    c.post(url, {"study": study.pk, "outcome": "stay", "basis": "post"})
    assert EffectBlock.objects.filter(review=review, study=study, active=True).count() == 1
    post = frame.loc[frame["arm"] == "kontrol", "volume_post"].dropna()
    assert EffectBlock.objects.get(review=review, study=study).values["mean_c"] == pytest.approx(post.mean())
    assert client_for(people["xviewer"]).get(url).status_code == 403


def test_exports_fields_neutralised_and_table_1(review, people):
    records = normand_blocks(review, people)[:2]
    a, b = client_for(people["xrev1"]), client_for(people["xrev2"])
    for client, design in ((a, "RCT"), (b, "RCT")):
        client.post(reverse("review_extraction_form", args=[review.pk, records[0].pk]),
                    {"design": design, "intervention": '=HYPERLINK("http://x","klik")', "n_intervention": "155",
                     "n_control": "156", "country": "Skotlandia", "done": "1"})
    assert Extraction.objects.filter(record=records[0], done=True).count() == 2
    v = client_for(people["xviewer"])
    csv = v.get(reverse("review_extraction_export", args=[review.pk, "csv"]))
    assert csv.status_code == 200
    frame = pd.read_csv(io.BytesIO(csv.content), encoding="utf-8-sig")
    assert frame.loc[0, "intervention"].startswith("'=HYPERLINK")  # formula neutralised (web/exports)
    assert frame.loc[0, "design"] == "RCT" and frame.loc[0, "intervention__extractor2"].startswith("'=")
    assert len(frame) == 9
    xlsx = v.get(reverse("review_extraction_export", args=[review.pk, "xlsx"]))
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("intervention") + 1).value.startswith("'=")
    docx = v.get(reverse("review_extraction_export", args=[review.pk, "docx"]), {"lang": "en"})
    assert docx.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "Author (year)" in xml and "Edinburgh, X. (1990)".split(",")[0] in xml and "155 + 156" in xml
    assert "Skotlandia" in xml  # other fields follow the standard columns
    assert v.get(reverse("review_extraction_export", args=[review.pk, "pdf"])).status_code == 404


def test_subgroups_and_moderator_from_extraction_fields(review, people, metafor, tmp_path, capsys):
    """dat.bcg with allocation as a choice field and latitude as a number field of the extraction form:
    subgroups and the meta-regression are metafor's (subgroup_alloc_REML, metareg_ablat_z), and the exported
    CSV gives the same with --subgroup alloc --moderator ablat."""
    from laktasi.meta.analysis import run_meta_analysis
    from laktasi.meta.table import read_study_table
    from laktasi.web.review_extraction.models import ExtractionField

    d = pd.read_csv(R_META / "dat_bcg.csv")
    o, a, b = people["xowner"], people["xrev1"], people["xrev2"]
    owner = client_for(o)
    url = reverse("review_extraction_template", args=[review.pk])
    owner.get(url)  # the default template first
    owner.post(url, {"action": "field", "key": "alloc", "kind": "choice", "label_id": "Alokasi",
                     "label_en": "Allocation", "options": "random\nalternate\nsystematic", "order": 1})
    owner.post(url, {"action": "field", "key": "ablat", "kind": "number", "label_id": "Lintang",
                     "label_en": "Latitude", "order": 2})
    assert ExtractionField.objects.filter(review=review, key__in=["alloc", "ablat"]).count() == 2
    for i, row in d.iterrows():
        rec = included(review, o, a, b, f"b{i}", str(row["author"]), int(row["year"]))
        EffectBlock(review=review, record=rec, label=f"{row['author']} {row['year']}", outcome="tb",
                    kind="two_by_two", values={"events_t": int(row["tpos"]), "n_t": int(row["tpos"] + row["tneg"]),
                                               "events_c": int(row["cpos"]), "n_c": int(row["cpos"] + row["cneg"])},
                    entered_by=a).save(by=a)
        for user in (a, b):  # both extractors agree
            Extraction(record=rec, extractor=user, values={"alloc": row["alloc"], "ablat": str(row["ablat"])},
                       done=True).save(by=user)
    c = client_for(a)
    page = c.get(reverse("review_meta", args=[review.pk]), {"outcome": "tb", "subgroup": "alloc",
                                                             "moderator": "ablat"})
    assert page.status_code == 200
    an = page.context["run"].analysis
    ref = metafor["bcg"]["RR"]["subgroup_alloc_REML"]
    for g in an.subgroups:
        assert g.pooled.k == ref["groups"][g.name]["k"]
        assert g.pooled.estimate == pytest.approx(ref["groups"][g.name]["estimate"], rel=1e-6)
    assert an.q_between == pytest.approx(ref["Qb"], rel=1e-6)
    reg = metafor["bcg"]["RR"]["metareg_ablat_z"]
    assert list(an.regression.beta) == pytest.approx(reg["beta"], rel=1e-6)
    assert an.regression.q_moderators == pytest.approx(reg["QM"], rel=1e-6)
    assert "QM = 16,36" in page.content.decode()
    # leave-one-out as metafor leave1out (the first BCG trial left out)
    loo = an.loo
    alone = run_meta_analysis(read_study_table(page.context["run"].frame.iloc[1:].reset_index(drop=True), "RR"))
    assert loo.estimate[0] == pytest.approx(alone.pooled.estimate, rel=1e-9)
    assert len(page.context["summary"]["loo"]) == 13 and "Aronson 1948" in page.context["summary"]["loo"][0][0]
    export = c.get(reverse("review_extraction_export", args=[review.pk, "meta-csv"]),
                   {"outcome": "tb", "subgroup": "alloc", "moderator": "ablat"})
    cli = cli_json(tmp_path, export.content, "--measure", "RR", "--subgroup", "alloc", "--moderator", "ablat",
                   capsys=capsys)
    assert cli["meta_regression"] is not None and cli["subgroups"]
    assert json.dumps(cli["meta_regression"]).count("-0.0291017") >= 1
    # a field that is not in the form is refused
    assert c.get(reverse("review_meta", args=[review.pk]), {"outcome": "tb", "subgroup": "nope"}).status_code == 404
