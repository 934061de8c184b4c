"""Requests read by the XSD's own table (soap/request_reader.py): every operation has a reader, every
element of a valid sample is read into the Python type its XSD type names, and a value the schema
lets through but Python cannot hold is refused with its element."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from fravaer.paths import SCHEMA_DIR
from fravaer.soap.request_reader import Anmodningsdel, Laesere, UlaeseligVaerdi, laesere

TNS = "urn:fravaer:1"
ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SKEMAER = ["FravaerService.xsd", "KvoteService.xsd", "LoenService.xsd", "MedarbejderService.xsd",
           "MoedetidsplanService.xsd", "StatistikService.xsd"]
GYLDIGE = sorted((SCHEMA_DIR / "samples" / "valid").glob("*.xml"))


def _body(sti: Path):
    rod = etree.parse(str(sti)).getroot()
    body = rod.find(f"{{{ENV}}}Body")
    return body[0] if body is not None else rod


def _skema_for(tag: str) -> str:
    return next(s for s in SKEMAER if tag in laesere(s))


def _blade(e) -> int:
    """The elements below `e` that hold a value (no child elements)."""
    return sum(_blade(b) if len(b) else 1 for b in e if isinstance(b.tag, str))


def _vaerdier(v) -> int:
    if isinstance(v, Anmodningsdel):
        return sum(_vaerdier(x) for x in vars(v).values())
    if isinstance(v, list):
        return sum(_vaerdier(x) for x in v)
    return 1


def test_every_operation_served_has_a_reader():
    from fravaer.config import Indstillinger
    from fravaer.soap.wsgi import FravaerApp

    app = FravaerApp(Indstillinger(database_url="sqlite://"))
    for navn, tj in app.tjenester.items():
        skema = laesere(f"{navn}.xsd")
        for op in tj.operationer:
            assert op in skema, op
            assert callable(skema.laeser(op))


@pytest.mark.parametrize("sti", GYLDIGE, ids=lambda p: p.stem)
def test_every_element_of_a_valid_sample_is_read(sti):
    body = _body(sti)
    r = laesere(_skema_for(body.tag)).laes(body)
    assert _vaerdier(r) == _blade(body)


def _laes(xml: str, skema: str = "FravaerService.xsd"):
    return Laesere(skema).laes(etree.fromstring(xml))


def test_values_get_the_type_their_xsd_type_names():
    r = _laes(f"""<t:OpretHaendelse xmlns:t="{TNS}"><t:Ansaettelse><t:Tjenestenummer>00001</t:Tjenestenummer>
      <t:Loebenummer> 2 </t:Loebenummer></t:Ansaettelse><t:FastAarsagskode>100</t:FastAarsagskode>
      <t:FraDato>2026-03-02+01:00</t:FraDato><t:TilDato> 2026-03-03 </t:TilDato><t:Timer>7</t:Timer>
      <!-- a comment is no element --><t:Bemaerkning> to ord </t:Bemaerkning></t:OpretHaendelse>""")
    assert r.Ansaettelse.Tjenestenummer == "00001" and r.Ansaettelse.Loebenummer == 2
    assert r.Ansaettelse.CPRNummer is None
    assert (r.FraDato, r.TilDato, r.Timer) == (date(2026, 3, 2), date(2026, 3, 3), 7)
    assert r.Bemaerkning == " to ord "  # xs:string keeps its spaces
    assert r.Minutter is None and r.TransaktionsID is None
    with pytest.raises(AttributeError):
        r.Ukendt  # noqa: B018


def test_repeated_elements_are_lists_in_order_and_absent_ones_empty():
    r = _laes(f"""<t:HentHaendelser xmlns:t="{TNS}">
      <t:Ansaettelse><t:Tjenestenummer>1</t:Tjenestenummer></t:Ansaettelse>
      <t:Ansaettelse><t:CPRNummer>0101901234</t:CPRNummer></t:Ansaettelse>
      <t:FraDato>2026-01-01</t:FraDato><t:TilDato>2026-12-31</t:TilDato></t:HentHaendelser>""")
    assert [a.Tjenestenummer for a in r.Ansaettelse] == ["1", None]
    assert r.FastAarsagskode == ()


@pytest.mark.parametrize("skema, xml, forventet", [
    ("FravaerService.xsd", "<t:HentHaendelseLog xmlns:t='urn:fravaer:1'><t:FraTidspunkt>2026-01-01T10:00:00Z"
     "</t:FraTidspunkt><t:MaksAntal>5</t:MaksAntal></t:HentHaendelseLog>",
     {"FraTidspunkt": datetime(2026, 1, 1, 10, tzinfo=UTC), "MaksAntal": 5}),
    ("FravaerService.xsd", "<t:HentHaendelseLog xmlns:t='urn:fravaer:1'><t:FraTidspunkt>2026-01-01T10:00:00"
     "</t:FraTidspunkt></t:HentHaendelseLog>", {"FraTidspunkt": datetime(2026, 1, 1, 10)}),
    ("KvoteService.xsd", "<t:FlytFerie xmlns:t='urn:fravaer:1'><t:Ansaettelse><t:Tjenestenummer>1"
     "</t:Tjenestenummer></t:Ansaettelse><t:FraFerieaar>2025</t:FraFerieaar><t:Dage>2.5</t:Dage>"
     "</t:FlytFerie>", {"FraFerieaar": 2025, "Dage": Decimal("2.5")}),
    ("KvoteService.xsd", "<t:OverfoerRestferie xmlns:t='urn:fravaer:1'><t:Institution>X</t:Institution>"
     "<t:Ferieaar>2025</t:Ferieaar><t:Dato>2026-09-01</t:Dato><t:Proeve>1</t:Proeve></t:OverfoerRestferie>",
     {"Proeve": True, "Dato": date(2026, 9, 1)}),
    ("MoedetidsplanService.xsd", "<t:OpretMoedetider xmlns:t='urn:fravaer:1'><t:Ansaettelse>"
     "<t:Tjenestenummer>1</t:Tjenestenummer></t:Ansaettelse><t:Moedetid><t:Dato>2026-01-05</t:Dato><t:Starttid>08:00:00"
     "</t:Starttid></t:Moedetid></t:OpretMoedetider>", {"Moedetid[0].Starttid": time(8)}),
])
def test_simple_types(skema, xml, forventet):
    r = _laes(xml, skema)
    for sti, v in forventet.items():
        navn, _, resten = sti.partition("[0].")
        x = getattr(r, navn)
        assert (getattr(x[0], resten) if resten else x) == v


@pytest.mark.parametrize("vaerdi", ["10000-01-01", "-0001-01-01", "2026-02-30"])
def test_a_date_the_schema_accepts_and_python_cannot_hold_is_refused_with_its_element(vaerdi):
    with pytest.raises(UlaeseligVaerdi) as fejl:
        _laes(f"<t:HentBarselssager xmlns:t='{TNS}'><t:FraDato>{vaerdi}</t:FraDato></t:HentBarselssager>")
    assert etree.QName(fejl.value.element).localname == "FraDato"
