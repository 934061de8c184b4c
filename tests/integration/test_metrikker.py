"""The served application's request ids and metrics (telemetry.py), in process through the
middleware `fravaer serve` puts in front of the services: /metrics scraped before and after
requests counts exactly those requests, times the SOAP operations, counts the faults, and shows
the database pool as it is; every answer carries its request id."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from prometheus_client.parser import text_string_to_metric_families

from fravaer.config import Indstillinger
from fravaer.service.brugere import gem_bruger
from fravaer.soap.wsgi import FravaerApp
from fravaer.telemetry import Telemetri, pool_status
from tests.integration.test_statements import _krop, _opret


@pytest.fixture
def app(demo_engine, monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)  # this process's registry
    gem_bruger(demo_engine, "taeller", "taeller-kodeord", registrer=["DEMO", "DEMO2"])
    return Telemetri(FravaerApp(Indstillinger(), engine=demo_engine), demo_engine)


def _kald(app, metode: str, sti: str, krop: bytes = b"", **headers) -> tuple[str, dict, bytes]:
    svar: dict = {}
    environ = {"REQUEST_METHOD": metode, "PATH_INFO": sti, "SERVER_NAME": "localhost",
               "SERVER_PORT": "80", "wsgi.url_scheme": "http", "CONTENT_TYPE": "text/xml; charset=utf-8",
               "CONTENT_LENGTH": str(len(krop)), "wsgi.input": io.BytesIO(krop), **headers}

    def start_response(status, h, exc_info=None):
        svar["status"], svar["headers"] = status, dict(h)

    tekst = b"".join(app(environ, start_response))
    return svar["status"], svar["headers"], tekst


def _skrab(app) -> dict[tuple, float]:
    status, _, tekst = _kald(app, "GET", "/metrics")
    assert status.startswith("200")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for f in text_string_to_metric_families(tekst.decode()) for s in f.samples
            if s.name.startswith("fravaer_")}


def _aendring(foer: dict, efter: dict, navn: str, **labels) -> float:
    noegle = (navn, tuple(sorted(labels.items())))
    return efter.get(noegle, 0.0) - foer.get(noegle, 0.0)


def test_a_scrape_counts_the_requests_between(app, demo_engine):
    foer = _skrab(app)
    for dag in ("2025-03-03", "2025-03-04", "2025-03-05"):
        status, _, tekst = _kald(app, "POST", "/soap/FravaerService", _krop(_opret("100", dag)))
        assert status.startswith("200") and b"Fault>" not in tekst, tekst[:600]
    # a fault: an unknown absence code (F-code from the rules), counted by its code
    status, _, tekst = _kald(app, "POST", "/soap/FravaerService", _krop(_opret("999", "2025-03-06")))
    kode = re.search(rb"<(?:\w+:)?Kode>([A-Z]\d{3})<", tekst).group(1).decode()
    assert status.startswith("500")  # a SOAP 1.1 fault
    assert _kald(app, "GET", "/health")[0].startswith("200")
    efter = _skrab(app)

    assert _aendring(foer, efter, "fravaer_requests_total", route="soap", method="POST", status="200") == 3
    assert _aendring(foer, efter, "fravaer_requests_total", route="soap", method="POST", status="500") == 1
    assert _aendring(foer, efter, "fravaer_requests_total", route="health", method="GET", status="200") == 1
    # the first scrape is counted once its answer is given: in the second
    assert _aendring(foer, efter, "fravaer_requests_total", route="metrics", method="GET", status="200") == 1
    assert _aendring(foer, efter, "fravaer_operation_seconds_count", operation="OpretHaendelse") == 4
    assert _aendring(foer, efter, "fravaer_operation_seconds_bucket", operation="OpretHaendelse",
                    le="+Inf") == 4
    assert _aendring(foer, efter, "fravaer_operation_seconds_sum", operation="OpretHaendelse") > 0
    assert _aendring(foer, efter, "fravaer_faults_total", faultcode="Client", code=kode) == 1
    # the pool as it is between requests (the scrape reads it afresh)
    pool = demo_engine.pool
    for state, vaerdi in (("checked_out", pool.checkedout()), ("idle", pool.checkedin()),
                          ("overflow", max(pool.overflow(), 0))):
        assert efter[("fravaer_db_pool_connections", (("state", state),))] == vaerdi


def test_every_answer_carries_its_request_id(app):
    ider = set()
    for _ in range(3):
        _, headers, _ = _kald(app, "GET", "/health")
        assert re.fullmatch(r"[a-z]{16}", headers["X-Request-ID"])
        ider.add(headers["X-Request-ID"])
    assert len(ider) == 3
    assert _kald(app, "GET", "/health", HTTP_X_REQUEST_ID="kunde-id.7:a_b")[1]["X-Request-ID"] == \
        "kunde-id.7:a_b"
    for daarlig in ("", "to ord", "x" * 65, "cpr-0101901234", "linje\nskift"):
        rid = _kald(app, "GET", "/health", HTTP_X_REQUEST_ID=daarlig)[1]["X-Request-ID"]
        assert re.fullmatch(r"[a-z]{16}", rid), daarlig


def _maalt(state: str) -> float | None:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value("fravaer_db_pool_connections", {"state": state})


def _som_poolen(pool) -> None:
    assert (_maalt("checked_out"), _maalt("idle"), _maalt("overflow")) == (
        pool.checkedout(), pool.checkedin(), max(pool.overflow(), 0))


def test_the_pool_gauge_follows_every_change_of_the_pool(engine, monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    pool = engine.pool
    aabne = []
    pool_status(engine)
    _som_poolen(pool)
    for _ in range(3):  # out one by one, then back, each state written
        aabne.append(engine.connect())
        pool_status(engine)
        _som_poolen(pool)
    while aabne:
        aabne.pop().close()
        pool_status(engine)
        _som_poolen(pool)
    # another kind of pool between (no QueuePool: read by name), then ours again unchanged: the
    # gauge shows ours, not what the other wrote
    class Andet:  # a pool with the three methods that is no QueuePool
        def checkedout(self):
            return 7

        def checkedin(self):
            return 8

        def overflow(self):
            return -9  # QueuePool's overflow is negative below its size: the gauge shows 0

    pool_status(SimpleNamespace(pool=Andet()))
    assert (_maalt("checked_out"), _maalt("idle"), _maalt("overflow")) == (7, 8, 0)
    pool_status(engine)
    _som_poolen(pool)
