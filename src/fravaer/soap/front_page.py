"""The front page (GET /): what a developer integrating against the service opens first — each
service with its WSDL, its XSD and the sample requests of its operations, the aggregate WSDL, the
version and the health. Plain HTML, no external assets; every value written into it is escaped."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from pathlib import Path

from fravaer import __version__
from fravaer.paths import SCHEMA_DIR

PROEVER = SCHEMA_DIR / "samples" / "valid"
_PROEVE = re.compile(r"^([A-Za-z0-9]+)_[A-Za-z0-9_]+\.xml$")


def proever(operationer: Iterable[str]) -> dict[str, list[str]]:
    """The valid sample requests (schemas/samples/valid/<Operation>_<what>.xml) per operation."""
    ops: dict[str, list[str]] = {op: [] for op in sorted(operationer)}
    for fil in sorted(PROEVER.glob("*.xml")):
        mo = _PROEVE.match(fil.name)
        if mo and mo.group(1) in ops:
            ops[mo.group(1)].append(fil.name)
    return ops


def proeve_fil(navn: str) -> Path | None:
    sti = PROEVER / navn
    return sti if _PROEVE.match(navn) and sti.is_file() else None


_CSS = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}"
        "code,a{font-family:monospace}table{border-collapse:collapse}td,th{padding:.2em .8em;"
        "text-align:left;vertical-align:top;border-bottom:1px solid #ddd}.ok{color:#060}.nej{color:#a00}")


def side(basis: str, tjenester: dict[str, tuple[str, set[str]]], samlet_wsdl: str, sund: bool,
         kmd_operationer: Iterable[str] = ()) -> bytes:
    """`basis` is already escaped (soap/base_address.py); `tjenester`: name → (XSD file, operation names);
    `kmd_operationer`: the KMD VACAB operations served in KMD's own shape (soap/kmd.py)."""
    e = escape
    linjer = [
        "<!DOCTYPE html>", '<html lang="da"><head><meta charset="utf-8">',
        f"<title>fravaer {e(__version__)}</title><style>{_CSS}</style></head><body>",
        f"<h1>fravaer {e(__version__)}</h1>",
        "<p>SOAP/XML-tjenester til registrering af fravær og ferie for offentligt ansatte.</p>",
        f'<p>Sundhed: <span class="{"ok" if sund else "nej"}">'
        f'{"databasen svarer" if sund else "databasen svarer ikke"}</span> '
        f'(<a href="{basis}/health">/health</a>, <a href="{basis}/ready">/ready</a>, '
        f'<a href="{basis}/metrics">/metrics</a>)</p>',
        f'<p>Alle tjenester i én WSDL: <a href="{basis}{e(samlet_wsdl)}?wsdl">'
        f"{basis}{e(samlet_wsdl)}?wsdl</a></p>",
        "<h2>Tjenester</h2>",
    ]
    for navn, (xsd, operationer) in tjenester.items():
        n = e(navn)
        linjer += [
            f"<h3>{n}</h3>",
            f'<p>WSDL: <a href="{basis}/soap/{n}?wsdl">{basis}/soap/{n}?wsdl</a> · '
            f'XSD: <a href="{basis}/schemas/{e(xsd)}">{e(xsd)}</a> · '
            f"adresse: <code>{basis}/soap/{n}</code></p>",
            "<table><tr><th>operation</th><th>eksempler</th></tr>",
        ]
        for op, filer in proever(operationer).items():
            links = ", ".join(f'<a href="{basis}/samples/{e(f)}">{e(f[len(op) + 1:-4])}</a>' for f in filer)
            linjer.append(f"<tr><td><code>{e(op)}</code></td><td>{links or '-'}</td></tr>")
        linjer.append("</table>")
    if kmd_operationer:
        linjer += ["<h2>KMD VACAB (KMD's egne WSDL'er, uændrede)</h2>",
                   "<table><tr><th>operation</th><th>WSDL</th></tr>"]
        for op in kmd_operationer:
            linjer.append(f'<tr><td><code>{e(op)}</code></td><td><a href="{basis}/soap/kmd/{e(op)}?wsdl">'
                          f"{basis}/soap/kmd/{e(op)}?wsdl</a></td></tr>")
        linjer.append("</table>")
    skemaer = ", ".join(f'<a href="{basis}/schemas/{e(s.name)}">{e(s.name)}</a>'
                        for s in sorted(SCHEMA_DIR.glob("*.xsd")))
    linjer += [f"<h2>Skemaer</h2><p>{skemaer}</p>", "</body></html>", ""]
    return "\n".join(linjer).encode()
