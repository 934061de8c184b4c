"""The payroll extract as a file: CSV, or XML of schemas/Loenudtraek.xsd (the same lines LoenService
answers with). Deterministic: the same period gives the same file byte for byte."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from typing import BinaryIO
from xml.sax.saxutils import escape

from lxml import etree

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.loen import Loenlinje
from fravaer.service.loen import Loenudtraek

TNS = "urn:fravaer:1"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

KOLONNER = ("institution", "loenperiode", "vedroerer", "art", "cpr", "loebenummer", "tjenestenummer",
            "loendel", "enhed", "antal", "minutter", "fra_dato", "til_dato", "kilde", "kilde_id")


def vis_antal(v: Fraction) -> str:
    """Two decimals cut toward zero: a reversal shows exactly the negative of the line it reverses
    (DOMAIN.md §17; elsewhere days are cut toward minus infinity)."""
    d = Decimal(v.numerator) / Decimal(v.denominator)
    return str(d.quantize(Decimal("0.01"), rounding=ROUND_DOWN))


def felter(x: Loenlinje, a: Ansaettelse) -> tuple[str, ...]:
    return (x.vedroerer, x.art.value, a.cpr, str(a.loebenummer), a.tjenestenummer or "", x.loendel, x.enhed,
            vis_antal(x.antal), str(x.minutter), x.fra.isoformat(), x.til.isoformat(), x.kilde_art.value,
            x.kilde_id)


def skriv_csv(ud: BinaryIO, u: Loenudtraek) -> None:
    """One line per payroll line after a header; UTF-8, "\\n" line ends."""
    tekst = io.TextIOWrapper(ud, encoding="utf-8", newline="", write_through=True)
    w = csv.writer(tekst, lineterminator="\n")
    w.writerow(KOLONNER)
    for x, a in u.linjer:
        w.writerow((u.institution, str(u.periode), *felter(x, a)))
    tekst.detach()


def felt(navn: str, v) -> str:
    """An element of the namespace prefixed t, as text (None: left out)."""
    if v is None:
        return ""
    tekst = v.isoformat().replace("+00:00", "Z") if isinstance(v, (date, datetime)) else str(v)
    return f"<t:{navn}>{escape(tekst)}</t:{navn}>"


def loenlinje(x: Loenlinje, a: Ansaettelse) -> str:
    """A LoenlinjeType element as text, in the XSD's order (the file's and LoenService's)."""
    return "".join([
        "<t:Loenlinje><t:Ansaettelse>", felt("Tjenestenummer", a.tjenestenummer), felt("CPRNummer", a.cpr),
        felt("Loebenummer", a.loebenummer), "</t:Ansaettelse>", felt("Loendel", x.loendel),
        felt("Enhed", x.enhed), felt("Antal", vis_antal(x.antal)), felt("Minutter", x.minutter),
        felt("FraDato", x.fra), felt("TilDato", x.til), felt("Vedroerer", x.vedroerer),
        felt("Art", x.art.value),
        felt("Kilde", x.kilde_art.value), felt("KildeID", x.kilde_id), "</t:Loenlinje>"])


def skriv_xml(ud: BinaryIO, u: Loenudtraek) -> None:
    """The Loenudtraek element with its lines."""
    indhold = (felt("Institution", u.institution) + felt("Loenperiode", str(u.periode))
               + felt("Lukket", u.lukket)
               + "".join(loenlinje(x, a) for x, a in u.linjer))
    e = etree.fromstring(f'<t:Loenudtraek xmlns:t="{TNS}">{indhold}</t:Loenudtraek>', _PARSER)
    ud.write(etree.tostring(e, xml_declaration=True, encoding="UTF-8"))
    ud.write(b"\n")
