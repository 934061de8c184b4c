"""Use cases of MedarbejderService: read employee data, one or many (a whole institution in
pages), only the areas asked for, and change communication data."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from fravaer.adapters.db.repository import Transaktion
from fravaer.domain.aendringer import Art
from fravaer.domain.ansaettelse import Ansaettelse, AnsaettelsesIdent
from fravaer.domain.arbejdstid import Arbejdstid, Omkostning
from fravaer.domain.brugere import Bruger, kraev_registrering
from fravaer.domain.haendelse import Haendelse
from fravaer.domain.katalog import Katalog
from fravaer.domain.meddelelser import Afvist, afvis_hvis_fejl, meddelelse
from fravaer.domain.personale import Enhed, Forhold, Omraade, Person, person_uden_data, valider_kommunikation
from fravaer.domain.politik import Feriepolitik, politik_for
from fravaer.service.aendringer import registrer_for_person
from fravaer.service.ansaettelser import enhedens_ider, find_ansaettelse, find_ansaettelser, med_forloeb
from fravaer.service.clock import DANMARK, utc_nu
from fravaer.service.gentagelser import indholdshash, tidligere_svar
from fravaer.service.omkostninger import mange_koster
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

revision = logging.getLogger("fravaer.revision")
STANDARD_SIDE = 500
MAKS_DAGE = 366
ALLE = frozenset(Omraade)
_MED_FORLOEB = frozenset({Omraade.MOEDETIDSPLANER, Omraade.FRAVAER})  # the areas _udfyld reads it for


@dataclass(slots=True)  # a page makes 500
class Medarbejder:
    """One employment's data: only the areas asked for are filled in."""

    ansaettelse: Ansaettelse
    omraader: frozenset[Omraade]
    person: Person | None = None
    institution_navn: str | None = None
    enheder: list[Enhed] = field(default_factory=list)  # from the top down to the employment's unit
    historik: list[Forhold] = field(default_factory=list)
    plan: list[tuple[date, int, bool]] = field(default_factory=list)  # date, minutes, registered
    fravaer: list[tuple[Haendelse, Omkostning | None]] = field(default_factory=list)

    @property
    def feriepolitik(self) -> Feriepolitik:
        """The vacation policy in force, with the employment's own posting (primo/ultimo)."""
        return politik_for(self.ansaettelse)


@dataclass(frozen=True)
class Periode:
    plan: tuple[date, date]
    fravaer: tuple[date, date]


