"""Counts with percentages in running text and text tables, checked against the group sizes the text
states; line numbers and quotes of free-text claims; the seed paper's full text.

Independent reference: the arithmetic itself (k/n × 100, exact fractions) — e.g. 4/5 = 80 % and 4/6 =
66.7 %, so no group gives "4 orang (75%)"; the seed's own Table 4.5 (5 intervention, 5 control mothers).
"""

from __future__ import annotations

import math

import pytest

from laktasi.audit import audit_text
from laktasi.audit.percentages import check_percent_claim, find_percentages, stated_sizes

from .conftest import SEED_000

TABLE = """Tabel 4.5 Distribusi Frekuensi Produksi ASI

N F (%) N F(%)

Lancar 5 100 - -

Cukup Lancar - - 4 75

Kurang Lancar - - 1 20

Total 5 100 5 100
"""


def test_count_with_percentage_that_no_group_gives_is_impossible():
    (c,) = find_percentages("sebagian cukup lancar yaitu 4 orang (75%) dari kelompok kontrol")
    r = check_percent_claim(c, {5: 0})
    assert r.verdict == "impossible"
    assert "4/5 = 80.0%" in r.text.en and "4/6 = 66.7%" in r.text.en and "4/5 = 80,0%" in r.text.id


@pytest.mark.parametrize(("text", "verdict"), [
    ("dari 5 orang ibu, 4 (80%) lancar", "consistent"),
    ("10 responden; sebanyak 5 orang (50%) meningkat", "consistent"),
    ("sebanyak 7 orang (35%) meningkat", "not_checkable"),  # n = 20 fits, but no group of 20 is stated
    ("dari 30 ibu, 7 orang (35%) meningkat", "not_checkable"),
    ("0 (0%) dari 5 responden", "consistent"),
    ("Of 1,250 respondents, 565 (45.2%) breastfed exclusively.", "consistent"),
    ("Sampel 1.250 responden; 565 orang (45,2%) menyusui eksklusif.", "consistent"),
])
def test_count_with_percentage_against_stated_sizes(text, verdict):
    entries = [e for e in audit_text(text) if e.check == "percentage"]
    assert [e.verdict for e in entries] == [verdict]


def test_truncation_only_fit_is_named():
    (e,) = audit_text("Of 1,250 respondents, 566 (45.2%) breastfed.")
    assert e.verdict == "consistent" and "only under truncation" in e.text.en


def test_bare_percentages_checked_against_the_size_in_their_sentence():
    text = ("1. Ibu yang tidak dipijat tidak mengalami peningkatan produksi ASI. 75% cukup lancar dan sebanyak "
            "25% kurang lancar mengalami penurunan dengan jumlah keseluruhan sebanyak 5 responden yang tidak "
            "dilakukan pijat oksitosin")
    entries = audit_text(text)
    assert [(e.check, e.verdict) for e in entries] == [("percentage", "impossible")] * 2
    assert "5 responden" in entries[0].quote and entries[0].quote.startswith("75% cukup lancar")


def test_population_percentages_without_a_size_are_left_alone():
    text = "Menurut UNICEF hanya 44% bayi di dunia mendapat ASI eksklusif. Cakupan di Afrika Tengah 25%."
    assert audit_text(text) == []


def test_text_table_rows_checked_against_the_total_row():
    claims = find_percentages(TABLE)
    assert [(c.kind, c.count, c.percent.text, c.sizes) for c in claims] == [
        ("table_row", 5, "100", (5,)), ("table_row", 4, "75", (5,)), ("table_row", 1, "20", (5,))]
    verdicts = [check_percent_claim(c).verdict for c in claims]
    assert verdicts == ["consistent", "impossible", "consistent"]
    entries = audit_text(TABLE)
    bad = [e for e in entries if e.verdict == "impossible"]
    assert [(e.line, e.quote) for e in bad] == [(7, "Cukup Lancar - - 4 75")]


def test_stated_sizes_skip_counts_with_percentages():
    assert sorted(stated_sizes("10 responden: 5 orang intervensi; 4 orang (75%) lancar; n = 22")) == [5, 10, 22]


def test_every_free_text_claim_has_its_line_and_quote():
    text = "Pendahuluan.\n\nHasil uji t(28) = 2,20; p = 0,036.\nDari 5 ibu, 4 (75%) lancar."
    entries = audit_text(text)
    assert [(e.check, e.line, e.quote) for e in entries] == [
        ("t", 3, "t(28) = 2,20; p = 0,036"), ("percentage", 4, "4 (75%)")]
    doc = entries[1].to_json("id")
    assert doc["line"] == 4 and doc["quote"] == "4 (75%)"


