"""Conformance of the sample SOAP requests and the WSDL with the XSD contract.

schemas/samples/valid/*.xml must validate against the XSD of the service their operation belongs
to (schemas/<Service>.xsd, see SERVICES), every schemas/samples/invalid/*.xml must not (each breaks
one rule, named in its first comment), and each service's WSDL must load with zeep and name its
operations with Op / OpSvar elements.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schemas"
WSDL_DIR = ROOT / "wsdl"
VALID_DIR = SCHEMA_DIR / "samples" / "valid"
INVALID_DIR = SCHEMA_DIR / "samples" / "invalid"

NS = "urn:fravaer:1"
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XS = "http://www.w3.org/2001/XMLSchema"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"

SERVICES = {
    "FravaerService": frozenset({"OpretHaendelse", "RetHaendelse", "SletHaendelse", "HentHaendelser",
                                 "HentAarsagskoder", "HentHaendelseLog", "OptaelFravaer", "HentBoern",
                                 "HentBarselssager", "OpretBarselssag", "RetBarselssag", "SletBarselssag",
                                 "HentArbejdsskadesager", "OpretArbejdsskadesag", "SoegHaendelser",
                                 "MasseindberetHaendelser", "GodkendHaendelse", "AfvisHaendelse",
                                 "HentAfventendeHaendelser", "HentAendringer"}),
    "MoedetidsplanService": frozenset({"OpretMoedetider", "LaesMoedetider", "RetMoedetider",
                                       "SletMoedetider"}),
    "KvoteService": frozenset({"HentKvoter", "HentKvoteDetaljer", "RegulerKvote", "FlytFerie",
                               "OverfoerRestferie"}),
    "MedarbejderService": frozenset({"HentMedarbejder", "HentMedarbejdere", "RetKommunikation"}),
    "StatistikService": frozenset({"HentKvartalsindberetning", "HentFravaersstatistik"}),
    "LoenService": frozenset({"HentLoenlinjer", "LukLoenperiode"}),
}
OPERATIONS = frozenset().union(*SERVICES.values())
SERVICE_OF = {op: service for service, ops in SERVICES.items() for op in ops}
MIN_INVALID = 119  # 69 for FravaerService, 22 for KvoteService, 8 for MedarbejderService, 4 for
#                   MoedetidsplanService, 11 for StatistikService, 5 for LoenService

VALID_SAMPLES = sorted(VALID_DIR.glob("*.xml"))
INVALID_SAMPLES = sorted(INVALID_DIR.glob("*.xml"))


def _parser() -> etree.XMLParser:
    """A parser that never expands entities, loads DTDs or touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )


def _parse(path: Path) -> etree._ElementTree:
    tree = etree.parse(str(path), _parser())
    assert not tree.docinfo.doctype, f"{path.name}: samples must not carry a DOCTYPE"
    return tree


def _request_element(path: Path) -> etree._Element:
    """The single element child of soapenv:Body of a SOAP 1.1 envelope."""
    root = _parse(path).getroot()
    assert root.tag == f"{{{SOAP11_ENV}}}Envelope", f"{path.name}: not a SOAP 1.1 Envelope"
    body = root.find(f"{{{SOAP11_ENV}}}Body")
    assert body is not None, f"{path.name}: no soapenv:Body"
    children = list(body.iterchildren(tag=etree.Element))
    assert len(children) == 1, f"{path.name}: Body must hold exactly one element"
    return children[0]


def _leading_comment(path: Path) -> str | None:
    """Text of the comment right after the XML declaration, if any."""
    node = _parse(path).getroot().getprevious()
    while node is not None and node.getprevious() is not None:
        node = node.getprevious()
    if isinstance(node, etree._Comment):
        return node.text.strip()
    return None


@pytest.fixture(scope="module")
def schemas() -> dict[str, etree.XMLSchema]:
    # Parsed from the file path so xs:include of Faelles.xsd resolves beside it.
    return {service: etree.XMLSchema(etree.parse(str(SCHEMA_DIR / f"{service}.xsd"), _parser()))
            for service in SERVICES}


def _schema_for(schemas: dict[str, etree.XMLSchema], request: etree._Element) -> etree.XMLSchema:
    """The schema of the service whose operation the request names (FravaerService if none)."""
    return schemas[SERVICE_OF.get(etree.QName(request).localname, "FravaerService")]


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


# ------------------------------------------------------------------- samples


@pytest.mark.parametrize("path", VALID_SAMPLES, ids=_ids(VALID_SAMPLES))
def test_valid_sample_validates(schemas, path: Path) -> None:
    request = _request_element(path)
    schema = _schema_for(schemas, request)
    ok = schema.validate(request)
    assert ok, f"{path.name}: " + "; ".join(f"line {e.line}: {e.message}" for e in schema.error_log)
    assert etree.QName(request).localname in OPERATIONS
    assert etree.QName(request).namespace == NS


