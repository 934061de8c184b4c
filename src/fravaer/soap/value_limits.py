"""Values the schema lets through that the service cannot hold (issue 17 item 5), judged on the
validated body before anything reads it: a soap:Client fault X012 naming the field, never a
server error. Python's datetime holds the years 1–9999 and hours 0–23; XSD allows more:
years of five digits or below 1 (xs:dateTime; the dates of DatoType have four digits), the hour
24:00:00, and zones of up to ±14:00 that move a time at the edge of the range out of it when
it is read as UTC. Which element has which type is read from the schemas (every element name
has one type across schemas/, which tests/unit/test_vaerdier.py keeps true)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import cache

from lxml import etree

from fravaer.domain.meddelelser import Meddelelse, meddelelse
from fravaer.paths import SCHEMA_DIR
from fravaer.soap.faults import begraenset, fault

_XS = "{http://www.w3.org/2001/XMLSchema}"
_TIDSTYPER = ("xs:date", "xs:dateTime", "xs:time")
_TIDSPUNKT = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)?")
_DATO = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?")
_KLOKKEN = re.compile(r"(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)?")


@cache
def tidstyper() -> dict[str, str]:
    """Element name → xs:date, xs:dateTime or xs:time, for every element of schemas/ of those
    types (directly or through a simpleType)."""
    docs = [etree.parse(str(f)).getroot() for f in sorted(SCHEMA_DIR.glob("*.xsd"))]
    simple = {e.get("name"): e for d in docs for e in d.iter(f"{_XS}simpleType") if e.get("name")}

    def basis(typ: str | None) -> str | None:
        for _ in range(10):
            if typ is None or typ.startswith("xs:"):
                return typ
            defn = simple.get(typ.split(":")[-1])
            r = defn.find(f"{_XS}restriction") if defn is not None else None
            typ = r.get("base") if r is not None else None
        return None

    svar: dict[str, str] = {}
    for d in docs:
        for e in d.iter(f"{_XS}element"):
            b = basis(e.get("type"))
            if b in _TIDSTYPER:
                svar[e.get("name")] = b
    return svar


# DatoType (Faelles.xsd): xs:date whose year has exactly four digits. libxml2 refuses the year
# 0000 of an xs:date, so a validated one lies in the years 0001–9999, and a date's zone moves
# nothing: kontroller_vaerdier can find nothing in it (tests/unit/test_vaerdier.py holds both)
_DATOTYPE, _FIRE_CIFRE = "DatoType", r"\d{4}-\d{2}-\d{2}(Z|[+\-]\d{2}:\d{2})?"


@cache
def sikre_datoer() -> frozenset[str]:
    """The names of the elements of schemas/ declared of DatoType (every declaration of the
    name), while DatoType is the restriction of xs:date by that one pattern (else none: each is
    looked at)."""
    docs = [etree.parse(str(f)).getroot() for f in sorted(SCHEMA_DIR.glob("*.xsd"))]
    typer = [e for d in docs for e in d.iter(f"{_XS}simpleType") if e.get("name") == _DATOTYPE]
    if len(typer) != 1:
        return frozenset()
    r = typer[0].find(f"{_XS}restriction")
    moenstre = [] if r is None else [f.get("value") for f in r if f.tag == f"{_XS}pattern"]
    if r is None or r.get("base") != "xs:date" or moenstre != [_FIRE_CIFRE]:
        return frozenset()
    navne: dict[str, bool] = {}  # a name is safe where every declaration of it is of DatoType
    for d in docs:
        for e in d.iter(f"{_XS}element"):
            if e.get("name"):
                navne[e.get("name")] = navne.get(e.get("name"), True) and \
                    (e.get("type") or "").rpartition(":")[2] == _DATOTYPE
    return frozenset(n for n, sikker in navne.items() if sikker)


@cache
def at_kontrollere(maerker: tuple[str, ...]) -> tuple[str, ...]:
    """`maerker` ({namespace}name) without the elements of sikre_datoer: what kontroller_vaerdier
    need look at in a validated request (most operations' dates are all DatoType: none, and the
    body is not walked, issue 13)."""
    sikre = sikre_datoer()
    return tuple(m for m in maerker if m.rpartition("}")[2] not in sikre)


@cache
def _tidsmaerker() -> tuple[str, ...]:
    """The names of tidstyper() for lxml's iter, in any namespace: it walks the tree in C and
    hands only those elements to Python (a mass registration's body has thousands of others)."""
    return tuple(f"{{*}}{navn}" for navn in tidstyper())


def kontroller_vaerdier(body, maerker: tuple[str, ...] | None = None) -> None:
    """Raises X012 (at most the configured number, see faults.begraenset) for every date, time
    or dateTime of `body` the service cannot hold; returns for a body without one. `maerker`:
    the tags of the elements to look at (the operation's own dates, from its XSD: lxml's iter
    over a hundred names cost more than the rest of the check), else every name of tidstyper."""
    if maerker is None:
        maerker = _tidsmaerker()
    if not maerker:  # (iter() of no names would walk every element; most requests: none to check)
        return
    typer = tidstyper()
    fejl: list[Meddelelse] = []
    for e in body.iter(*maerker):
        tekst = e.text
        if not tekst:
            continue
        # YYYY-MM-DD of a year 0001–9999 (what _problem would find; most dates), known without
        # the element's type: a valid xs:time has ':' there and an xs:dateTime is longer
        if len(tekst) == 10 and tekst[4] == "-" and not tekst.startswith("0000"):
            continue
        typ = typer[e.tag.rpartition("}")[2]]  # the local name (QName costs more)
        problem = _problem(typ, tekst.strip())
        if problem:
            fejl.append(meddelelse("X012", _sti(body, e), vaerdi=tekst.strip()[:40], fejl=problem))
    if fejl:
        raise fault("Client", begraenset(fejl))


def _problem(typ: str, tekst: str) -> str | None:
    if typ == "xs:time":
        m = _KLOKKEN.fullmatch(tekst)
        return "klokken 24:00:00 kan ikke bruges; skriv 23:59:59" if m and m.group(1) == "24" else None
    m = (_TIDSPUNKT if typ == "xs:dateTime" else _DATO).fullmatch(tekst)
    if m is None:  # the schema has judged the form; nothing here to add
        return None
    aar = int(m.group(1))
    if not 1 <= aar <= 9999:
        return "året skal ligge fra 0001 til 9999"
    if typ == "xs:date":
        return None  # a date is a day: its zone moves nothing
    if m.group(4) == "24":
        return "klokken 24:00:00 kan ikke bruges; skriv 00:00:00 dagen efter"
    zone = m.group(7)
    if zone and zone != "Z":
        forskel = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        lokal = datetime(aar, int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5)),
                         int(m.group(6)))
        try:
            (lokal - forskel) if zone[0] == "+" else (lokal + forskel)
        except OverflowError:
            return "tidspunktet ligger i UTC uden for årene 0001 til 9999"
    return None


def _sti(body, element) -> str:
    led = [element, *element.iterancestors()]
    led = led[:led.index(body) + 1] if body in led else led[:1]
    return "/" + "/".join(etree.QName(x).localname for x in reversed(led))


def som_utc(t: datetime) -> datetime:
    """A dateTime as the service holds it: one without a zone is read as UTC."""
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t
