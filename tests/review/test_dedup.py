"""Deduplication rules: what must merge, and the false merges that must never happen."""

from __future__ import annotations

import pytest

from laktasi.review.dedup import deduplicate, normalise_doi, normalise_title
from laktasi.review.records import Record

ARTICLE = Record(
    title="Effect of oxytocin massage on breast milk production in postpartum mothers",
    authors=("Supardi, A.", "Wijaya, B."), year=2022, journal="Jurnal Kebidanan", volume="12", issue="2",
    pages="101-108", record_id="a",
)


def _ids(result):
    return [(i, result.duplicate_of[i]) for i in range(result.records_in)]


@pytest.mark.parametrize(("raw", "expected"), [
    ("10.1000/XYZ.123", "10.1000/xyz.123"),
    ("https://doi.org/10.1000/xyz.123", "10.1000/xyz.123"),
    ("http://dx.doi.org/10.1000/xyz.123.", "10.1000/xyz.123"),
    ("doi:10.1000/xyz.123", "10.1000/xyz.123"),
    ("DOI: 10.1016/S0735-1097%2813%2962048-3", "10.1016/s0735-1097(13)62048-3"),
    ("artn 106\n10.1186/s12933-018-0749-1", "10.1186/s12933-018-0749-1"),
    ("NA", ""),
    ("", ""),
])
def test_normalise_doi(raw, expected):
    assert normalise_doi(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Efficacy of batroxobin. [Chinese]", "efficacy of batroxobin"),
    ("[Current aspects of hemolytic uremic syndrome in children]. [Review] [16 refs] [Romanian]",
     "current aspects of hemolytic uremic syndrome in children"),
    ("Gain-of-function mutations.[Erratum appears in Proc Natl Acad Sci U S A. 2007 Jun 19;104(25):10749]",
     "gain of function mutations"),
    ("Pijat <i>oksitosin</i> dan ASI: studi kuasi-eksperimen", "pijat oksitosin dan asi studi kuasi eksperimen"),
    ("Évaluation de l'allaitement", "evaluation de l allaitement"),
])
def test_normalise_title(raw, expected):
    assert normalise_title(raw) == expected


def test_surface_differences_merge_and_the_most_complete_record_is_kept():
    sparse = ARTICLE.with_(title=ARTICLE.title.upper() + ".", journal="J Kebidanan", pages="101-8",
                           record_id="b", doi="https://doi.org/10.1000/ABC")
    full = ARTICLE.with_(doi="10.1000/abc", abstract="Background ...", record_id="c")
    result = deduplicate([sparse, full])
    assert result.records_in == 2 and result.records_out == 1 and result.duplicates_removed == 1
    assert result.primary == (1, 1)  # the one with an abstract
    assert result.duplicate_of == ("c", "")
    assert result.group == (1, 1)
    assert result.merged_ids() == {1: ["b"]}
    assert result.uncertain == ()


def test_nothing_is_deleted_and_input_order_is_kept():
    other = Record(title="A different study of breast care", year=2020, record_id="x")
    records = [ARTICLE, other, ARTICLE.with_(record_id="a2")]
    result = deduplicate(records)
    assert result.records == tuple(records)
    assert result.kept() == [0, 1]
    assert result.group == (1, 2, 1)
    assert result.duplicate_of == ("", "", "a")
    assert result.summary() == {"records_in": 3, "duplicates_removed": 1, "records_out": 2, "uncertain_pairs": 0,
                                "uncertain_clusters": 0, "verdicts_applied": 0, "verdicts_unmatched": 0}


def test_one_typo_in_the_title_still_merges():
    typo = ARTICLE.with_(title="Effect of oxytocin masage on breast milk producton in postpartum mothers",
                         record_id="b")
    assert deduplicate([ARTICLE, typo]).records_out == 1


