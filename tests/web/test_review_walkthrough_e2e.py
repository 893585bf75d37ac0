"""Issue 11's "Done means", the whole path of a review in headless Chromium, driven as its members would:

1. the owner creates a review, adds two reviewers on the members page and uploads two database exports
   (tests/fixtures/review/walkthrough_*.ris, SYNTHETIC: six records, one a duplicate);
2. two reviewers screen titles and abstracts blind (one on a desktop with the keyboard, one on a 390 px phone in
   English with the buttons); neither sees the other's decision; their one disagreement appears on the
   conflicts page only once both have decided, and the owner (a third person) resolves it with a reason;
   Cohen's κ and Gwet's AC1 are shown (checked against the hand computation from Cohen 1960 and Gwet 2008);
3. at full text a PDF is uploaded for one record and another record is excluded with a reason from the review's
   list; the PRISMA 2020 diagram's counts (read from the SVG the page offers) change accordingly;
4. mean/SD/n per arm for the three included studies, typed into their data forms, are pooled on the meta page
   (forest plot and pooled result; the fixed-effect estimate checked against the inverse-variance formula);
5. two appraisers enter the same RoB 2 answers for one study, blind; its judgements show in the traffic-light
   plot's data (the robvis CSV it is drawn from) and the overview's table.

Screenshots (390 px and desktop) of each main step go to a temporary folder, or to ``LAKTASI_SCREENSHOT_DIR``
(docs/img/review-workspace for docs/review-workspace.md). Pages wider than 390 px are reported as warnings
(layout problems for the templates' owners), not failures.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.web.test_e2e import DESKTOP, PHONE, _login, browser, shots  # noqa: F401  (fixtures)

PASSWORD = "kata-sandi-uji-123"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "review"
#: mean, SD, n of the intervention arm, then of the control arm (breast milk volume, ml; SYNTHETIC numbers)
ARMS = {"Sari 2021": ("32,1", "8,2", "30", "24,5", "7,9", "30"),
        "Putri 2019": ("28,0", "9,1", "20", "22,5", "8,8", "20"),
        "Lestari 2023": ("40,2", "11,0", "24", "30,1", "10,4", "24")}
#: RoB 2 answers: randomisation with no information on concealment (1.2 NI: "some concerns" in D1), else low risk
ROB2 = {"1.1": "Y", "1.2": "NI", "1.3": "N", "2.1": "N", "2.2": "N", "2.6": "Y", "3.1": "Y", "4.1": "N", "4.2": "N",
        "4.3": "N", "5.1": "Y", "5.2": "N", "5.3": "N"}


def _number(text: str) -> float:
    return float(text.replace(",", "."))


class Camera:
    """Full-page screenshots of a page at 390 px and at desktop width; pages that spill sideways at 390 px are
    collected (and reported as warnings at the end)."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.wide = folder, []

    def both(self, page, name: str, at: str | None = None) -> None:
        """``at``: a selector to scroll to and shoot the screen only (a page with a sticky bar, which a
        full-page screenshot would draw over the middle of the page)."""
        start = page.viewport_size
        for size, suffix in ((PHONE, "phone"), (DESKTOP, "desktop")):
            page.set_viewport_size(size)
            page.evaluate("window.scrollTo(0, 0)")  # sticky bars where a reader first sees them
            page.wait_for_function("() => [...document.images].every(i => i.complete)")
            if size is PHONE:
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > PHONE["width"] + 1:
                    self.wide.append(f"{name}: {page.url} is {width} px wide at 390 px")
            if at:
                page.locator(at).scroll_into_view_if_needed()
            page.screenshot(path=str(self.folder / f"{name}-{suffix}.png"), full_page=not at)
        page.set_viewport_size(start)


def _prisma(page, base: str, review_pk: int) -> str:
    """The diagram's text as the review page offers it (SVG download, English), in one line."""
    response = page.request.get(f"{base}/reviews/{review_pk}/prisma/svg/?lang=en&download=1")
    assert response.status == 200
    texts = re.findall(r"<text[^>]*>(.*?)</text>", response.text(), re.S)
    return " ".join(" ".join(t.replace("\xa0", " ").split()) for t in texts)


