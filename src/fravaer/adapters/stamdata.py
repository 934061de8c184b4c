"""Master-data files (stamdata), read and written: UTF-8 CSV (';' or ',' separated, a header
line) with one kind of record per file, or one XML file holding any of the kinds, each record an
element whose children are named as the CSV columns:

    <Stamdata xmlns="urn:fravaer:stamdata:1">
      <Enheder><Enhed><institution_kode>…</institution_kode>…</Enhed>…</Enheder>
      <Ansaettelser>…</Ansaettelser> <Historik>…</Historik> <Boern>…</Boern>
      <Barselssager>…</Barselssager> <Arbejdsskadesager>…</Arbejdsskadesager> <Aarsager>…</Aarsager>
      <Haendelser>…</Haendelser>
    </Stamdata>

The kinds and their columns are in ARTER. Employments: institution_kode, institution_navn, cpr,
loebenummer, tjenestenummer, pkat, stiko, loenform (1 = månedsløn, 3 = timeløn),
ugentlig_arbejdstid (hours: "37", "32,5" or "30:00"), startdato, slutdato (YYYY-MM-DD; may be
empty), and optionally fast_fridag (mandag … fredag), klasse (KL), akko (SLS's AKKO, digits),
feriepolitik (a name from data/feriepolitikker.csv), postering (primo or ultimo: when the monthly
vacation accrual is posted, if not as the policy says), enhed_kode (the unit it is placed in),
gyldig_fra (from when a changed relationship holds), and the person's fornavn, efternavn, adresse,
postnummer, bynavn, land, email, telefon; an optional column left out of a file keeps what is
stored, an empty one clears it.
History (historik): the relationship from a date (cpr, loebenummer, gyldig_fra, institution_kode,
enhed_kode, pkat, klasse, stiko, loenform, ugentlig_arbejdstid, and optionally akko), one row per
date: a row for a date already recorded replaces it (a file without the akko column keeps the AKKO
recorded in force on that date). Children: foraelder_cpr, barnenummer, and foedselsdato or cpr (the
birth date is then read from the CPR number), fornavn, efternavn.
Events (haendelser, a history from another system; in XML <Haendelser><Haendelse>…): haendelse_id
(a UUID: the import's key, kept as the event's id), cpr, loebenummer, kode, fra, til (empty: open),
minutter (of each day, for part of a day), barnenummer, ferieaar, bemaerkning, barselssag_noegle
(the maternity case by its noegle: its id differs between databases), arbejdsskadesag (its
sagsnummer), tjenestefriaarsag. Only their form is checked here; service.haendelsesimport judges
them by the rules.

Each record is parsed on its own; a bad one gives its line number and a reason that never repeats
a CPR number."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from fravaer.domain.ansaettelse import (
    Ansaettelse,
    Forholdsperiode,
    Loenform,
    foedselsdato_fra_cpr,
    gyldigt_cpr,
)
from fravaer.domain.ferieregnskab import Postering
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import barselstyper
from fravaer.domain.kvoter import Barn
from fravaer.domain.personale import (
    PERSONFELTER,
    Arbejdsskadesag,
    Barselssag,
    Enhed,
    Person,
    Tjenestefriaarsag,
)
from fravaer.domain.politik import feriepolitikker
from fravaer.errors import FravaerError
from fravaer.namespaces import STAMDATA

XML_NS = STAMDATA

KOLONNER = ("institution_kode", "institution_navn", "cpr", "loebenummer", "tjenestenummer", "pkat",
            "stiko", "loenform", "ugentlig_arbejdstid", "startdato", "slutdato", "fast_fridag", "klasse",
            "feriepolitik", "enhed_kode", "gyldig_fra", "akko", "postering", *PERSONFELTER)
PAAKRAEVET = ("institution_kode", "institution_navn", "cpr", "loebenummer", "loenform",
              "ugentlig_arbejdstid", "startdato")
# the optional columns of an employment: one a file leaves out is left as it is (an empty cell
# or element clears it)
VALGFRIE = ("tjenestenummer", "pkat", "stiko", "slutdato", "fast_fridag", "klasse", "feriepolitik",
            "enhed_kode", "akko", "postering")


@dataclass(frozen=True)
class Linje:
    nummer: int
    institution_kode: str
    institution_navn: str
    ansaettelse: Ansaettelse
    person: Person | None = None  # when the file has the person's columns
    enhed_kode: str | None = None
    gyldig_fra: date | None = None
    kolonner: frozenset[str] = frozenset(KOLONNER)  # the columns the record has

    @property
    def udeladte(self) -> frozenset[str]:
        """The employment's optional columns the record leaves out (kept as stored)."""
        return frozenset(VALGFRIE) - self.kolonner

    @property
    def personfelter(self) -> tuple[str, ...]:
        return tuple(k for k in PERSONFELTER if k in self.kolonner)