def test_seed_000_full_text(seed_text):
    """Seed 000's own full text (shared/seeds): before issue 13 only 1 of 8 claims was flagged and the
    percentages of the discussion and conclusion were never checked."""
    entries = audit_text(seed_text(SEED_000))
    flagged = [e for e in entries if e.verdict in ("inconsistent", "impossible")]
    assert [(e.line, e.verdict) for e in flagged] == [
        (641, "impossible"),    # "4 orang (75%) dari kelompok konrol" (Pembahasan)
        (689, "inconsistent"),  # "nilai T test 0,003 (p>0,05) ... sangat signifikan"
        (728, "impossible"),    # Kesimpulan: "75% cukup lancar ... 5 responden"
        (728, "impossible"),    # ... "dan sebanyak 25% kurang lancar"
    ]
    quotes = [e.quote for e in flagged]
    assert quotes[0] == "4 orang (75%)" and quotes[1] == "p>0,05"
    assert all("75% cukup lancar" in q and "5 responden" in q for q in quotes[2:])
    # Table 4.5 and the sentences under it are consistent (5 of 5, 4 of 5, 1 of 5)
    table = [e for e in entries if e.check == "percentage" and 360 <= (e.line or 0) <= 381]
    assert len(table) == 6 and all(e.verdict == "consistent" for e in table)
    assert all(e.line is not None and e.quote for e in entries)


@pytest.mark.parametrize(("text", "verdict"), [
    ("99999999999999 (50%)", "not_checkable"),            # n = 199,999,999,999,998 fits; not stated
    ("dari 10000000000000 responden, 50% lancar", "consistent"),
    ("100000 orang (0,001%)", "not_checkable"),            # n = 10^10 fits
    ("n = 20000; 7001 orang (35,0%)", "consistent"),
])
def test_huge_counts_and_sizes_are_answered_at_once(text, verdict):
    # no enumeration of 10^13 counts: a size ≥ 100·10^decimals makes every printed percentage reachable
    entries = [e for e in audit_text(text) if e.check == "percentage"]
    assert [e.verdict for e in entries] == [verdict]


def test_percent_of_a_large_stated_n_with_its_count_is_checked_directly():
    from laktasi.audit.grim import check_percentage
    from laktasi.audit.printed import parse_printed

    assert check_percentage(5_000_000, parse_printed("45,2"), 2_260_000).verdict == "consistent"
    assert check_percentage(5_000_000, parse_printed("45,2"), 2_300_000).verdict == "inconsistent"


@pytest.mark.parametrize(("text", "verdict"), [
    ("Of 40 patients, 10 (25%) improved.", "consistent"),        # English group words
    ("Dari 12 peserta, 3 (25%) lancar.", "consistent"),
    ("Of 12 mothers, 3 (25%) breastfed.", "consistent"),
    ("1 responden: 1 (100%) lancar.", "consistent"),             # a group of one is still a stated size
    ("0 responden; 3 (25%) lancar.", "not_checkable"),           # no group of 0; n = 12 is implied, not stated
])
def test_group_words_and_small_sizes(text, verdict):
    (e,) = [x for x in audit_text(text) if x.check == "percentage"]
    assert e.verdict == verdict, e.text.en


def test_found_percentages_are_frozen():
    import dataclasses

    (c,) = find_percentages("4 orang (75%)")
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.count = 3  # type: ignore[misc]
    assert c.sizes == () and find_percentages("x")[:1] == []


def test_table_lines_ending_in_x_are_read_whole():
    text = "Kategori F (%)\nLancarX 4 80\nTotal 5 100\n"
    assert [(c.count, c.percent.text) for c in find_percentages(text)] == [(4, "80")]


# ----------------------------------------------------------------- mutation-testing gaps (issue 13)
# Each test below kills a mutant of audit/percentages.py the suite let through. References: the
# arithmetic k/n × 100 (exact fractions) and the module's documented reading rules (a sentence
# ends at ". " before a capital or digit; at most 600 characters either side; a text table is a
# run of rows broken only by blank lines, sized by its Total row).


def test_a_claim_without_a_count_has_none():
    from laktasi.audit.percentages import PercentClaim
    from laktasi.audit.printed import parse_printed

    c = PercentClaim("percent_of_n", 0, 3, "75%", parse_printed("75"))
    assert c.count is None and c.sizes == ()


