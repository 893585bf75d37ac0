"""Normalised comparison keys of bibliographic records, for :mod:`laktasi.review.dedup`.

Exports from different databases differ mostly in surface forms: DOI resolver prefixes, title case,
punctuation and database notes, author name order, abbreviated page ranges and journal names. Each
record is reduced once to a :class:`_Key` of folded values; the pair rule in ``dedup`` compares keys.

>>> normalise_title("Oxytocin Massage and Breast-Milk Production. [Indonesian]")
'oxytocin massage and breast milk production'
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel

from laktasi.review.records import Record

# --------------------------------------------------------------------------------------------
# normalisation

_DOI_RE = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_TAGS = re.compile(r"<[^>]{1,20}>")
_LANG_TAG = re.compile(r"[\[(]\s*[A-Za-z][A-Za-z ,]{1,40}[\])]\s*\.?\s*$")
_LANGS = {
    "chinese", "german", "french", "spanish", "japanese", "russian", "italian", "portuguese",
    "polish", "dutch", "korean", "turkish", "czech", "hungarian", "danish", "swedish", "norwegian",
    "finnish", "hebrew", "croatian", "serbian", "persian", "arabic", "indonesian", "article in",
    "english abstract", "author's transl", "author's translation",
}
_DIGITS = re.compile(r"\d+")
# a Cochrane review's number, kept by every version of it (CD006828 in its pages, 10.1002/14651858.CD006828.pub2)
_COCHRANE = re.compile(r"\bCD\d{6}\b", re.IGNORECASE)
_WOS_ERRATUM = re.compile(r"\(\s*vol\.?\s*(\d+)[^)]*?\bpg?\.?\s*[a-z]?(\d+)[^)]*?(\d{4})?\s*\)", re.IGNORECASE)
# Embase names the article a correction notice corrects at the end of its title:
# "Eculizumab for … syndrome (New England Journal of Medicine (2009) 360 (542-544))"
_EMBASE_ERRATUM = re.compile(
    r"\(\s*([A-Za-z][^()]{3,}?)\s*\(\s*(\d{4})\s*\)\s*(\d+)[^()]{0,20}?\(\s*[A-Za-z]?(\d+)[^()]*\)\s*\)\s*\.?\s*$")
# MEDLINE names where an article's errata are printed: "[Erratum appears in Am J Transplant. 2009 Sep;9(9):2205]"
_MEDLINE_ERRATUM = re.compile(
    r"erratum appears in [^\];]*?(\d{4})[^;\]]*;\s*(\d+)\s*(?:\([^)]*\))?\s*:\s*[A-Za-z]?(\d+)", re.IGNORECASE)
_NOTE_START = re.compile(r"(?:(?<=[\s.])|^)\[")
_PAREN_NOTE = re.compile(
    r"\((?:multiple letters|letter|abstract|author'?s? transl(?:ation)?|editorial|meeting abstract)\)",
    re.IGNORECASE)
# editions and parts written as words ("Sixteenth Rheumatism Review", "second report", "bagian kedua")
_NUMBER_WORDS = frozenset((
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth "
    "fiftieth one two three four five six seven eight nine ten eleven twelve pertama kedua ketiga "
    "keempat kelima keenam ketujuh kedelapan kesembilan kesepuluh").split())
_SERIES_WORDS = frozenset(("part", "phase", "stage", "study", "trial", "series", "bagian", "tahap"))
_ROMAN_TOKEN = re.compile(r"[ivx]{1,4}")
# Words that make a record a different kind of publication from the article it names.
_MARKERS = (
    ("erratum", re.compile(r"\b(?:errat(?:um|a)|corrigend(?:um|a)|correction(?:s)? to)\b")),
    ("retraction", re.compile(r"\b(?:retraction|retracted|withdrawn)\b")),
    ("comment", re.compile(r"\b(?:comment(?:ary)? on|comments on|re:)\b|^re\b")),
    # "response to" alone is a finding ("Response to placebo among bipolar I patients"), not a reply
    ("reply", re.compile(r"\b(?:reply|in response|authors? respon(?:d|se)|author s reply|response to (?:the |a |"
                         r"an )?(?:letter|comments?|commentary|editorial|critique|correspondence|dr|drs|"
                         r"professor|prof))\b")),
    ("protocol", re.compile(r"\bprotocol\b")),
    ("summary", re.compile(r"\b(?:executive summary|summary of|abridged)\b")),
)
# cheap substring test before the marker expressions (most titles have none of these)
_MARKER_HINTS = ("errat", "corrig", "correction", "retract", "withdrawn", "comment", "re:", "reply",
                 "respon", "respond", "protocol", "summary", "abridged")
# titles journals print issue after issue: the title says nothing about which piece it is
_GENERIC_TITLES = frozenset((
    "editorial", "editorials", "guest editorial", "editor s comments", "editors comments", "editor s comment",
    "editor s note", "editors note", "from the editor", "from the editors", "letter from the editor",
    "editor s introduction", "introduction", "preface", "foreword", "in this issue", "this issue",
    "letter to the editor", "letters to the editor", "letter", "letters", "correspondence", "book review",
    "book reviews", "reviewers", "thank you to our reviewers", "acknowledgement to reviewers",
    "acknowledgment to reviewers", "news", "announcements", "announcement", "commentary", "comment",
    "reply", "response", "erratum", "errata", "correction", "corrigendum", "abstracts", "index",
    "contents", "table of contents", "masthead", "editorial board", "issue information", "obituary",
    "conference report", "meeting report", "president s message", "notes", "books received",
))
_STOP = {"and", "of", "the", "for", "in", "on", "a", "an", "de", "la", "le", "der", "und", "journal", "j"}


def _fold(text: str) -> str:
    """Lower case without accents (``Gönül`` → ``gonul``)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def normalise_doi(value: str) -> str:
    """The bare DOI in lower case, or ``""``.

    >>> normalise_doi("https://dx.doi.org/10.1016/S0735-1097%2813%2962048-3 ")
    '10.1016/s0735-1097(13)62048-3'
    >>> normalise_doi("NA")
    ''
    """
    if not value:
        return ""
    text = urllib.parse.unquote(str(value)).strip()
    match = _DOI_RE.search(text)
    if not match:
        return ""
    return match.group(0).rstrip(".,;)]}>").lower()


