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


# The X012 check looks only at the operation's own date, dateTime and time elements, found from its
# declaration in the XSD (request_reader.Laesere.tidsmaerker). That holds only while a validated
# request can hold no element the XSD does not declare (no xs:any) and the walk finds every date
# element an operation's request may hold: the two tests below fail when either stops being true.


def test_the_contract_lets_no_undeclared_element_or_attribute_into_a_request():
    from fravaer.paths import SCHEMA_DIR

    for fil in sorted(SCHEMA_DIR.glob("*.xsd")):
        rod = etree.parse(str(fil)).getroot()
        assert not list(rod.iter(f"{XS}any", f"{XS}anyAttribute")), fil.name
        noder = rod.iter(f"{XS}element", f"{XS}attribute", f"{XS}restriction", f"{XS}extension")
        typer = [e.get("type") or e.get("base") or "" for e in noder]
        assert not [t for t in typer if t.endswith(("anyType", "anySimpleType"))], fil.name


def _operationer():
    from tests.conformance.test_samples_xsd import SERVICES

    return sorted((f"{tjeneste}.xsd", op) for tjeneste, ops in SERVICES.items() for op in ops)


@pytest.mark.parametrize(("skemafil", "operation"), _operationer())
def test_an_operations_date_elements_are_all_checked(skemafil, operation):
    """Every date, time or dateTime element that a request of the operation may hold — in
    requests made from the XSD by the tests' own reading of it (tests/xsd_strategier.py, every
    element its types allow), and in the samples — is among the tags the check looks at."""
    from hypothesis import HealthCheck, given, settings

    from fravaer.paths import SCHEMA_DIR
    from fravaer.soap.request_reader import TNS, laesere
    from tests.xsd_strategier import anmodning

    maerker = set(laesere(skemafil).tidsmaerker(f"{{{TNS}}}{operation}"))
    tid = set(tidstyper())

    def tjek(body):
        fundet = {e.tag for e in body.iter() if isinstance(e.tag, str) and etree.QName(e).localname in tid}
        assert fundet <= maerker, (operation, fundet - maerker)

    for fil in sorted((SCHEMA_DIR / "samples").glob(f"valid/{operation}_*.xml")):
        body = etree.parse(str(fil)).getroot().find(f"{{{S}}}Body")
        tjek(body[0])

    @settings(max_examples=40, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(anmodning(operation))
    def genereret(body):
        tjek(body)

    genereret()
    # and the walk found each such element the XSD declares for the operation at least once
    assert {m.rpartition("}")[2] for m in maerker} <= tid


@pytest.mark.parametrize("krop, med_sikkerhed", [
    (f"<s:Body>{OP}</s:Body>", False),
    (f"<s:Header>{VORES}{ANDEN}<x:T xmlns:x='urn:x'/></s:Header><s:Body>{OP}</s:Body>", True),
    (f"<s:Header>{ANDEN}<!-- c --><x:T xmlns:x='urn:x'/>{VORES}</s:Header><s:Body>{OP}</s:Body>", True),
    (f"<s:Header>{ANDEN}<x:T xmlns:x='urn:x'/></s:Header><s:Body>{OP}</s:Body>", False),
    (f"<s:Header/><s:Body><!-- c -->{OP}<?pi x?></s:Body>", False),
])
def test_the_envelope_split_gives_the_bodys_first_child_and_our_headers(krop, med_sikkerhed):
    """del_konvolut: what kontroller_konvolut found, the Body's first child (body[0], what the
    protocol reads) with its tag, and the wsse:Security meant for us that find_token would read
    (not another actor's)."""
    from fravaer.adapters.security.wsse import find_token, laes_token
    from fravaer.soap.envelope import del_konvolut

    rod = etree.fromstring(f'<s:Envelope xmlns:s="{S}">{krop}</s:Envelope>')
    header, body, vores, foerste, tag, sikkerhed = del_konvolut(rod)
    assert (header, body, vores) == tuple(kontroller_konvolut(rod))
    assert foerste == body[0] and tag == body[0].tag
    assert vores == vores_headere(header)
    assert (sikkerhed is not None) == med_sikkerhed
    fundet = [e for e in vores if e.tag == f"{{{W}}}Security"]
    assert fundet == ([sikkerhed] if med_sikkerhed else [])
    if med_sikkerhed:  # (an empty Security: the same refusal either way)
        assert _udfald(lambda: laes_token(sikkerhed)) == _udfald(lambda: find_token(vores))


def _udfald(f):
    try:
        return f()
    except Exception as e:
        return type(e), str(e)


@pytest.mark.parametrize("tekst, fejl", [
    ("2025-01-31", False), ("0000-01-01", True), ("24:00:00.0", True), ("23:59:59.5", False)])
def test_a_ten_character_value_is_judged_by_its_type(tekst, fejl):
    """A plain date is passed by its shape; a time of the same length is still judged as a time."""
    navn = "Dato" if "-" in tekst else next(n for n, t in tidstyper().items() if t == "xs:time")
    body = etree.fromstring(f'<f:X xmlns:f="urn:fravaer:1"><f:{navn}>{tekst}</f:{navn}></f:X>')
    if not fejl:
        kontroller_vaerdier(body)
        return
    with pytest.raises(Exception) as e:
        kontroller_vaerdier(body)
    assert [m.kode for m in e.value.fravaer_meddelelser] == ["X012"]


# The dates of DatoType are not looked at after validation (value_limits.sikre_datoer): a
# validated one always lies in the years 0001–9999. That holds while DatoType keeps its year of
# four digits and libxml2 refuses the year 0000 of an xs:date: the tests below fail otherwise.


def _alle_skemaer():
    from fravaer.paths import SCHEMA_DIR

    return sorted(f.name for f in SCHEMA_DIR.glob("*.xsd"))


@pytest.mark.parametrize("skemafil", _alle_skemaer())
def test_a_validated_datotype_is_a_year_python_holds(skemafil):
    from fravaer.paths import SCHEMA_DIR
    from fravaer.soap.value_limits import sikre_datoer

    sikre = sikre_datoer()
    assert {"FraDato", "TilDato", "Dato"} <= sikre
    assert all(tidstyper()[navn] == "xs:date" for navn in sikre)
    datotype = etree.parse(str(SCHEMA_DIR / skemafil)).getroot().find(f"{XS}simpleType[@name='DatoType']")
    if datotype is None:
        return
    # an XSD of its own with DatoType as the file declares it: only the year 0000 is in question
    s = etree.XMLSchema(etree.fromstring(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns:t="urn:t">'
        f'{etree.tostring(datotype).decode()}<xs:element name="D" type="t:DatoType"/></xs:schema>'))
    for tekst, gyldig in (("0000-01-01", False), ("0000-12-31+14:00", False), ("0001-01-01", True),
                          ("9999-12-31-14:00", True), ("10000-01-01", False), ("-0001-01-01", False)):
        assert s.validate(etree.fromstring(f'<t:D xmlns:t="urn:t">{tekst}</t:D>')) is gyldig, tekst


def test_only_dates_of_datotype_are_passed_over():
    from fravaer.soap.request_reader import TNS, laesere
    from fravaer.soap.value_limits import at_kontrollere, sikre_datoer

    opret = laesere("FravaerService.xsd").tidsmaerker(f"{{{TNS}}}OpretHaendelse")
    assert opret and at_kontrollere(opret) == ()
    log = laesere("FravaerService.xsd").tidsmaerker(f"{{{TNS}}}HentHaendelseLog")
    assert at_kontrollere(log) == log  # xs:dateTime: still looked at
    assert not {m.rpartition("}")[2] for m in at_kontrollere(log)} & sikre_datoer()


def test_datotype_changed_passes_over_nothing(monkeypatch, tmp_path):
    """Another pattern (or a base other than xs:date) for DatoType: every date is looked at."""
    from fravaer.paths import SCHEMA_DIR
    from fravaer.soap import value_limits

    for f in SCHEMA_DIR.glob("*.xsd"):
        tekst = f.read_text(encoding="utf-8")
        (tmp_path / f.name).write_text(tekst.replace(r"\d{4}-\d{2}", r"-?\d{4,}-\d{2}"), encoding="utf-8")
    monkeypatch.setattr(value_limits, "SCHEMA_DIR", tmp_path)
    value_limits.sikre_datoer.cache_clear()
    try:
        assert value_limits.sikre_datoer() == frozenset()
    finally:
        value_limits.sikre_datoer.cache_clear()
