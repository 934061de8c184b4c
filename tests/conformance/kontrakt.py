"""Checks of the XSD contract that other SOAP stacks depend on: every global name defined once per
target namespace, and no occurrence limit above what the JDK accepts."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from lxml import etree

XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
# The JDK's secure processing (jdk.xml.maxOccurLimit) refuses a schema with a larger minOccurs or
# maxOccurs; wsimport warns, a default SchemaFactory does not load it.
JDK_MAKS_OCCURS = 5000


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def skemaer(fil: Path) -> list[etree._Element]:
    """The xs:schema elements of an XSD file, or those inside a WSDL's types."""
    rod = etree.parse(str(fil), _parser()).getroot()
    if rod.tag == f"{{{XS}}}schema":
        return [rod]
    return rod.findall(f"{{{WSDL}}}types/{{{XS}}}schema")


def dobbelte_navne(filer: list[Path]) -> list[str]:
    """Every global name that more than one definition in one target namespace carries, as
    'ns name: file (kind), file (kind)': in the schemas of any kind (type, element, group,
    attribute: generators such as gSOAP and JAXB make one class or enum of each), in the WSDLs
    per kind (wsimport refuses a message defined twice)."""
    fundet: dict[tuple[str, str], list[str]] = defaultdict(list)
    for fil in filer:
        for rod in [*skemaer(fil), *wsdl_definitioner(fil)]:
            ns = rod.get("targetNamespace", "")
            for d in rod:
                if isinstance(d.tag, str) and d.get("name"):
                    art = etree.QName(d).localname
                    # a WSDL's messages, portTypes, bindings and services: each kind its own space
                    rum = art if etree.QName(d).namespace == WSDL else ""
                    fundet[(ns, rum, d.get("name"))].append(f"{fil.name} ({art})")
    return [f"{{{ns}}}{navn}: {', '.join(steder)}"
            for (ns, _, navn), steder in sorted(fundet.items()) if len(steder) > 1]


def wsdl_definitioner(fil: Path) -> list[etree._Element]:
    """The wsdl:definitions of a WSDL file (none for an XSD)."""
    rod = etree.parse(str(fil), _parser()).getroot()
    return [rod] if rod.tag == f"{{{WSDL}}}definitions" else []


def for_store_graenser(filer: list[Path], maks: int = JDK_MAKS_OCCURS) -> list[str]:
    """Every minOccurs/maxOccurs above `maks` ('unbounded' is fine), as 'file:line name attr=value'."""
    fund = []
    for fil in filer:
        for skema in skemaer(fil):
            for e in skema.iter(etree.Element):
                for attr in ("minOccurs", "maxOccurs"):
                    v = e.get(attr)
                    if v is not None and v != "unbounded" and int(v) > maks:
                        fund.append(f"{fil.name}:{e.sourceline} {e.get('name') or e.get('ref')} {attr}={v}")
    return fund