@dataclass(frozen=True)
class _Notes:
    """What a title's database notes say about the record's place among related publications."""

    erratum: bool = False  # a WoS or Embase correction-notice note: this record is an erratum
    corrects: str = ""  # "year|volume|first page" of the article the notice corrects ("" unknown)
    errata_at: frozenset[str] = frozenset()  # "year|volume|first page" of this article's errata
    journal: tuple[str, ...] = ()  # the journal an Embase note names as the corrected article's


_NO_NOTES = _Notes()


def _place(year: str | None, volume: str | None, page: str | None) -> str:
    """A printed place as ``_Key.place`` writes it ("2009|360|542"), or "" when a part is missing."""
    return f"{int(year)}|{int(volume)}|{int(page)}" if year and volume and page else ""


def _clean_title(title: str) -> tuple[str, _Notes]:
    """Strip database annotations from a title; say what its correction notes point to.

    MEDLINE puts translated titles in brackets and appends notes such as ``[Review] [88 refs]``,
    ``[Chinese]`` or ``.[Erratum appears in Am J Hematol. 2010 Nov;85(11):911]``; Web of Science marks a
    correction notice with ``(vol 85, pg 553, 2010)`` and Embase with ``(American Journal of
    Hematology (2010) 85 (553-559))``, the place of the article corrected. These notes are not part
    of the title; the places they name link an erratum to its article (see ``dedup._linked``).
    """
    text = (title or "").strip()
    if not any(ch in text for ch in "[(<"):
        return text, _NO_NOTES  # nothing to strip (most titles)
    text = _TAGS.sub("", text).strip()
    corrects = ""
    journal: tuple[str, ...] = ()
    wos = _WOS_ERRATUM.search(text)
    embase = None if wos else _EMBASE_ERRATUM.search(text)
    if wos:
        corrects = _place(wos.group(3), wos.group(1), wos.group(2))
        text = _WOS_ERRATUM.sub(" ", text)
    elif embase:
        corrects = _place(embase.group(2), embase.group(3), embase.group(4))
        journal = _journal_words(embase.group(1))
        text = text[: embase.start()]
    errata = frozenset(p for p in (_place(*m.groups()) for m in _MEDLINE_ERRATUM.finditer(text)) if p) if (
        "rratum" in text) else frozenset()
    if text.startswith("["):
        end = text.find("]")
        text = text[1:end] + text[end + 1:] if end > 20 else text[1:]
    cut = _NOTE_START.search(text, 20)
    if cut:
        text = text[: cut.start()]
    text = _PAREN_NOTE.sub(" ", text)
    tag = _LANG_TAG.search(text)
    if tag and _fold(tag.group(0)).strip(" .[]()") in _LANGS:
        text = text[: tag.start()]
    erratum = bool(wos or embase)
    return text, (_Notes(erratum, corrects, errata, journal) if erratum or errata else _NO_NOTES)


