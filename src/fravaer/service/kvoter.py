"""Use cases of KvoteService: read quotas for one or many employments, the postings behind one,
adjust a quota and move vacation to the next ferieår. Writes are idempotent by TransaktionsID
and stored with who and when (the postings are append-only)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import Engine

from fravaer.adapters.db.repository import Transaktion
from fravaer.domain.ansaettelse import Ansaettelse, AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, kraev_registrering
from fravaer.domain.ferieaar import kontroller_kvotedato, optjeningsperiode
from fravaer.domain.katalog import Katalog
from fravaer.domain.kvoter import (
    OPSPARINGSDAGE,
    Konto,
    Kvote,
    KvoteType,
    Post,
    aabne_ferieaar,
    saerlige_aar_for,
)
from fravaer.domain.kvoteregler import Regulering, erstatningsferie_for, vurder_flytning, vurder_regulering
from fravaer.domain.meddelelser import Afvist, Alvor, Meddelelse, meddelelse
from fravaer.service.aendringer import registrer_kvote
from fravaer.service.ansaettelser import find_ansaettelse, find_ansaettelser
from fravaer.service.clock import DANMARK, utc_nu
from fravaer.service.gentagelser import indholdshash, tidligere_svar
from fravaer.service.ports import UnitOfWork
from fravaer.service.regnskaber import laes_regnskaber
from fravaer.service.restferie import Restferieanmodning, Restferieresultat, overfoer_restferie
from fravaer.service.runner import i_transaktion

revision = logging.getLogger("fravaer.revision")
MAKS_ANSAETTELSER = 10_000  # per HentKvoter request (the request size limit is the real bound)


@dataclass(frozen=True)
class Afvikling:
    """One event's use of an account (its days summed)."""

    haendelse_id: str
    kode: str
    fra: date
    til: date
    dage: Fraction


@dataclass(frozen=True)
class KvoteDetaljer:
    kvote: Kvote
    optjening: list[Post]  # every credit posting up to the date
    afvikling: list[Afvikling]
    erstatningsferie: Fraction | None  # for a ferieår: what the 110s registered give


@dataclass(frozen=True)
class KvoteSvar:
    kvoter: list[Kvote]
    meddelelser: list[Meddelelse]


def _regnskabernes_laesninger(uow: UnitOfWork, katalog: Katalog, ansaettelser: list[Ansaettelse],
                              samlet: bool) -> None:
    """Announces what laes_regnskaber(…, samlet=samlet) reads, to go in one round trip
    (Kerne.laes_sammen): one employment's working times over its account events' span too."""
    ids = [a.id for a in ansaettelser]
    uow.haendelser.kontohaendelser(ids, katalog.kontokoder(), saldi=samlet)
    uow.moedetider.over_kontospan_mange(ids, katalog.kontokoder())
    uow.kvoteposter.for_ansaettelser(ids, saldi=samlet)
    uow.boern.med_flere(a.cpr for a in ansaettelser)