def test_a_group_of_zero_is_not_a_stated_size():
    assert stated_sizes("0 responden dan n = 0") == {}
    assert stated_sizes("n = 0; 5 orang") == {5: 7}


@pytest.mark.parametrize(("text", "quote"), [
    ("75% cukup lancar dari 5 responden.", "75% cukup lancar dari 5 responden."),  # from the first character
    ("5 responden: 75% lancar", "5 responden: 75% lancar"),                      # size at offset 0
    ("75% lancar dari 5 responden. Berikutnya kami", "75% lancar dari 5 responden."),  # up to the full stop
    (". Dari 5 responden, 80% lancar.", "Dari 5 responden, 80% lancar."),         # a full stop at offset 0
])
def test_percent_of_n_quote_is_its_sentence(text, quote):
    (c,) = find_percentages(text)
    assert (c.kind, c.quote, c.sizes) == ("percent_of_n", quote, (5,))


@pytest.mark.parametrize(("gap", "found"), [(600, True), (601, False)])
def test_group_size_looked_for_at_most_600_characters_before(gap, found):
    # no sentence end in between: the size counts when it starts ≤ 600 characters before the percentage
    text = "5 responden " + "x" * (gap - len("5 responden ")) + "75% lancar"
    assert text.index("75%") - text.index("5 responden") == gap
    assert [c.sizes for c in find_percentages(text)] == ([(5,)] if found else [])


@pytest.mark.parametrize(("gap", "found"), [(600, True), (601, False)])
def test_group_size_looked_for_at_most_600_characters_after(gap, found):
    # ... and when it ends ≤ 600 characters after the percentage's end
    head = "75% lancar "
    text = head + "x" * (gap - len(head) + len("75%") - len(" 5 responden")) + " 5 responden"
    assert len(text) - len("75%") == gap
    assert [c.sizes for c in find_percentages(text)] == ([(5,)] if found else [])


def test_a_line_ending_in_text_is_not_a_table_row():
    # "Lancar 4 75 X" does not end in its cells, so it is prose, and the Total row alone claims nothing
    assert find_percentages("Kategori F (%)\nLancar 4 75 X\nTotal 5 100\n") == []


def test_text_tables_are_broken_by_prose_lines():
    # block 1 "Hasil 1 2" has no Total row and block 2's Total has an odd number of cells (no count/percent
    # pairs): both skipped, and later blocks are still read; block 3 is sized by its Total (4 of 5 = 80%);
    # the row after one prose line is a new block without a Total
    text = ("Hasil 1 2\n\nTeks.\nSkor 1 2 3\nTotal 5 100 7\nTabel berikut.\nLancar 4 80\nTotal 5 100\n"
            "Tabel berikut berbeda.\nLancar 3 60\n")
    assert [(c.count, c.percent.text, c.sizes) for c in find_percentages(text)] == [(4, "80", (5,))]


def test_a_total_row_above_its_rows_sizes_them():
    # "under or above a Total row": the rows after the Total row are read too (4 of 5 = 80%, 1 of 5 = 20%)
    text = "Kategori F (%)\nTotal 5 100\nLancar 4 80\nKurang 1 20\n"
    assert [(c.count, c.percent.text, c.sizes) for c in find_percentages(text)] == [(4, "80", (5,)), (1, "20", (5,))]


def test_each_column_group_is_sized_by_its_own_total():
    # two groups of 5 and 10: 4/5 = 80%, 5/10 = 50%, 1/5 = 20%
    text = "Kategori\nLancar 4 80 5 50\nKurang 1 20 5 50\nTotal 5 100 10 100\n"
    claims = find_percentages(text)
    assert [(c.count, c.percent.text, c.sizes) for c in claims] == [
        (4, "80", (5,)), (5, "50", (10,)), (1, "20", (5,)), (5, "50", (10,))]
    assert all(check_percent_claim(c).verdict == "consistent" for c in claims)


@pytest.mark.parametrize(("text", "expected"), [
    ("Kategori\nLancar 4 - 1 20\nKurang 1 – 4 80\nTotal 5 100 5 100\n", [(1, "20"), (4, "80")]),  # dash: no percent
    ("Kategori\nRerata 4,5 80\nTotal 5 100\n", []),   # 4,5 is not a count of people
    ("Kategori\nLancar 4 80\nTotal - 100\n", []),     # no column size
])
def test_table_cells_that_are_not_a_count_and_percent_are_skipped(text, expected):
    assert [(c.count, c.percent.text) for c in find_percentages(text)] == expected


