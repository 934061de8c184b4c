"""What an operator and an integrating developer see of the running server (issue 18 items 5, 7):
the front page, liveness and readiness, Prometheus metrics across the workers, request ids in the
answers and in the log."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request

import zeep

from fravaer import __version__
from tests.e2e.conftest import fejlkoder, zeep_klient

SERVICES = ("FravaerService", "MoedetidsplanService", "KvoteService", "MedarbejderService",
            "StatistikService")


def _hent(server, sti: str, headers: dict | None = None):
    req = urllib.request.Request(f"{server.url}{sti}", headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_the_front_page_links_every_service_its_schema_and_its_samples(server):
    status, headers, side = _hent(server, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    tekst = side.decode()
    assert f"fravaer {__version__}" in tekst and "databasen svarer" in tekst
    assert "http" not in re.sub(r'(href="|>)' + re.escape(server.url), "", tekst)  # no external asset
    for navn in SERVICES:
        assert f'href="{server.url}/soap/{navn}?wsdl"' in tekst
    links = re.findall(r'href="([^"]+)"', tekst)
    proever = [link for link in links if "/samples/" in link]
    skemaer = [link for link in links if "/schemas/" in link]
    assert len(proever) >= 60
    assert {"FravaerService.xsd", "Faelles.xsd"} <= {s.rsplit("/", 1)[1] for s in skemaer}
    for link in [proever[0], proever[-1], skemaer[0], f"{server.url}/soap/KvoteService?wsdl"]:
        status, headers, krop = _hent(server, link[len(server.url):])
        assert status == 200 and krop.startswith(b"<?xml"), link


def test_health_and_readiness(server):
    assert _hent(server, "/health")[::2] == (200, b"ok\n")
    assert _hent(server, "/ready")[::2] == (200, b"klar\n")


def test_metrics_count_requests_faults_and_time_operations_across_workers(server):
    klient = zeep_klient(server)
    for _ in range(4):  # two workers: some of these reach each
        klient.HentAarsagskoder()
    try:
        zeep_klient(server, kodeord="forkert-kodeord").HentAarsagskoder()
        raise AssertionError("et forkert kodeord gav intet fault")
    except zeep.exceptions.Fault as f:
        kode = fejlkoder(f)[0]
    # each worker writes its figures at most a second after its requests (telemetry.py): the
    # scrape's worker shows its own at once, the other's within a second or two
    slut = time.monotonic() + 20
    while True:
        status, headers, krop = _hent(server, "/metrics")
        assert status == 200 and headers["Content-Type"].startswith("text/plain")
        tekst = krop.decode()

        def vaerdi(navn: str, tekst: str = tekst) -> float:
            mo = re.search(rf"^{re.escape(navn)} ([0-9.e+]+)$", tekst, re.M)
            return float(mo.group(1)) if mo else 0.0

        if (vaerdi('fravaer_operation_seconds_count{operation="HentAarsagskoder"}') >= 4
                and vaerdi(f'fravaer_faults_total{{code="{kode}",faultcode="Client"}}') >= 1
                and vaerdi('fravaer_requests_total{method="POST",route="soap",status="200"}') >= 4):
            break
        assert time.monotonic() < slut, tekst
        time.sleep(0.2)
    assert vaerdi('fravaer_operation_seconds_bucket{le="+Inf",operation="HentAarsagskoder"}') >= 4
    assert 'fravaer_db_pool_connections{state="checked_out"}' in tekst


def test_every_answer_carries_a_request_id_and_the_log_names_it(server):
    _, headers, _ = _hent(server, "/health", {"X-Request-ID": "min-egen-42"})
    assert headers["X-Request-ID"] == "min-egen-42"
    # a header that could forge a log line or put a CPR number into the log gets an id of ours
    for ond in ("ond linje; x=<y>", "0101801234", "x" * 65):
        _, headers, _ = _hent(server, "/health", {"X-Request-ID": ond})
        assert re.fullmatch(r"[a-z]{16}", headers["X-Request-ID"]), ond
    _hent(server, "/soap/FravaerService", {"X-Request-ID": "spor-123"})  # a GET: a fault
    slut = time.monotonic() + 20  # gunicorn writes the access line after the answer is sent
    while "[spor-123]" not in server.logfil.read_text(encoding="utf-8", errors="replace"):
        assert time.monotonic() < slut, "spor-123 kom ikke i loggen"
        time.sleep(0.2)
