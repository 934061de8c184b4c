"""The real server (`fravaer serve`, gunicorn) on 127.0.0.1 with the demo data, on SQLite and on
PostgreSQL; zeep clients built from wsdl/FravaerService.wsdl that check every answer against the XSD."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import zeep
from lxml import etree
from zeep.plugins import Plugin

ROD = Path(__file__).resolve().parents[2]
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:fravaer:1"


def ledig_port() -> int:
    """A free port below the ephemeral range (leftover client sockets live up there)."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("ingen ledig port")


class Server:
    def __init__(self, database_url: str, logfil: Path, workers: int = 2):
        self.port = ledig_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.logfil = logfil
        env = dict(os.environ, FRAVAER_LOG_LEVEL="INFO")
        env.pop("FRAVAER_DATABASE_URL", None)
        with open(logfil, "wb") as ud:
            self.proces = subprocess.Popen(
                [sys.executable, "-m", "fravaer.cli", "serve", "--port", str(self.port),
                 "--database", database_url, "--demo", "--workers", str(workers), "--access-log"],
                stdout=ud, stderr=subprocess.STDOUT, env=env, cwd=ROD)
        self._vent()

    def _vent(self) -> None:
        slut = time.monotonic() + 60
        while time.monotonic() < slut:
            if self.proces.poll() is not None:
                raise RuntimeError(f"serveren stoppede: {self.logfil.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/sundhed", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("serveren svarede ikke inden 60 s")

    def stop(self) -> None:
        self.proces.terminate()
        try:
            self.proces.wait(20)
        except subprocess.TimeoutExpired:
            self.proces.kill()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory):
    mappe = tmp_path_factory.mktemp(f"server-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{mappe / 'e2e.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    s = Server(url, mappe / "server.log")
    yield s
    s.stop()


class SkemaKontrol(Plugin):
    """Every answer's body (or a fault's FravaerFejl) must validate against schemas/."""

    def __init__(self):
        from fravaer.soap.schemas import skema

        self.skema = skema("FravaerService.xsd")

    def ingress(self, envelope, http_headers, operation):
        body = envelope.find(f"{{{SOAP_ENV}}}Body")[0]
        if body.tag == f"{{{SOAP_ENV}}}Fault":
            detalje = body.find("detail")
            assert detalje is not None and len(detalje) == 1, etree.tostring(body)
            body = detalje[0]
        if not self.skema.validate(body):
            raise AssertionError(f"svaret overholder ikke skemaet: {self.skema.error_log}\n"
                                 f"{etree.tostring(body)[:2000]!r}")
        return envelope, http_headers


@pytest.fixture
def klient(server):
    """zeep, built from the WSDL file in wsdl/, pointed at the running server."""
    c = zeep.Client(str(ROD / "wsdl" / "FravaerService.wsdl"), plugins=[SkemaKontrol()])
    return c.create_service("{urn:fravaer:1}FravaerServiceBinding", f"{server.url}/soap/FravaerService")


def fejlkoder(fault: zeep.exceptions.Fault) -> list[str]:
    return [e.text for e in fault.detail.iter(f"{{{TNS}}}Kode")]
