"""A local stand-in for NCBI's E-utilities (esearch.fcgi, efetch.fcgi) on 127.0.0.1, for tests only.

Responses are shaped like NCBI's documented ones (E-utilities In-Depth, NBK25499):
ESearch XML with Count/RetMax/RetStart/QueryKey/WebEnv/IdList/QueryTranslation under an
eSearchResult root and its DOCTYPE; EFetch ``rettype=medline&retmode=text`` as MEDLINE
records separated by blank lines; HTTP 429 with NCBI's JSON rate-limit body. The records
served are the SYNTHETIC ones in tests/fixtures/review/synthetic_pubmed_oxytocin.nbib.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ESEARCH = """<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" \
"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">
<eSearchResult><Count>{count}</Count><RetMax>{retmax}</RetMax><RetStart>0</RetStart>\
<QueryKey>1</QueryKey><WebEnv>{webenv}</WebEnv><IdList>{ids}</IdList><TranslationSet/>\
<QueryTranslation>{translation}</QueryTranslation></eSearchResult>
"""
ESEARCH_ERROR = """<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" \
"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">
<eSearchResult><ERROR>{message}</ERROR></eSearchResult>
"""
RATE_LIMITED = '{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}\n'
WEBENV = "MCID_6571a3f0e2b1c94f1e0a1b2c"


@dataclass
class FakeEutils:
    records: list[str]
    fail_next: list[int] = field(default_factory=list)  # statuses to answer the next requests with
    log: list[tuple[str, dict[str, str], float]] = field(default_factory=list)
    url: str = ""

    def handle(self, path: str, params: dict[str, str]) -> tuple[int, str, str]:
        self.log.append((path, params, time.monotonic()))
        if self.fail_next:
            status = self.fail_next.pop(0)
            if status == 429:
                return 429, "application/json", RATE_LIMITED
            return status, "text/html", f"<html><body>{status} error</body></html>"
        if path.endswith("esearch.fcgi"):
            term = params.get("term", "")
            if not term:
                return 200, "text/xml", ESEARCH_ERROR.format(message="Empty term and query_key - nothing todo")
            hits = [] if "nothingmatches" in term else self.records
            retmax = int(params.get("retmax", "20"))
            ids = "".join(f"<Id>{r.split(chr(10), 1)[0][6:].strip()}</Id>" for r in hits[:retmax])
            return 200, "text/xml", ESEARCH.format(count=len(hits), retmax=min(retmax, len(hits)), webenv=WEBENV,
                                                   ids=ids, translation=term.replace("&", "&amp;")
                                                   .replace("<", "&lt;"))
        if path.endswith("efetch.fcgi"):
            if params.get("WebEnv") != WEBENV or params.get("query_key") != "1":
                return 200, "text/xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<eFetchResult>\n"
                                         "\t<ERROR>Unable to obtain query #1</ERROR>\n</eFetchResult>\n")
            if (params.get("rettype"), params.get("retmode")) != ("medline", "text"):
                return 400, "text/plain", "unsupported rettype"
            start, size = int(params.get("retstart", "0")), int(params.get("retmax", "20"))
            # NCBI's MEDLINE text starts with a blank line and separates records with one.
            return 200, "text/plain", "".join("\n" + r for r in self.records[start:start + size])
        return 404, "text/plain", "not found"


def start(nbib: Path) -> tuple[FakeEutils, ThreadingHTTPServer]:
    text = nbib.read_text(encoding="utf-8")
    records = [r.strip("\n") + "\n" for r in text.split("\n\n") if r.strip()]
    fake = FakeEutils(records=records)

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, params: dict[str, str]) -> None:
            status, ctype, body = fake.handle(urlparse(self.path).path, params)
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{ctype}; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server API
            query = parse_qs(urlparse(self.path).query)
            self._answer({k: v[-1] for k, v in query.items()})

        def do_POST(self) -> None:  # noqa: N802 - http.server API
            length = int(self.headers.get("Content-Length", "0"))
            query = parse_qs(self.rfile.read(length).decode("ascii"))
            self._answer({k: v[-1] for k, v in query.items()})

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/entrez/eutils/"
    return fake, server


if __name__ == "__main__":  # pragma: no cover - for trying `laktasi review search` by hand
    import sys

    default = Path(__file__).resolve().parents[1] / "fixtures" / "review" / "synthetic_pubmed_oxytocin.nbib"
    fake, server = start(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
    print(f"export LAKTASI_PUBMED_URL={fake.url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
