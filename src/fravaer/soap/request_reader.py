"""Reading a request: the XSD is the only description of it. How to declare an operation's request
reader and answer writer.

The protocol (protocol.py) parses the body once and validates it against schemas/<Service>.xsd.
Then, instead of letting spyne map the tree to objects of spyne types that repeat the XSD by hand
(and cost tens of µs per element), the validated tree is read here by a table built once per
process from the XSD's own declarations: for each element of the operation's complexType its
name, its XSD simple type (xs:date → date, xs:int → int, xs:decimal → Decimal, xs:boolean → bool,
xs:dateTime → datetime, xs:time → time, strings as written) and whether it repeats. spyne stays
the service definition and the dispatcher (which method a body's element calls, faults, events);
the WSDLs are the files of wsdl/, not spyne's.

How to declare an operation (the pattern for every new one):

1. The contract: the request element `Navn` and the answer element `NavnSvar` in
   schemas/<Service>.xsd (and the operation in wsdl/<Service>.wsdl, samples in schemas/samples/).
2. The method, in soap/<service>.py::

       from fravaer.soap.request_reader import operation

       class FravaerService(ServiceBase):
           @operation("Navn")
           def Navn(ctx, r):
               def svar():
                   resultat = tjeneste(ctx).use_case(mapping.navn(r), bruger(ctx))
                   return s.element("NavnSvar", s.felt("Felt", resultat.felt) + ...)
               return kald(ctx, svar)

   `r` is the request read by the XSD: one attribute per child element the XSD declares, named as
   in the XSD (r.FraDato, r.Ansaettelse.Tjenestenummer); an absent optional element is None, an
   absent repeated one an empty tuple, a repeated one a list. No spyne type is written.
3. The request mapping (wire → use case, no rules): a small function in soap/mapping.py (or the
   operation's own module, as soap/masse.py), e.g. `mapping.anmodning(r)`.
4. The answer writer: text in the XSD's element order with soap/svar.py's `felt`/`element` (and
   the shared writers: `haendelse`, `ansaettelse`, `meddelelser`), wrapped by `s.element(...)`
   (or an lxml element, `s.element_trae`: the direct path, soap/direct_path.py, writes these two
   kinds and no other); the e2e tests validate every answer against the XSD.
5. Faults: raise `Afvist` in the use case; `kald` makes it soap:Client with every Meddelelse. A
   value the XSD lets through but Python cannot hold (a date in year 10000) is answered X001 with
   the element's path, as a schema error is.

The table is built from the XSD the service validates against (`Laesere(skemafil)`), so adding
an element to the XSD adds it to `r`; nothing else to keep in step. It reads what the contract
uses: xs:sequence, xs:choice, xs:all, group references, complexContent extensions, simple types by
restriction; a construct beyond these (a repeated group, an element ref, a list type) raises
NotImplementedError when the service starts (tests/unit/test_laesning.py builds every reader)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from lxml import etree
from spyne import AnyXml, ComplexModel, rpc

from fravaer.paths import SCHEMA_DIR
from fravaer.soap.schemas import sikker_parser
from fravaer.soap.value_limits import at_kontrollere

TNS = "urn:fravaer:1"
_XS = "{http://www.w3.org/2001/XMLSchema}"


class UlaeseligVaerdi(ValueError):
    """A value the schema accepted that cannot be read into its Python type."""

    def __init__(self, element, fejl: str):
        super().__init__(fejl)
        self.element = element


class Anmodningsdel:
    """A read complexType: one attribute per declared element (class defaults: None, or () for
    a repeated one); the instance's dict holds those present."""

    __felter__: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and vars(self) == vars(other)
    # (no __hash__: a class that defines __eq__ alone is unhashable)


# ---------------------------------------------------------------- simple types


_DATO = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)(?:Z|[+-]\d\d:\d\d)?")


def _dato(tekst: str) -> date:
    """xs:date; the zone, if any, is dropped (as spyne did)."""
    if len(tekst) == 10 and tekst[4] == "-" and tekst[7] == "-":
        try:  # YYYY-MM-DD, most dates: read in C (a mass registration reads thousands)
            return date.fromisoformat(tekst)
        except ValueError:
            pass  # not a day: refused below, in the same words as any other
    m = _DATO.fullmatch(tekst.strip())
    if m is None:
        raise ValueError(f"{tekst!r} er ingen dato")
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _tidspunkt(tekst: str) -> datetime:
    """xs:dateTime: with Z or an offset an aware datetime, without one a naive one."""
    return datetime.fromisoformat(tekst.strip())


