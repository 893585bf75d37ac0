"""The Web of Science plain-text and BibTeX readers read a file as it is decoded, like the RIS reader.

Memory, measured on 100,000 generated records (Cohen 2006 titles/abstracts), peak resident memory of
a fresh process that reads one file: WoS plain text 156 MB -> 1,335 MB before, 442 MB streamed;
BibTeX 160 MB -> 2,154 MB before, 492 MB streamed (an idle process that imports the readers: 72 MB).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rispy

from laktasi.errors import InputError
from laktasi.review.formats import bibtex
from laktasi.review.formats.base import Source
from laktasi.review.formats.bibtex import read_bibtex
from laktasi.review.formats.wos import _LIST_TAGS, _TagsAsNames, read_wos

WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Lestari, D
   Santoso, B
AF Lestari, Dewi
   Santoso, Budi
TI Oxytocin massage and breast milk production in postpartum mothers: a
   randomised trial
SO JURNAL KEBIDANAN
PY 2021
VL 12
BP 101
EP 108
DI 10.1000/jk.2021.101
UT WOS:000000000000001
ER

PT J
AU Rahmawati, S
TI Skin-to-skin contact after caesarean birth
SO MIDWIFERY
PY 2020
VL 80
AR 102570
UT WOS:000000000000002
ER

EF
"""


@pytest.fixture
def no_whole_text(monkeypatch):
    """Fail if a reader asks for the whole decoded file instead of its lines."""

    def refuse(self):
        raise AssertionError("the whole file was decoded at once")

    monkeypatch.setattr(Source, "text", property(refuse))


def test_wos_reads_line_by_line_the_records_rispy_reads_whole(tmp_path, no_whole_text):
    path = tmp_path / "savedrecs.txt"
    path.write_text(WOS, encoding="utf-8")
    records = read_wos(Source(path))
    reference = rispy.loads(WOS, implementation=rispy.WokParser, mapping=_TagsAsNames(), list_tags=_LIST_TAGS,
                            delimiter_tags_mapping={}, enforce_list_tags=False)
    assert [r.raw for r in records] == reference
    assert [r.title for r in records] == [
        "Oxytocin massage and breast milk production in postpartum mothers: a randomised trial",
        "Skin-to-skin contact after caesarean birth"]
    assert [r.authors for r in records] == [("Lestari, Dewi", "Santoso, Budi"), ("Rahmawati, S",)]
    assert [r.pages for r in records] == ["101-108", "102570"]


def test_wos_with_bom_and_windows_line_ends(tmp_path, no_whole_text):
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(b"\xef\xbb\xbf" + WOS.replace("\n", "\r\n").encode("utf-8"))
    assert [r.record_id for r in read_wos(Source(path))] == ["WOS:000000000000001", "WOS:000000000000002"]


def test_wos_problems_still_name_their_lines(tmp_path):
    path = tmp_path / "savedrecs.txt"
    broken = WOS.replace("ER\n\nPT J\nAU Rahmawati", "PT J\nAU Rahmawati").replace("SO MIDWIFERY", "SO MIDWIFERY\n?? x")
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_wos(Source(path))
    assert [(p.row, p.code) for p in exc.value.problems] == [(3, "wos_missing_er"), (21, "wos_bad_line")]


BIB = r"""@string{jn = {Jurnal Ners}}
@article{sari2020, title={Pijat {\"o}ksitosin}, journal = jn, year={2020}, author={Sari, D and Budi, A}}
@article{budi2021, title={Two}, journal = jn, year={2021}, abstract={write to
@home{x} or me@example.org}}
@article{sari2020, title={{Three}}, journal = jn}
@comment{a note}
@article{putri2022, title={Four}, journal = jn, pages={1--9}}
@article{sari2020, title={Five}}
"""


@pytest.mark.parametrize("batch", [1, 2, 3, 2000])
def test_bibtex_batches_give_the_same_records_whatever_their_size(tmp_path, monkeypatch, batch, no_whole_text):
    monkeypatch.setattr(bibtex, "_BATCH", batch)
    path = tmp_path / "export.bib"
    path.write_text(BIB, encoding="utf-8")
    source = Source(path)
    records = read_bibtex(source)
    assert [(r.raw["ID"], r.title, r.journal) for r in records] == [
        ("sari2020", "Pijat öksitosin", "Jurnal Ners"),  # the macro of line 1 resolves in every batch
        ("budi2021", "Two", "Jurnal Ners"),
        ("sari2020#2", "Three", "Jurnal Ners"),  # a duplicate key: renamed, its macro resolved too
        ("putri2022", "Four", "Jurnal Ners"),
        ("sari2020#3", "Five", ""),
    ]
    assert records[1].abstract == "write to @home{x} or me@example.org".replace("{", "").replace("}", "")
    assert [(w.code, w.row, w.value) for w in source.warnings] == [
        ("bibtex_duplicate_key", 5, "sari2020"), ("bibtex_duplicate_key", 8, "sari2020")]


@pytest.mark.parametrize("batch", [1, 2000])
def test_bibtex_syntax_errors_keep_their_line_across_batches(tmp_path, monkeypatch, batch):
    monkeypatch.setattr(bibtex, "_BATCH", batch)
    path = tmp_path / "export.bib"
    path.write_text("@article{a, title={x}}\n\n@article{b, title={y}}\n@article{c, title = {Broken\n\n"
                    "@article{d, title={z}}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_bibtex(Source(path))
    assert [(p.row, p.code) for p in exc.value.problems] == [(4, "bibtex_syntax")]


def test_batches_are_cut_only_before_an_entry_at_a_line_start(monkeypatch):
    monkeypatch.setattr(bibtex, "_BATCH", 1)
    lines = ["\ufeff@article{a, abstract={one", "@home{not an entry type}}", "  @misc{b,", "title={t}}", "@book{c}"]
    assert list(bibtex._batches(iter(lines))) == [
        (0, "@article{a, abstract={one\n@home{not an entry type}}"), (2, "  @misc{b,\ntitle={t}}"), (4, "@book{c}")]


def test_large_files_are_not_read_whole(tmp_path, no_whole_text):
    # 3,000 entries: two batches of bibtexparser, and 3,000 WoS records, all from the lines
    path = tmp_path / "big.bib"
    path.write_text("".join(f"@article{{k{i}, title={{Title {i}}}, year={{2020}}}}\n" for i in range(3000)),
                    encoding="utf-8")
    assert [r.title for r in read_bibtex(Source(path))][-2:] == ["Title 2998", "Title 2999"]
    wos = Path(tmp_path / "big.txt")
    wos.write_text("FN x\nVR 1.0\n" + "".join(f"PT J\nTI Title {i}\nPY 2020\nER\n\n" for i in range(3000)) + "EF\n",
                   encoding="utf-8")
    assert len(read_wos(Source(wos))) == 3000