def normalise_title(title: str) -> str:
    """Title folded for comparison: lower case, no accents, punctuation or database annotations.

    >>> normalise_title("[Efficacy of <i>batroxobin</i>: a trial]. [Review] [16 refs] [Chinese]")
    'efficacy of batroxobin a trial'
    """
    return _NON_ALNUM.sub(" ", _fold(_clean_title(title)[0])).strip()


# "13,634" and "13 634" fold to "13 634": one number written with a thousands separator
_DIGIT_GROUPS = re.compile(r"\b\d{1,3}(?: \d{3})+\b")


def _cochrane_number(pages: str, doi: str) -> str:
    match = _COCHRANE.search(pages or "") or _COCHRANE.search(doi or "")
    return match.group(0).upper() if match else ""


def _numbers(title: str) -> frozenset[str]:
    """Number-like tokens of a folded title: digit runs (digit groups "13 634" joined, as "13634" is
    the same number), number words, "part iii"."""
    words = title.split()
    found = set(_DIGITS.findall(_DIGIT_GROUPS.sub(lambda m: m.group(0).replace(" ", ""), title)))
    found.update(_NUMBER_WORDS.intersection(words))
    for word, following in zip(words, words[1:], strict=False):
        if word in _SERIES_WORDS and _ROMAN_TOKEN.fullmatch(following):
            found.add(following)
    return frozenset(found)


def _plain(text: str) -> str:
    return _NON_ALNUM.sub(" ", _fold(text)).strip()


# what databases write where a piece has no author: no person to compare ("[Anonymous]" twice is no
# evidence that two news items or editorials are one)
_NO_AUTHOR = frozenset(("anonymous", "anon", "no authors listed", "no author listed", "no author", "unknown",
                        "author unknown", "unknown author", "not available", "anonim", "tanpa nama"))


def _name_words(author: str) -> frozenset[str]:
    """Words of a personal name longer than an initial (order-free: "Smith, J." ~ "J. Smith"); none for
    "Anonymous" and the like."""
    words = [w for w in _NON_ALNUM.split(_fold(author)) if w]
    if " ".join(words) in _NO_AUTHOR:
        return frozenset()
    return frozenset(w for w in words if len(w) > 1)


def _first_number(text: str) -> str:
    match = _DIGITS.search(text or "")
    return match.group(0).lstrip("0") or "0" if match else ""