def _klokkeslaet(tekst: str) -> time:
    """xs:time, without its zone (as spyne did)."""
    t = time.fromisoformat(tekst.strip())
    return t.replace(tzinfo=None)


def _decimal(tekst: str) -> Decimal:
    try:
        return Decimal(tekst.strip())
    except InvalidOperation:
        raise ValueError(f"{tekst!r} er intet tal") from None


def _boolsk(tekst: str) -> bool:
    return tekst.strip() in ("true", "1")


_INDBYGGET: dict[str, Any] = {
    "string": str, "normalizedString": str, "token": str, "anyURI": str,
    "int": int, "integer": int, "long": int, "short": int, "byte": int, "nonNegativeInteger": int,
    "positiveInteger": int, "unsignedInt": int, "unsignedShort": int, "unsignedLong": int,
    "decimal": _decimal, "boolean": _boolsk, "date": _dato, "dateTime": _tidspunkt, "time": _klokkeslaet,
}


_TID = (_dato, _tidspunkt, _klokkeslaet)


# ---------------------------------------------------------------- the table from the XSD


class _Skema:
    """The global declarations of an XSD file and the files it includes."""

    def __init__(self, skemafil: str):
        self.elementer: dict[str, etree._Element] = {}
        self.komplekse: dict[str, etree._Element] = {}
        self.simple: dict[str, etree._Element] = {}
        self.grupper: dict[str, etree._Element] = {}
        self._laes(skemafil, set())
        # by the complexType node's place (file, path): an lxml proxy's id() is reused once the proxy
        # is collected, so an anonymous type found again could take another's reader
        self.klasser: dict[tuple[str, str], type] = {}
        self.felter: dict[tuple[str, str], dict] = {}

    def _laes(self, fil: str, set_: set[str]) -> None:
        if fil in set_:
            return
        set_.add(fil)
        rod = etree.parse(str(SCHEMA_DIR / fil), sikker_parser()).getroot()
        for d in rod:
            navn = d.get("name")
            if d.tag == f"{_XS}include":
                self._laes(d.get("schemaLocation"), set_)
            elif d.tag == f"{_XS}element":
                self.elementer[navn] = d
            elif d.tag == f"{_XS}complexType":
                self.komplekse[navn] = d
            elif d.tag == f"{_XS}simpleType":
                self.simple[navn] = d
            elif d.tag == f"{_XS}group":
                self.grupper[navn] = d

    # a type named by a QName: xs:… is built in, anything else one of ours
    def _simpel(self, qnavn: str | None, node=None):
        while True:
            if qnavn is not None:
                prefiks, _, lokal = qnavn.rpartition(":")
                if prefiks == "xs":
                    return _INDBYGGET[lokal]
                node = self.simple[lokal]
            restriktion = node.find(f"{_XS}restriction")
            if restriktion is None:  # a list or union: not used by the contract
                raise NotImplementedError(f"simpleType {node.get('name')}: kun restriction læses")
            qnavn, node = restriktion.get("base"), None

    def laeser_for_element(self, decl) -> tuple:
        """(the function reading an element of this declaration, whether it repeats)."""
        art, funktion, mange = self._art(decl)
        return (_blad(funktion) if art is not _KOMPLEKS else funktion), mange

    def _art(self, decl) -> tuple:
        """(how an element of this declaration is read — _TEKST, _KONVERTERET or _KOMPLEKS —,
        its converter or its complex reader, whether it repeats)."""
        mange = decl.get("maxOccurs", "1") != "1"
        typ = decl.get("type")
        if typ is not None:
            lokal = typ.rpartition(":")[2]
            if not typ.startswith("xs:") and lokal in self.komplekse:
                return _KOMPLEKS, self.kompleks(lokal, self.komplekse[lokal]), mange
            konverter = self._simpel(typ)
        else:
            inde = decl.find(f"{_XS}complexType")
            if inde is not None:
                return _KOMPLEKS, self.kompleks(decl.get("name"), inde), mange
            konverter = self._simpel(None, decl.find(f"{_XS}simpleType"))
        return (_TEKST if konverter is str else _KONVERTERET), konverter, mange

    def er_tid(self, decl) -> bool:
        """Whether an element declaration is of a date, dateTime or time type (directly or by a
        simpleType's restriction)."""
        if decl.get("type") is None and decl.find(f"{_XS}simpleType") is None:
            return False  # an anonymous complexType
        typ = decl.get("type")
        if typ is not None and not typ.startswith("xs:") and typ.rpartition(":")[2] in self.komplekse:
            return False
        return self._simpel(typ, None if typ is not None else decl.find(f"{_XS}simpleType")) in _TID

    def tidselementer(self, decl, besoegt: set | None = None) -> set[str]:
        """The names of the date, dateTime and time elements an element of this declaration may
        hold (itself included), through every complexType below it."""
        besoegt = set() if besoegt is None else besoegt
        navne: set[str] = set()
        if self.er_tid(decl):
            navne.add(decl.get("name"))
            return navne
        typ = decl.get("type")
        if typ is not None:
            lokal = typ.rpartition(":")[2]
            node = self.komplekse.get(lokal) if not typ.startswith("xs:") else None
        else:
            node = decl.find(f"{_XS}complexType")
        if node is None:
            return navne
        trae = node.getroottree()
        nogle = (trae.docinfo.URL or "", trae.getpath(node))
        if nogle in besoegt:
            return navne
        besoegt.add(nogle)
        for barn in self._elementer(node):
            navne |= self.tidselementer(barn, besoegt)
        return navne

    def kompleks(self, navn: str, node):
        """The reader of a complexType (named, or the anonymous type of element `navn`)."""
        trae = node.getroottree()
        nogle = (trae.docinfo.URL or "", trae.getpath(node))
        if nogle not in self.felter:
            felter: dict[str, tuple] = {}
            for decl in self._elementer(node):
                art, funktion, mange = self._art(decl)
                felter[f"{{{TNS}}}{decl.get('name')}"] = (decl.get("name"), art, funktion, mange)
            self.felter[nogle] = felter
            standard = {n: (() if m else None) for n, _, _, m in felter.values()}
            self.klasser[nogle] = type(navn, (Anmodningsdel,), {**standard, "__felter__": tuple(standard)})
        return _kompleks_laeser(self.felter[nogle], self.klasser[nogle])

    def _elementer(self, node):
        """The element declarations of a content model, in order (sequence, choice, group refs,
        complexContent extensions with their base's elements first)."""
        for b in node:
            if b.tag in (f"{_XS}sequence", f"{_XS}choice", f"{_XS}group") \
                    and b.get("maxOccurs", "1") != "1":
                # a repeated group would make its elements repeat: not used by the contract
                raise NotImplementedError("gentagne grupper læses ikke")
            if b.tag == f"{_XS}element":
                if b.get("ref") is not None:  # not used by the contract
                    raise NotImplementedError(f"element ref={b.get('ref')} læses ikke")
                yield b
            elif b.tag in (f"{_XS}sequence", f"{_XS}choice", f"{_XS}all"):
                yield from self._elementer(b)
            elif b.tag == f"{_XS}group":
                yield from self._elementer(self.grupper[b.get("ref").rpartition(":")[2]])
            elif b.tag == f"{_XS}complexContent":
                for udv in b:
                    if udv.tag == f"{_XS}extension":
                        yield from self._elementer(self.komplekse[udv.get("base").rpartition(":")[2]])
                        yield from self._elementer(udv)
                    elif udv.tag == f"{_XS}restriction":
                        yield from self._elementer(udv)


