"""What an operator and an integrating developer see of the running server (issue 18 items 5, 7):
the front page, liveness and readiness, Prometheus metrics across the workers, request ids in the
answers and in the log."""

from __future__ import annotations

import os
import re
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path

import zeep

from fravaer import __version__
from tests.e2e.conftest import fejlkoder, zeep_klient
from tests.server import Server

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


def _boern(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers of its arbiter)."""
    boern = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            felter = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(felter[1]) == pid:
            boern.append(int(stat.parent.name))
    return boern


def test_a_worker_that_stops_leaves_the_metrics_of_all_and_writes_its_own(tmp_path):
    """A worker leaving `fravaer serve` (max-requests, a crash, a reload) removed the shared
    metrics folder on its way out: every later scrape failed until a restart. Now only the
    arbiter removes it, and the stopping worker's last figures are written as it exits."""
    s = Server(f"sqlite:///{tmp_path / 'e2e.sqlite'}", tmp_path / "server.log")
    try:
        klient = zeep_klient(s)
        for _ in range(6):
            klient.HentAarsagskoder()
        arbejdere = _boern(s.proces.pid)
        assert len(arbejdere) == 2, arbejdere
        os.kill(arbejdere[0], signal.SIGTERM)  # before its once-a-second write, likely
        slut = time.monotonic() + 30
        while True:
            try:
                status, _, krop = _hent(s, "/metrics")
            except OSError:
                status, krop = 0, b""
            mo = re.search(rb'^fravaer_operation_seconds_count\{operation="HentAarsagskoder"\} ([0-9.e+]+)$',
                           krop, re.M)
            nu = _boern(s.proces.pid)
            if (status == 200 and mo and float(mo.group(1)) >= 6 and len(nu) == 2
                    and arbejdere[0] not in nu):  # (replaced by a new worker)
                break
            assert time.monotonic() < slut, (status, krop[-2000:], s.logfil.read_text()[-3000:])
            time.sleep(0.3)
        klient.HentAarsagskoder()
        assert _hent(s, "/metrics")[0] == 200
    finally:
        s.stop()