_ELOCATOR = re.compile(r"^[a-z]\d{4,}$")
_PAGE_TOKEN = re.compile(r"[a-z]*(\d+)[a-z]*$")
_RANGE_LIST = re.compile(r"\s*[,;+]\s*")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def _pages(pages: str) -> tuple[str, str]:
    """(first page, last page) as digit strings, ``""`` when unknown.

    Abbreviated ranges are expanded ("2665-8" → 2665, 2668); electronic article numbers
    ("e12724", "c1804") and spreadsheet-mangled ranges ("Suppl-29", "t-8") give an unknown
    first page, since they cannot be compared with printed page numbers. A list of ranges counts by
    its first range ("532, 534-536" → 532, 532; "233-8, 230-5" → 233, 238), and a range a spreadsheet
    turned into a date is read back ("08-Aug" → 8, 8; "Jun-01", ambiguous, is unknown).
    """
    first_range = _RANGE_LIST.split(_fold(pages or "").strip().strip("\"'"), maxsplit=1)[0]
    tokens = [t for t in re.split(r"\s*[-\u2013\u2014]+\s*|\s+", first_range.strip()) if t]
    if len(tokens) == 2 and tokens[1] in _MONTHS and tokens[0].isdigit():
        tokens[1] = str(_MONTHS.index(tokens[1]) + 1)
    if not tokens or len(tokens) == 1 and _ELOCATOR.match(tokens[0]) or set(_MONTHS).intersection(tokens):
        return "", ""
    first = _PAGE_TOKEN.match(tokens[0])
    start = first.group(1).lstrip("0") if first else ""
    last = _PAGE_TOKEN.match(tokens[-1]) if len(tokens) > 1 else first
    end = last.group(1).lstrip("0") if last else ""
    if start and end and len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return start, end


def _page_starts(pages: str) -> frozenset[str]:
    """First pages of the ranges of a page list, empty for a single range.

    Databases list the parts of one article in different orders ("233-8, 230-5, 246-51" /
    "230-5, 246-51, 233-8"), so lists are compared as sets.
    """
    parts = _RANGE_LIST.split(_fold(pages or "").strip().strip("\"'"))
    if len(parts) < 2:
        return frozenset()
    return frozenset(p for p in (_pages(part)[0] for part in parts) if p)


def _pages_compatible(a: _Key, b: _Key) -> bool | None:
    """True/False when the pages agree/conflict; None when one side is unknown."""
    if (a.page_starts or b.page_starts) and a.page and b.page:
        return bool((a.page_starts or {a.page}) & (b.page_starts or {b.page}))
    if a.page and b.page:
        return a.page == b.page or bool(a.page_end and a.page_end == b.page_end)
    if a.page_end and b.page_end:
        # one first page unknown (mangled): compare the end pages' digits from the right
        return a.page_end.endswith(b.page_end) or b.page_end.endswith(a.page_end)
    return None


