"""Answers in the shape of schemas/FravaerService.xsd, written as XML text.

spyne's own serializer costs about 25 µs per element (25 ms for 50 events); building the tree
element by element with lxml still 2.5 ms. Formatting the text costs a fraction of that, and the
text goes into the envelope as it is (protocol.SvarSoap11): parsing it into a tree only to
serialise the tree again cost a tenth of HentHaendelser' answer. The element order here is the
XSD's; the end-to-end and conformance tests validate every answer against the XSD."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from fractions import Fraction
from typing import Literal, overload
from xml.sax.saxutils import escape

from lxml import etree

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Omkostning
from fravaer.domain.haendelse import Haendelse
from fravaer.domain.katalog import Katalog, TidsKrav, barselstyper
from fravaer.domain.kvoter import Barn
from fravaer.domain.maaleenheder import vis_tal, vis_timer
from fravaer.domain.meddelelser import Meddelelse
from fravaer.domain.personale import Arbejdsskadesag, Barselssag
from fravaer.namespaces import TNS
from fravaer.service.haendelser import Aarsag

_TIDSKRAV = {TidsKrav.IKKE: "IkkeTilladt", TidsKrav.VALGFRI: "Valgfri",
             TidsKrav.OBLIGATORISK: "Obligatorisk"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _tekst(v) -> str:
    t = type(v)  # the common types first, by type: an answer writes ten of these per event
    if t is str:
        return escape(v) if "&" in v or "<" in v or ">" in v else v
    if t is int:
        return str(v)
    if isinstance(v, str):
        return escape(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime):
        return v.isoformat().replace("+00:00", "Z")
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def felt(navn: str, v) -> str:
    return "" if v is None else f"<t:{navn}>{_tekst(v)}</t:{navn}>"


# characters XML 1.0 cannot carry (a parse of the answer refused them; a text answer must too)
# (each looked for on its own: `in` finds one character with memchr, a tenth of the time of one
# regular expression over a large answer — a mass registration's is 1–10 MB — and a quarter of
# deleting the allowed bytes from the encoded answer with bytes.translate, which copies it)
_UGYLDIGE = tuple(chr(c) for c in (*range(0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0xfffe, 0xffff))


class Svartekst:
    """An operation's answer element as UTF-8 bytes, which the protocol writes into the envelope
    as they are."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data


# characters: below this a text is first asked isprintable() (one C loop, about 26 instructions a
# character), above it searched for each character at once (about 350 instructions a search,
# whatever the length: 29 of them, the same from about 400 characters)
_KORT_SVAR = 400


def _baerbar(tekst: str) -> bool:
    """Whether `tekst` holds no character of _UGYLDIGE (each of them is unprintable to Python,
    Cc or Cn: a printable text holds none)."""
    if len(tekst) <= _KORT_SVAR and tekst.isprintable():
        return True
    for tegn in _UGYLDIGE:  # (a loop, not any() over a generator: half the cost a search)
        if tegn in tekst:
            return False
    return True


def element(navn: str, indhold: str, soeg_i: str | None = None) -> Svartekst:
    """The answer element `navn` around the already written children. A character XML cannot
    carry (or a lone surrogate) raises ValueError: a server fault (S002), never a broken answer.
    `soeg_i`: when the caller wrote `indhold` of its own text and of values whose text cannot
    hold such a character (numbers, dates, enumerations) but for some text from elsewhere, that
    text (joined), searched instead of all of `indhold` (HentKvoter: 3 MB of quotas, the
    search a twentieth of the request); a lone surrogate fails the encoding wherever it is."""
    tekst = f'<t:{navn} xmlns:t="{TNS}">{indhold}</t:{navn}>'
    if not _baerbar(tekst if soeg_i is None else soeg_i):
        raise ValueError("svaret rummer tegn, som XML ikke kan bære")
    return Svartekst(tekst.encode())


def element_af_dele(navn: str, dele: list[bytes], soeg_i: str = "") -> Svartekst:
    """element(navn, …) of children already encoded (UTF-8 bytes), joined once into the answer:
    no text of a large answer (HentKvoter: 3 MB) made and copied twice more, by the f-string
    and the encoding. `dele[0]` is left empty by the caller and here made the start tag (the
    list not copied to put it first); `soeg_i` as element's: the caller's text from elsewhere
    not judged already (ansaettelsesbytes), searched for the same characters. An unencodable
    text (a lone surrogate) fails the caller's encoding."""
    if soeg_i and not _baerbar(soeg_i):
        raise ValueError("svaret rummer tegn, som XML ikke kan bære")
    dele[0] = f'<t:{navn} xmlns:t="{TNS}">'.encode()
    dele.append(f"</t:{navn}>".encode())
    return Svartekst(b"".join(dele))


