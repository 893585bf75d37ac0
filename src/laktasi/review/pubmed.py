"""A small PubMed E-utilities client: ESearch with history, EFetch in MEDLINE batches.

Why our own: Biopython's ``Bio.Entrez`` cannot point at another base URL, and tests must
run against a local fake server (``LAKTASI_PUBMED_URL``), never the internet.

What NCBI asks of a client (E-utilities Help, "A General Introduction to the E-utilities" and
"The E-utilities In-Depth", https://www.ncbi.nlm.nih.gov/books/NBK25497/ and NBK25499/):
at most 3 requests per second without an API key and 10 with one; ``tool`` and ``email``
parameters; large result sets fetched from the history server (``usehistory=y``, then
``WebEnv`` + ``query_key``) in batches; POST for long queries. Requests that fail with 429
(rate limit), a 5xx status or a network error are retried with exponential backoff.

>>> limiter = RateLimiter(per_second=3, clock=FakeClock())
>>> for _ in range(3): limiter.wait()
>>> round(limiter.clock.now, 3)   # three requests: at 0, 1/3 and 2/3 s
0.667
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from laktasi.config import pubmed_api_key, pubmed_url
from laktasi.errors import LaktasiError

__all__ = ["FakeClock", "PubMedClient", "PubMedError", "RateLimiter", "SearchResult"]

RETRY_STATUS = {429, 500, 502, 503, 504}
# PubMed's E-utilities return at most the first 10,000 records of a search.
MAX_RETRIEVABLE = 10_000


class PubMedError(LaktasiError):
    """PubMed could not be searched (network down, NCBI error, too many retries)."""

    def __init__(self, en: str, id_: str) -> None:
        super().__init__(en)
        self.en, self.id = en, id_


class Clock(Protocol):
    def __call__(self) -> float: ...


@dataclass
class FakeClock:
    """A clock for tests and doctests: ``sleep`` advances time instantly."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(seconds, 0.0)


class RateLimiter:
    """Spaces requests at least ``1/per_second`` apart (NCBI: 3/s without a key, 10/s with one)."""

    def __init__(self, per_second: float, clock: Callable[[], float] | None = None,
                 sleep: Callable[[float], None] | None = None) -> None:
        self.interval = 1.0 / per_second
        if clock is None:
            clock = time.monotonic
        if sleep is None:
            sleep = clock.sleep if isinstance(clock, FakeClock) else time.sleep
        self.clock, self.sleep = clock, sleep
        self._next: float | None = None

    def wait(self) -> None:
        now = self.clock()
        if self._next is not None and now < self._next:
            self.sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


@dataclass(frozen=True)
class SearchResult:
    """What ESearch reported: the hit count and where the result set waits on the history server."""

    count: int
    webenv: str
    query_key: str
    ids: tuple[str, ...]
    query_translation: str = ""
    warnings: tuple[str, ...] = ()


Opener = Callable[..., Any]