def _authors_compatible(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """Whether two first authors can be the same person (None when one is unknown).

    Name words are compared as a set, so "Smith, J." matches "J. Smith"; a small spelling
    difference is allowed because exports mangle accents ("Mu?oz", "Ostensson" for "Östensson").
    """
    if not a or not b:
        return None
    if a & b:
        return True
    return fuzz.ratio("".join(sorted(a)), "".join(sorted(b))) >= 80


_TEAM = 4  # authors compared in order: enough to tell teams apart, short of lists cut to "et al."


def _same_team(a: _Key, b: _Key) -> bool:
    """Two or more authors, the same people in the same order as far as the shorter list goes
    ("Brenner S, Bialy-Golan A, Ruocco V"): the evidence a sparse record (no journal, volume or
    pages) can give beside its first author."""
    n = min(len(a.team), len(b.team))
    return n >= 2 and all(_authors_compatible(_name_words(x), _name_words(y)) is True
                          for x, y in zip(a.team[:n], b.team[:n], strict=True))


def _journal_words(journal: str) -> tuple[str, ...]:
    return tuple(w for w in _NON_ALNUM.split(_fold(journal)) if w and w not in _STOP)


def _abbreviates(short: str, word: str) -> bool:
    """ISO 4 style: the abbreviation starts like the word and keeps its letters in order
    ("dtsch" → "deutsche", "wochenschr" → "wochenschrift", "j" → "journal")."""
    if not short or short[0] != word[0]:
        return False
    it = iter(word)
    return all(ch in it for ch in short)


def _journals_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when one journal name is the other or its abbreviation ("Diab Vasc Dis Res",
    "Dtsch Med Wochenschr")."""
    if not a or not b:
        return False

    def abbreviation_of(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
        # every word of the short name abbreviates a later word of the long one, in order
        it = iter(long_)
        return all(any(_abbreviates(s, word) for word in it) for s in short)

    return abbreviation_of(a, b) or abbreviation_of(b, a)


@dataclass(frozen=True)
class _Key:
    title: str
    words: int
    doi: str
    pmid: str
    year: int | None
    author: frozenset[str]
    page: str
    page_end: str
    page_starts: frozenset[str]  # first pages of every range in a list ("230-5, 246-51, 233-8")
    volume: str
    issue: str
    issue_no: str  # the issue's number ("3" of "3 Pt 2"); "" for supplements and unknown issues
    journal: tuple[str, ...]
    markers: frozenset[str]
    numbers: frozenset[str]
    abstract: str
    completeness: int
    generic: bool  # a title journals reuse issue after issue ("Editorial", "Editor's Comments")
    notes: _Notes = _NO_NOTES  # correction notes: the article an erratum corrects, an article's errata
    # every field of the record as exported (title with its notes, every author, journal, volume, issue,
    # pages, IDs, whole abstract): equal for a record exported twice
    identity: int = 0
    cochrane: str = ""  # the Cochrane review number, "CD006828"
    team: tuple[str, ...] = ()  # the first authors as exported, in order (at most _TEAM; compared rarely)

    @property
    def place(self) -> str:
        """"year|volume|first page", the printed place, or "" when a part is unknown."""
        return f"{self.year}|{self.volume}|{self.page}" if self.year and self.volume and self.page else ""


def _key(record: Record) -> _Key:
    cleaned, notes = _clean_title(record.title)
    page, page_end = _pages(record.pages)
    title = _NON_ALNUM.sub(" ", _fold(cleaned)).strip()
    markers = frozenset(name for name, rx in _MARKERS if rx.search(title)) if any(
        hint in title for hint in _MARKER_HINTS) or title.startswith("re ") else frozenset()
    if notes.erratum:
        markers |= {"erratum"}
    numbers = _numbers(title)
    filled = (
        record.title, record.abstract, record.authors, record.year, record.journal, record.volume,
        record.issue, record.pages, record.doi, record.pmid, record.keywords,
    )
    return _Key(
        title=title,
        words=len(title.split()),
        doi=normalise_doi(record.doi),
        pmid=str(record.pmid or "").strip(),
        year=record.year,
        author=_name_words(record.first_author),
        page=page,
        page_end=page_end,
        page_starts=_page_starts(record.pages),
        volume=_first_number(record.volume),
        issue=_NON_ALNUM.sub("", _fold(record.issue)),
        issue_no=_issue_number(record.issue),
        journal=_journal_words(record.journal),
        markers=markers,
        numbers=numbers,
        abstract=record.abstract[:600],
        completeness=sum(1 for v in filled if v),
        generic=title in _GENERIC_TITLES,
        notes=notes,
        cochrane=_cochrane_number(record.pages, record.doi),
        team=tuple(record.authors[:_TEAM]),
        identity=hash((record.title.strip(), record.authors, record.year, record.journal.strip(),
                       record.volume.strip(), record.issue.strip(), record.pages.strip(), record.doi.strip(),
                       str(record.pmid or "").strip(), record.abstract.strip())),
    )


_MAX_ISSUE = 60  # weekly journals reach 52 issues a volume


def _issue_number(issue: str) -> str:
    """The number of an issue, or ``""`` when it may not be comparable across databases: a
    supplement ("Suppl 2", "7 Suppl 1") is numbered differently by different indexes."""
    folded = _fold(issue or "")
    if "sup" in folded:
        return ""
    return _first_number(folded)


# --------------------------------------------------------------------------------------------
# comparisons used by the pair rule


def _abstracts_agree(a: _Key, b: _Key) -> bool:
    return bool(a.abstract and b.abstract and fuzz.ratio(_plain(a.abstract), _plain(b.abstract)) >= 90)


# words that carry no subject: a changed letter in one makes no other subject ("uf"/"of", "ajd"/"and",
# "mith"/"with"); between two of them ("in"/"on", "of"/"or") a letter changes the meaning
_FUNCTION_WORDS = frozenset(
    "a an and as at by for from in into is its of on or the to with".split())


_DOUBLED = re.compile(r"(.)\1+")


def _misspelt(w: str, o: str) -> bool:
    """One word a slip of the other: one edit in words of five letters or more, not counting letters
    typed twice ("ssympptoms"); in shorter words only a doubled or dropped letter, two swapped
    neighbours ("wiith", "tria", "adn") or a changed letter in a function word ("uf"/"of") — a
    changed letter in a short content word makes another word ("rats"/"cats"), and in both of two
    function words another meaning ("in"/"on"). Two changed letters make another word even in long
    ones ("pantoprazole"/"lansoprazole")."""
    if min(len(w), len(o)) >= 5:
        # a letter typed twice is a slip too, beside one other ("ssympptoms", "conttrolle")
        return OSA.distance(w, o, score_cutoff=1) <= 1 or OSA.distance(
            _DOUBLED.sub(r"\1", w), _DOUBLED.sub(r"\1", o), score_cutoff=1) <= 1
    return Indel.distance(w, o, score_cutoff=1) <= 1 or len(w) == len(o) and (
        sorted(w) == sorted(o) or (w in _FUNCTION_WORDS) != (o in _FUNCTION_WORDS)) and OSA.distance(
        w, o, score_cutoff=1) <= 1


def _words_differ(a: str, b: str) -> bool:
    """Whether each title has a word that is no misspelling of any word in the other.

    A misspelling is one slip (:func:`_misspelt`): "behaviour"/"behavior", "patienst"/"patients";
    two edits make another word ("Pantoprazole"/"Lansoprazole", "male"/"female"). Titles that differ only in spacing ("pre diabetic"/"prediabetic") agree,
    and an insertion on one side only (a subtitle) is left to the other rules.
    """
    if a.replace(" ", "") == b.replace(" ", ""):
        return False
    wa, wb = set(a.split()), set(b.split())
    only_a = [w for w in wa - wb if len(w) > 1]
    only_b = [w for w in wb - wa if len(w) > 1]
    if not only_a or not only_b:
        return False

    def unmatched(words: list[str], others: list[str]) -> bool:
        return any(not any(_misspelt(w, o) for o in others) for w in words)

    return unmatched(only_a, only_b) and unmatched(only_b, only_a)


def _only_slips(a: str, b: str) -> bool:
    """Whether the titles differ only by slips: every word of each is in the other or a slip
    (:func:`_misspelt`) of a word there, and no word is added or dropped ("Drug treatzent in heartt
    failure" / "Drug treatment in heart failure", not "… biopsies in cytology negative …")."""
    if a.replace(" ", "") == b.replace(" ", ""):
        return True
    wa, wb = [w for w in a.split() if len(w) > 1], [w for w in b.split() if len(w) > 1]
    if len(wa) != len(wb):
        return False
    only_a, only_b = set(wa) - set(wb), set(wb) - set(wa)
    return all(any(_misspelt(w, o) for o in only_b) for w in only_a) and all(
        any(_misspelt(w, o) for o in only_a) for w in only_b)


def _contained(a: str, b: str) -> bool:
    """One title (of four words or more) found whole inside the other."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short.split()) >= 4 and f" {short} " in f" {long_} "


def _shared_words(a: str, b: str) -> int:
    """How many words of five letters or more two folded titles share (translations of one title
    keep drug, organism and disease names: "amoxicillin", "cefamandole", "staphylococcus")."""
    return len({w for w in a.split() if len(w) >= 5} & {w for w in b.split() if len(w) >= 5})