def test_counts_in_running_text_after_a_table_are_still_found():
    # "80\n(80%)" starts inside the table row "Lancar 4 80" (already a claim) and is skipped; the
    # count with its percentage in the next sentence is still read (3 of 5 = 60%)
    text = "Total 5 100\nLancar 4 80\n(80%) dari tabel.\nDari 5 ibu, 3 (60%) lancar."
    assert [(c.kind, c.count, c.percent.text) for c in find_percentages(text)] == [
        ("table_row", 4, "80"), ("count_percent", 3, "60")]
    assert find_percentages("") == []


def test_counts_with_percentages_side_by_side_are_all_found():
    text = "Dari 5 ibu, 4 (80%) lancar dan 1 (20%) kurang lancar."
    assert [(c.kind, c.count, c.percent.text) for c in find_percentages(text)] == [
        ("count_percent", 4, "80"), ("count_percent", 1, "20")]


@pytest.mark.parametrize(("text", "sizes"), [
    ("Dari n = 5, 80% lancar.", [(5,)]),          # a size written as n = …
    ("Dari 1 responden, 100% lancar.", [(1,)]),   # a group of one is a group
    ("Dari 0 responden, 75% lancar.", []),        # a group of none is not
])
def test_percent_of_n_sizes(text, sizes):
    assert [c.sizes for c in find_percentages(text)] == sizes


def test_percent_of_n_quote_is_trimmed_at_whole_words_60_before_and_100_after():
    # the quote keeps 60 characters before the percentage and 100 after, widened to whole words
    head = "Dari 5 responden " + "a" * 10 + " "
    (c,) = find_percentages(head + "b" * 59 + " 75% lancar.")  # the cut falls on the word start
    assert c.quote == "… " + "b" * 59 + " 75% lancar."
    (c,) = find_percentages(head + "b" * 70 + " 75% lancar.")  # the cut falls mid-word: the whole word
    assert c.quote == "… " + "b" * 70 + " 75% lancar."
    (c,) = find_percentages("Dari 5 responden, 75% " + "c" * 99 + " dddd eeee.")  # 100 after ends on a space
    assert c.quote == "Dari 5 responden, 75% " + "c" * 99 + " …"


def test_percent_of_n_quote_widens_a_cut_word_after():
    # 100 characters after the percentage fall inside the word of c's: the quote takes the whole word
    (c,) = find_percentages("Dari 5 responden, 75% " + "c" * 100 + " dddd eeee.")
    assert c.quote == "Dari 5 responden, 75% " + "c" * 100 + " …"


def _printed_sizes(count: int, text: str, ns: range) -> list[int]:
    """Brute force: the n in ``ns`` for which count/n × 100 prints as ``text`` when rounded half-up,
    half-even or truncated to the printed decimals (exact fractions, no code from the package)."""
    from fractions import Fraction

    decimals = len(text.replace(",", ".").partition(".")[2])
    target = Fraction(text.replace(",", ".")) * 10**decimals
    out = []
    for n in ns:
        x = Fraction(100 * count, n) * 10**decimals
        if target in (math.floor(x + Fraction(1, 2)), round(x), math.floor(x)):
            out.append(n)
    return out


@pytest.mark.parametrize(("count", "text"), [(3, "75"), (6000, "50"), (4, "80,0"),
                                              (56_600, "45,2")])  # n ≈ 124,950: 45.29…% truncates to 45,2
def test_possible_sizes_are_every_fitting_group(count, text):
    from laktasi.audit.percentages import _possible_sizes
    from laktasi.audit.printed import parse_printed

    # every n ≥ count up to where count/n is more than one printed unit below the percentage
    upper = math.ceil(100 * count / (float(text.replace(",", ".")) - 1)) + 2
    assert _possible_sizes(count, parse_printed(text)) == _printed_sizes(count, text, range(count, upper))


def test_possible_sizes_beyond_the_limit_are_those_around_the_centre():
    from laktasi.audit.percentages import _possible_sizes, _size_bracket
    from laktasi.audit.printed import parse_printed

    # 100,000 people as 0.001%: n = 10¹⁰ exactly, and the sizes within 3 of it that print alike
    p = parse_printed("0,001")
    assert _possible_sizes(100_000, p) == _printed_sizes(100_000, "0,001", range(10**10 - 3, 10**10 + 4))
    assert 10**10 in _possible_sizes(100_000, p)
    # the limit: a bracket of 10,000 sizes is listed whole, one of 10,001 is cut to the centre ± 3
    lo, hi = _size_bracket(3149, parse_printed("8"))
    assert hi - lo == 10_000
    assert _possible_sizes(3149, parse_printed("8")) == _printed_sizes(3149, "8", range(lo, hi + 1))
    lo, hi = _size_bracket(4949, parse_printed("10"))
    assert hi - lo == 10_001
    centre = round(100 * 4949 / 10)  # 49,490
    assert _possible_sizes(4949, parse_printed("10")) == _printed_sizes(4949, "10", range(centre - 3, centre + 4))


