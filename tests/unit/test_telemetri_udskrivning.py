"""The request metrics counted in plain Python and written at most once a second (telemetry.py):
what is written is what prometheus_client's own calls, one a request, would have written — the
histogram's sum and buckets alike — and the process's thread writes it without a scrape."""

from __future__ import annotations

import time

import pytest
from prometheus_client import REGISTRY, CollectorRegistry, Histogram

from fravaer import telemetry


def _app(status: str, operation: str | None):
    def app(environ, start_response):
        if operation is not None:
            environ["fravaer.operation"] = operation
        start_response(status, [("Content-Type", "text/plain")])
        return [b"ok"]
    return app


def _kald(app, sti: str, metode: str = "POST") -> None:
    environ = {"REQUEST_METHOD": metode, "PATH_INFO": sti}
    b"".join(app(environ, lambda status, headers, exc_info=None: None))


def _proever(registry, navn: str, **labels) -> dict:
    return {(s.name, s.labels.get("le")): s.value for f in registry.collect() for s in f.samples
            if s.name.startswith(navn) and all(s.labels.get(k) == v for k, v in labels.items())
            and not s.name.endswith("_created")}


_SKRIV_UD = telemetry.skriv_ud


@pytest.fixture
def uden_skriver(monkeypatch):
    """No thread writes meanwhile (one started by an earlier test finds nothing to call): the test
    decides when (_SKRIV_UD)."""
    _SKRIV_UD()
    monkeypatch.setattr(telemetry, "skriv_ud", lambda: None)
    tilstand = telemetry._SKRIVER[0]
    telemetry._SKRIVER[0] = True
    yield
    telemetry._SKRIVER[0] = tilstand


def test_the_histogram_written_at_once_is_the_one_observed_one_at_a_time(uden_skriver, monkeypatch):
    operation = "TestOperationUdskrivning"
    # durations on, below and above the buckets' bounds
    varigheder = [0.0, 0.005, 0.0050001, 0.01, 0.3, 0.5, 2.5, 7.0, 30.0, 31.0, 1e9, 0.02]
    ur = iter(x for v in varigheder for x in (0.0, v))  # (each duration v exactly)
    monkeypatch.setattr(telemetry.time, "perf_counter", lambda: next(ur))
    app = telemetry.Telemetri(_app("200 OK", operation))
    for _ in varigheder:
        _kald(app, "/soap/FravaerService")
    assert _proever(REGISTRY, "fravaer_operation_seconds", operation=operation) == {}  # not yet
    _SKRIV_UD()

    egen = CollectorRegistry()
    forventet = Histogram("fravaer_operation_seconds", "", ["operation"], registry=egen,
                          buckets=telemetry._GRAENSER[:-1])
    for v in varigheder:
        forventet.labels(operation).observe(v)
    skrevet = _proever(REGISTRY, "fravaer_operation_seconds", operation=operation)
    assert skrevet == _proever(egen, "fravaer_operation_seconds", operation=operation)
    assert skrevet[("fravaer_operation_seconds_count", None)] == len(varigheder)


def test_requests_and_faults_are_counted_once_each_when_written(uden_skriver):
    app = telemetry.Telemetri(_app("418 I'm a teapot", None))
    noegle = ("fravaer_requests_total", None)
    foer = _proever(REGISTRY, "fravaer_requests_total", route="other", status="418").get(noegle, 0.0)
    fault_foer = REGISTRY.get_sample_value("fravaer_faults_total",
                                           {"faultcode": "Client", "code": "T999"}) or 0.0
    for _ in range(3):
        _kald(app, "/ukendt", "PUT")
    telemetry.fault_skrevet("Client", ["T999", "T999"])
    _SKRIV_UD()
    _SKRIV_UD()  # nothing counted since: nothing written twice
    assert _proever(REGISTRY, "fravaer_requests_total", route="other", method="PUT",
                    status="418")[noegle] == foer + 3
    assert REGISTRY.get_sample_value("fravaer_faults_total",
                                     {"faultcode": "Client", "code": "T999"}) == fault_foer + 2


def test_the_process_thread_writes_without_a_scrape():
    app = telemetry.Telemetri(_app("200 OK", None))
    labels = {"route": "other", "method": "PATCH", "status": "200"}
    foer = REGISTRY.get_sample_value("fravaer_requests_total", labels) or 0.0
    _kald(app, "/noget", "PATCH")
    assert telemetry._SKRIVER[0]  # started by the first request
    slut = time.monotonic() + 10 * telemetry.INTERVAL
    while (REGISTRY.get_sample_value("fravaer_requests_total", labels) or 0.0) != foer + 1:
        assert time.monotonic() < slut, "tallet blev ikke skrevet"
        time.sleep(0.05)


def test_a_forked_child_starts_with_nothing_of_its_parents(uden_skriver):
    telemetry._ANMODNINGER_UDE[("other", "GET", "200")] = 5
    telemetry._MOTOR_UDE[0] = object()
    telemetry._efter_fork()
    assert (telemetry._ANMODNINGER_UDE, telemetry._MOTOR_UDE[0], telemetry._SKRIVER[0]) == ({}, None, False)
