"""Values the schema allows that the service cannot hold (soap/value_limits.py, issue 17 item 5) and
the envelope's structure (soap/envelope.py, item 7), table-driven on parsed trees."""

from __future__ import annotations

import pytest
from lxml import etree

from fravaer.soap.envelope import kontroller_konvolut, vores_headere
from fravaer.soap.value_limits import _problem, kontroller_vaerdier, tidstyper

XS = "{http://www.w3.org/2001/XMLSchema}"
S = "http://schemas.xmlsoap.org/soap/envelope/"
W = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"


def test_every_element_name_has_one_type_across_the_schemas():
    """kontroller_vaerdier finds an element's type by its name: for every name that is a date,
    time or dateTime anywhere, every declaration of it must be of that same built-in type."""
    from fravaer.paths import SCHEMA_DIR

    docs = [etree.parse(str(f)).getroot() for f in SCHEMA_DIR.glob("*.xsd")]
    simple = {e.get("name"): e for d in docs for e in d.iter(f"{XS}simpleType") if e.get("name")}

    def basis(typ):
        while typ and not typ.startswith("xs:"):
            defn = simple.get(typ.split(":")[-1])
            r = defn.find(f"{XS}restriction") if defn is not None else None
            typ = r.get("base") if r is not None else None
        return typ or "(kompleks)"

    typer: dict[str, set[str]] = {}
    for d in docs:
        for e in d.iter(f"{XS}element"):
            if e.get("name"):
                typer.setdefault(e.get("name"), set()).add(basis(e.get("type")))
    tid = {"xs:date", "xs:dateTime", "xs:time"}
    flertydige = {n: t for n, t in typer.items() if t & tid and len(t) > 1}
    assert not flertydige
    assert {n for n, t in typer.items() if t & tid} == set(tidstyper())
    assert tidstyper()["FraTidspunkt"] == "xs:dateTime" and tidstyper()["Dato"] == "xs:date"
    assert tidstyper()["Starttid"] == "xs:time"


@pytest.mark.parametrize("typ, vaerdi, fejl", [
    ("xs:dateTime", "2026-01-01T00:00:00Z", False),
    ("xs:dateTime", "2026-01-01T12:00:00", False),  # no zone: UTC
    ("xs:dateTime", "0001-01-01T00:00:00+14:00", True),  # year 0 in UTC
    ("xs:dateTime", "0001-01-01T14:00:00+14:00", False),
    ("xs:dateTime", "9999-12-31T23:59:59-14:00", True),  # year 10000 in UTC
    ("xs:dateTime", "9999-12-31T09:59:59-14:00", False),
    ("xs:dateTime", "10000-01-01T00:00:00Z", True),
    ("xs:dateTime", "-0001-01-01T00:00:00Z", True),
    ("xs:dateTime", "2026-01-01T24:00:00Z", True),
    ("xs:dateTime", "2026-01-01T23:59:59.999+01:00", False),
    ("xs:date", "9999-12-31+14:00", False),  # a date is a day
    ("xs:date", "0001-01-01", False),
    ("xs:date", "10000-01-01", True),
    ("xs:time", "24:00:00", True),
    ("xs:time", "23:59:59+14:00", False),
])
def test_a_value_the_service_cannot_hold_is_named(typ, vaerdi, fejl):
    assert bool(_problem(typ, vaerdi)) is fejl


def test_the_fault_names_every_such_field():
    body = etree.fromstring(
        '<f:HentHaendelseLog xmlns:f="urn:fravaer:1"><f:FraTidspunkt>0001-01-01T00:00:00+14:00'
        "</f:FraTidspunkt><f:TilTidspunkt>2026-01-01T24:00:00Z</f:TilTidspunkt></f:HentHaendelseLog>")
    with pytest.raises(Exception) as e:
        kontroller_vaerdier(body)
    assert [(m.kode, m.felt) for m in e.value.fravaer_meddelelser] == [
        ("X012", "/HentHaendelseLog/FraTidspunkt"), ("X012", "/HentHaendelseLog/TilTidspunkt")]
    assert str(e.value.faultcode) == "Client"


SIK = f'<w:Security xmlns:w="{W}"{{}}/>'
VORES = SIK.format("")
ANDEN = SIK.format(' s:actor="urn:x"')
NAESTE = SIK.format(' s:actor="http://schemas.xmlsoap.org/soap/actor/next"')
MU = SIK.format(' s:mustUnderstand="1"')
MU_TRUE = SIK.format(' s:mustUnderstand="true"')
OP = '<f:HentAarsagskoder xmlns:f="urn:fravaer:1"/>'


@pytest.mark.parametrize("krop, kode, faultcode", [
    (f"<s:Body>{OP}</s:Body>", None, None),
    (f"<s:Header/><s:Body>{OP}</s:Body>", None, None),
    (f"<!-- c --><s:Header>{VORES}</s:Header><s:Body>{OP}</s:Body>", None, None),
    (f"<s:Body>{OP}</s:Body><s:Body>{OP}</s:Body>", "X009", "Client"),
    (f"<s:Body>{OP}</s:Body><s:Header/>", "X009", "Client"),
    (f"<s:Header/><s:Header/><s:Body>{OP}</s:Body>", "X009", "Client"),
    (f"<s:Body>{OP}</s:Body><x:Mere xmlns:x='urn:x'/>", "X009", "Client"),
    ("<s:Header/>", "X006", "Client"),
    ("<s:Body/>", "X007", "Client"),
    (f"<s:Header>{VORES}{VORES}</s:Header><s:Body>{OP}</s:Body>", "W009", "Client"),
    # one for us, one for another actor: fine, and only ours is read
    (f"<s:Header>{VORES}{ANDEN}</s:Header><s:Body>{OP}</s:Body>",
     None, None),
    (f"<s:Header>{NAESTE}{VORES}"
     f"</s:Header><s:Body>{OP}</s:Body>", "W009", "Client"),
    (f"<s:Header><x:T xmlns:x='urn:x' s:mustUnderstand='1'/></s:Header><s:Body>{OP}</s:Body>",
     "X010", "MustUnderstand"),
    (f"<s:Header><x:T xmlns:x='urn:x' s:mustUnderstand='0'/></s:Header><s:Body>{OP}</s:Body>", None, None),
    (f"<s:Header><x:T xmlns:x='urn:x' s:actor='urn:y' s:mustUnderstand='1'/></s:Header><s:Body>{OP}</s:Body>",
     None, None),
    (f"<s:Header>{MU}</s:Header><s:Body>{OP}</s:Body>", None, None),
    (f"<s:Header>{MU_TRUE}</s:Header><s:Body>{OP}</s:Body>", "X011", "Client"),
])
def test_the_envelope_is_one_optional_header_then_one_body(krop, kode, faultcode):
    rod = etree.fromstring(f'<s:Envelope xmlns:s="{S}">{krop}</s:Envelope>')
    if kode is None:
        kontroller_konvolut(rod)
        return
    with pytest.raises(Exception) as e:
        kontroller_konvolut(rod)
    assert [m.kode for m in e.value.fravaer_meddelelser] == [kode]
    assert str(e.value.faultcode) == faultcode


def test_only_headers_for_us_are_read():
    header = etree.fromstring(
        f'<s:Header xmlns:s="{S}">{ANDEN}<x:T xmlns:x="urn:x"/></s:Header>')
    assert [etree.QName(e).localname for e in vores_headere(header)] == ["T"]
    assert vores_headere(None) == []