# how _kompleks_laeser reads a child: its text as it is, its text converted, a complex reader
_TEKST, _KONVERTERET, _KOMPLEKS = "tekst", "konverteret", "kompleks"


def _blad(konverter):
    def laes(e):
        tekst = e.text
        if konverter is str:
            return tekst or ""
        try:
            return konverter(tekst or "")
        except (ValueError, ArithmeticError, OverflowError) as fejl:
            raise UlaeseligVaerdi(e, f"{tekst!r} kan ikke læses ({fejl})") from None
    return laes


def _kompleks_laeser(felter: dict, klasse: type):
    def laes(e):
        vaerdier: dict = {}
        for b in e:
            f = felter.get(b.tag)
            if f is None:  # a comment or a processing instruction (the XSD allows nothing else)
                continue
            navn, art, funktion, mange = f
            # a leaf read here, as _blad reads it, not by a call each (a request's elements are
            # mostly leaves)
            if art is _TEKST:
                v = b.text or ""
            elif art is _KONVERTERET:
                tekst = b.text
                try:
                    v = funktion(tekst or "")
                except (ValueError, ArithmeticError, OverflowError) as fejl:
                    raise UlaeseligVaerdi(b, f"{tekst!r} kan ikke læses ({fejl})") from None
            else:
                v = funktion(b)
            if mange:
                vaerdier.setdefault(navn, []).append(v)
            else:
                vaerdier[navn] = v
        obj: Any = object.__new__(klasse)  # the spyne model's instance, filled as spyne would
        obj.__dict__ = vaerdier
        return obj
    return laes