@dataclass(frozen=True)
class EnhedLinje:
    nummer: int
    institution_navn: str | None
    enhed: Enhed


@dataclass(frozen=True)
class BarselssagLinje:
    nummer: int
    sag: Barselssag


@dataclass(frozen=True)
class ArbejdsskadesagLinje:
    nummer: int
    sag: Arbejdsskadesag


@dataclass(frozen=True)
class AarsagLinje:
    nummer: int
    institution_kode: str
    aarsag: Tjenestefriaarsag


@dataclass(frozen=True)
class HistorikLinje:
    """One row of an employment's history: the relationship from `gyldig_fra`."""

    nummer: int
    cpr: str
    loebenummer: int
    institution_kode: str
    enhed_kode: str | None
    forhold: Forholdsperiode
    med_akko: bool = True  # False: the file has no akko column (keep what is recorded)


@dataclass(frozen=True)
class HaendelseLinje:
    """One event of a history from another system, keyed by its own haendelse_id."""

    nummer: int
    haendelse_id: str
    cpr: str
    loebenummer: int
    data: HaendelseData  # barselssag_id still empty: the file names the case by its noegle
    barselssag_noegle: str | None = None


@dataclass(frozen=True)
class BarnLinje:
    nummer: int
    foraelder_cpr: str
    barn: Barn


@dataclass(frozen=True)
class LinjeFejl:
    nummer: int
    grund: str


class FilFejl(FravaerError):
    """The file as a whole cannot be read (encoding, missing columns)."""


def laes(indhold: bytes) -> Iterator[Linje | LinjeFejl]:
    """Employments from a CSV file."""
    yield from laes_csv("ansaettelser", indhold)


def laes_boern(indhold: bytes) -> Iterator[BarnLinje | LinjeFejl]:
    yield from laes_csv("boern", indhold)


def laes_fil(indhold: bytes, art: str | None) -> Iterator:
    """A file of either format: XML when it starts with '<' (after a byte-order mark), else CSV
    of the kind `art`."""
    if indhold.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        yield from laes_xml(indhold)
    elif art is None:
        raise FilFejl("angiv, hvad CSV-filen indeholder (--art)")
    else:
        yield from laes_csv(art, indhold)


def laes_csv(art: str, indhold: bytes) -> Iterator:
    _, paakraevet, fortolk = ARTER[art]
    try:
        tekst = indhold.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise FilFejl(f"filen er ikke UTF-8 (byte {e.start})") from None
    foerste = tekst.splitlines()[0] if tekst.strip() else ""
    skilletegn = ";" if foerste.count(";") > foerste.count(",") else ","
    reader = csv.DictReader(io.StringIO(tekst), delimiter=skilletegn)
    mangler = [k for k in paakraevet if k not in (reader.fieldnames or [])]
    if mangler:
        raise FilFejl(f"kolonner mangler i overskriften: {', '.join(mangler)}")
    for r in reader:
        yield _fortolk(fortolk, reader.line_num, {k: (v or "").strip() for k, v in r.items() if k})