@pytest.mark.parametrize(("text", "verdict"), [
    ("Dari 1000 responden, 3 orang (0%) menolak.", "consistent"),   # 3/1000 = 0.3% prints as 0%
    ("3 orang (0%) menolak.", "not_checkable"),                      # fits n ≥ 301 (none stated)
    ("Dari 100 responden, 3 orang (0%) menolak.", "not_checkable"),  # 3/100 = 3%, so not n = 100
])
def test_a_few_people_can_be_zero_percent_of_a_large_group(text, verdict):
    # Regression (found by mutation testing): any count printed as "0%" was called impossible; but
    # 3/1000 × 100 = 0.3 rounds half-up to 0, and 3/301 × 100 = 0.997 truncates to 0 (3/300 = 1% does not)
    (e,) = [x for x in audit_text(text) if x.check == "percentage"]
    assert e.verdict == verdict, e.text.en
    if verdict == "not_checkable" and "1000" not in text:
        from laktasi.audit.percentages import _possible_sizes
        from laktasi.audit.printed import parse_printed

        sizes = _possible_sizes(3, parse_printed("0"))
        assert sizes == _printed_sizes(3, "0", range(3, 310))[:len(sizes)] and sizes[0] == 301
        assert "n = 301, 302" in e.text.en and "n = 301, 302" in e.text.id


def test_a_percentage_fitting_none_of_several_stated_sizes_names_them_all():
    # 75% of 5 = 3.75 and of 7 = 5.25 people: no whole count in either group
    (c,) = find_percentages("Dari 5 responden dan 7 orang, 75% lancar.")
    r = check_percent_claim(c)
    assert r.verdict == "impossible" and "(n = 5, 7)" in r.text.en and "(n = 5, 7)" in r.text.id


def test_impossible_count_lists_the_nearest_percentages():
    # 4/5 = 80 % and 4/6 = 66.67 %: the two group sizes around 100·4/75 = 5.33
    (c,) = find_percentages("4 orang (75%)")
    r = check_percent_claim(c)
    assert [(x["n"], round(x["percent"], 2)) for x in r.recomputed] == [(5, 80.0), (6, 66.67)]


def test_not_checkable_lists_five_sizes_then_an_ellipsis():
    from laktasi.audit.percentages import _possible_sizes
    from laktasi.audit.printed import parse_printed

    sizes = _printed_sizes(100_000, "0,001", range(10**10 - 3, 10**10 + 4))
    assert len(sizes) > 5 and _possible_sizes(100_000, parse_printed("0,001")) == sizes
    (e,) = [x for x in audit_text("100000 orang (0,001%)") if x.check == "percentage"]
    assert "n = " + ", ".join(str(n) for n in sizes[:5]) + " …;" in e.text.en


def test_check_names_and_both_languages_of_each_verdict():
    # one of two stated sizes fits: 75% of 4 = 3 people
    (c,) = find_percentages("Dari 4 responden dan 5 orang, 75% lancar.")
    r = check_percent_claim(c)
    assert (r.check, r.verdict) == ("percentage", "consistent")
    # fits neither 5 nor 7 (3.75, 5.25 people)
    r = check_percent_claim(find_percentages("Dari 5 responden dan 7 orang, 75% lancar.")[0])
    assert (r.check, r.verdict) == ("percentage", "impossible")
    # no group gives 4 people as 75% (4/5 = 80%, 4/6 = 66.7%)
    r = check_percent_claim(find_percentages("4 orang (75%)")[0])
    assert (r.check, r.verdict) == ("percentage", "impossible")
    assert r.text.id.startswith('"4 orang (75%)": 4 orang tidak mungkin 75% dari kelompok mana pun')
    # 7 of 20 = 35%, but no group of 20 is stated
    r = check_percent_claim(find_percentages("sebanyak 7 orang (35%)")[0])
    assert r.verdict == "not_checkable" and r.text.id.endswith("kelompok sebesar itu untuk pembanding.")
    assert r.text.en.endswith("the text states no group of that size to check it against.")