def element_trae(navn: str, indhold: str) -> etree._Element:
    """The same as a tree, for an answer that is built further element by element."""
    return etree.fromstring(f'<t:{navn} xmlns:t="{TNS}">{indhold}</t:{navn}>', _PARSER)


def ansaettelse(navn: str, a: Ansaettelse) -> str:
    return (f"<t:{navn}>{felt('Tjenestenummer', a.tjenestenummer)}{felt('CPRNummer', a.cpr)}"
            f"{felt('Loebenummer', a.loebenummer)}</t:{navn}>")


def delsum(a: Ansaettelse, dage, minutter: int) -> str:
    """One employment's part of a count per person (DelsumType)."""
    return (f"<t:Delsum>{ansaettelse('Ansaettelse', a)}{felt('Dage', vis_tal(dage))}"
            f"{felt('Minutter', minutter)}</t:Delsum>")


def haendelse(navn: str, h: Haendelse, a: Ansaettelse, katalog: Katalog,
              omk: Omkostning | None = None, tekst: str | None = None) -> str:
    return Gentagne(katalog).haendelse(navn, h, a, omk, tekst)


def haendelse_svar(svarnavn: str, navn: str, h: Haendelse, a: Ansaettelse, katalog: Katalog,
                   omk: Omkostning | None = None, tekst: str | None = None, efter: str = "") -> Svartekst:
    """element(svarnavn, haendelse(navn, …) + efter): a write's answer, the search for characters
    XML cannot carry made only over the text that came from outside (Gentagne.fremmede) and
    `efter` (the advis), not over the event's own tags, numbers, dates and status (isprintable
    over all of an OpretHaendelse's answer: 12,000 instructions more, issue 13)."""
    g = Gentagne(katalog)
    foer, kode, efter_kode = g.haendelse(navn, h, a, omk, tekst, True)
    if not _baerbar("".join(g.fremmede) + efter):
        raise ValueError("svaret rummer tegn, som XML ikke kan bære")
    start, slut = _SVARRAMMER.get(svarnavn) or _svarramme(svarnavn)
    # Python encodes a text that holds any character beyond ASCII a character at a time (the
    # code's text, "Ferie med løn": 8,000 instructions for an OpretHaendelse's answer, issue 13);
    # UTF-8 of a concatenation is the concatenation of the parts' UTF-8, so the code with its
    # text is encoded once per process (_KODEBYTES) and the rest, ASCII as a rule, copied as is
    kodebytes = _KODEBYTES.get(kode)
    if kodebytes is None:
        if len(_KODEBYTES) >= _TEKSTER_MAKS:
            _KODEBYTES.clear()
        kodebytes = _KODEBYTES[kode] = kode.encode()
    return Svartekst(b"".join((start, foer.encode(), kodebytes, efter_kode.encode(), efter.encode(), slut)))


# a write's answer element's start and end tags (as element writes them), per answer name
_SVARRAMMER: dict[str, tuple[bytes, bytes]] = {}
_KODEBYTES: dict[str, bytes] = {}  # a code with its text (haendelse's), encoded; bounded


def _svarramme(svarnavn: str) -> tuple[bytes, bytes]:
    ramme = _SVARRAMMER[svarnavn] = (f'<t:{svarnavn} xmlns:t="{TNS}">'.encode(), f"</t:{svarnavn}>".encode())
    return ramme


def haendelser(navn: str, fundne: Iterable[tuple[Haendelse, Ansaettelse, Omkostning | None]],
               katalog: Katalog) -> str:
    """The elements of many events (a read's answer): what repeats between them — an
    employment's element, a code with its text, a status, a date — written once (writing each
    anew was a fifth of HentHaendelser' CPU time)."""
    g = Gentagne(katalog)
    return "".join([g.haendelse(navn, h, a, omk) for h, a, omk in fundne])