class Laesere:
    """The readers of one XSD's global elements, by their {namespace}name, built when first used."""

    def __init__(self, skemafil: str):
        self._skema = _Skema(skemafil)
        self._laesere: dict[str, object] = {}
        self._tidsmaerker: dict[str, tuple[str, ...]] = {}
        self._at_kontrollere: dict[str, tuple[str, ...]] = {}
        # the global elements' {namespace}name, made once: a request asks twice (the judging and
        # the reading), and building the prefix and slicing the tag each time cost more than this
        self._tags = frozenset(f"{{{TNS}}}{navn}" for navn in self._skema.elementer)

    def __contains__(self, tag: str) -> bool:
        return tag in self._tags

    def laeser(self, tag: str):
        """The function reading the global element `tag` ({namespace}name), built once."""
        laeser = self._laesere.get(tag)
        if laeser is None:
            decl = self._skema.elementer[tag[len(TNS) + 2:]]
            laeser = self._laesere[tag] = self._skema.laeser_for_element(decl)[0]
        return laeser

    def tidsmaerker(self, tag: str) -> tuple[str, ...]:
        """The tags of the date, dateTime and time elements the global element `tag` may hold
        (for value_limits: the contract has no xs:any, so a validated request holds no other;
        tests/unit/test_vaerdier.py keeps that true), built once."""
        maerker = self._tidsmaerker.get(tag)
        if maerker is None:
            decl = self._skema.elementer[tag[len(TNS) + 2:]]
            maerker = self._tidsmaerker[tag] = tuple(
                sorted(f"{{{TNS}}}{navn}" for navn in self._skema.tidselementer(decl)))
        return maerker

    def at_kontrollere(self, tag: str) -> tuple[str, ...]:
        """value_limits.at_kontrollere(self.tidsmaerker(tag)): the tags of the element's dates
        that the value check must look at, kept per tag (every request asks it; the tuple's hash
        for at_kontrollere's cache was made anew each time)."""
        maerker = self._at_kontrollere.get(tag)
        if maerker is None:
            maerker = self._at_kontrollere[tag] = at_kontrollere(self.tidsmaerker(tag))
        return maerker

    def laes(self, element):
        """The request read from its validated element; UlaeseligVaerdi for a value that the
        schema accepts and Python cannot hold."""
        return self.laeser(element.tag)(element)


@cache
def laesere(skemafil: str) -> Laesere:
    return Laesere(skemafil)


# ---------------------------------------------------------------- the declaration


@cache
def _besked(navn: str) -> type:
    """A spyne message type that only names the element: spyne dispatches by it, the XSD (not
    spyne) describes and reads it, and answers are written as text (svar.py). spyne refuses an
    empty model as a bare message: one member it never reads."""
    return type(navn, (ComplexModel,), {"__namespace__": TNS, "__type_name__": navn,
                                        "_type_info": [("Indhold", AnyXml)]})


def operation(navn: str):
    """Declare the spyne method of the operation whose request element is `navn` and whose answer
    element is `navn`Svar (both in the service's XSD): the method gets the request read by the
    XSD (see the module's docstring)."""
    ind, ud = _besked(navn), _besked(f"{navn}Svar")
    return rpc(ind, _body_style="bare", _in_message_name=navn, _out_message_name=f"{navn}Svar", _returns=ud)