class Medarbejdertjeneste:
    def __init__(self, engine: Engine, katalog: Katalog, ur: Callable[[], datetime] = utc_nu):
        self.engine = engine
        self.katalog = katalog
        self.ur = ur

    def _periode(self, fra: date | None, til: date | None) -> Periode:
        idag = self.ur().astimezone(DANMARK).date()
        dag = fra or til  # one date alone: that day
        if dag is None:
            return Periode((idag, idag + timedelta(days=13)),
                           (date(idag.year, 1, 1), date(idag.year, 12, 31)))
        fra, til = fra or dag, til or dag
        if til < fra:
            raise Afvist([meddelelse("F003", "TilDato", fra=fra, til=til)])
        if (til - fra).days + 1 > MAKS_DAGE:
            raise Afvist([meddelelse("F026", "TilDato", maks=MAKS_DAGE, dage=(til - fra).days + 1)])
        return Periode((fra, til), (fra, til))

    def hent(self, ident: AnsaettelsesIdent, omraader: list[Omraade], fra: date | None, til: date | None,
             bruger: Bruger) -> Medarbejder:
        periode = self._periode(fra, til)

        def arbejde(uow: UnitOfWork) -> Medarbejder:
            a = find_ansaettelse(uow, ident, bruger=bruger)
            [m] = self._udfyld(uow, [a], frozenset(omraader) or ALLE, periode)
            revision.info("laesning bruger=%s operation=HentMedarbejder ansaettelser=[%d] omraader=%s",
                          bruger.navn, a.id, ",".join(sorted(m.omraader)))
            return m

        return i_transaktion(self.engine, arbejde)

    def hent_mange(self, idents: list[AnsaettelsesIdent], institution: str | None, enhed: str | None,
                   omraader: list[Omraade], fra: date | None, til: date | None, maks: int | None,
                   fortsaettelse: int | None, bruger: Bruger) -> tuple[list[Medarbejder], int | None]:
        """The employments named, or a page of an institution's (or of a unit and the units
        under it) in a stable order; the second value is where the next page starts."""
        if bool(idents) == bool(institution) or (enhed and not institution):
            raise Afvist([meddelelse("F087", "Institution")])
        periode = self._periode(fra, til)
        valgte = frozenset(omraader) or ALLE

        def arbejde(uow: UnitOfWork):
            if idents:
                ansaettelser, naeste = find_ansaettelser(uow, idents, bruger), None
            else:
                if institution is None or not bruger.maa_laese(institution):
                    raise Afvist([meddelelse("F088", "Institution", institution=institution)])
                side = maks or STANDARD_SIDE
                forloeb = bool(valgte & _MED_FORLOEB)
                if enhed is None:  # the institution and its page in one round trip
                    uow.session.laes_sammen(lambda: (uow.institutioner.id_for(institution),
                                                     self._side(uow, institution, None, fortsaettelse or 0,
                                                                side + 1, forloeb)))
                if uow.institutioner.id_for(institution) is None:
                    raise Afvist([meddelelse("F088", "Institution", institution=institution)])
                # one more than asked for: then the last page is known to be the last
                ansaettelser = self._side(uow, institution, enhed, fortsaettelse or 0, side + 1, forloeb)
                naeste = ansaettelser[side - 1].id if len(ansaettelser) > side else None
                ansaettelser = ansaettelser[:side]
            medarbejdere = self._udfyld(uow, ansaettelser, valgte, periode)
            revision.info("laesning bruger=%s operation=HentMedarbejdere antal=%d omraader=%s", bruger.navn,
                          len(medarbejdere), ",".join(sorted(valgte)))
            return medarbejdere, naeste

        return i_transaktion(self.engine, arbejde)

    @staticmethod
    def _side(uow: UnitOfWork, institution: str, enhed: str | None, efter: int, antal: int, forloeb: bool
              ) -> list[Ansaettelse]:
        if enhed is None:
            return uow.ansaettelser.side([institution], efter, antal, forloeb)
        under = enhedens_ider(uow, institution, enhed)
        ud: list[Ansaettelse] = []
        while len(ud) < antal and (side := uow.ansaettelser.side([institution], efter, antal, forloeb)):
            ud += [a for a in side if a.enhed_id in under]
            efter = side[-1].id
        return ud[:antal]

    def ret_kommunikation(self, ident: AnsaettelsesIdent, email: str | None, telefon: str | None,
                          transaktions_id: str | None, bruger: Bruger) -> Medarbejder:
        """Change e-mail and/or phone (an empty value removes it); logged with before and after."""
        afvis_hvis_fejl(valider_kommunikation(email, telefon))
        indhold = ("RetKommunikation", asdict(ident), email, telefon)

        def arbejde(uow: UnitOfWork) -> Medarbejder:
            nu = self.ur()
            a = find_ansaettelse(uow, ident, laas=True, bruger=bruger)
            kraev_registrering(bruger, a.institution_kode)
            noegle = indholdshash("RetKommunikation", indhold)
            # a retry changes nothing and answers with the data as they are
            if tidligere_svar(uow, [a.institution_kode], transaktions_id, "RetKommunikation", noegle) is None:
                foer = uow.personer.hent_mange([a.cpr]).get(a.cpr) or Person(a.cpr)
                efter = replace(foer, email=foer.email if email is None else email or None,
                                telefon=foer.telefon if telefon is None else telefon or None)
                if efter != foer:
                    uow.personer.gem(efter)
                    uow.stamdatalog.skriv(nu, "Ret", "Kommunikation", str(a.id), bruger.navn, transaktions_id,
                                          {"email": foer.email, "telefon": foer.telefon},
                                          {"email": efter.email, "telefon": efter.telefon})
                    registrer_for_person(uow, nu, Art.PERSON, "Ret", str(a.id), a.cpr, bruger.navn,
                                         {"email": foer.email, "telefon": foer.telefon},
                                         {"email": efter.email, "telefon": efter.telefon}, transaktions_id)
                if transaktions_id:
                    uow.transaktioner.gem(a.institution_kode,
                                          Transaktion(transaktions_id, "RetKommunikation", noegle, {}), nu)
            [m] = self._udfyld(uow, [a], frozenset({Omraade.PERSONDATA, Omraade.KOMMUNIKATION}),
                               self._periode(None, None))
            uow.commit()
            return m

        return i_transaktion(self.engine, arbejde, skriv=True)

    # ------------------------------------------------------------ filling in the areas

    @staticmethod
    def _annoncer(uow: UnitOfWork, ansaettelser: list[Ansaettelse], omraader: frozenset[Omraade],
                  periode: Periode) -> None:
        """What _udfyld reads (the last reads of the request), announced to go in one round trip
        (Kerne.laes_sammen)."""
        ids = [a.id for a in ansaettelser]
        if omraader & {Omraade.PERSONDATA, Omraade.ADRESSE, Omraade.KOMMUNIKATION}:
            uow.personer.hent_mange(a.cpr for a in ansaettelser)
        if omraader & {Omraade.ORGANISATION, Omraade.ANSAETTELSESFORHOLD}:
            koder = {a.institution_kode for a in ansaettelser}
            uow.institutioner.alle(koder)
            uow.enheder.alle(koder)
        if Omraade.ANSAETTELSESFORHOLD in omraader:
            uow.historik.for_ansaettelser(ids)
        if Omraade.MOEDETIDSPLANER in omraader:
            uow.moedetider.minutter_for_mange(ids, *periode.plan)
        if Omraade.FRAVAER in omraader:
            unikke = list(dict.fromkeys(ids))
            uow.haendelser.i_perioden(unikke, *periode.fravaer)
            uow.moedetider.over_haendelsesspan(unikke, *periode.fravaer)

    def _udfyld(self, uow: UnitOfWork, ansaettelser: list[Ansaettelse], omraader: frozenset[Omraade],
                periode: Periode) -> list[Medarbejder]:
        """Every area asked for, for all the employments at once: one query per area."""
        if omraader & _MED_FORLOEB:
            ansaettelser = med_forloeb(uow, ansaettelser)  # hours as they were on each date
        if not ansaettelser:
            return []
        ids = [a.id for a in ansaettelser]
        uow.session.laes_sammen(lambda: self._annoncer(uow, ansaettelser, omraader, periode), sidste=True)
        personer: dict[str, Person] | None = None
        if omraader & {Omraade.PERSONDATA, Omraade.ADRESSE, Omraade.KOMMUNIKATION}:
            personer = uow.personer.hent_mange(a.cpr for a in ansaettelser)
        navne: dict[str, str] | None = None
        if omraader & {Omraade.ORGANISATION, Omraade.ANSAETTELSESFORHOLD}:
            koder = {a.institution_kode for a in ansaettelser}
            navne = {i.kode: i.navn for i in uow.institutioner.alle(koder)}
            enheder = uow.enheder.alle(koder)
            stier: dict[int | None, list[Enhed]] = {}  # a unit's employees share its path (read only)
        # each employee made with the areas read so far (not filled in afterwards, field by field)
        # (every field given: the defaults' list() calls cost a page of 500 more than the fields)
        ud = []
        person: Person | None = None
        navn: str | None = None
        sti: list[Enhed] | None = None
        for a in ansaettelser:
            if personer is not None:
                person = personer.get(a.cpr) or person_uden_data(a.cpr)
            if navne is not None:
                navn = navne.get(a.institution_kode)
                sti = stier.get(a.enhed_id)
                if sti is None:
                    sti = stier[a.enhed_id] = _sti(enheder, a.enhed_id)
            ud.append(Medarbejder(a, omraader, person, navn, [] if sti is None else sti, [], [], []))
        if Omraade.ANSAETTELSESFORHOLD in omraader:
            historik = uow.historik.for_ansaettelser(ids)
            for m in ud:
                m.historik = historik[m.ansaettelse.id]
        if Omraade.MOEDETIDSPLANER in omraader:
            fra, til = periode.plan
            registrerede = uow.moedetider.minutter_for_mange(ids, fra, til)
            kalendere = {k: uow.kalendere.for_institution(k, fra, til)
                         for k in {a.institution_kode for a in ansaettelser}}
            dage = [fra + timedelta(days=i) for i in range((til - fra).days + 1)]
            for m in ud:
                a = m.ansaettelse
                tid = Arbejdstid(a, kalendere[a.institution_kode], registrerede[a.id])
                m.plan = [(d, tid.minutter(d), d in registrerede[a.id]) for d in dage]
        if Omraade.FRAVAER in omraader:
            # the same employment may be asked for twice: each copy gets its absence
            pr_id: dict[int, list[Medarbejder]] = defaultdict(list)
            for m in ud:
                pr_id[m.ansaettelse.id].append(m)
            haendelser = uow.haendelser.i_perioden(list(pr_id), *periode.fravaer)
            par = [(h, pr_id[h.ansaettelse_id][0].ansaettelse) for h in haendelser]
            for h, _a, omk in mange_koster(uow, par, self.katalog):
                for m in pr_id[h.ansaettelse_id]:
                    m.fravaer.append((h, omk))
        return ud


def _sti(enheder: dict[int, tuple[Enhed, int | None]], enhed_id: int | None) -> list[Enhed]:
    """The units from the top down to `enhed_id`."""
    sti: list[Enhed] = []
    set_: set[int] = set()
    while enhed_id is not None and enhed_id in enheder and enhed_id not in set_:
        set_.add(enhed_id)
        enhed, enhed_id = enheder[enhed_id]
        sti.append(enhed)
    return sti[::-1]