@pytest.mark.parametrize(("first", "second"), [
    # Cohen 2006 records 10563540 / 9146776 (same first author, no year or journal in that export)
    ("Pantoprazole versus omeprazole: influence on meal-stimulated gastric acid secretion.",
     "Lansoprazole versus omeprazole: influence on meal-stimulated gastric acid secretion."),
    ("Oxytocin massage and milk volume in male and female infants' mothers: effect in rats",
     "Oxytocin massage and milk volume in male and female infants' mothers: effect in cats"),
    ("Serum prolactin after oxytocin massage in primiparous women",
     "Serum prolactin after oxytocin massage in multiparous women"),
])
def test_titles_differing_in_a_real_word_need_more_than_the_title(first, second):
    a = Record(title=first, authors=("Dammann, H G",), record_id="a")
    b = Record(title=second, authors=("Dammann, H G",), record_id="b")
    result = deduplicate([a, b])
    assert result.records_out == 2
    assert [u.reason for u in result.uncertain] == ["different_words"]
    # the same pair with matching journal, year, volume and pages is one article (a typo'd drug name)
    details = {"journal": "Aliment Pharmacol Ther", "year": 1999, "volume": "13", "pages": "1195-1203"}
    assert deduplicate([a.with_(**details), b.with_(**details)]).records_out == 1


@pytest.mark.parametrize(("first", "second"), [
    ("Behaviour change after oxytocin massage training", "Behavior change after oxytocin massage training"),
    ("Effect of oxytocin massage in primiparous patients", "Effect of oxytocin massage in primiparous patienst"),
    ("Oxytocin massage with breast care in the first week", "Oxytocin massage wiith breast care in teh first week"),
    ("Pre-diabetic mothers and oxytocin massage outcomes", "Prediabetic mothers and oxytocin massage outcomes"),
])
def test_misspellings_and_spelling_variants_still_merge(first, second):
    a = Record(title=first, authors=("Sari, D.",), year=2020, record_id="a")
    assert deduplicate([a, a.with_(title=second, record_id="b")]).records_out == 1


def test_a_record_without_authors_does_not_chain_two_authors_papers():
    # Cohen 2006: the ALLHAT report (12479763) and a comment by another author under the same title
    title = ("Major outcomes in high-risk hypertensive patients randomized to angiotensin-converting enzyme "
             "inhibitor or calcium channel blocker vs diuretic")
    report = Record(title=title, authors=("ALLHAT Officers and Coordinators",), year=2002, record_id="report")
    comment = Record(title=title, authors=("Siragy, Helmy M",), year=2003, record_id="comment")
    bare = Record(title=title, record_id="bare")
    result = deduplicate([report, bare, comment])
    assert len({result.group[0], result.group[2]}) == 2  # the report and the comment stay apart


def test_translated_title_with_same_journal_volume_pages_merges():
    # MEDLINE's bracketed English title vs the original-language title, same bibliographic coordinates
    # (respiratory set of Rathbone et al. 2015, records id_0000229 / id_0000230)
    a = Record(title="Antibiotic and antiseptic prophylaxis in thoracic surgery. A randomized study.",
               authors=("Regnard, J. F.",), year=1989, journal="Pathol Biol", volume="37", pages="477-480",
               record_id="a")
    b = a.with_(title="[Antibiotic and antiseptic prophylaxis in thoracic surgery. Controlled study]",
                journal="Pathologie Biologie", record_id="b")
    assert deduplicate([a, b]).records_out == 1


def test_series_parts_are_never_merged():
    p1 = ARTICLE.with_(title=ARTICLE.title + ": part 1", record_id="p1", pages="")
    p2 = ARTICLE.with_(title=ARTICLE.title + ": part 2", record_id="p2", pages="")
    result = deduplicate([p1, p2])
    assert result.records_out == 2
    assert [(u.first_id, u.second_id, u.reason) for u in result.uncertain] == [("p1", "p2", "different_numbers")]


def test_editions_numbered_in_words_are_never_merged():
    # Nagtegaal 2019 screening set, records 1591 / 1592 (no year, no authors in that export)
    a = Record(title="Rheumatism and Arthritis: Review of American and English Literature of Recent Years: "
                     "(Sixteenth Rheumatism Review)", record_id="1591")
    b = Record(title="RHEUMATISM AND ARTHRITIS:: REVIEW OF AMERICAN AND ENGLISH LITERATURE OF RECENT YEARS: "
                     "(THIRTEENTH RHEUMATISM REVIEW)", record_id="1592")
    result = deduplicate([a, b])
    assert result.records_out == 2
    assert [u.reason for u in result.uncertain] == ["different_numbers"]


