"""The real server, `fravaer serve` (gunicorn), started on 127.0.0.1 for the tests."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROD = Path(__file__).resolve().parents[1]


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
    def __init__(self, database_url: str, logfil: Path, workers: int = 2,
                 miljoe: dict[str, str] | None = None, flag: tuple[str, ...] = ()):
        """`miljoe`: settings (FRAVAER_…) for this server; `flag`: more `fravaer serve` options."""
        self.database_url = database_url
        self.port = ledig_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.logfil = logfil
        env = dict(os.environ, FRAVAER_LOG_LEVEL="INFO")
        # the suite's many deliberate wrong passwords, all from 127.0.0.1, must not lock the demo
        # user or the address for the tests after them; tests of the lock start their own server
        env.setdefault("FRAVAER_LOGIN_FRIE_FORSOEG_BRUGER", "1000000")
        env.setdefault("FRAVAER_LOGIN_FRIE_FORSOEG_ADRESSE", "1000000")
        # and its wrong passwords in a row must each be checked (W002), not refused as busy (W008)
        env.setdefault("FRAVAER_SCRYPT_ANDEL", "1")
        env.pop("FRAVAER_DATABASE_URL", None)
        env.update(miljoe or {})  # after the pop: a server may be given its own database URL
        with open(logfil, "wb") as ud:
            self.proces = subprocess.Popen(
                [sys.executable, "-m", "fravaer.cli", "serve", "--port", str(self.port),
                 "--database", database_url, "--demo", "--workers", str(workers), "--access-log",
                 *flag],
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


WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
TEKST = ("http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
         "#PasswordText")
DEMO_BRUGER, DEMO_KODEORD = "demo", "demo-kodeord"


def sikkerhed(bruger: str = DEMO_BRUGER, kodeord: str = DEMO_KODEORD) -> str:
    """A wsse:Security header element with a PasswordText UsernameToken, as XML text."""
    return (f'<wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken>'
            f"<wsse:Username>{bruger}</wsse:Username>"
            f'<wsse:Password Type="{TEKST}">{kodeord}</wsse:Password>'
            "</wsse:UsernameToken></wsse:Security>")


def med_sikkerhed(krop: bytes, bruger: str = DEMO_BRUGER, kodeord: str = DEMO_KODEORD) -> bytes:
    """The SOAP request `krop` with the demo user's credentials in its header."""
    from lxml import etree

    env = "http://schemas.xmlsoap.org/soap/envelope/"
    doc = etree.fromstring(krop)
    header = doc.find(f"{{{env}}}Header")
    if header is None:
        header = etree.Element(f"{{{env}}}Header")
        doc.insert(0, header)
    header.append(etree.fromstring(sikkerhed(bruger, kodeord)))
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")