def _fortolk(fortolk, nummer: int, r: dict[str, str]):
    try:
        return fortolk(nummer, r)
    except ValueError as e:
        return LinjeFejl(nummer, str(e))


_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                              remove_comments=True, remove_pis=True)


def laes_xml(indhold: bytes) -> Iterator:
    """Every record of an XML master-data file, the kinds in the order they can be stored
    (units before the employments placed in them)."""
    try:
        rod = etree.fromstring(indhold, _XML_PARSER)
    except etree.XMLSyntaxError as e:
        raise FilFejl(f"filen er ikke gyldig XML: {e}") from None
    if rod.getroottree().docinfo.doctype:  # entities are never expanded; a DTD is refused outright
        raise FilFejl("DOCTYPE er ikke tilladt")
    if rod.tag != f"{{{XML_NS}}}Stamdata":
        raise FilFejl(f"rodelementet skal være Stamdata i navnerummet {XML_NS}")
    afsnit = {etree.QName(e).localname: e for e in rod}
    ukendte = set(afsnit) - set(XML_AFSNIT.values())
    if ukendte:
        raise FilFejl(f"ukendte afsnit: {', '.join(sorted(ukendte))}")
    for art, (afsnitsnavn, postnavn) in ((a, (XML_AFSNIT[a], XML_POST[a])) for a in ARTER):
        if afsnitsnavn not in afsnit:
            continue
        kolonner, paakraevet, fortolk = ARTER[art]
        for post in afsnit[afsnitsnavn]:
            nummer = post.sourceline or 0
            if etree.QName(post).localname != postnavn:
                yield LinjeFejl(nummer, f"{afsnitsnavn} kan kun indeholde {postnavn}")
                continue
            felter = {etree.QName(f).localname: (f.text or "").strip() for f in post}
            ukendte_felter = set(felter) - set(kolonner)
            if ukendte_felter:
                yield LinjeFejl(nummer, f"ukendte felter: {', '.join(sorted(ukendte_felter))}")
                continue
            yield _fortolk(fortolk, nummer, {**dict.fromkeys(paakraevet, ""), **felter})


def skriv_csv(art: str, raekker: list[dict[str, str]]) -> bytes:
    kolonner = ARTER[art][0]
    ud = io.StringIO()
    w = csv.DictWriter(ud, fieldnames=list(kolonner), lineterminator="\n")
    w.writeheader()
    w.writerows(raekker)
    return ud.getvalue().encode()