class Kvotetjeneste:
    def __init__(self, engine: Engine, katalog: Katalog, ur: Callable[[], datetime] = utc_nu):
        self.engine = engine
        self.katalog = katalog
        self.ur = ur

    def idag(self) -> date:
        return self.ur().astimezone(DANMARK).date()

    # ------------------------------------------------------------ reads

    def hent_kvoter(self, idents: list[AnsaettelsesIdent], dato: date, bruger: Bruger
                    ) -> list[tuple[Ansaettelse, list[Kvote]]]:
        """Every quota that can be taken from in the calendar year of `dato`, at `dato`, for
        each employment (in the order asked)."""
        if len(idents) > MAKS_ANSAETTELSER:
            raise Afvist([meddelelse("F062", "Ansaettelse", maks=MAKS_ANSAETTELSER, antal=len(idents))])
        kontroller_kvotedato(dato)

        def arbejde(uow: UnitOfWork):
            ansaettelser = find_ansaettelser(uow, idents, bruger)
            # balances only: uses booked per event pay by what a batch's employments share; one
            # employment's are cheaper day by day (callgrind: +27 k instructions a single call)
            samlet = len(ansaettelser) > 1
            uow.session.laes_sammen(
                lambda: _regnskabernes_laesninger(uow, self.katalog, ansaettelser, samlet),
                sidste=True)  # the last reads (but a second employment's)
            regnskaber = laes_regnskaber(uow, self.katalog, ansaettelser, samlet=samlet)
            revision.info("laesning bruger=%s operation=HentKvoter antal_ansaettelser=%d", bruger.navn,
                          len(ansaettelser))
            husk: dict = {}  # the read's quotas alike (kvoter_i_aar); every account held till done
            return [(a, regnskaber[a.id].kvoter_i_aar(dato, husk)) for a in ansaettelser]

        return i_transaktion(self.engine, arbejde)

    def hent_detaljer(self, ident: AnsaettelsesIdent, kvotetype: KvoteType, dato: date, bruger: Bruger,
                      periode: int | None = None, retstype: int | None = None,
                      barnenummer: int | None = None) -> KvoteDetaljer:
        kontroller_kvotedato(dato)

        def arbejde(uow: UnitOfWork):
            a = find_ansaettelse(uow, ident, bruger=bruger)
            regnskab = laes_regnskaber(uow, self.katalog, [a])[a.id]
            konto = _konto(kvotetype, dato, periode, retstype, barnenummer)
            revision.info("laesning bruger=%s operation=HentKvoteDetaljer ansaettelser=[%d]", bruger.navn,
                          a.id)
            poster = regnskab.konto_poster(konto)
            kvote = regnskab.kvote(konto, dato)
            optjening = [p for p in poster if not p.er_afvikling and p.dato <= dato]
            brug: dict[str, list[Post]] = {}
            for p in poster:
                if p.er_afvikling and p.kilde is not None:  # a use's kilde: its event
                    brug.setdefault(p.kilde, []).append(p)
            afvikling = sorted((Afvikling(kilde, ps[0].kode or "", min(p.dato for p in ps),
                                          max(p.dato for p in ps),
                                          sum((p.dage for p in ps), Fraction(0)))
                                for kilde, ps in brug.items()), key=lambda x: (x.fra, x.haendelse_id))
            erstatning = (erstatningsferie_for(regnskab, konto.aaret)
                          if konto.type is KvoteType.FERIE and konto.retstype is None else None)
            return KvoteDetaljer(kvote, optjening, afvikling, erstatning)

        return i_transaktion(self.engine, arbejde)

    # ------------------------------------------------------------ writes

    def reguler(self, ident: AnsaettelsesIdent, kvotetype: KvoteType, periode: int, retstype: int,
                dage: Fraction, dato: date | None, bemaerkning: str | None, transaktions_id: str | None,
                bruger: Bruger) -> KvoteSvar:
        indhold = ("RegulerKvote", ident, kvotetype.value, periode, retstype, str(dage), dato, bemaerkning)
        dato = dato or self.idag()
        kontroller_kvotedato(dato)

        def arbejde(uow: UnitOfWork) -> KvoteSvar:
            a = find_ansaettelse(uow, ident, laas=True, bruger=bruger)
            kraev_registrering(bruger, a.institution_kode)
            gentaget = _gentagelse(uow, a.institution_kode, transaktions_id, "RegulerKvote", indhold)
            if gentaget is not None:
                return gentaget
            _tjek_periode(a, kvotetype, periode)
            regnskab = laes_regnskaber(uow, self.katalog, [a])[a.id]
            kilde = str(uuid.uuid4())
            poster, advis = vurder_regulering(Regulering(kvotetype, periode, retstype, dage, dato), kilde,
                                              regnskab, self.idag())
            poster = [Post(p.konto, p.dato, p.art, p.dage, p.kilde, p.retstype, tekst=bemaerkning or "")
                      for p in poster]
            return self._gem(uow, a, regnskab, poster, dato, advis, "RegulerKvote", transaktions_id, indhold,
                             bruger)

        return i_transaktion(self.engine, arbejde, skriv=True)

    def flyt_ferie(self, ident: AnsaettelsesIdent, fra_ferieaar: int, dage: Fraction,
                   transaktions_id: str | None, bruger: Bruger,
                   kvotetype: KvoteType = KvoteType.FERIE) -> KvoteSvar:
        """Move days of a ferieår, or of a year's særlige feriedage (FraFerieaar is then the year
        they were earned), to the next year."""
        indhold: tuple = ("FlytFerie", ident, fra_ferieaar, str(dage))
        if kvotetype is not KvoteType.FERIE:  # a stored Ferie move's retry keeps its hash
            indhold += (kvotetype.value,)

        def arbejde(uow: UnitOfWork) -> KvoteSvar:
            a = find_ansaettelse(uow, ident, laas=True, bruger=bruger)
            kraev_registrering(bruger, a.institution_kode)
            gentaget = _gentagelse(uow, a.institution_kode, transaktions_id, "FlytFerie", indhold)
            if gentaget is not None:
                return gentaget
            _tjek_periode(a, kvotetype, fra_ferieaar, felt="FraFerieaar")
            regnskab = laes_regnskaber(uow, self.katalog, [a])[a.id]
            idag = self.idag()
            poster = vurder_flytning(fra_ferieaar, dage, str(uuid.uuid4()), regnskab, idag, kvotetype)
            return self._gem(uow, a, regnskab, poster, idag, [], "FlytFerie", transaktions_id, indhold,
                             bruger)

        return i_transaktion(self.engine, arbejde, skriv=True)

    def overfoer_restferie(self, anmodning: Restferieanmodning, bruger: Bruger,
                           fremskridt: Callable[[int, int], None] = lambda gjort, i_alt: None
                           ) -> Restferieresultat:
        """The year-end transfer of leftover vacation (service/restferie.py)."""
        return overfoer_restferie(self.engine, self.katalog, anmodning, bruger, self.ur(), self.idag(),
                                  fremskridt)

    def _gem(self, uow: UnitOfWork, a: Ansaettelse, regnskab, poster: list[Post], dato: date,
             advis: list[Meddelelse], operation: str, transaktions_id: str | None, indhold,
             bruger: Bruger) -> KvoteSvar:
        nu = self.ur()
        uow.kvoteposter.tilfoej(a.id, poster, bruger.navn, nu)
        with uow.samler.samlet():  # the feed's row and the retry's answer: one statement on PostgreSQL
            registrer_kvote(uow, nu, _HANDLING[operation], a, bruger.navn, transaktions_id, regnskab, poster,
                            dato)
            konti = list(dict.fromkeys(p.konto for p in poster))
            svar = KvoteSvar([regnskab.kvote(k, dato) for k in konti], advis)
            if transaktions_id:
                uow.transaktioner.gem(a.institution_kode, Transaktion(
                    transaktions_id, operation, _hash(operation, indhold), _til_dict(svar)), nu)
        revision.info("skrivning bruger=%s operation=%s ansaettelser=[%d] poster=%d", bruger.navn, operation,
                      a.id, len(poster))
        uow.commit()
        return svar