@pytest.mark.parametrize("prefix", ["Erratum: ", "Correction to: ", "Comment on: ", "Reply to ", "Retraction: "])
def test_errata_comments_replies_are_not_merged_with_the_article(prefix):
    notice = ARTICLE.with_(title=prefix + ARTICLE.title, pages="", record_id="n")
    result = deduplicate([ARTICLE, notice])
    assert result.records_out == 2
    # shown to a human, who may link the notice to the article (haematology's labels group them);
    # an erratum in the article's journal and year is most likely the article's own
    expected = "erratum_of" if prefix in ("Erratum: ", "Correction to: ") else "notice"
    assert [u.reason for u in result.uncertain] == [expected]
    assert "erratum" in result.uncertain[0].text.en and "ralat" in result.uncertain[0].text.id


def test_wos_correction_notice_is_merged_only_into_the_article_it_names():
    # an erratum is a report of the same study (Cochrane Handbook ch. 4): merged when its note
    # names the article's volume, first page and year exactly, with the reason shown
    notice = ARTICLE.with_(title=ARTICLE.title + " (vol 12, pg 101, 2022)", pages="250", issue="5", record_id="n")
    result = deduplicate([ARTICLE, notice])
    assert result.records_out == 1 and result.merge_reason == ("", "erratum_of")
    # a note naming another first page of the volume merges nothing
    elsewhere = notice.with_(title=ARTICLE.title + " (vol 12, pg 102, 2022)")
    assert deduplicate([ARTICLE, elsewhere]).records_out == 2


def test_same_title_years_apart_is_not_merged():
    later = ARTICLE.with_(year=2024, record_id="b", volume="14", pages="")
    result = deduplicate([ARTICLE, later])
    assert result.records_out == 2


def test_same_title_different_pages_is_uncertain_not_merged():
    abstract = ARTICLE.with_(pages="S33", volume="12", issue="Suppl 1", record_id="b")
    result = deduplicate([ARTICLE, abstract])
    assert result.records_out == 2
    # one long title, first author and journal: a conference abstract of the study, listed first
    assert [u.reason for u in result.uncertain] == ["companion"]
    assert result.uncertain[0].text.id  # explained in Indonesian too
    elsewhere = abstract.with_(journal="Proceedings of the Indonesian Midwifery Congress", issue="")
    assert [u.reason for u in deduplicate([ARTICLE, elsewhere]).uncertain] == ["different_pages"]


def test_conference_abstract_by_other_authors_is_not_merged():
    abstract = ARTICLE.with_(authors=("Rahmawati, C.",), journal="Proceedings of the midwifery congress",
                             volume="", pages="", record_id="b")
    result = deduplicate([ARTICLE, abstract])
    assert result.records_out == 2
    assert [u.reason for u in result.uncertain] == ["different_author"]


def test_same_doi_different_title_is_uncertain():
    a = ARTICLE.with_(doi="10.1000/supp.1")
    b = Record(title="Effect of oxytocin massage on milk volume: an abstract", doi="10.1000/SUPP.1",
               year=2022, record_id="b")
    result = deduplicate([a, b])
    assert result.records_out == 2
    assert [u.reason for u in result.uncertain] == ["same_id_different_title"]


def test_different_dois_are_never_merged():
    a = ARTICLE.with_(doi="10.1000/one")
    b = ARTICLE.with_(doi="10.1000/two", record_id="b")
    result = deduplicate([a, b])
    assert result.records_out == 2
    assert [u.reason for u in result.uncertain] == ["different_doi"]


def test_record_without_ids_matching_two_publications_is_left_for_a_human():
    # one title printed twice (two PMIDs, no other details): a copy without ids could be either
    title = "Effects of calcium antagonists on the risks of coronary heart disease, cancer and bleeding"
    a = Record(title=title, pmid="9181251", record_id="a")
    b = Record(title=title, pmid="9469785", record_id="b")
    c = Record(title=title.upper(), record_id="c")
    d = Record(title=title, pmid="9181251", doi="10.5555/x", record_id="d")
    result = deduplicate([a, b, c, d])
    assert result.duplicate_of == ("d", "", "", "")  # the PMID match merges (d is more complete); c does not
    reasons = {(u.first_id, u.second_id): u.reason for u in result.uncertain}
    assert reasons[("a", "c")] == "ambiguous"
    assert reasons[("b", "c")] == "ambiguous"
    assert reasons[("a", "b")] == "different_pmid"