def haendelser_svar(svarnavn: str, navn: str,
                    fundne: Iterable[tuple[Haendelse, Ansaettelse, Omkostning | None]],
                    katalog: Katalog) -> Svartekst:
    """element(svarnavn, haendelser(navn, fundne, katalog)), the search for characters XML
    cannot carry made only over the text that came from outside (Gentagne.fremmede): the rest
    is our own tags, numbers, dates and statuses."""
    g = Gentagne(katalog)
    tekst = "".join([g.haendelse(navn, h, a, omk) for h, a, omk in fundne])
    return element(svarnavn, tekst, "".join(g.fremmede))


# The texts of the dates and UTC timestamps written, kept between answers (a read's answer writes
# two of each per event, and date/datetime.isoformat format through printf: the timestamps' a
# tenth of a HentHaendelser of 200 on SQLite); bounded, emptied when full.
_DATOTEKSTER: dict[date, str] = {}
_TIDSTEKSTER: dict[datetime, str] = {}
_TEKSTER_MAKS = 8192


def datotekst(d: date) -> str:
    """d.isoformat(), kept (_DATOTEKSTER): a date is formatted once per process, not per element."""
    tekst = _DATOTEKSTER.get(d)
    if tekst is None:
        if len(_DATOTEKSTER) >= _TEKSTER_MAKS:
            _DATOTEKSTER.clear()
        tekst = _DATOTEKSTER[d] = d.isoformat()
    return tekst


# The shown texts of amounts (vis_tal, vis_timer: the domain rounds; kept here is only its
# result), by the exact value's numerator and denominator (hashing a Fraction is a Python call;
# its two slots are read directly): a quota's seven amounts are few values, and Timer's text
# costs two Fraction operations each (som_timer). Bounded like the dates'.
_TALTEKSTER: dict[tuple[int, int], str] = {}
_TIMETEKSTER: dict[tuple[int, int], str] = {}


def _kept_efter_vaerdi(v: Fraction, kept: dict[tuple[int, int], str],
                       vis: Callable[[Fraction], str]) -> str:
    """vis(v), kept in `kept` by v's value when a Fraction (emptied when full)."""
    if type(v) is not Fraction:
        return vis(v)
    noegle = (v._numerator, v._denominator)  # type: ignore[attr-defined]  # (its __slots__)
    tekst = kept.get(noegle)
    if tekst is None:
        if len(kept) >= _TEKSTER_MAKS:
            kept.clear()
        tekst = kept[noegle] = vis(v)
    return tekst


def taltekst(v: Fraction) -> str:
    """vis_tal(v), kept by its value (every quota's amount)."""
    return _kept_efter_vaerdi(v, _TALTEKSTER, vis_tal)


def timetekst(v: Fraction) -> str:
    """vis_timer(v) (days shown as hours), kept by its value."""
    return _kept_efter_vaerdi(v, _TIMETEKSTER, vis_timer)


def _tidstekst(t: datetime) -> str:
    """A timestamp as written (UTC as Z). Kept only for UTC ones: equal aware times of other
    zones are equal keys but written otherwise."""
    global _SIDSTE_TID
    if t.tzinfo is not UTC:
        return t.isoformat().replace("+00:00", "Z")
    tekst = _TIDSTEKSTER.get(t)
    if tekst is None:
        if len(_TIDSTEKSTER) >= _TEKSTER_MAKS:
            _TIDSTEKSTER.clear()
        tekst = _TIDSTEKSTER[t] = t.isoformat().replace("+00:00", "Z")
    _SIDSTE_TID = (t, tekst)  # one tuple, swapped whole: safe for threads and greenlets
    return tekst


# The last UTC timestamp written and its text, by identity: a write's event is stamped with the
# service clock's one object a second (clock.utc_nu), so the writes of a second find it here
# without hashing it for _TIDSTEKSTER (an aware datetime's hash asks its zone's offset: 7,000
# instructions an OpretHaendelse, issue 13).
_SIDSTE_TID: tuple[datetime | None, str] = (None, "")


