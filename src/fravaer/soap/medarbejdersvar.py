"""MedarbejderService answers in the shape of schemas/MedarbejderService.xsd, written as text."""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

from fravaer.domain.ansaettelse import foedselsdato_fra_cpr
from fravaer.domain.katalog import Katalog
from fravaer.domain.maaleenheder import minutter_som_timer, vis_dage
from fravaer.domain.personale import Forhold, Omraade, Person
from fravaer.service.medarbejdere import Medarbejder
from fravaer.soap.svar import ansaettelse, felt

_UGEDAGE = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag")


def _element(navn: str, *dele: str) -> str:
    return f"<t:{navn}>{''.join(dele)}</t:{navn}>"


def _person(m: Medarbejder) -> Person:
    if m.person is None:  # the service reads the person whenever one of its areas is asked for
        raise ValueError(f"ansættelse {m.ansaettelse.id}: personen er ikke læst")
    return m.person


def _tekst(navn: str, v: str | None) -> str:
    """A text field (felt() for a value known to be a str or None: the page's most frequent call)."""
    return "" if v is None else f"<t:{navn}>{escape(v)}</t:{navn}>"


def _persondata(m: Medarbejder) -> str:
    p = _person(m)
    return (f"<t:Persondata>{_tekst('CPRNummer', p.cpr)}{_tekst('Fornavn', p.fornavn)}"
            f"{_tekst('Efternavn', p.efternavn)}<t:Foedselsdato>{p.foedselsdato}</t:Foedselsdato>"
            "</t:Persondata>")


def _adresse(m: Medarbejder) -> str:
    p = _person(m)
    return (f"<t:Adresse>{_tekst('Adresse', p.adresse)}{_tekst('Postnummer', p.postnummer)}"
            f"{_tekst('By', p.bynavn)}{_tekst('Land', p.land)}</t:Adresse>")


def _kommunikation(m: Medarbejder) -> str:
    p = _person(m)
    return (f"<t:Kommunikation>{_tekst('Email', p.email)}{_tekst('Telefon', p.telefon)}"
            "</t:Kommunikation>")


def _organisation(m: Medarbejder, skrevet: dict) -> str:
    # the employees of a unit share its path (service/medarbejdere.py): written once an answer
    noegle = (m.ansaettelse.institution_kode, m.institution_navn, id(m.enheder))
    tekst = skrevet.get(noegle)
    if tekst is None:
        tekst = skrevet[noegle] = (
            f"<t:Organisation>{_tekst('InstitutionKode', m.ansaettelse.institution_kode)}"
            f"{_tekst('InstitutionNavn', m.institution_navn or '')}"
            + "".join(f"<t:Enhed>{_tekst('Kode', e.kode)}{_tekst('Navn', e.navn)}</t:Enhed>"
                      for e in m.enheder)
            + "</t:Organisation>")
    return tekst


def _historik(h: Forhold) -> str:
    return _element("Historik", felt("GyldigFra", h.gyldig_fra), felt("InstitutionKode", h.institution_kode),
                    felt("EnhedKode", h.enhed), felt("PKAT", h.pkat), felt("Klasse", h.klasse),
                    felt("STIKO", h.stiko), felt("Loenform", h.loenform),
                    felt("UgentligeMinutter", h.ugentlige_minutter), felt("AKKO", h.akko))


def _forhold(m: Medarbejder) -> str:
    a = m.ansaettelse
    return _element("Ansaettelsesforhold", felt("Startdato", a.startdato), felt("Slutdato", a.slutdato),
                    felt("PKAT", a.pkat), felt("Klasse", a.klasse), felt("STIKO", a.stiko),
                    felt("Loenform", a.loenform.value), felt("Feriepolitik", m.feriepolitik.navn),
                    felt("AKKO", a.akko), felt("Postering", m.feriepolitik.postering.value),
                    *(_historik(h) for h in m.historik))


def _arbejdstid(m: Medarbejder) -> str:
    a = m.ansaettelse
    timer = minutter_som_timer(a.ugentlige_minutter)  # shown hours round down like days
    return _element("Arbejdstid", felt("UgentligeMinutter", a.ugentlige_minutter),
                    felt("UgentligeTimer", timer), felt("Dagsnorm", a.dagsnorm),
                    felt("FastFridag", None if a.fast_fridag is None else _UGEDAGE[a.fast_fridag]))


def _plan(m: Medarbejder) -> str:
    return _element("Moedetidsplaner", *(
        _element("Dag", felt("Dato", d), felt("Minutter", minutter), felt("Registreret", registreret))
        for d, minutter, registreret in m.plan))


def _fravaer(m: Medarbejder, katalog: Katalog) -> str:
    def post(h, omk) -> str:
        kode = katalog.kode(h.data.kode)
        return _element("Haendelse", felt("HaendelseID", h.id), felt("FastAarsagskode", h.data.kode),
                        felt("Aarsagstekst", kode.navn if kode else ""), felt("FraDato", h.data.fra),
                        felt("TilDato", h.data.til),
                        felt("Dage", None if omk is None else vis_dage(omk.dage)))

    return _element("Fravaer", *(post(h, omk) for h, omk in m.fravaer))


