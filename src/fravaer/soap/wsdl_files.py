"""The WSDL files of wsdl/ as the server serves them: every address made absolute on the server's
own base address — the ports' soap:address, the XSDs' schemaLocation and the WSDLs' imports."""

from __future__ import annotations

import re
from functools import cache

from fravaer.paths import WSDL_DIR

SAMLET = "Fravaer"  # wsdl/Fravaer.wsdl: every service, every port at /soap
_NAVN = re.compile(r"^[A-Za-z0-9_]+$")
_ADRESSE = re.compile(rb'(<soap:address location=")[^"]*(")')
_SKEMASTED = re.compile(rb'schemaLocation="\.\./schemas/([A-Za-z0-9_]+\.xsd)"')
_IMPORT = re.compile(rb'(<wsdl:import\b[^>]*\blocation=")([A-Za-z0-9_]+\.wsdl)(")')


@cache
def wsdl_fil(navn: str) -> bytes | None:
    """wsdl/<navn>.wsdl as written, or None if there is no such file (or the name is no name)."""
    sti = WSDL_DIR / f"{navn}.wsdl"
    return sti.read_bytes() if _NAVN.match(navn) and sti.is_file() else None


def med_adresser(wsdl: bytes, basis: str, adresse: str) -> bytes:
    """`wsdl` with every port at `adresse` (a path such as /soap/KvoteService) on `basis`, the
    schemas at /schemas/ and the imported WSDLs at /wsdl/ there."""
    b = basis.encode()
    wsdl = _ADRESSE.sub(lambda mo: mo.group(1) + b + adresse.encode() + mo.group(2), wsdl)
    wsdl = _SKEMASTED.sub(lambda mo: b'schemaLocation="' + b + b"/schemas/" + mo.group(1) + b'"', wsdl)
    return _IMPORT.sub(lambda mo: mo.group(1) + b + b"/wsdl/" + mo.group(2) + mo.group(3), wsdl)


def adresse_for(navn: str) -> str:
    """Where the ports of wsdl/<navn>.wsdl are served: /soap for the aggregate, else /soap/<navn>."""
    return "/soap" if navn == SAMLET else f"/soap/{navn}"