def test_short_generic_titles_need_full_details():
    a = Record(title="Editorial", authors=("Smith, J.",), year=2020, journal="Midwifery", volume="80", record_id="a")
    b = a.with_(volume="81", record_id="b")
    c = a.with_(record_id="c", issue="3")
    assert deduplicate([a, b]).records_out == 2
    assert deduplicate([a, c]).records_out == 2  # no pages: a human decides


def test_short_title_with_same_author_and_abstract_merges():
    abstract = "Lovastatin raised liver enzymes in three of 120 patients; " * 4
    a = Record(title="The liver and lovastatin.", authors=("Tolman, K G",), abstract=abstract, record_id="a")
    b = a.with_(title="THE LIVER AND LOVASTATIN", record_id="b")
    assert deduplicate([a, b]).records_out == 1
    assert deduplicate([a, b.with_(abstract="Another text entirely about statins and muscles. " * 4)]).records_out == 2


def test_empty_titles_never_match_each_other():
    a = Record(title="", year=2020, record_id="a")
    b = Record(title="", year=2020, record_id="b")
    assert deduplicate([a, b]).records_out == 2


def test_pmid_match_merges_despite_title_punctuation():
    a = Record(title="Oxytocin massage: a trial.", pmid="123", record_id="a")
    b = Record(title="Oxytocin massage - a trial", pmid="123", record_id="b", source_database="Scopus")
    assert deduplicate([a, b]).duplicate_of == ("", "a")


def test_record_ids_fall_back_to_file_and_position():
    a = Record(title=ARTICLE.title, source_file="x.ris", position=4)
    b = Record(title=ARTICLE.title)
    assert deduplicate([a, b]).ids == ("x.ris:4", "2")


def test_empty_input():
    result = deduplicate([])
    assert result.summary() == {"records_in": 0, "duplicates_removed": 0, "records_out": 0, "uncertain_pairs": 0,
                                "uncertain_clusters": 0, "verdicts_applied": 0, "verdicts_unmatched": 0}


@pytest.mark.parametrize(("full", "abbreviated", "same"), [
    ("Deutsche Medizinische Wochenschrift", "Dtsch-Med-Wochenschr", True),
    ("Diabetes & Vascular Disease Research", "Diab Vasc Dis Res", True),
    ("Annales Francaises d Anesthesie et de Reanimation", "Ann Fr Anesth Reanim", True),
    ("Nephron - Clinical Practice.", "Nephron", True),
    ("Pediatric Nephrology", "Pediatric Neurology", False),
    ("Clinical Cancer Research", "Lancet", False),
])
def test_journal_abbreviations(full, abbreviated, same):
    from laktasi.review.dedup_keys import _journal_words, _journals_compatible

    assert _journals_compatible(_journal_words(full), _journal_words(abbreviated)) is same


def test_dedup_keys_docstring_examples_run():
    import doctest

    from laktasi.review import dedup_keys

    result = doctest.testmod(dedup_keys)
    assert result.attempted >= 3 and result.failed == 0


# --- the same printed pages (Rathbone et al. 2015 sets; record ids of bib-dedupe's curated files) -----

def test_translated_title_on_the_same_pages_merges_even_when_titles_share_little():
    # respiratory id_0000088 / id_0000089: title similarity 0.49, but same first author, journal,
    # year, volume and pages 280-284; the translations keep the drug names
    a = Record(title="Antibiotic prophylaxis in pulmonary surgery. A controlled double- blind study of "
                     "amoxicillin versus cefamandole", authors=("Train, M.", "Soulard, D."), year=1994,
               journal="Ann Fr Anesth Reanim", volume="13", pages="280-284", record_id="a")
    b = a.with_(title="[Comparison of amoxicillin and cefamandole in the prevention of bronchopulmonary "
                      "infections in pulmonary surgery. A randomized double-blind study]",
                journal="Annales Francaises d Anesthesie et de Reanimation", record_id="b")
    assert deduplicate([a, b]).duplicate_of == ("", "a")
    # the same coordinates with a title about something else is a data error, not a duplicate
    other = a.with_(title="Management of postoperative pain after thoracotomy in elderly patients", record_id="c")
    assert deduplicate([a, other]).records_out == 2
    # a "range" that is a whole supplement is shared by many abstracts
    book = a.with_(pages="S1-S180", record_id="d")
    assert deduplicate([book, b.with_(pages="S1-S180")]).records_out == 2