@pytest.mark.parametrize("path", INVALID_SAMPLES, ids=_ids(INVALID_SAMPLES))
def test_invalid_sample_fails(schemas, path: Path) -> None:
    comment = _leading_comment(path)
    assert comment and comment.startswith("invalid:"), (
        f"{path.name}: must start with a comment '<!-- invalid: what is wrong -->'"
    )
    request = _request_element(path)
    schema = _schema_for(schemas, request)
    assert not schema.validate(request), f"{path.name} validates but should not ({comment})"
    # Guard against a sample failing for some other reason than the one it names: the
    # errors must mention an element named in the comment (e.g. "Minutter is negative").
    messages = " ".join(e.message for e in schema.error_log)
    named = re.findall(r"\b[A-Z][A-Za-z]+\b", comment.removeprefix("invalid:"))
    assert any(re.search(rf"\b{re.escape(word)}\b", messages) for word in named), (
        f"{path.name}: errors {messages!r} do not mention any of {named} from the comment"
    )


def test_at_least_one_valid_sample_per_operation() -> None:
    seen = {etree.QName(_request_element(p)).localname for p in VALID_SAMPLES}
    assert OPERATIONS <= seen, f"no valid sample for {sorted(OPERATIONS - seen)}"
    for p in VALID_SAMPLES:
        assert p.stem.split("_", 1)[0] == etree.QName(_request_element(p)).localname, (
            f"{p.name}: file name must start with the operation name"
        )


def test_enough_invalid_samples() -> None:
    assert len(INVALID_SAMPLES) >= MIN_INVALID
    comments = [_leading_comment(p) for p in INVALID_SAMPLES]
    assert len(set(comments)) == len(comments), "each invalid sample must break something else"


# ---------------------------------------------------------------------- WSDL


def _global_elements(xsd_path: Path, seen: set[Path] | None = None) -> set[str]:
    """Names of top-level xs:element declarations in the XSD and its xs:includes."""
    seen = set() if seen is None else seen
    xsd_path = xsd_path.resolve()
    if xsd_path in seen:
        return set()
    seen.add(xsd_path)
    doc = _parse(xsd_path).getroot()
    assert doc.get("targetNamespace") == NS
    names = {e.get("name") for e in doc.findall(f"{{{XS}}}element")}
    for inc in doc.findall(f"{{{XS}}}include"):
        names |= _global_elements(xsd_path.parent / inc.get("schemaLocation"), seen)
    return names


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_wsdl_messages_use_xsd_elements(service: str) -> None:
    """portType: each operation's input is tns:Op, its output tns:OpSvar, both in the XSD."""
    wsdl = _parse(WSDL_DIR / f"{service}.wsdl").getroot()
    XSD_PATH = SCHEMA_DIR / f"{service}.xsd"
    xsd_elements = _global_elements(XSD_PATH)

    def qname(prefixed: str, ctx: etree._Element) -> etree.QName:
        prefix, _, local = prefixed.rpartition(":")
        return etree.QName(ctx.nsmap[prefix or None], local)

    messages = {}
    for msg in wsdl.findall(f"{{{WSDL_NS}}}message"):
        parts = msg.findall(f"{{{WSDL_NS}}}part")
        assert len(parts) == 1, f"message {msg.get('name')} must have one part"
        messages[etree.QName(NS, msg.get("name"))] = qname(parts[0].get("element"), parts[0])

    port_ops = wsdl.findall(f"{{{WSDL_NS}}}portType/{{{WSDL_NS}}}operation")
    assert {op.get("name") for op in port_ops} == SERVICES[service]
    for op in port_ops:
        name = op.get("name")
        for io, expected in (("input", name), ("output", name + "Svar")):
            msg = op.find(f"{{{WSDL_NS}}}{io}")
            element = messages[qname(msg.get("message"), msg)]
            assert element == etree.QName(NS, expected), f"{name} {io}: {element}"
            assert expected in xsd_elements, f"{expected} is not declared in {XSD_PATH.name}"
    assert "FravaerFejl" in xsd_elements


@pytest.mark.parametrize("navn", sorted(SERVICES))
def test_wsdl_loads_with_zeep(navn: str) -> None:
    zeep = pytest.importorskip("zeep")
    settings = zeep.Settings(strict=True, forbid_dtd=True, forbid_entities=True)
    client = zeep.Client(str(WSDL_DIR / f"{navn}.wsdl"), settings=settings)

    service = client.wsdl.services[navn]
    port = service.ports[f"{navn}Port"]
    operations = port.binding.all()
    assert set(operations) == SERVICES[navn]

    for name, op in operations.items():
        assert op.soapaction == f"urn:fravaer:1#{name}"
        assert op.input.body.qname == etree.QName(NS, name)
        assert op.output.body.qname == etree.QName(NS, name + "Svar")
        # the element is resolvable from the imported XSD as well
        assert client.get_element(f"{{{NS}}}{name}") is not None
        assert client.get_element(f"{{{NS}}}{name}Svar") is not None
