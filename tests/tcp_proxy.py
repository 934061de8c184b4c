"""A TCP proxy the tests can cut and restore, or stall and release, to make the database 'go away'
for a running server without disturbing the PostgreSQL server that other tests share."""

from __future__ import annotations

import socket
import threading


class TcpProxy:
    def __init__(self, maal_vaert: str, maal_port: int):
        self.maal = (maal_vaert, maal_port)
        self.port = 0
        self._lytter: socket.socket | None = None
        self._forbindelser: list[socket.socket] = []
        self._laas = threading.Lock()
        self._flyder = threading.Event()  # cleared: stalled
        self._flyder.set()

    def stands(self) -> None:
        """Hold every packet, both ways, on open and new connections; close nothing: a stalled
        network or a frozen server, as the client sees it (its TCP peer still acknowledges)."""
        self._flyder.clear()

    def slip(self) -> None:
        """Let the held packets through again."""
        self._flyder.set()

    def start(self) -> int:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(64)
        self.port = s.getsockname()[1]
        self._lytter = s
        threading.Thread(target=self._accepter, args=(s,), daemon=True).start()
        return self.port

    def stop(self) -> None:
        """Refuse new connections and cut every open one, as a database that went down."""
        if self._lytter is not None:
            try:  # wakes the thread blocked in accept(); close() alone would not
                self._lytter.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._lytter.close()
            self._lytter = None
        with self._laas:
            for f in self._forbindelser:
                try:
                    f.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                f.close()
            self._forbindelser.clear()
        self._flyder.set()  # held pumps wake, find their sockets closed, and end

    def _accepter(self, lytter: socket.socket) -> None:
        while True:
            try:
                klient, _ = lytter.accept()
            except OSError:
                return
            with self._laas:
                self._forbindelser.append(klient)
            threading.Thread(target=self._forbind, args=(klient,), daemon=True).start()

    def _forbind(self, klient: socket.socket) -> None:
        self._flyder.wait()  # a stalled network does not get a new connection through either
        try:
            server = socket.create_connection(self.maal, timeout=5)
        except OSError:
            klient.close()
            return
        server.settimeout(None)
        with self._laas:
            self._forbindelser.append(server)
        for a, b in ((klient, server), (server, klient)):
            threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, fra: socket.socket, til: socket.socket) -> None:
        try:
            while data := fra.recv(65536):
                self._flyder.wait()
                til.sendall(data)
        except OSError:
            pass
        finally:
            for s in (fra, til):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