def test_same_pages_with_the_journal_in_another_language_or_without_author_merge():
    # respiratory id_0000289 / id_0000290: Portuguese title appended, journal under its English name
    a = Record(title="Effect of continuous positive airway pressure on fluid absorption among patients with "
                     "pleural effusion due to tuberculosis", authors=("Oliveira, Juliana F.",), year=2010,
               journal="Revista Brasileira de Fisioterapia", volume="14", pages="127-132", record_id="a")
    b = a.with_(title=a.title + "; Efeito da pressao positiva continua nas vias aereas", record_id="b",
                journal="Braz. j. phys. ther. (Impr.)")
    assert deduplicate([a, b]).records_out == 1
    # respiratory id_0000092 / id_0000799: one record has no author
    c = Record(title="[Postoperative immunostimulation in non-small-cell bronchial carcinoma. Outcome and "
                     "complications]", authors=("Toomes, H.",), year=1984, journal="Deutsche Medizinische "
               "Wochenschrift", volume="109", pages="935-940", record_id="c")
    d = c.with_(title="Postoperative local immunostimulation in non-oatcell bronchial carcinoma", authors=(),
                journal="Dtsch-Med-Wochenschr", record_id="d")
    assert deduplicate([c, d]).records_out == 1
    # the same pages but another first author: two papers (or a data error), never merged
    assert deduplicate([a, b.with_(authors=("Santos, R.",))]).records_out == 2


def test_online_and_print_year_one_apart_on_the_same_pages_merge():
    # haematology id_0000149 / id_0000150: a short title, years 2011 / 2010, pages c37-c42 / 37-42
    a = Record(title="Haemolytic uraemic syndrome", authors=("Kavanagh, D.", "Goodship, T."), year=2011,
               journal="Nephron", volume="118", issue="1", pages="c37-c42", record_id="a")
    b = a.with_(year=2010, journal="Nephron - Clinical Practice.", pages="37-42", record_id="b")
    assert deduplicate([a, b]).records_out == 1


@pytest.mark.parametrize(("pages_a", "pages_b"), [
    ("532, 534-536, 538-540", "532-536"),  # haematology id_0000109 / id_0000110
    ("233-238+230-235+246-251", '"230-5, 246-51, 233-8"'),  # respiratory id_0000600 / id_0000601
])
def test_page_lists_compare_by_their_ranges(pages_a, pages_b):
    a = ARTICLE.with_(pages=pages_a)
    b = ARTICLE.with_(title=ARTICLE.title.upper(), pages=pages_b, record_id="b")
    assert deduplicate([a, b]).records_out == 1


def test_pages_turned_into_dates_by_a_spreadsheet():
    from laktasi.review.dedup_keys import _pages

    assert _pages("01-Jun") == ("1", "6") and _pages("08-Aug") == ("8", "8") and _pages("Jun-01") == ("", "")
    # respiratory id_0000414 / id_0000415: online first (no volume, pages 1-6) and the printed article
    online = Record(title="Management of peripancreatic fluid collections following partial pancreatectomy: "
                          "a comparison of percutaneous versus EUS-guided drainage", authors=("Kwon, Y. M.",),
                    year=2013, journal="Surgical Endoscopy", volume="", pages="01-Jun", record_id="a")
    printed = online.with_(journal="Surg Endosc", volume="27", pages="2422-2427", record_id="b")
    assert deduplicate([online, printed]).records_out == 1
    # respiratory id_0001355 / id_0001356 (different records in the labels): the same title in
    # ACP Journal Club and Annals, "08-Aug" against "JC6-9": listed, not merged
    a = Record(title="Intrapleural t-PA plus DNase improved clinical outcomes in patients with pleural infection",
               authors=("Mathur, P. N.",), year=2011, journal="Annals of Internal Medicine", volume="155",
               pages="JC6-9", record_id="a")
    b = a.with_(journal="ACP Journal Club", pages="08-Aug", record_id="b")
    result = deduplicate([a, b])
    assert result.records_out == 2 and [u.reason for u in result.uncertain] == ["different_pages"]