# the feed's Handling of a write of postings
_HANDLING = {"RegulerKvote": "Reguler", "FlytFerie": "Flyt"}


def _konto(kvotetype: KvoteType, dato: date, periode: int | None, retstype: int | None,
           barnenummer: int | None) -> Konto:
    """The account HentKvoteDetaljer means: by default the one a use on `dato` draws from first."""
    if kvotetype is KvoteType.FERIE:
        aar = periode if periode is not None else (aabne_ferieaar(dato, dato) or [dato.year])[0]
        return Konto(kvotetype, aar, retstype if retstype == 2 else None)
    if kvotetype is KvoteType.SAERLIGE_FERIEDAGE:
        return Konto(kvotetype, periode if periode is not None else saerlige_aar_for(dato))
    if kvotetype is KvoteType.OMSORGSDAGE:
        if barnenummer is not None:
            return Konto(kvotetype, periode if periode is not None else dato.year, None, barnenummer)
        if retstype == OPSPARINGSDAGE:
            return Konto(kvotetype, None, OPSPARINGSDAGE)
        raise Afvist([meddelelse("F061", "Barnenummer", kvotetype=kvotetype.value,
                                 felt="Barnenummer eller Retstype 1 (opsparingsdage)")])
    if retstype is None or not 1 <= retstype <= 9:
        raise Afvist([meddelelse("F061", "Retstype", kvotetype=kvotetype.value,
                                 felt="Retstype (opsparingsretstype 1–9)")])
    return Konto(kvotetype, None, retstype)


