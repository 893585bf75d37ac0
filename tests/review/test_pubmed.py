"""The PubMed client against a local fake E-utilities server (tests/review/fake_eutils.py) — never the internet."""

from __future__ import annotations

import urllib.error

import pytest

from laktasi.review.formats import Source
from laktasi.review.formats.medline import read_medline
from laktasi.review.pubmed import FakeClock, PubMedClient, PubMedError, RateLimiter

from . import fake_eutils


@pytest.fixture
def eutils(fixtures_dir):
    fake, server = fake_eutils.start(fixtures_dir / "review" / "synthetic_pubmed_oxytocin.nbib")
    yield fake
    server.shutdown()
    server.server_close()


def _client(fake, **kw):
    clock = kw.pop("clock", FakeClock())
    return PubMedClient(fake.url, api_key=kw.pop("api_key", ""), clock=clock, **kw), clock


def _parse(text, tmp_path):
    path = tmp_path / "out.nbib"
    path.write_text(text, encoding="utf-8")
    return read_medline(Source(path=path, data=path.read_bytes()))


def test_search_and_fetch_in_batches(eutils, tmp_path):
    client, _ = _client(eutils)
    result, text = client.search_and_fetch('(oxytocin[tiab]) AND (massage[tiab])', batch_size=5)
    assert result.count == 12 and result.webenv == fake_eutils.WEBENV and result.query_key == "1"
    records = _parse(text, tmp_path)
    assert [r.pmid for r in records] == [f"900000{i:02d}" for i in range(1, 13)]
    paths = [(p.rsplit("/", 1)[-1], q.get("retstart"), q.get("retmax")) for p, q, _ in eutils.log]
    assert paths == [("esearch.fcgi", None, "0"), ("efetch.fcgi", "0", "5"), ("efetch.fcgi", "5", "5"),
                     ("efetch.fcgi", "10", "2")]
    esearch = eutils.log[0][1]
    assert esearch["usehistory"] == "y" and esearch["db"] == "pubmed" and esearch["tool"] == "laktasi"
    assert "api_key" not in esearch
    efetch = eutils.log[1][1]
    assert (efetch["WebEnv"], efetch["query_key"], efetch["rettype"], efetch["retmode"]) == (
        fake_eutils.WEBENV, "1", "medline", "text")


def test_max_records(eutils, tmp_path):
    client, _ = _client(eutils)
    result, text = client.search_and_fetch("oxytocin", batch_size=4, max_records=6)
    assert result.count == 12
    assert len(_parse(text, tmp_path)) == 6


def test_zero_hits_fetches_nothing(eutils):
    client, _ = _client(eutils)
    result, text = client.search_and_fetch("nothingmatches[tiab]")
    assert (result.count, text) == (0, "")
    assert len(eutils.log) == 1


def test_429_then_success_backs_off(eutils, tmp_path):
    eutils.fail_next = [429]
    messages = []
    client, clock = _client(eutils, progress=messages.append)
    result, text = client.search_and_fetch("oxytocin", batch_size=20)
    assert result.count == 12 and len(_parse(text, tmp_path)) == 12
    assert [p.rsplit("/", 1)[-1] for p, _, _ in eutils.log] == ["esearch.fcgi", "esearch.fcgi", "efetch.fcgi"]
    assert 1.0 in clock.sleeps  # first backoff: 1 s
    assert any("HTTP 429" in m and "retrying" in m for m in messages)


def test_backoff_doubles_and_gives_up(eutils):
    eutils.fail_next = [503, 502, 500, 503]
    client, clock = _client(eutils, max_retries=3, backoff=0.5)
    with pytest.raises(PubMedError) as exc:
        client.esearch("oxytocin")
    backoffs = [s for s in clock.sleeps if s >= 0.5]
    assert backoffs == [0.5, 1.0, 2.0]
    assert "4 attempts" in str(exc.value) and "HTTP 503" in str(exc.value)
    assert "percobaan" in exc.value.id


def test_non_retryable_status_fails_at_once(eutils):
    eutils.fail_next = [400]
    client, _ = _client(eutils)
    with pytest.raises(PubMedError, match="HTTP 400"):
        client.esearch("oxytocin")
    assert len(eutils.log) == 1


def test_esearch_error_element(eutils):
    client, _ = _client(eutils)
    with pytest.raises(PubMedError, match="Empty term"):
        client.esearch("")


def test_network_error_is_retried_then_reported():
    calls = []

    def refuse(request, timeout):
        calls.append(request.full_url)
        raise urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))

    clock = FakeClock()
    client = PubMedClient("http://127.0.0.1:9/eutils", api_key="", clock=clock, opener=refuse, max_retries=2)
    with pytest.raises(PubMedError, match="Connection refused"):
        client.esearch("oxytocin")
    assert len(calls) == 3 and calls[0] == "http://127.0.0.1:9/eutils/esearch.fcgi"


def test_api_key_sent_and_rate_10_per_second(eutils):
    times = []
    clock = FakeClock()
    client, _ = _client(eutils, api_key="abc123", clock=clock)

    real_open = client._open

    def timed(request, timeout):
        times.append(clock.now)
        return real_open(request, timeout=timeout)

    client._open = timed
    client.search_and_fetch("oxytocin", batch_size=3)
    assert eutils.log[0][1]["api_key"] == "abc123"
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 5 and all(g == pytest.approx(0.1) for g in gaps)


def test_rate_3_per_second_without_key(eutils):
    times = []
    clock = FakeClock()
    client, _ = _client(eutils, clock=clock)
    real_open = client._open
    client._open = lambda request, timeout: (times.append(clock.now), real_open(request, timeout=timeout))[1]
    client.search_and_fetch("oxytocin", batch_size=4)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 4 and all(g == pytest.approx(1 / 3) for g in gaps)


def test_rate_limiter_does_not_wait_when_requests_are_slow():
    clock = FakeClock()
    limiter = RateLimiter(3, clock=clock)
    limiter.wait()
    clock.now += 5.0  # a slow request
    limiter.wait()
    assert clock.sleeps == []


def test_base_url_from_environment(monkeypatch):
    monkeypatch.setenv("LAKTASI_PUBMED_URL", "http://127.0.0.1:1234/x")
    monkeypatch.setenv("LAKTASI_PUBMED_API_KEY", "k")
    client = PubMedClient()
    assert client.base_url == "http://127.0.0.1:1234/x/" and client.api_key == "k"
    assert client.limiter.interval == pytest.approx(0.1)
