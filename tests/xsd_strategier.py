"""Hypothesis strategies for requests, read from the contract itself (schemas/*.xsd with lxml): an
operation's request element with every element, occurrence and value its types allow, biased to
the types' extremes (the first and last day of xs:date, ±14:00 zones, the bounds of xs:int and
of every facet) and, where an element names something the demo data has (an employment, an
institution, a code), sometimes that, so that requests reach past the lookups.

Only what schemas/ uses is read: elements (global, local, typed or with an inline type),
complexType with sequence/choice/group and complexContent extension, simpleType restrictions
(enumeration, pattern, min/max Inclusive/Exclusive, min/maxLength, totalDigits, fractionDigits) of
the built-in types xs:string, int, long, decimal, boolean, date, dateTime, time. Anything else
raises, so that a schema growing a construct fails here rather than going untested."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from hypothesis import strategies as st
from lxml import etree

from fravaer.paths import SCHEMA_DIR

XS = "http://www.w3.org/2001/XMLSchema"
TNS = "urn:fravaer:1"
_X = f"{{{XS}}}"
MAKS_GENTAGELSER = 3  # occurrences of a repeated element at most (beyond its minOccurs)

# values of the demo data (tests/server.py --demo, service/demo.py), by element name
KENDTE = {
    "Tjenestenummer": ["10000001", "10000002", "10000003", "10000004", "20000001"],
    "CPRNummer": ["0101801234", "0202851234", "0303901234"],
    "Loebenummer": ["1", "2"],
    "Institution": ["DEMO", "DEMO2"],
    "FastAarsagskode": ["100", "110", "500", "505", "600", "700", "770", "800"],
    "Aarsagskode": ["100", "500"],
}


@cache
def _globale() -> dict[tuple[str, str], etree._Element]:
    """(kind, name) → declaration, for every global element, type and group of schemas/."""
    navne: dict[tuple[str, str], etree._Element] = {}
    for fil in sorted(SCHEMA_DIR.glob("*.xsd")):
        rod = etree.parse(str(fil)).getroot()
        for e in rod:
            if isinstance(e.tag, str) and e.get("name"):
                navne[(etree.QName(e).localname, e.get("name"))] = e
    return navne


def _opslag(art: str, navn: str) -> etree._Element:
    return _globale()[(art, navn.split(":")[-1])]


def anmodning(operation: str) -> st.SearchStrategy[etree._Element]:
    """The request element of `operation` (urn:fravaer:1)."""
    return _element(_opslag("element", operation), 0).map(lambda xs: xs[0])


def _element(decl, dybde: int) -> st.SearchStrategy[list[etree._Element]]:
    """A list of one element made after `decl` (occurrences are the particle's business)."""
    navn = decl.get("name")
    typ = decl.get("type")
    if typ is not None and typ.startswith("xs:"):
        indhold = _vaerdi_kendt(navn, _simpel_indbygget(typ[3:], {}))
        return indhold.map(lambda v: [_blad(navn, v)])
    if typ is not None:
        kompleks = ("complexType", typ.split(":")[-1]) in _globale()
        defn = _opslag("complexType" if kompleks else "simpleType", typ)
    else:
        defn = next(c for c in decl if isinstance(c.tag, str) and c.tag in (
            _X + "complexType", _X + "simpleType"))
    if defn.tag == _X + "simpleType":
        return _vaerdi_kendt(navn, _simpel(defn)).map(lambda v: [_blad(navn, v)])
    return _kompleks(defn, dybde).map(lambda born: [_med_born(navn, born)])


def _blad(navn: str, vaerdi: str) -> etree._Element:
    e = etree.Element(f"{{{TNS}}}{navn}")
    e.text = vaerdi
    return e


def _med_born(navn: str, born: list[etree._Element]) -> etree._Element:
    e = etree.Element(f"{{{TNS}}}{navn}")
    e.extend(born)
    return e


def _kompleks(defn, dybde: int) -> st.SearchStrategy[list[etree._Element]]:
    dele = [c for c in defn if isinstance(c.tag, str) and c.tag != _X + "annotation"]
    if not dele:
        return st.just([])
    (del_,) = dele
    if del_.tag == _X + "complexContent":
        (udvidelse,) = [c for c in del_ if isinstance(c.tag, str) and c.tag == _X + "extension"]
        basis = _kompleks(_opslag("complexType", udvidelse.get("base")), dybde)
        mere = [c for c in udvidelse if isinstance(c.tag, str) and c.tag != _X + "annotation"]
        tilfoejet = _partikel(mere[0], dybde) if mere else st.just([])
        return st.tuples(basis, tilfoejet).map(lambda t: t[0] + t[1])
    return _partikel(del_, dybde)


def _partikel(p, dybde: int) -> st.SearchStrategy[list[etree._Element]]:
    """sequence, choice, group ref or element, with its minOccurs/maxOccurs."""
    mindst = int(p.get("minOccurs", "1"))
    hoejst = p.get("maxOccurs", "1")
    hoejst = mindst + MAKS_GENTAGELSER if hoejst == "unbounded" else min(
        int(hoejst), mindst + MAKS_GENTAGELSER)
    if dybde > 12:
        hoejst = mindst
    tag = etree.QName(p).localname
    if tag == "element":
        en = _element(p, dybde + 1)
    elif tag == "sequence":
        born = [_partikel(c, dybde + 1) for c in p if isinstance(c.tag, str) and c.tag != _X + "annotation"]
        en = st.tuples(*born).map(lambda t: [e for d in t for e in d])
    elif tag == "choice":
        en = st.one_of(*[_partikel(c, dybde + 1) for c in p
                         if isinstance(c.tag, str) and c.tag != _X + "annotation"])
    elif tag == "group":
        gruppe = _opslag("group", p.get("ref"))
        (indre,) = [c for c in gruppe if isinstance(c.tag, str) and c.tag != _X + "annotation"]
        en = _partikel(indre, dybde + 1)
    else:
        raise NotImplementedError(f"xs:{tag} er ikke understøttet her")
    return st.lists(en, min_size=mindst, max_size=hoejst).map(lambda ls: [e for d in ls for e in d])


def _vaerdi_kendt(navn: str, strategi: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    if navn in KENDTE:
        return st.one_of(st.sampled_from(KENDTE[navn]), strategi)
    return strategi


# ------------------------------------------------------------------------------ simple types

def _simpel(defn) -> st.SearchStrategy[str]:
    """A simpleType: its restriction's facets over its base (a built-in or another simpleType)."""
    (r,) = [c for c in defn if isinstance(c.tag, str) and c.tag == _X + "restriction"]
    facetter: dict[str, list[str]] = {}
    base = r.get("base")
    while True:
        for f in r:
            if isinstance(f.tag, str) and f.tag != _X + "annotation":
                facetter.setdefault(etree.QName(f).localname, []).append(f.get("value"))
        if base.startswith("xs:"):
            return _simpel_indbygget(base[3:], facetter)
        (r,) = [c for c in _opslag("simpleType", base)
                if isinstance(c.tag, str) and c.tag == _X + "restriction"]
        base = r.get("base")


_TEKST = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn"))
_INT = {"int": (-2**31, 2**31 - 1), "long": (-2**63, 2**63 - 1)}
_ZONER = ["", "Z", "+14:00", "-14:00", "+00:00", "+01:00", "-12:00"]


def _simpel_indbygget(typ: str, facetter: dict[str, list[str]]) -> st.SearchStrategy[str]:
    if "enumeration" in facetter:
        return st.sampled_from(facetter["enumeration"])
    if typ == "string":
        s = _streng(facetter)
    elif typ in _INT:
        s = _heltal(facetter, *_INT[typ])
    elif typ == "decimal":
        s = _decimal(facetter)
    elif typ == "boolean":
        s = st.sampled_from(["true", "false", "1", "0"])
    elif typ == "date":
        s = st.builds(lambda d, z: d.isoformat() + z, _datoer(), st.sampled_from(_ZONER))
    elif typ == "dateTime":
        s = st.builds(lambda d, t, z: f"{d.isoformat()}T{t}{z}", _datoer(), _klokken(),
                      st.sampled_from(_ZONER))
    elif typ == "time":
        s = st.builds(lambda t, z: t + z, _klokken(), st.sampled_from(_ZONER))
    else:
        raise NotImplementedError(f"xs:{typ} er ikke understøttet her")
    for moenster in facetter.get("pattern", []):
        if typ != "string":  # a pattern over another type: generate the type, keep the matches
            s = s.filter(re.compile(moenster).fullmatch)
    return s


def _streng(facetter) -> st.SearchStrategy[str]:
    if "pattern" in facetter:
        (moenster,) = facetter["pattern"]
        # XSD's \d is any decimal digit: Python's too (str patterns); the XSD engine agrees
        return st.from_regex(moenster, fullmatch=True)
    mindst = int(facetter.get("minLength", ["0"])[0])
    hoejst = int(facetter.get("maxLength", [str(mindst + 40)])[0])
    return st.one_of(st.text(_TEKST, min_size=mindst, max_size=min(hoejst, mindst + 40)),
                     st.just("x" * hoejst))


def _heltal(facetter, lav: int, hoej: int) -> st.SearchStrategy[str]:
    if "minInclusive" in facetter:
        lav = max(lav, int(facetter["minInclusive"][0]))
    if "minExclusive" in facetter:
        lav = max(lav, int(facetter["minExclusive"][0]) + 1)
    if "maxInclusive" in facetter:
        hoej = min(hoej, int(facetter["maxInclusive"][0]))
    if "maxExclusive" in facetter:
        hoej = min(hoej, int(facetter["maxExclusive"][0]) - 1)
    graenser = [v for v in (lav, lav + 1, 0, 1, hoej - 1, hoej) if lav <= v <= hoej]
    return st.one_of(st.sampled_from(graenser), st.integers(lav, hoej)).map(str)


def _decimal(facetter) -> st.SearchStrategy[str]:
    decimaler = int(facetter.get("fractionDigits", ["6"])[0])
    cifre = int(facetter.get("totalDigits", ["18"])[0])
    stoerst = Decimal(10) ** (cifre - decimaler) - Decimal(1).scaleb(-decimaler)
    lav = Decimal(facetter["minInclusive"][0]) if "minInclusive" in facetter else -stoerst
    hoej = Decimal(facetter["maxInclusive"][0]) if "maxInclusive" in facetter else stoerst
    if "minExclusive" in facetter:
        lav = max(lav, Decimal(facetter["minExclusive"][0]) + Decimal(1).scaleb(-decimaler))
    graenser = [v for v in (lav, hoej, Decimal(0), Decimal("0.01"), Decimal("-0.01")) if lav <= v <= hoej]
    return st.one_of(st.sampled_from(graenser),
                     st.decimals(lav, hoej, places=decimaler, allow_nan=False, allow_infinity=False)
                     ).map(lambda d: format(d, "f"))


def _datoer():
    from datetime import date

    return st.one_of(st.sampled_from([date.min, date.max, date(1900, 2, 28), date(2000, 2, 29),
                                      date(9999, 12, 30), date(1, 1, 2)]),
                     st.dates(), st.dates(date(2015, 1, 1), date(2035, 12, 31)))


def _klokken():
    return st.one_of(st.sampled_from(["00:00:00", "23:59:59", "24:00:00", "12:00:00.5"]),
                     st.times().map(lambda t: t.strftime("%H:%M:%S")))
