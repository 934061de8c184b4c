"""Compiling the XSD contract once, safely: no network, no entities, nothing outside schemas/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from fravaer.paths import SCHEMA_DIR


class _KunSkemamappen(etree.Resolver):
    """Resolve includes only to files inside schemas/; refuse anything else."""

    def resolve(self, url, pubid, context):
        sti = Path(url.removeprefix("file://")).resolve()
        if SCHEMA_DIR.resolve() not in sti.parents:
            raise etree.XMLSchemaParseError(f"skemaet henviser uden for schemas/: {url}")
        return self.resolve_filename(str(sti), context)


def sikker_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=False)


@cache
def skema(navn: str) -> etree.XMLSchema:
    parser = sikker_parser()
    parser.resolvers.add(_KunSkemamappen())
    doc = etree.parse(str(SCHEMA_DIR / navn), parser)
    return etree.XMLSchema(doc)


def globale_elementer(navn: str) -> set[str]:
    """The {namespace}name of every global element the schema (and its includes) declares."""
    s = skema(navn)
    xs = "{http://www.w3.org/2001/XMLSchema}"
    ns = None
    navne: set[str] = set()
    for doc_sti in [SCHEMA_DIR / navn, *SCHEMA_DIR.glob("*.xsd")]:
        doc = etree.parse(str(doc_sti), sikker_parser())
        ns = doc.getroot().get("targetNamespace")
        if doc_sti.name == navn or doc_sti.name == "Faelles.xsd":
            navne |= {f"{{{ns}}}{e.get('name')}" for e in doc.getroot().findall(f"{xs}element")}
    del s
    return navne