def skriv_xml(pr_art: dict[str, list[dict[str, str]]]) -> bytes:
    rod = etree.Element(f"{{{XML_NS}}}Stamdata", nsmap={None: XML_NS})
    for art in ARTER:
        if art not in pr_art:
            continue
        afsnit = etree.SubElement(rod, f"{{{XML_NS}}}{XML_AFSNIT[art]}")
        for r in pr_art[art]:
            post = etree.SubElement(afsnit, f"{{{XML_NS}}}{XML_POST[art]}")
            for k in ARTER[art][0]:
                # an empty element clears the field on import (a missing one keeps it)
                if r.get(k) is not None:
                    etree.SubElement(post, f"{{{XML_NS}}}{k}").text = str(r[k]) or None
    return etree.tostring(rod, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _linje(nummer: int, r: dict[str, str]) -> Linje:
    for k in PAAKRAEVET:
        if not r.get(k):
            raise ValueError(f"{k} mangler")
    if not gyldigt_cpr(r["cpr"]):
        raise ValueError("cpr er ikke 10 cifre, hvor de første seks er en dato")
    loebenummer = _loebenummer(r["loebenummer"])
    tjenestenummer = r.get("tjenestenummer") or None
    if tjenestenummer and not (len(tjenestenummer) <= 20 and tjenestenummer.replace("-", "").isalnum()):
        raise ValueError("tjenestenummer må højst have 20 tegn: bogstaver, cifre og bindestreg")
    loenform = _loenform(r["loenform"])
    start = _dato(r["startdato"], "startdato")
    slut = _dato(r["slutdato"], "slutdato") if r.get("slutdato") else None
    if slut and slut < start:
        raise ValueError("slutdato ligger før startdato")
    for k in ("enhed_kode",):
        if len(r.get(k) or "") > 20:
            raise ValueError(f"{k} må højst have 20 tegn")
    person = _person(r["cpr"], r) if any(k in r for k in PERSONFELTER) else None
    a = Ansaettelse(id=0, institution_kode=r["institution_kode"], cpr=r["cpr"],
                    loebenummer=loebenummer, tjenestenummer=tjenestenummer,
                    pkat=r.get("pkat") or None, stiko=r.get("stiko") or None, loenform=loenform,
                    ugentlige_minutter=_ugentlige_minutter(r["ugentlig_arbejdstid"]),
                    startdato=start, slutdato=slut, fast_fridag=_fridag(r.get("fast_fridag") or ""),
                    klasse=r.get("klasse") or None, feriepolitik=_politik(r.get("feriepolitik") or ""),
                    akko=_akko(r.get("akko") or ""), postering=_postering(r.get("postering") or ""))
    if len(r["institution_kode"]) > 20:
        raise ValueError("institution_kode må højst have 20 tegn")
    gyldig_fra = _dato(r["gyldig_fra"], "gyldig_fra") if r.get("gyldig_fra") else None
    return Linje(nummer, r["institution_kode"], r["institution_navn"], a, person, r.get("enhed_kode") or None,
                 gyldig_fra, frozenset(r))


_LAENGDER = {"fornavn": 100, "efternavn": 100, "adresse": 200, "postnummer": 10, "bynavn": 100, "land": 2,
             "email": 200, "telefon": 30}


def _person(cpr: str, r: dict[str, str]) -> Person:
    from fravaer.domain.personale import valider_kommunikation

    for k, maks in _LAENGDER.items():
        if len(r.get(k) or "") > maks:
            raise ValueError(f"{k} må højst have {maks} tegn")
    if valider_kommunikation(r.get("email"), r.get("telefon")):
        raise ValueError("email eller telefon er ugyldig")
    return Person(cpr, **{k: r.get(k) or None for k in PERSONFELTER})


def _enhed(nummer: int, r: dict[str, str]) -> EnhedLinje:
    for k in ("institution_kode", "kode", "navn"):
        if not r.get(k):
            raise ValueError(f"{k} mangler")
    if len(r["kode"]) > 20 or len(r.get("overordnet_kode") or "") > 20 or len(r["institution_kode"]) > 20:
        raise ValueError("koder må højst have 20 tegn")
    if len(r["navn"]) > 200:
        raise ValueError("navn må højst have 200 tegn")
    if r.get("overordnet_kode") == r["kode"]:
        raise ValueError("en enhed kan ikke ligge under sig selv")
    return EnhedLinje(nummer, r.get("institution_navn") or None,
                      Enhed(r["institution_kode"], r["kode"], r["navn"], r.get("overordnet_kode") or None))


def _cpr(v: str, navn: str = "cpr") -> str:
    if not gyldigt_cpr(v):
        raise ValueError(f"{navn} er ikke 10 cifre, hvor de første seks er en dato")
    return v


def _valgfri_dato(r: dict[str, str], k: str) -> date | None:
    return _dato(r[k], k) if r.get(k) else None


def _barselssag(nummer: int, r: dict[str, str]) -> BarselssagLinje:
    for k in ("cpr", "noegle", "type", "gyldig_fra"):
        if not r.get(k):
            raise ValueError(f"{k} mangler")
    if len(r["noegle"]) > 40:
        raise ValueError("noegle må højst have 40 tegn")
    if r["type"] not in barselstyper():
        raise ValueError(f"type skal være en af {', '.join(barselstyper())}")
    sag = Barselssag("", _cpr(r["cpr"]), 1, r["noegle"], r["type"], _dato(r["gyldig_fra"], "gyldig_fra"),
                     gyldig_til=_valgfri_dato(r, "gyldig_til"),
                     forventet_foedsel=_valgfri_dato(r, "forventet_foedsel"),
                     faktisk_foedsel=_valgfri_dato(r, "faktisk_foedsel"),
                     anmeldt=_valgfri_dato(r, "anmeldt"), indberettet=_valgfri_dato(r, "indberettet"))
    if sag.gyldig_til is not None and sag.gyldig_til < sag.gyldig_fra:
        raise ValueError("gyldig_til ligger før gyldig_fra")
    return BarselssagLinje(nummer, sag)


def _arbejdsskadesag(nummer: int, r: dict[str, str]) -> ArbejdsskadesagLinje:
    for k in ("cpr", "sagsnummer", "ulykkesdato"):
        if not r.get(k):
            raise ValueError(f"{k} mangler")
    if len(r["sagsnummer"]) > 30 or len(r.get("beskrivelse") or "") > 250:
        raise ValueError("sagsnummer må højst have 30 tegn og beskrivelse 250")
    return ArbejdsskadesagLinje(nummer, Arbejdsskadesag(_cpr(r["cpr"]), r["sagsnummer"],
                                                        _dato(r["ulykkesdato"], "ulykkesdato"),
                                                        r.get("beskrivelse") or None))


def _aarsag(nummer: int, r: dict[str, str]) -> AarsagLinje:
    for k in ("institution_kode", "kode", "tekst", "med_loen"):
        if not r.get(k):
            raise ValueError(f"{k} mangler")
    if len(r["kode"]) > 10 or len(r["tekst"]) > 200:
        raise ValueError("kode må højst have 10 tegn og tekst 200")
    if r["med_loen"] not in ("J", "N"):
        raise ValueError("med_loen skal være J eller N")
    return AarsagLinje(nummer, r["institution_kode"],
                       Tjenestefriaarsag(r["kode"], r["tekst"], r["med_loen"] == "J"))


HISTORIK_KOLONNER = ("cpr", "loebenummer", "gyldig_fra", "institution_kode", "enhed_kode", "pkat", "klasse",
                     "stiko", "loenform", "ugentlig_arbejdstid", "akko")
HISTORIK_PAAKRAEVET = ("cpr", "loebenummer", "gyldig_fra", "institution_kode", "loenform",
                       "ugentlig_arbejdstid")


def _historik(nummer: int, r: dict[str, str]) -> HistorikLinje:
    for k in HISTORIK_PAAKRAEVET:
        if not r.get(k):
            raise ValueError(f"{k} mangler")
    _cpr(r["cpr"])
    loebenummer = _loebenummer(r["loebenummer"])
    loenform = _loenform(r["loenform"])
    for k in ("institution_kode", "enhed_kode"):
        if len(r.get(k) or "") > 20:
            raise ValueError(f"{k} må højst have 20 tegn")
    for k in ("pkat", "klasse", "stiko"):
        if len(r.get(k) or "") > 10:
            raise ValueError(f"{k} må højst have 10 tegn")
    return HistorikLinje(nummer, r["cpr"], loebenummer, r["institution_kode"],
                         r.get("enhed_kode") or None,
                         Forholdsperiode(_dato(r["gyldig_fra"], "gyldig_fra"), r.get("pkat") or None,
                                         r.get("klasse") or None, r.get("stiko") or None, loenform,
                                         _ugentlige_minutter(r["ugentlig_arbejdstid"]),
                                         _akko(r.get("akko") or "")),
                         "akko" in r)


BOERN_PAAKRAEVET = ("foraelder_cpr", "barnenummer")
BOERN_KOLONNER = ("foraelder_cpr", "barnenummer", "cpr", "foedselsdato", "fornavn", "efternavn")


def _barn(nummer: int, r: dict[str, str]) -> BarnLinje:
    if not gyldigt_cpr(r["foraelder_cpr"]):
        raise ValueError("foraelder_cpr er ikke 10 cifre, hvor de første seks er en dato")
    if not r["barnenummer"].isdigit() or not 1 <= int(r["barnenummer"]) <= 99:
        raise ValueError("barnenummer skal være et tal fra 1 til 99")
    cpr = r.get("cpr") or None
    if cpr is not None and not gyldigt_cpr(cpr):
        raise ValueError("barnets cpr er ikke 10 cifre, hvor de første seks er en dato")
    if r.get("foedselsdato"):
        foedt = _dato(r["foedselsdato"], "foedselsdato")
    elif cpr is not None:
        foedt = foedselsdato_fra_cpr(cpr)
    else:
        raise ValueError("foedselsdato eller cpr skal angives")
    for felt in ("fornavn", "efternavn"):
        if len(r.get(felt) or "") > 100:
            raise ValueError(f"{felt} må højst have 100 tegn")
    return BarnLinje(nummer, r["foraelder_cpr"], Barn(int(r["barnenummer"]), foedt, cpr,
                                                      r.get("fornavn") or None, r.get("efternavn") or None))


def _politik(v: str) -> str | None:
    if not v:
        return None
    if v not in feriepolitikker():
        raise ValueError(f"feriepolitik skal være en af: {', '.join(feriepolitikker())}")
    return v


def _akko(v: str) -> str | None:
    """SLS's AKKO: one to three digits (the seed names 14-16 and 32)."""
    if not v:
        return None
    if not (v.isdigit() and len(v) <= 3):
        raise ValueError("akko skal være et tal med højst tre cifre, fx 14")
    return v


def _postering(v: str) -> str | None:
    if not v:
        return None
    if v.lower() not in tuple(Postering):
        raise ValueError("postering skal være primo eller ultimo (tom: som feriepolitikken)")
    return v.lower()


_UGEDAGE = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag"]


def _fridag(v: str) -> int | None:
    """An optional weekly day off of a part-time pattern: mandag … fredag."""
    if not v:
        return None
    if v.lower() not in _UGEDAGE:
        raise ValueError("fast_fridag skal være en hverdag: mandag, tirsdag, onsdag, torsdag eller fredag")
    return _UGEDAGE.index(v.lower())


def _loebenummer(v: str) -> int:
    if not v.isdigit() or int(v) > 999:
        raise ValueError("loebenummer skal være et tal fra 0 til 999")
    return int(v)


def _loenform(v: str) -> Loenform:
    try:
        return Loenform(v)
    except ValueError:
        raise ValueError("loenform skal være 1 (månedsløn) eller 3 (timeløn)") from None


def _dato(v: str, navn: str) -> date:
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise ValueError(f"{navn} skal være en dato på formen ÅÅÅÅ-MM-DD") from None


def _ugentlige_minutter(v: str) -> int:
    try:
        if ":" in v:
            t, m = v.split(":", 1)
            minutter = int(t) * 60 + int(m)
        else:
            minutter = int(Decimal(v.replace(",", ".")) * 60)
    except (ValueError, InvalidOperation):
        raise ValueError("ugentlig_arbejdstid skal være timer, fx 37, 32,5 eller 30:00") from None
    if not 0 < minutter <= 60 * 60:
        raise ValueError("ugentlig_arbejdstid skal være mellem 0 og 60 timer")
    return minutter


HAENDELSE_KOLONNER = ("haendelse_id", "cpr", "loebenummer", "kode", "fra", "til", "minutter", "barnenummer",
                      "ferieaar", "bemaerkning", "barselssag_noegle", "arbejdsskadesag", "tjenestefriaarsag")
HAENDELSE_PAAKRAEVET = ("haendelse_id", "cpr", "loebenummer", "kode", "fra")


def _heltal(r: dict[str, str], k: str, fra: int, til: int) -> int | None:
    if not r.get(k):
        return None
    if not r[k].isdigit() or not fra <= int(r[k]) <= til:
        raise ValueError(f"{k} skal være et tal fra {fra} til {til}")
    return int(r[k])


def _haendelse(nummer: int, r: dict[str, str]) -> HaendelseLinje:
    """The fields' form only (as the XSD checks a request's); the rules judge the rest."""
    for k in HAENDELSE_PAAKRAEVET:
        if not r.get(k):
            raise ValueError(f"{k} mangler")
    try:
        haendelse_id = str(uuid.UUID(r["haendelse_id"]))
    except ValueError:
        raise ValueError("haendelse_id skal være et UUID") from None
    _cpr(r["cpr"])
    if not (r["kode"].isdigit() and len(r["kode"]) == 3):
        raise ValueError("kode skal være en årsagskode på tre cifre")
    for k, maks in (("bemaerkning", 250), ("barselssag_noegle", 40), ("arbejdsskadesag", 30),
                    ("tjenestefriaarsag", 10)):
        if len(r.get(k) or "") > maks:
            raise ValueError(f"{k} må højst have {maks} tegn")
    data = HaendelseData(r["kode"], _dato(r["fra"], "fra"), _valgfri_dato(r, "til"),
                         _heltal(r, "minutter", 0, 1440), _heltal(r, "barnenummer", 1, 99),
                         _heltal(r, "ferieaar", 2000, 2999), r.get("bemaerkning") or None, None,
                         r.get("arbejdsskadesag") or None, r.get("tjenestefriaarsag") or None)
    return HaendelseLinje(nummer, haendelse_id, r["cpr"], _loebenummer(r["loebenummer"]), data,
                          r.get("barselssag_noegle") or None)


# kind: (columns, required columns, parser); in the order they can be stored
_BARSEL = ("cpr", "noegle", "type", "gyldig_fra", "gyldig_til", "forventet_foedsel", "faktisk_foedsel",
           "anmeldt", "indberettet")
_AARSAG = ("institution_kode", "kode", "tekst", "med_loen")
ARTER = {
    "enheder": (("institution_kode", "institution_navn", "kode", "navn", "overordnet_kode"),
                ("institution_kode", "kode", "navn"), _enhed),
    "ansaettelser": (KOLONNER, PAAKRAEVET, _linje),
    "historik": (HISTORIK_KOLONNER, HISTORIK_PAAKRAEVET, _historik),
    "boern": (BOERN_KOLONNER, BOERN_PAAKRAEVET, _barn),
    "barselssager": (_BARSEL, _BARSEL[:4], _barselssag),
    "arbejdsskadesager": (("cpr", "sagsnummer", "ulykkesdato", "beskrivelse"),
                          ("cpr", "sagsnummer", "ulykkesdato"), _arbejdsskadesag),
    "aarsager": (_AARSAG, _AARSAG, _aarsag),
    "haendelser": (HAENDELSE_KOLONNER, HAENDELSE_PAAKRAEVET, _haendelse),
}
XML_AFSNIT = {"enheder": "Enheder", "ansaettelser": "Ansaettelser", "historik": "Historik", "boern": "Boern",
              "barselssager": "Barselssager", "arbejdsskadesager": "Arbejdsskadesager",
              "aarsager": "Aarsager", "haendelser": "Haendelser"}
XML_POST = {"enheder": "Enhed", "ansaettelser": "Ansaettelse", "historik": "Forhold", "boern": "Barn",
            "barselssager": "Barselssag", "arbejdsskadesager": "Arbejdsskadesag", "aarsager": "Aarsag",
            "haendelser": "Haendelse"}