_OMRAADER = [(Omraade.PERSONDATA, _persondata), (Omraade.ADRESSE, _adresse),
             (Omraade.KOMMUNIKATION, _kommunikation), (Omraade.ORGANISATION, None),
             (Omraade.ANSAETTELSESFORHOLD, _forhold), (Omraade.ARBEJDSTID, _arbejdstid),
             (Omraade.MOEDETIDSPLANER, _plan)]  # the XSD's order; Fravaer last


def medarbejder(m: Medarbejder, katalog: Katalog, skrevet: dict | None = None) -> str:
    """One employee; `skrevet` holds what is shared within one answer (the units' paths), and
    must live no longer than the answer's Medarbejder objects (it is keyed by their lists' ids)."""
    dele = [ansaettelse("Ansaettelse", m.ansaettelse)]
    for omraade, skriv in _OMRAADER:
        if omraade in m.omraader:
            dele.append(_organisation(m, {} if skrevet is None else skrevet) if skriv is None else skriv(m))
    if Omraade.FRAVAER in m.omraader:
        dele.append(_fravaer(m, katalog))
    return f"<t:Medarbejder>{''.join(dele)}</t:Medarbejder>"


def _raa_persondata(m: Medarbejder) -> str:
    """_persondata for a page whose text fields need no escaping (medarbejdere)."""
    p = _person(m)
    return (f"<t:Persondata><t:CPRNummer>{p.cpr}</t:CPRNummer>"
            f"{'' if p.fornavn is None else f'<t:Fornavn>{p.fornavn}</t:Fornavn>'}"
            f"{'' if p.efternavn is None else f'<t:Efternavn>{p.efternavn}</t:Efternavn>'}"
            f"<t:Foedselsdato>{_foedselsdato(p.cpr)}</t:Foedselsdato></t:Persondata>")


def _foedselsdato(cpr: str) -> str:
    """Person.foedselsdato's text (as date.isoformat writes it): the date as the domain reads
    it (its century; a day that does not exist raises there), its month and day the CPR number's
    own two digits each when they are ASCII digits (isoformat's formatting of three numbers
    cost a page of 500 more than the rest of the date)."""
    d = foedselsdato_fra_cpr(cpr)
    ddmm = cpr[0:4]
    if ddmm.isascii() and ddmm.isdigit():
        return f"{d.year}-{cpr[2:4]}-{cpr[0:2]}"
    return d.isoformat()


def _skriver(omraader: frozenset[Omraade], katalog: Katalog, skrevet: dict, raa: bool):
    """The writer of one employee with these areas (medarbejder's text), its areas' writers
    chosen once; `raa`: the page's Ansaettelse and Persondata text fields need no escaping."""
    skrivere = [(lambda m: _organisation(m, skrevet)) if skriv is None
                else _raa_persondata if raa and skriv is _persondata else skriv
                for omraade, skriv in _OMRAADER if omraade in omraader]
    if Omraade.FRAVAER in omraader:
        skrivere.append(lambda m: _fravaer(m, katalog))
    # the usual pages' one or two areas called directly (a comprehension and join per employee)
    foerste, anden = [*skrivere, _intet, _intet][:2]
    faa = len(skrivere) <= 2

    def skriv(m: Medarbejder) -> str:
        a = m.ansaettelse
        if raa:
            tjnr, lnr = a.tjenestenummer, a.loebenummer
            lnr_t = f"<t:Loebenummer>{lnr}</t:Loebenummer>" if type(lnr) is int else felt("Loebenummer", lnr)
            ans = (f"<t:Ansaettelse>{'' if tjnr is None else f'<t:Tjenestenummer>{tjnr}</t:Tjenestenummer>'}"
                   f"<t:CPRNummer>{a.cpr}</t:CPRNummer>{lnr_t}</t:Ansaettelse>")
        else:
            ans = ansaettelse("Ansaettelse", a)
        if faa:
            return f"<t:Medarbejder>{ans}{foerste(m)}{anden(m)}</t:Medarbejder>"
        return f"<t:Medarbejder>{ans}{''.join([s(m) for s in skrivere])}</t:Medarbejder>"

    return skriv


def _intet(m: Medarbejder) -> str:
    return ""


_SAERTEGN = ("&", "<", ">")


def _uden_saertegn(ms: list[Medarbejder]) -> bool:
    """Whether no text field that _skriver writes raw (the employment's tjenestenummer and CPR,
    the person's CPR and names) holds a character XML escapes: one look for the whole page."""
    felter: list[str] = []
    for m in ms:
        a, p = m.ansaettelse, m.person
        felter += (a.tjenestenummer or "", a.cpr)
        if p is not None:
            felter += (p.cpr, p.fornavn or "", p.efternavn or "")
    alle = "".join(felter)
    return not any(t in alle for t in _SAERTEGN)


def medarbejdere(ms: list[Medarbejder], katalog: Katalog) -> str:
    """The employees of an answer one after the other: medarbejder()'s text for each, written
    with what they share worked out once (the areas' writers, the units' paths) and, when no
    text field needs it, without escaping each field (a page writes 500)."""
    skrevet: dict = {}  # the ids stay valid: `ms` holds every unit path
    raa = _uden_saertegn(ms)
    skrivere: dict[frozenset[Omraade], Callable[[Medarbejder], str]] = {}
    dele = []
    for m in ms:
        skriv = skrivere.get(m.omraader)
        if skriv is None:
            skriv = skrivere[m.omraader] = _skriver(m.omraader, katalog, skrevet, raa)
        dele.append(skriv(m))
    return "".join(dele)