class PubMedClient:
    """ESearch/EFetch against ``base_url`` (default ``LAKTASI_PUBMED_URL`` or NCBI's).

    ``opener``, ``clock`` and ``sleep`` are injectable so tests control time and transport.
    """

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        email: str | None = None,
        tool: str = "laktasi",
        max_retries: int = 5,
        backoff: float = 1.0,
        timeout: float = 60.0,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
        opener: Opener | None = None,
        progress: Callable[[str], None] | None = None,
        lang: str = "en",
    ) -> None:
        self.base_url = (base_url or pubmed_url()).rstrip("/") + "/"
        self.api_key = api_key if api_key is not None else pubmed_api_key()
        self.email, self.tool = email, tool
        self.max_retries, self.backoff, self.timeout = max_retries, backoff, timeout
        if sleep is None and isinstance(clock, FakeClock):
            sleep = clock.sleep
        self._sleep = sleep or time.sleep
        self.limiter = RateLimiter(10 if self.api_key else 3, clock=clock, sleep=self._sleep)
        self._open = opener or urllib.request.urlopen
        self.progress = progress or (lambda message: None)
        self.lang = lang
        self.requests = 0

    def _say(self, en: str, id_: str) -> None:
        self.progress(id_ if self.lang == "id" else en)

    # -- transport ---------------------------------------------------------------------------
    def _params(self, params: dict[str, Any]) -> dict[str, str]:
        out = {k: str(v) for k, v in params.items() if v is not None}
        out["tool"] = self.tool
        if self.email:
            out["email"] = self.email
        if self.api_key:
            out["api_key"] = self.api_key
        return out

    def _request(self, utility: str, params: dict[str, Any]) -> str:
        """POST one request, retrying 429/5xx/network errors with exponential backoff."""
        url = self.base_url + utility
        body = urllib.parse.urlencode(self._params(params)).encode("ascii")
        last_error = ""
        for attempt in range(self.max_retries + 1):
            self.limiter.wait()
            self.requests += 1
            delay = self.backoff * 2**attempt
            try:
                request = urllib.request.Request(url, data=body, method="POST", headers={
                    "Content-Type": "application/x-www-form-urlencoded", "User-Agent": f"{self.tool} (laktasi)"})
                with self._open(request, timeout=self.timeout) as response:
                    data: bytes = response.read()
                    return data.decode("utf-8", errors="replace")
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUS:
                    detail = _error_detail(exc)
                    raise PubMedError(f"PubMed {utility} failed: HTTP {exc.code} {detail}",
                                      f"{utility} PubMed gagal: HTTP {exc.code} {detail}") from None
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                if retry_after and retry_after.strip().isdigit():
                    delay = max(delay, float(retry_after))
                last_error = f"HTTP {exc.code}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, socket.gaierror):
                    # The name does not resolve: offline or a mistyped LAKTASI_PUBMED_URL. Waiting will not
                    # fix either, so say so at once instead of retrying for half a minute.
                    host = urllib.parse.urlsplit(self.base_url).hostname or self.base_url
                    raise PubMedError(
                        f"PubMed cannot be reached: the name {host} does not resolve ({reason.strerror or reason}); "
                        "check the internet connection or LAKTASI_PUBMED_URL",
                        f"PubMed tidak dapat dihubungi: nama {host} tidak dapat di-resolve ({reason.strerror or reason}); "
                        "periksa koneksi internet atau LAKTASI_PUBMED_URL") from None
                last_error = str(reason)
            except ValueError as exc:  # not a URL at all (LAKTASI_PUBMED_URL=foo)
                raise PubMedError(f"LAKTASI_PUBMED_URL is not a usable URL ({self.base_url}): {exc}",
                                  f"LAKTASI_PUBMED_URL bukan URL yang dapat dipakai ({self.base_url}): {exc}") from None
            if attempt < self.max_retries:
                self._say(f"PubMed {utility}: {last_error}; retrying in {delay:g} s "
                          f"(attempt {attempt + 2} of {self.max_retries + 1})",
                          f"PubMed {utility}: {last_error}; mencoba lagi dalam {delay:g} detik "
                          f"(percobaan {attempt + 2} dari {self.max_retries + 1})")
                self._sleep(delay)
        raise PubMedError(
            f"PubMed {utility} failed after {self.max_retries + 1} attempts ({last_error}); "
            f"check the connection or LAKTASI_PUBMED_URL ({self.base_url})",
            f"{utility} PubMed gagal setelah {self.max_retries + 1} percobaan ({last_error}); "
            f"periksa koneksi atau LAKTASI_PUBMED_URL ({self.base_url})")

    # -- E-utilities ---------------------------------------------------------------------------
    def esearch(self, term: str, retmax: int = 0) -> SearchResult:
        """ESearch with ``usehistory=y``: the hit count and a WebEnv/query_key for EFetch."""
        text = self._request("esearch.fcgi", {"db": "pubmed", "term": term, "usehistory": "y",
                                              "retmax": retmax})
        try:
            root = ET.fromstring(text)
        except ET.ParseError:
            raise PubMedError(f"PubMed esearch answered with something that is not XML: {text[:120]!r}",
                              f"esearch PubMed menjawab dengan sesuatu yang bukan XML: {text[:120]!r}") from None
        error = root.findtext("ERROR")
        if error:
            raise PubMedError(f"PubMed esearch: {error}", f"esearch PubMed: {error}")
        count_text = root.findtext("Count")
        if count_text is None or not count_text.strip().isdigit():
            raise PubMedError("PubMed esearch answer has no Count", "jawaban esearch PubMed tidak memuat Count")
        warnings = [el.text or "" for el in root.iter() if el.tag in ("PhraseNotFound", "QuotedPhraseNotFound",
                                                                      "OutputMessage", "FieldNotFound")]
        return SearchResult(
            count=int(count_text),
            webenv=root.findtext("WebEnv") or "",
            query_key=root.findtext("QueryKey") or "",
            ids=tuple(el.text or "" for el in root.iterfind("IdList/Id")),
            query_translation=root.findtext("QueryTranslation") or "",
            warnings=tuple(w for w in warnings if w),
        )

    def efetch_medline(self, result: SearchResult, retstart: int, retmax: int) -> str:
        """One batch of the result set as MEDLINE text (``rettype=medline``, ``retmode=text``)."""
        text = self._request("efetch.fcgi", {
            "db": "pubmed", "WebEnv": result.webenv, "query_key": result.query_key, "retstart": retstart,
            "retmax": retmax, "rettype": "medline", "retmode": "text"})
        stripped = text.lstrip()
        if stripped.startswith("<") or stripped.startswith("{"):
            raise PubMedError(f"PubMed efetch returned an error instead of MEDLINE text: {stripped[:200]!r}",
                              f"efetch PubMed mengembalikan galat, bukan teks MEDLINE: {stripped[:200]!r}")
        return text

    def search_and_fetch(self, term: str, batch_size: int = 500, max_records: int | None = None,
                         on_batch: Callable[[int, int], None] | None = None) -> tuple[SearchResult, str]:
        """Search, then fetch every record (up to ``max_records`` and PubMed's 10,000) as MEDLINE text.

        ``on_batch(records fetched, records wanted)`` is called after the search (0 fetched) and after
        each batch (a web page's progress bar)."""
        result = self.esearch(term)
        self._say(f"PubMed: {result.count} records for {term}", f"PubMed: {result.count} rekaman untuk {term}")
        wanted = min(result.count, MAX_RETRIEVABLE)
        if max_records is not None:
            wanted = min(wanted, max_records)
        if result.count > MAX_RETRIEVABLE and (max_records is None or max_records > MAX_RETRIEVABLE):
            self._say(f"PubMed returns only the first {MAX_RETRIEVABLE} records of a search; "
                      "split the search by date range to retrieve the rest",
                      f"PubMed hanya memberikan {MAX_RETRIEVABLE} rekaman pertama dari satu pencarian; "
                      "bagi pencarian menurut rentang tanggal untuk mengambil sisanya")
        if wanted and not (result.webenv and result.query_key):
            raise PubMedError("PubMed esearch did not return WebEnv/QueryKey (history server)",
                              "esearch PubMed tidak mengembalikan WebEnv/QueryKey (history server)")
        batches = []
        if on_batch is not None:
            on_batch(0, wanted)
        for start in range(0, wanted, batch_size):
            size = min(batch_size, wanted - start)
            self._say(f"PubMed: fetching records {start + 1}–{start + size} of {wanted}",
                      f"PubMed: mengambil rekaman {start + 1}–{start + size} dari {wanted}")
            batches.append(self.efetch_medline(result, start, size).strip("\n"))
            if on_batch is not None:
                on_batch(start + size, wanted)
        return result, "\n\n".join(b for b in batches if b) + ("\n" if batches else "")


def _error_detail(exc: urllib.error.HTTPError) -> str:
    try:
        body = exc.read().decode("utf-8", errors="replace")
    except Exception:  # noqa: BLE001 - the detail is a courtesy
        return exc.reason if isinstance(exc.reason, str) else ""
    try:
        data = json.loads(body)
        return str(data.get("error", body[:200])) if isinstance(data, dict) else body[:200]
    except ValueError:
        return body[:200]
