"""The server's own base address as written into the documents it serves (the WSDLs and the root
page): FRAVAER_PUBLIC_URL when set, else the request's Host only when that name is allowed, else
the address the server listens on. Never the raw header (issue 17 item 4): markup in it would be
an injected WSDL, and a foreign name would move the address a client sends its password to."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from fravaer.config import Indstillinger

# a host name, an IPv4 address or a bracketed IPv6 address, and an optional port: nothing else
_VAERT = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?$")
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
_JOKER = {"0.0.0.0", "::", "[::]", ""}


class Adresser:
    def __init__(self, indstillinger: Indstillinger):
        self.offentlig = (indstillinger.public_url or "").rstrip("/") or None
        vaert, _, port = (indstillinger.lytteadresse or "127.0.0.1:8000").rpartition(":")
        vaert = f"[{vaert}]" if ":" in vaert and not vaert.startswith("[") else vaert
        tilladte = set(LOOPBACK) | {v.strip().lower() for v in indstillinger.tilladte_vaerter}
        if vaert.lower() not in _JOKER:
            tilladte.add(vaert.lower())
        self.tilladte = frozenset(v for v in tilladte if v)
        # a wildcard bind is no address: the loopback name is the one that surely reaches it
        self.standard = f"http://{'127.0.0.1' if vaert.lower() in _JOKER else vaert}:{port}"

    def basis(self, environ) -> str:
        """The base address (scheme, host, port; no trailing slash), XML-escaped: it goes into
        attribute values of the served documents."""
        if self.offentlig:
            return escape(self.offentlig, {'"': "&quot;"})
        mo = _VAERT.match(environ.get("HTTP_HOST") or "")
        if mo is None or mo.group(1).lower() not in self.tilladte:
            return self.standard
        skema = "https" if environ.get("wsgi.url_scheme") == "https" else "http"
        return f"{skema}://{mo.group(0)}"
