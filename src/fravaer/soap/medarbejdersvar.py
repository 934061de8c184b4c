"""MedarbejderService answers in the shape of schemas/MedarbejderService.xsd, written as text."""

from __future__ import annotations

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


def _persondata(m: Medarbejder) -> str:
    p = _person(m)
    return _element("Persondata", felt("CPRNummer", p.cpr), felt("Fornavn", p.fornavn),
                    felt("Efternavn", p.efternavn), felt("Foedselsdato", p.foedselsdato))


def _adresse(m: Medarbejder) -> str:
    p = _person(m)
    return _element("Adresse", felt("Adresse", p.adresse), felt("Postnummer", p.postnummer),
                    felt("By", p.bynavn), felt("Land", p.land))


def _kommunikation(m: Medarbejder) -> str:
    p = _person(m)
    return _element("Kommunikation", felt("Email", p.email), felt("Telefon", p.telefon))


def _organisation(m: Medarbejder) -> str:
    return _element("Organisation", felt("InstitutionKode", m.ansaettelse.institution_kode),
                    felt("InstitutionNavn", m.institution_navn or ""),
                    *(_element("Enhed", felt("Kode", e.kode), felt("Navn", e.navn)) for e in m.enheder))


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
             (Omraade.KOMMUNIKATION, _kommunikation), (Omraade.ORGANISATION, _organisation),
             (Omraade.ANSAETTELSESFORHOLD, _forhold), (Omraade.ARBEJDSTID, _arbejdstid),
             (Omraade.MOEDETIDSPLANER, _plan)]  # the XSD's order; Fravaer last


def medarbejder(m: Medarbejder, katalog: Katalog) -> str:
    dele = [ansaettelse("Ansaettelse", m.ansaettelse)]
    dele += [skriv(m) for omraade, skriv in _OMRAADER if omraade in m.omraader]
    if Omraade.FRAVAER in m.omraader:
        dele.append(_fravaer(m, katalog))
    return _element("Medarbejder", *dele)