class Gentagne:
    """The fragments of one answer that repeat between its events, each written once: an
    employment's element and a cost's elements (by identity, each kept with its text so that its
    id stays its own: one-day events share their cost, Arbejdstid.hel_dag), a code with its text,
    the end of an element of a status, a timestamp (by identity: a mass registration's events
    share their write's one `nu`). `fremmede`: the written text that came from outside (an
    employment's keys, a code and its text, an event's id, its optional fields and reason), for
    haendelser_svar's search — but for an employment's and a code's kept text judged already
    (_BAERBARE)."""

    __slots__ = ("_slut", "_tid", "ansaettelser", "fremmede", "katalog", "koder", "priser", "slutter")

    def __init__(self, katalog: Katalog):
        self.katalog = katalog
        self.ansaettelser: dict[int, tuple[Ansaettelse, str]] = {}
        self.priser: dict[int, tuple[Omkostning, str]] = {}
        self.koder: dict[str, str] = {}
        self.slutter: dict[tuple[int, str], str] = {}
        self.fremmede: list[str] = []
        self._tid: tuple[datetime | None, str] = (None, "")
        self._slut: tuple[object, str, str] = (None, "", "")

    def ansaettelse(self, a: Ansaettelse) -> str:
        """ansaettelse("Ansaettelse", a)."""
        kendt = self.ansaettelser.get(id(a))
        if kendt is None:
            kendt = self.ansaettelser[id(a)] = (a, _ansaettelsestekst(a))
            if kendt[1] not in _BAERBARE:
                self.fremmede.append(kendt[1])
        return kendt[1]

    def _tidspunkt(self, t: datetime) -> str:
        sidste = self._tid
        if sidste[0] is t:
            return sidste[1]
        tekst = _tidstekst(t)
        self._tid = (t, tekst)
        return tekst

    @overload
    def haendelse(self, navn: str, h: Haendelse, a: Ansaettelse, omk: Omkostning | None = None,
                  tekst: str | None = None, dele: Literal[False] = False) -> str: ...

    @overload
    def haendelse(self, navn: str, h: Haendelse, a: Ansaettelse, omk: Omkostning | None,
                  tekst: str | None, dele: Literal[True]) -> tuple[str, str, str]: ...

    def haendelse(self, navn: str, h: Haendelse, a: Ansaettelse, omk: Omkostning | None = None,
                  tekst: str | None = None, dele: bool = False) -> str | tuple[str, str, str]:
        """The event's element `navn` (EventType; `tekst`: the code's text when not the catalogue's).
        The dates' and timestamps' texts looked up in place, not by a call each (a read's answer
        writes four per event). `dele`: as three texts, before the code, the code with its text
        (one of _KODETEKSTER's), after it — their concatenation."""
        global _SIDSTE_TID
        d = h.data
        fremmede = self.fremmede
        kendt = self.ansaettelser.get(id(a))
        if kendt is None:
            kendt = self.ansaettelser[id(a)] = (a, _ansaettelsestekst(a))
            if kendt[1] not in _BAERBARE:
                fremmede.append(kendt[1])
        ans = kendt[1]
        kode_tekst = self.koder.get(d.kode) if tekst is None else None
        if kode_tekst is None:
            if tekst is None:
                kode = self.katalog.kode(d.kode)
                kode_tekst = _kodetekst(d.kode, kode.navn if kode else "")
                self.koder[d.kode] = kode_tekst
            else:
                kode_tekst = _kodetekst(d.kode, tekst)
            if kode_tekst not in _BAERBARE:
                fremmede.append(kode_tekst)
        fremmede.append(h.id)
        fra, til, minutter = d.fra, d.til, d.minutter
        fratekst = _DATOTEKSTER.get(fra) or datotekst(fra)
        if til is None:
            tildato = kalenderdage = ""
        elif til == fra:  # a one-day event, the usual one
            tildato, kalenderdage = f"<t:TilDato>{fratekst}</t:TilDato>", _EN_KALENDERDAG
        else:
            tildato = f"<t:TilDato>{_DATOTEKSTER.get(til) or datotekst(til)}</t:TilDato>"
            kalenderdage = f"<t:Kalenderdage>{(til - fra).days + 1}</t:Kalenderdage>"
        if minutter is None:
            pr_dag = ""
        else:
            timer, minutter = divmod(minutter, 60)
            pr_dag = f"<t:TimerPrDag>{timer}</t:TimerPrDag><t:MinutterPrDag>{minutter}</t:MinutterPrDag>"
        if omk is None:
            omkostning = ""
        else:  # a cost shared by many one-day events (Arbejdstid.hel_dag) written once
            pris = self.priser.get(id(omk))
            if pris is None:
                pris = self.priser[id(omk)] = (omk, _omkostningstekst(omk))
            omkostning = pris[1]
        # the optional fields only where given (most are not: a mass registration's answer writes
        # ten thousand events)
        valgfri = ""
        if d.barnenummer is None and d.bemaerkning is None and d.barselssag_id is None \
                and d.arbejdsskadesag is None and d.tjenestefriaarsag is None:
            if d.ferieaar is not None:  # the Ferieaar alone, the usual: felt's text, not its call
                valgfri = f"<t:Ferieaar>{_tekst(d.ferieaar)}</t:Ferieaar>"
                if type(d.ferieaar) is not int:  # (a number's text holds nothing to search)
                    fremmede.append(valgfri)
        else:
            # each written only where given (felt's call for each of the others cost more than
            # the one written)
            valgfri = "".join([felt(n, v) for n, v in (
                ("Barnenummer", d.barnenummer), ("Ferieaar", d.ferieaar), ("Bemaerkning", d.bemaerkning),
                ("BarselssagID", d.barselssag_id), ("Arbejdsskadesag", d.arbejdsskadesag),
                ("Tjenestefriaarsag", d.tjenestefriaarsag)) if v is not None])
            fremmede.append(valgfri)
        # a new event's Aendret is its Oprettet, written once (equal times in the same zone are
        # written alike, whether or not the same object)
        o, ae = h.oprettet, h.aendret
        sidste = self._tid
        if sidste[0] is o:
            oprettet = sidste[1]
        elif (senest := _SIDSTE_TID)[0] is o:  # the process's last (a write's: the clock's second)
            oprettet = senest[1]
            self._tid = senest
        else:  # _tidspunkt's lookup in place (a read's events are mostly of different times)
            kendt_tid = _TIDSTEKSTER.get(o) if o.tzinfo is UTC else None
            if kendt_tid is None:
                oprettet = self._tidspunkt(o)
            else:
                oprettet = kendt_tid
                self._tid = _SIDSTE_TID = (o, oprettet)
        aendret = oprettet if ae is o or (ae == o and ae.tzinfo is o.tzinfo) else self._tidspunkt(ae)
        status = h.status
        if h.begrundelse is None:
            # the last one written, else by the status' identity (its members are singletons:
            # hashing an enum member is a call)
            slut_ = self._slut
            if slut_[0] is status and slut_[1] == navn:
                slut = slut_[2]
            else:
                kendt_slut = self.slutter.get((id(status), navn))
                if kendt_slut is None:
                    kendt_slut = self.slutter[(id(status), navn)] = _sluttekst(status, navn)
                slut = kendt_slut
                self._slut = (status, navn, slut)
        else:
            slut = (f"</t:Aendret><t:Status>{_tekst(status.value)}</t:Status>"
                    f"{felt('Begrundelse', h.begrundelse)}</t:{navn}>")
            fremmede.append(slut)
        if dele:  # (a write's answer: haendelse_svar) the same text in three parts
            return (f"<t:{navn}><t:HaendelseID>{h.id}</t:HaendelseID><t:Version>{h.version}</t:Version>{ans}",
                    kode_tekst,
                    f"<t:FraDato>{fratekst}</t:FraDato>{tildato}{pr_dag}{omkostning}"
                    f"{kalenderdage}{valgfri}<t:Oprettet>{oprettet}</t:Oprettet><t:Aendret>{aendret}{slut}")
        return (f"<t:{navn}><t:HaendelseID>{h.id}</t:HaendelseID><t:Version>{h.version}</t:Version>"
                f"{ans}{kode_tekst}<t:FraDato>{fratekst}</t:FraDato>{tildato}{pr_dag}{omkostning}"
                f"{kalenderdage}{valgfri}<t:Oprettet>{oprettet}</t:Oprettet><t:Aendret>{aendret}{slut}")