def _tjek_periode(a: Ansaettelse, kvotetype: KvoteType, periode: int, felt: str = "Periode") -> None:
    """An account's period must overlap the employment."""
    if kvotetype is KvoteType.FERIE:
        fra, til = optjeningsperiode(periode)
        navn = "ferieåret"
    else:
        fra, til = date(periode, 1, 1), date(periode, 12, 31)
        navn = "året"
    if til < a.startdato or (a.slutdato is not None and fra > a.slutdato):
        raise Afvist([meddelelse("F059", felt, periode=periode, kvotetype=kvotetype.value,
                                 grund=f"{navn} ligger uden for ansættelsen")])


# ---------------------------------------------------------------- idempotency


def _hash(operation: str, indhold) -> str:
    def normal(v):
        if isinstance(v, AnsaettelsesIdent):
            return [v.tjenestenummer, v.cpr, v.loebenummer]
        if isinstance(v, tuple):
            return [normal(x) for x in v]
        return v

    return indholdshash(operation, normal(indhold))


def _gentagelse(uow: UnitOfWork, institution: str, transaktions_id: str | None, operation: str,
                indhold) -> KvoteSvar | None:
    svar = tidligere_svar(uow, [institution], transaktions_id, operation, _hash(operation, indhold))
    return None if svar is None else _fra_dict(svar)


def _broek(v: Fraction) -> str:
    return f"{v.numerator}/{v.denominator}"


def _til_dict(svar: KvoteSvar) -> dict:
    return {"kvoter": [{
        "type": k.konto.type.value, "aar": k.konto.aar, "retstype": k.konto.retstype,
        "barnenummer": k.konto.barnenummer, "periode": [d.isoformat() for d in k.periode],
        "afholdelse": [d.isoformat() for d in k.afholdelse],
        **{f: _broek(getattr(k, f)) for f in _BELOEB}} for k in svar.kvoter],
        "meddelelser": [{"kode": m.kode, "alvor": m.alvor.value, "tekst": m.tekst, "felt": m.felt}
                        for m in svar.meddelelser]}


_BELOEB = ("optjent", "overfoert", "reguleret", "loentraek", "afholdt", "planlagt")


def _datoer(par: list[str]) -> tuple[date, date]:
    fra, til = par
    return date.fromisoformat(fra), date.fromisoformat(til)


def _fra_dict(v: dict) -> KvoteSvar:
    kvoter = [Kvote(Konto(KvoteType(k["type"]), k["aar"], k["retstype"], k["barnenummer"]),
                    _datoer(k["periode"]), _datoer(k["afholdelse"]),
                    **{f: Fraction(k[f]) for f in _BELOEB}) for k in v["kvoter"]]
    return KvoteSvar(kvoter, [Meddelelse(m["kode"], Alvor(m["alvor"]), m["tekst"], m["felt"])
                              for m in v["meddelelser"]])