def _stage_counts(page) -> dict[str, list[str]]:
    """The review page's table: per stage, records to screen, included, excluded, open conflicts."""
    rows = page.locator("main table").first.locator("tr")
    out = {}
    for i, stage in ((1, "title_abstract"), (2, "full_text")):
        cells = rows.nth(i).locator("td")
        out[stage] = [cells.nth(j).inner_text().strip() for j in (2, 4, 5, 6)]
    return out


def _decide(page, decision: str, key: str | None = None) -> None:
    """One decision on the screening page (a key press or a tap); wait for the next record (or none)."""
    shown = page.get_attribute("#record", "data-next")
    if key:
        page.locator("body").click(position={"x": 5, "y": 5})  # no field focused: the key is a shortcut
        page.keyboard.press(key)
    else:
        page.click(f'#decide button[value="{decision}"]')
    page.wait_for_function("(shown) => { const r = document.querySelector('#record'); "
                           "return !r || r.getAttribute('data-next') !== shown; }", arg=shown)


def _answer(page, answers: dict[str, str]) -> None:
    for qid, value in answers.items():
        page.check(f'input[name="q_{qid}"][value="{value}"]')


@pytest.mark.django_db(transaction=True)
def test_review_walkthrough(browser, live_server, shots, tmp_path, monkeypatch):  # noqa: F811, PLR0915
    from django.core.files.storage import FileSystemStorage

    from laktasi.web.review_appraisal import services as appraisal
    from laktasi.web.review_extraction.models import EffectBlock
    from laktasi.web.reviews import services
    from laktasi.web.reviews.models import (
        ConflictResolution,
        FullText,
        Review,
        ReviewMember,
        ScreeningDecision,
    )

    monkeypatch.setattr(FullText._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path / "ft"))
    User = get_user_model()
    for name in ("pemilik", "peninjau1", "peninjau2"):
        User.objects.create_user(username=name, password=PASSWORD)
    camera = Camera(shots)
    base = live_server.url

    # --- 1. the owner creates the review, adds two reviewers and uploads two exports --------------------------
    owner = browser.new_page(viewport=DESKTOP, locale="id-ID")
    _login(owner, base, "pemilik", PASSWORD)
    owner.click("header a[href='/reviews/']")
    owner.click("a[href='/reviews/new/']")
    owner.fill("#id_title", "Pijat oksitosin dan volume ASI: tinjauan sistematis")
    owner.click("main button[type=submit]")
    owner.wait_for_url(re.compile(r".*/reviews/\d+/$"))
    review = Review.objects.get()
    url = f"{base}/reviews/{review.pk}"
    for name in ("peninjau1", "peninjau2"):
        owner.click(f"nav.study a[href='/reviews/{review.pk}/members/']")
        owner.fill("#id_username", name)
        owner.select_option("#id_role", "reviewer")
        owner.click("main form.card button[type=submit]")
        owner.wait_for_selector(".msg.success")
    assert sorted(ReviewMember.objects.filter(review=review).values_list("user__username", "role")) == [
        ("pemilik", "owner"), ("peninjau1", "reviewer"), ("peninjau2", "reviewer")]
    camera.both(owner, "01-members")
    owner.click(f"nav.study a[href='/reviews/{review.pk}/terms/']")  # the shared highlight terms
    owner.fill("#id_include_terms", "oxytocin\nmassage\nbreast milk\nlactation")
    owner.fill("#id_exclude_terms", "engine\ncross-sectional")
    owner.click("main form button[type=submit]")
    owner.wait_for_selector(".msg.success")

    owner.click(f"nav.study a[href='/reviews/{review.pk}/upload/']")
    owner.set_input_files("#id_exports", [str(FIXTURES / "walkthrough_scopus.ris"),
                                          str(FIXTURES / "walkthrough_pubmed.ris")])
    camera.both(owner, "02-upload")
    owner.click("main form.card button[type=submit]")
    owner.wait_for_selector("#intake-job .msg.success", timeout=30000)
    assert re.search(r"\b6\b.*\b1\b.*\b5\b", owner.inner_text("#intake-job .msg.success"))  # read; duplicate; kept
    assert review.records.count() == 6 and review.records.exclude(duplicate_of="").count() == 1
    camera.both(owner, "03-upload-done")
    owner.goto(f"{url}/")
    prisma_before = _prisma(owner, base, review.pk)
    for line in ("Databases (n = 6) Scopus (n = 5) PubMed (n = 1)", "Duplicate records removed (n = 1)",
                 "Records screened (n = 5)", "Records excluded** (n = 0)", "Reports sought for retrieval (n = 0)",
                 "Reports assessed for eligibility (n = 0)", "Reports excluded (n = –)",
                 "Studies included in review (n = 0)"):
        assert line in prisma_before, line
    assert _stage_counts(owner) == {"title_abstract": ["5", "0", "0", "0"], "full_text": ["0", "0", "0", "0"]}

    # --- 2. title/abstract: two reviewers, blind -------------------------------------------------------------
    def relevant(title: str) -> bool:
        return "massage" in title.lower()

    first = browser.new_page(viewport=DESKTOP, locale="id-ID")  # peninjau1: Indonesian, desktop, keyboard
    _login(first, base, "peninjau1", PASSWORD)
    first.goto(f"{url}/screen/title_abstract/")
    assert first.locator("#record mark.inc").count() > 0 or first.locator("#record mark.exc").count() > 0
    camera.both(first, "04-screen-title-abstract")
    seen = 0
    while first.locator("#record").count():
        title = first.inner_text("#record h2")
        _decide(first, "", "i" if relevant(title) else "e")  # the survey included: "maybe useful"
        seen += 1
    assert seen == 5

    # the owner looks at the conflicts page: one reviewer only so far, nothing to resolve
    owner.goto(f"{url}/conflicts/title_abstract/")
    assert owner.locator(".card form").count() == 0

    second = browser.new_page(viewport=PHONE, locale="en-GB")  # peninjau2: a phone, in English, taps the buttons
    _login(second, base, "peninjau2", PASSWORD)
    second.goto(f"{url}/screen/title_abstract/")
    second.click("header button[name=language][value=en]")
    second.wait_for_selector("html[lang=en]")
    assert "5" in second.inner_text("main p.muted")  # all five still hers: the other's decisions change nothing
    for i in range(5):
        record = second.inner_text("#record")
        assert "Your decision" not in record and "peninjau1" not in second.content()  # blind
        title = second.inner_text("#record h2")
        if i == 0:
            camera.both(second, "05-screen-english")
        _decide(second, "include" if relevant(title) and "survey" not in title.lower() else "exclude")
    assert second.locator("#record").count() == 0
    assert ScreeningDecision.objects.filter(stage="title_abstract").count() == 10
    survey = review.records.get(title__icontains="survey")
    first.goto(f"{url}/screen/title_abstract/?record={survey.pk}")  # her own decision, never the other's
    assert "Keputusan Anda: Sertakan" in first.inner_text("#record")
    assert "Keluarkan" not in first.inner_text("#record") and "peninjau2" not in first.content()

    # --- the conflict appears, κ and AC1 are shown, the owner resolves it --------------------------------------
    owner.reload()
    assert owner.locator(".card form").count() == 1
    assert "survey" in owner.inner_text(".card strong").lower()
    # 5 records; peninjau1 I I I I E, peninjau2 I I I E E: p_o = 0.8; Cohen (1960) p_e = .8*.6 + .2*.4 = 0.56,
    # κ = (0.8 - 0.56) / 0.44 = 0.545; Gwet (2008) with q = 3 categories (include, exclude, maybe):
    # π = (0.7, 0.3, 0), p_e = (0.7*0.3 + 0.3*0.7) / 2 = 0.21, AC1 = (0.8 - 0.21) / 0.79 = 0.747
    agreement = owner.inner_text(".agreement")
    assert "κ 0,55" in agreement and re.search(r"AC1 (Gwet )?0,75", agreement) and "n = 5" in agreement
    camera.both(owner, "06-conflict")
    owner.select_option(".card form select[name=decision]", "include")
    owner.fill(".card form input[name=reason]", "perlu dibaca teks lengkapnya: mungkin ada data intervensi")
    owner.click(".card form button[type=submit]")
    owner.wait_for_selector(".msg.success")
    resolution = ConflictResolution.objects.get()
    assert (resolution.record_id, resolution.resolved_by.username) == (survey.pk, "pemilik")
    assert services.final_decisions(review, "title_abstract")[survey.pk] == "include"
    owner.goto(f"{url}/audit/")  # the resolution and its reason are in the review's audit trail
    assert "perlu dibaca teks lengkapnya" in owner.inner_text("main")
    owner.goto(f"{url}/")
    rows = owner.locator("main table").first.locator("tr")
    title_abstract = rows.nth(1).inner_text()
    assert "0,55" in title_abstract and "AC1" in title_abstract  # κ on the review page too
    camera.both(owner, "07-overview-kappa")

    # --- 3. full text: a PDF for the trial, the survey excluded with a reason from the list -----------------
    pdf = tmp_path / "sari-2021.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    for page, lang in ((first, "id"), (second, "en")):
        page.goto(f"{url}/screen/full_text/")
        for _ in range(4):
            title = page.inner_text("#record h2")
            if "randomised trial" in title and page is first:
                page.set_input_files("#fulltext input[type=file]", str(pdf))
                page.click("#fulltext button[type=submit]")
                page.wait_for_selector("#fulltext a.btn")
                assert page.inner_text("#record h2") == title  # the same record again
                response = page.request.get(base + page.get_attribute("#fulltext a.btn", "href"))
                assert response.status == 200 and response.body().startswith(b"%PDF-")
                camera.both(page, "08-full-text-pdf")
            if "survey" in title:
                page.select_option("#id_exclusion_reason",
                                   label="Desain studi tidak sesuai" if lang == "id" else "Wrong study design")
                if page is second:
                    camera.both(page, "09-full-text-exclude-english")
                _decide(page, "exclude")
            else:
                _decide(page, "include")
        assert page.locator("#record").count() == 0
    assert FullText.objects.count() == 1
    assert services.final_decisions(review, "full_text") == {
        r.pk: "exclude" if r.pk == survey.pk else "include"
        for r in review.records.filter(duplicate_of="").exclude(title__icontains="engine")}

    # --- the PRISMA diagram has changed ----------------------------------------------------------------------
    owner.goto(f"{url}/")
    prisma_after = _prisma(owner, base, review.pk)
    for line in ("Databases (n = 6) Scopus (n = 5) PubMed (n = 1)", "Duplicate records removed (n = 1)",
                 "Records screened (n = 5)",
                 "Records excluded** (n = 1)", "Reports sought for retrieval (n = 4)",
                 "Reports not retrieved (n = 0)", "Reports assessed for eligibility (n = 4)",
                 "Reports excluded: Wrong study design (n = 1)", "Studies included in review (n = 3)",
                 "Reports of included studies (n = 3)"):
        assert line in prisma_after, line
    assert prisma_after != prisma_before
    assert _stage_counts(owner) == {"title_abstract": ["5", "4", "1", "0"], "full_text": ["4", "3", "1", "0"]}
    assert owner.evaluate("document.querySelector('img.prisma').naturalWidth") > 500
    camera.both(owner, "10-overview-prisma")

    # --- 4. extraction: mean/SD/n per arm for three studies, pooled on the meta page ------------------------
    first.goto(f"{url}/extraction/")
    assert first.locator("#included-studies tr").count() == 4  # a header and three studies
    camera.both(first, "11-extraction-studies")
    links = {first.locator("#included-studies tr").nth(i).locator("strong").inner_text():
             first.locator("#included-studies tr").nth(i).locator("a[href$='/data/']").get_attribute("href")
             for i in range(1, 4)}
    assert set(links) == set(ARMS)
    for label, values in ARMS.items():
        first.goto(base + links[label])
        first.fill("#id_outcome", "volume ASI hari ke-3 (ml)")
        first.select_option("#id_kind", "mean_sd")
        for field, value in zip(("mean_t", "sd_t", "n_t", "mean_c", "sd_c", "n_c"), values, strict=True):
            first.fill(f"#id_{field}", value)
        if label == "Sari 2021":
            camera.both(first, "12-extraction-data")
        first.click("#block-form button[type=submit]")
        first.wait_for_selector(".msg.success")
    assert EffectBlock.objects.filter(review=review, active=True, kind="mean_sd").count() == 3
    for label in ARMS:  # the second reviewer checks the numbers against the papers
        second.goto(base + links[label])
        second.click("main form button:has-text('I checked these numbers')")
        second.wait_for_selector(".msg.success")
    assert not EffectBlock.objects.filter(review=review, verified_by=None).exists()
    first.goto(base + links["Sari 2021"].replace("/data/", "/"))  # the typed extraction form of one study
    first.select_option("#id_design", "RCT")
    first.fill("#id_country", "Indonesia")
    first.fill("#id_n_intervention", "30")
    first.fill("#id_n_control", "30")
    first.click("#extraction-form button[type=submit]")
    first.wait_for_selector(".msg.success")

    first.goto(f"{url}/meta/")
    assert "k = 3" in first.inner_text("#pooled")
    assert all(label in first.inner_text("#meta-studies") for label in ARMS)
    first.wait_for_function("() => [...document.querySelectorAll('img.plot')].every(i => i.complete && i.naturalWidth > 0)")
    camera.both(first, "13-meta")
    first.select_option("#m-method", "FE")
    first.click("#meta-options button[type=submit]")
    first.wait_for_url(re.compile(r".*method=FE.*"))
    # the fixed-effect mean difference by the inverse-variance formula (Borenstein et al. 2009, ch. 11)
    y, w = [], []
    for m1, s1, n1, m2, s2, n2 in (map(_number, v) for v in ARMS.values()):
        y.append(m1 - m2)
        w.append(1 / (s1 ** 2 / n1 + s2 ** 2 / n2))
    expected = sum(a * b for a, b in zip(y, w, strict=True)) / sum(w)
    assert float(first.get_attribute("#pooled", "data-estimate")) == pytest.approx(expected, rel=1e-9)
    assert f"{expected:.3f}".replace(".", ",") in first.inner_text("#pooled")

    # --- 5. RoB 2 by two appraisers, blind, into the traffic-light plot ---------------------------------------
    trial = review.records.get(title__icontains="randomised trial", duplicate_of="")
    for page in (first, second):
        page.goto(f"{url}/rob/")
        page.click(f"a[href='/reviews/{review.pk}/rob/study/{trial.pk}/']")
        page.click('a[href="?tool=rob2"]')
        assert page.locator("input[type=radio]:checked:not([value=''])").count() == 0  # blind: nothing of the other's
        page.fill("input[name=result]", "volume ASI hari ke-3")
        _answer(page, ROB2)
        page.wait_for_selector("#proposal-D1 .rob-some_concerns")  # the algorithm's proposal, live
        if page is second:
            camera.both(page, "14-rob2-form", at="#D1 .proposal")
        with page.expect_navigation():
            page.click('button[value="finish"]')
    assert appraisal.overall_judgements(review) == {trial.pk: "some_concerns"}
    owner.goto(f"{url}/rob/")
    owner.wait_for_function("() => [...document.querySelectorAll('img.rob-plot')].every(i => i.naturalWidth > 0)")
    assert owner.locator("img.rob-plot").count() == 2  # traffic light and summary
    cells = owner.locator("table").nth(1).locator("tr").nth(1).locator("span.rob")
    assert [c.get_attribute("class") for c in cells.all()] == [
        "rob rob-some_concerns", "rob rob-low", "rob rob-low", "rob rob-low", "rob rob-low", "rob rob-some_concerns"]
    table = owner.request.get(f"{base}/reviews/{review.pk}/rob/rob2.csv").text()
    rows = list(csv.reader(io.StringIO(table)))
    assert rows[1][0] == "Sari 2021" and rows[1][1:7] == ["Some concerns", "Low", "Low", "Low", "Low",
                                                            "Some concerns"]
    camera.both(owner, "15-rob-traffic-light")
    owner.goto(f"{url}/meta/")  # the judgements as a subgroup on the meta page
    owner.select_option("#m-subgroup", "rob")
    owner.click("#meta-options button[type=submit]")
    owner.wait_for_selector("#pooled ul li")
    groups = owner.inner_text("#pooled ul")
    assert "beberapa kekhawatiran: k = 1" in groups.lower() and "k = 2" in groups

    for problem in camera.wide:
        warnings.warn(f"layout: {problem}", stacklevel=1)