_EN_KALENDERDAG = "<t:Kalenderdage>1</t:Kalenderdage>"

# Fragments that repeat between answers, kept for the process (as the dates' texts above): a
# write's answer is one event, whose Gentagne writes each anew (issue 13: a sixth of an
# OpretHaendelse's answer). Keyed by what they are written from, bounded, emptied when full.
_KODETEKSTER: dict[tuple[str, str], str] = {}
_SLUTTEKSTER: dict[tuple[int, str], str] = {}  # by the status' identity: members are singletons
_OMKOSTNINGSTEKSTER: dict[tuple[int, int, int], str] = {}


_ANSAETTELSESTEKSTER: dict[tuple, str] = {}

# The kept fragments above found to hold no character XML cannot carry (_baerbar), judged once
# when written: an answer's search (Gentagne.fremmede) then leaves them out (an OpretHaendelse's
# employment and code: two thirds of what it searched). Bounded like the caches; a text not
# here is searched as before.
_BAERBARE: set[str] = set()


def _bedoemt(tekst: str) -> str:
    """`tekst`, kept in _BAERBARE when it holds no character XML cannot carry."""
    if _baerbar(tekst):
        if len(_BAERBARE) >= 4 * _TEKSTER_MAKS:
            _BAERBARE.clear()
        _BAERBARE.add(tekst)
    return tekst


