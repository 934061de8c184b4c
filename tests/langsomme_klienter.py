"""Hostile slow clients and a latency probe, for the e2e tests and bench/slow_clients.py
(issue 17 item 1): connections that send a request one byte a second, reopened when the server
closes them, as an attacker would."""

from __future__ import annotations

import http.client
import select
import socket
import threading
import time

from tests.server import med_sikkerhed

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "urn:fravaer:1"
ANMODNING = med_sikkerhed(
    f'<s:Envelope xmlns:s="{SOAP_ENV}" xmlns:f="{TNS}"><s:Body><f:HentAarsagskoder/></s:Body>'
    "</s:Envelope>".encode())


def hoved(laengde: int) -> bytes:
    return (f"POST /soap/FravaerService HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: text/xml; charset=utf-8\r\nContent-Length: {laengde}\r\n\r\n").encode()


class LangsommeKlienter:
    """`antal` connections, every other trickling its headers, the others their body (headers
    sent whole), one byte each `interval` seconds."""

    def __init__(self, port: int, antal: int, interval: float = 1.0):
        self.port = port
        self.antal = antal
        self.interval = interval
        self.genaabnet = 0  # connections the server closed (and we opened again)
        self._stop = threading.Event()
        self._traad: threading.Thread | None = None
        self._forbindelser: list[tuple[socket.socket, bytes]] = []

    def _aabn(self, i: int) -> tuple[socket.socket, bytes]:
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        s.setblocking(False)
        krop = ANMODNING + b" " * 100_000  # more than it will ever send
        if i % 2:
            s.sendall(hoved(len(krop)))  # the headers are small: sent at once
            return s, krop
        return s, hoved(len(krop)) + krop

    def __enter__(self) -> LangsommeKlienter:
        self._forbindelser = [self._aabn(i) for i in range(self.antal)]
        self._traad = threading.Thread(target=self._loeb, daemon=True)
        self._traad.start()
        return self

    def _loeb(self) -> None:
        while not self._stop.wait(self.interval):
            for i, (s, rest) in enumerate(self._forbindelser):
                lukket = bool(select.select([s], [], [], 0)[0])  # an answer or EOF: closed
                if not lukket:
                    try:
                        s.send(rest[:1])
                    except OSError:
                        lukket = True
                if lukket:
                    s.close()
                    self.genaabnet += 1
                    try:
                        self._forbindelser[i] = self._aabn(i)
                    except OSError:
                        self._forbindelser[i] = (socket.socket(), b"")
                else:
                    self._forbindelser[i] = (s, rest[1:])

    def __exit__(self, *_):
        self._stop.set()
        if self._traad is not None:
            self._traad.join(10)
        for s, _ in self._forbindelser:
            s.close()


def svartider(port: int, antal: int, timeout: float = 30) -> list[float]:
    """`antal` ordinary requests one after the other, each on a new connection; their times in
    seconds. Every one must succeed."""
    tider = []
    for _ in range(antal):
        start = time.perf_counter()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            c.request("POST", "/soap/FravaerService", ANMODNING,
                      {"Content-Type": "text/xml; charset=utf-8"})
            r = c.getresponse()
            svar = r.read()
        finally:
            c.close()
        assert r.status == 200 and b"HentAarsagskoderSvar" in svar, (r.status, svar[:300])
        tider.append(time.perf_counter() - start)
    return tider


def p99(tider: list[float]) -> float:
    s = sorted(tider)
    return s[min(len(s) - 1, round(0.99 * (len(s) - 1)))]