def test_overlapping_page_ranges_merge_but_a_shared_boundary_page_does_not():
    # respiratory id_0000646 / id_0000647: 678-684 / 676-682, a typo in one database
    a = ARTICLE.with_(pages="678-684")
    assert deduplicate([a, a.with_(pages="676-682", record_id="b")]).records_out == 1
    from laktasi.review.dedup import _judge
    from laktasi.review.dedup_keys import _key
    assert _judge(_key(a), _key(a.with_(pages="676-682")), 1.0) == (2, "bibliographic")
    # cytology id_0000493 / id_0000494 (labelled one article): 246-250 / 250-254 could be two
    # consecutive articles, so the pair is listed for a human
    result = deduplicate([ARTICLE.with_(pages="246-250"), ARTICLE.with_(pages="250-254", record_id="b")])
    assert result.records_out == 2 and [u.reason for u in result.uncertain] == ["companion"]


def test_protocol_word_merges_only_on_the_same_pages():
    # respiratory id_0000610 / id_0000612: "(treatment protocol of Essen University)" in one title
    a = Record(title="[Neoadjuvant chemotherapy and chemoradiotherapy in locally advanced stage IIIA and IIIB "
                     "of non-small-cell bronchial carcinoma (the Essen concept)]", authors=("Eberhardt, W.",),
               year=1997, journal="Praxis", volume="86", pages="1647-1653", record_id="a")
    b = a.with_(title="Neoadjuvant chemotherapy and chemoradiotherapy in locally advanced stages IIIA and IIIB "
                      "of non-small cell lung cancer (treatment protocol of Essen University)",
                journal="Schweizerische Rundschau Fur Medizin/Praxis", record_id="b")
    assert deduplicate([a, b]).records_out == 1
    protocol = ARTICLE.with_(title="Study protocol: " + ARTICLE.title, pages="", volume="", record_id="p")
    result = deduplicate([ARTICLE, protocol])
    assert result.records_out == 2 and [u.reason for u in result.uncertain] == ["notice"]


def test_erratum_naming_the_article_with_its_citation_is_listed():
    # haematology id_0000175 / id_0001173: "Erratum: <title> (Proceeding of the National Academy …)",
    # title similarity 0.69, the article's title found whole in the notice
    notice = ARTICLE.with_(title="Erratum: " + ARTICLE.title + " (Jurnal Kebidanan (Januari 2022",
                           pages="250", issue="5", record_id="n")
    result = deduplicate([ARTICLE, notice.with_(journal="Jurnal Ners")])
    assert result.records_out == 2
    assert [(u.first_id, u.second_id, u.reason) for u in result.uncertain] == [("a", "n", "notice")]
    result = deduplicate([ARTICLE, notice])  # in the article's journal and year: its erratum, likely
    assert [(u.first_id, u.second_id, u.reason) for u in result.uncertain] == [("a", "n", "erratum_of")]
    # Embase's note names the article's place (2022, volume 12, page 101) and journal: the link is
    # certain, and the erratum, a report of the same study, is merged into the article
    cited = notice.with_(title="Erratum: " + ARTICLE.title + " (Jurnal Kebidanan (2022) 12 (101-108))")
    result = deduplicate([ARTICLE, cited])
    assert result.records_out == 1 and result.uncertain == ()
    assert result.duplicate_of == ("", "a") and result.merge_reason == ("", "erratum_of")


def test_response_to_a_treatment_is_no_reply():
    # perturbed Cohen 2006 copies: a slip in "response" must not make the copy look like a reply
    a = Record(title="Response to placebo among bipolar I disorder patients experiencing their first manic "
                     "episode", authors=("Keck, P. E.",), year=2001, record_id="a")
    b = a.with_(title="Reesponse to placebo among bipolar I disorder patients experiencing their first manic "
                      "episode", record_id="b")
    assert deduplicate([a, b]).records_out == 1
    reply = a.with_(title="Response to the letter by Dr Smith: " + a.title, record_id="r")
    result = deduplicate([a, reply])
    assert result.records_out == 2 and [u.reason for u in result.uncertain] == ["notice"]


def test_titles_differing_in_a_number_are_listed_from_similarity_0_9():
    from laktasi.review.dedup import _DISTINCT, _UNSURE, _judge
    from laktasi.review.dedup_keys import _key

    trial = Record(title="Oxytocin massage trial 1 in postpartum mothers at home", year=2020, authors=("Lestari, D",))
    a, b = _key(trial), _key(trial.with_(title="Oxytocin massage trial 2 in postpartum mothers at home"))
    assert _judge(a, b, 0.9) == (_UNSURE, "different_numbers")  # the boundary is listed
    assert _judge(a, b, 0.8999) == (_DISTINCT, "different_numbers")