def _ansaettelsestekst(a: Ansaettelse) -> str:
    """ansaettelse("Ansaettelse", a), kept by the three keys it is written from (a write's
    answer is one event: its Gentagne writes its employment anew each time)."""
    noegle = (a.tjenestenummer, a.cpr, a.loebenummer)
    kendt = _ANSAETTELSESTEKSTER.get(noegle)
    if kendt is None:
        if len(_ANSAETTELSESTEKSTER) >= _TEKSTER_MAKS:
            _ANSAETTELSESTEKSTER.clear()
        kendt = _ANSAETTELSESTEKSTER[noegle] = _bedoemt(ansaettelse("Ansaettelse", a))
    return kendt


_ANSAETTELSESBYTES: dict[tuple, bytes] = {}


def ansaettelsesbytes(a: Ansaettelse) -> bytes:
    """ansaettelse("Ansaettelse", a) as UTF-8, kept by its three keys once found to hold no
    character XML cannot carry: one that does raises ValueError, as element would for the whole
    answer (a lone surrogate fails the encoding), so an answer of kept ones needs no search."""
    noegle = (a.tjenestenummer, a.cpr, a.loebenummer)
    kendt = _ANSAETTELSESBYTES.get(noegle)
    if kendt is None:
        tekst = ansaettelse("Ansaettelse", a)
        if not _baerbar(tekst):
            raise ValueError("svaret rummer tegn, som XML ikke kan bære")
        if len(_ANSAETTELSESBYTES) >= _TEKSTER_MAKS:
            _ANSAETTELSESBYTES.clear()
        kendt = _ANSAETTELSESBYTES[noegle] = tekst.encode()
    return kendt


def _kodetekst(kode: str, tekst: str) -> str:
    """<t:FastAarsagskode>…<t:Aarsagstekst>…: the code with its text."""
    noegle = (kode, tekst)
    kendt = _KODETEKSTER.get(noegle)
    if kendt is None:
        if len(_KODETEKSTER) >= _TEKSTER_MAKS:
            _KODETEKSTER.clear()
        kendt = _KODETEKSTER[noegle] = _bedoemt(f"<t:FastAarsagskode>{_tekst(kode)}</t:FastAarsagskode>"
                                                + felt("Aarsagstekst", tekst))
    return kendt


def _sluttekst(status, navn: str) -> str:
    """The end of an event's element without a Begrundelse: Aendret's end tag, the Status."""
    noegle = (id(status), navn)
    kendt = _SLUTTEKSTER.get(noegle)
    if kendt is None:
        if len(_SLUTTEKSTER) >= _TEKSTER_MAKS:
            _SLUTTEKSTER.clear()
        kendt = _SLUTTEKSTER[noegle] = f"</t:Aendret><t:Status>{_tekst(status.value)}</t:Status></t:{navn}>"
    return kendt


def _omkostningstekst(omk: Omkostning) -> str:
    """Timer, Minutter and Dage of a cost. Kept only for a Fraction of days (keyed by its
    numerator and denominator: hashing a Fraction is a Python call)."""
    dage = omk.dage
    if type(dage) is not Fraction:
        timer, minutter = divmod(omk.minutter, 60)
        return (f"<t:Timer>{timer}</t:Timer><t:Minutter>{minutter}</t:Minutter>"
                f"<t:Dage>{vis_tal(dage)}</t:Dage>")
    noegle = (omk.minutter, dage.numerator, dage.denominator)
    kendt = _OMKOSTNINGSTEKSTER.get(noegle)
    if kendt is None:
        if len(_OMKOSTNINGSTEKSTER) >= _TEKSTER_MAKS:
            _OMKOSTNINGSTEKSTER.clear()
        timer, minutter = divmod(omk.minutter, 60)
        kendt = _OMKOSTNINGSTEKSTER[noegle] = (f"<t:Timer>{timer}</t:Timer><t:Minutter>{minutter}"
                                               f"</t:Minutter><t:Dage>{vis_tal(dage)}</t:Dage>")
    return kendt


