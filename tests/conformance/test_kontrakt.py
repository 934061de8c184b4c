"""The contract compiles in every SOAP stack: one definition per global name in urn:fravaer:1 across
all schemas (a client importing several services gets them all), no minOccurs/maxOccurs above the
JDK's limit, and the limits the service enforces instead written in the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from fravaer.service.kvoter import MAKS_ANSAETTELSER
from tests.conformance.kontrakt import JDK_MAKS_OCCURS, XS, dobbelte_navne, for_store_graenser

ROD = Path(__file__).resolve().parents[2]
SKEMAER = sorted((ROD / "schemas").glob("*.xsd"))
WSDLER = sorted((ROD / "wsdl").glob("*.wsdl"))


def _xsd(tmp_path: Path, navn: str, indhold: str, ns: str = "urn:fravaer:1") -> Path:
    fil = tmp_path / navn
    fil.write_text(f'<xs:schema xmlns:xs="{XS}" targetNamespace="{ns}">{indhold}</xs:schema>')
    return fil


def test_every_global_name_is_defined_once_across_all_schemas_and_wsdls():
    assert len(SKEMAER) >= 5 and len(WSDLER) >= 4
    assert dobbelte_navne(SKEMAER + WSDLER) == []


def test_no_occurrence_limit_above_what_the_jdk_accepts():
    assert for_store_graenser(SKEMAER + WSDLER) == []


ENUM = '<xs:simpleType name="{}"><xs:restriction base="xs:string"/></xs:simpleType>'
KLASSE = '<xs:complexType name="{}"><xs:sequence/></xs:complexType>'
ELEMENT = '<xs:element name="{}" type="xs:string"/>'


@pytest.mark.parametrize("a, b, ns_b, dobbelt", [
    (ENUM.format("BarnenummerType"), ENUM.format("BarnenummerType"), "urn:fravaer:1", True),
    (ENUM.format("EnhedType"), KLASSE.format("EnhedType"), "urn:fravaer:1", True),
    (KLASSE.format("Foo"), ELEMENT.format("Foo"), "urn:fravaer:1", True),
    (ENUM.format("EnhedType"), ENUM.format("EnhedType"), "urn:andet", False),
    (ENUM.format("TidsenhedType"), KLASSE.format("OrganisationsenhedType"), "urn:fravaer:1", False),
])
def test_the_duplicate_check_finds_a_name_defined_twice_in_one_namespace(tmp_path, a, b, ns_b, dobbelt):
    filer = [_xsd(tmp_path, "A.xsd", a), _xsd(tmp_path, "B.xsd", b, ns_b)]
    assert bool(dobbelte_navne(filer)) is dobbelt


@pytest.mark.parametrize("attributter, for_stor", [
    ('maxOccurs="10000"', True),
    ('minOccurs="5001" maxOccurs="unbounded"', True),
    (f'maxOccurs="{JDK_MAKS_OCCURS}"', False),
    ('maxOccurs="unbounded"', False),
    ("", False),
])
def test_the_limit_check_finds_occurrences_above_5000(tmp_path, attributter, for_stor):
    fil = _xsd(tmp_path, "A.xsd", '<xs:element name="Liste"><xs:complexType><xs:sequence>'
                                  f'<xs:element name="Ansaettelse" type="xs:string" {attributter}/>'
                                  "</xs:sequence></xs:complexType></xs:element>")
    assert bool(for_store_graenser([fil])) is for_stor


def test_the_service_limit_of_hentkvoter_is_documented_in_the_schema():
    """Unbounded in the XSD, limited by the service (F062): the annotation says how far."""
    skema = etree.parse(str(ROD / "schemas" / "KvoteService.xsd")).getroot()
    ansaettelse = skema.find(f"{{{XS}}}element[@name='HentKvoter']//{{{XS}}}element[@name='Ansaettelse']")
    assert ansaettelse.get("maxOccurs") == "unbounded"
    tekst = " ".join(ansaettelse.find(f"{{{XS}}}annotation/{{{XS}}}documentation").text.split())
    assert f"{MAKS_ANSAETTELSER:,}".replace(",", ".") in tekst and "F062" in tekst


def test_the_duplicate_check_covers_the_wsdls_messages(tmp_path):
    wsdl = ('<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:fravaer:1">'
            '<wsdl:message name="FravaerFejl"/></wsdl:definitions>')
    (tmp_path / "A.wsdl").write_text(wsdl)
    (tmp_path / "B.wsdl").write_text(wsdl)
    assert dobbelte_navne([tmp_path / "A.wsdl", tmp_path / "B.wsdl"]) == [
        "{urn:fravaer:1}FravaerFejl: A.wsdl (message), B.wsdl (message)"]