def meddelelser(ms: list[Meddelelse]) -> str:
    if not ms:  # (most answers: no generator made to join nothing)
        return ""
    return "".join(f"<t:Meddelelse>{felt('Kode', m.kode)}{felt('Alvor', m.alvor.value)}"
                   f"{felt('Tekst', m.tekst)}{felt('Felt', m.felt)}</t:Meddelelse>" for m in ms)


def aarsag(a: Aarsag) -> str:
    k = a.detaljer
    dele = ["<t:Aarsagskode>", felt("Kode", a.kode), felt("Tekst", a.tekst), felt("Type", a.type.value)]
    if k is not None:
        dele += [
            felt("Gruppe", k.gruppe), felt("DSTKategori", k.dst_kategori),
            felt("PeriodeTilladt", k.periode_tilladt), felt("AabenTilladt", k.aaben_tilladt),
            felt("TimerVedDag", _TIDSKRAV[k.tid_dag]),
            felt("TimerVedPeriode", _TIDSKRAV[k.tid_periode] if k.periode_tilladt else None),
            felt("Indberetningspligtig", k.indberetningspligtig),
            felt("GyldigFra", k.gyldig_fra if k.gyldig_fra != date.min else None),
            felt("GyldigTil", k.gyldig_til),
            felt("Loendel", k.loendel), felt("Loenenhed", k.loenenhed),
            felt("KraeverGodkendelse", k.kraever_godkendelse or None),
            *(felt("PKAT", p) for p in sorted(k.pkat)),
        ]
    dele.append("</t:Aarsagskode>")
    return "".join(dele)


def logpost(p, a: Ansaettelse, katalog: Katalog) -> str:
    return "".join([
        "<t:Logpost>", felt("LogID", p.id), felt("Tidspunkt", p.tidspunkt),
        felt("Handling", p.handling), felt("HaendelseID", p.haendelse_id),
        ansaettelse("Ansaettelse", a), felt("Bruger", p.bruger),
        felt("TransaktionsID", p.transaktions_id),
        haendelse("Foer", p.foer, a, katalog) if p.foer else "",
        haendelse("Efter", p.efter, a, katalog) if p.efter else "",
        "</t:Logpost>",
    ])


def moedetid(m, registreret: bool | None = None) -> str:
    return "".join([
        "<t:Moedetid>", felt("Dato", m.dato), felt("Minutter", m.minutter),
        felt("Starttid", m.starttid.isoformat() if m.starttid else None),
        felt("Sluttid", m.sluttid.isoformat() if m.sluttid else None),
        felt("Registreret", registreret), "</t:Moedetid>",
    ])


def barn(b: Barn) -> str:
    return (f"<t:Barn>{felt('Barnenummer', b.barnenummer)}{felt('CPRNummer', b.cpr)}"
            f"{felt('Fornavn', b.fornavn)}{felt('Efternavn', b.efternavn)}"
            f"{felt('Foedselsdato', b.foedselsdato)}</t:Barn>")


def barselssag(b: Barselssag) -> str:
    return (f"<t:Barselssag>{felt('BarselssagID', b.id)}{felt('Version', b.version)}"
            f"{felt('Noegle', b.noegle)}"
            f"{felt('Type', b.type)}{felt('Typetekst', barselstyper().get(b.type, ''))}"
            f"{felt('GyldigFra', b.gyldig_fra)}{felt('GyldigTil', b.gyldig_til)}"
            f"{felt('ForventetFoedsel', b.forventet_foedsel)}{felt('FaktiskFoedsel', b.faktisk_foedsel)}"
            f"{felt('Anmeldt', b.anmeldt)}{felt('Indberettet', b.indberettet)}{felt('Oprettet', b.oprettet)}"
            f"{felt('Aendret', b.aendret)}</t:Barselssag>")


def arbejdsskadesag(a: Arbejdsskadesag) -> str:
    return (f"<t:Arbejdsskadesag>{felt('Sagsnummer', a.sagsnummer)}{felt('Ulykkesdato', a.ulykkesdato)}"
            f"{felt('Beskrivelse', a.beskrivelse)}</t:Arbejdsskadesag>")
