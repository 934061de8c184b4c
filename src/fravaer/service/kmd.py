"""Use cases of the KMD-compatible endpoint (issue 16): KMD's six VACAB operations translated onto
the native ones. A KMD absence is one or more events (domain.kmd); each is created, changed and
deleted by FravaerService's own use cases (Haendelsestjeneste.vurder_ny/gem_ny, ret_i, slet_i) —
the same rules, rights and log — all of one request in one transaction, so a refusal stores
nothing. Reads are the native reads (HentHaendelser, HentBoern, HentBarselssager,
HentAarsagskoder, HentArbejdsskadesager) seen through domain.kmd.saml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from fravaer.domain.ansaettelse import Ansaettelse, AnsaettelsesIdent
from fravaer.domain.arbejdstid import Omkostning
from fravaer.domain.brugere import Bruger, kraev_registrering
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import AarsagsType
from fravaer.domain.kmd import (
    Handling,
    KmdFravaer,
    KmdPost,
    find_post,
    hele_dage_foerst,
    kmd_typer,
    kode_for,
    laes_anmodning,
    laes_periode,
    opdel,
    saml,
    samme,
    seniorkode,
)
from fravaer.domain.kvoter import Art, Barn, KvoteType
from fravaer.domain.meddelelser import Afvist, Meddelelse, meddelelse
from fravaer.domain.personale import Arbejdsskadesag, Barselssag
from fravaer.service.ansaettelser import find_ansaettelse
from fravaer.service.haendelser import Aarsag, HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.omkostninger import arbejdstid_for
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

SENIOR_BANK = 5  # the time bank's opsparingsretstype of 805 (seed 002 §3)
# GetReasons' leaveType: the kinds of leave reasons (KMD: "tjenestefri med eller uden løn")
_ORLOVSTYPER = {
    "770": AarsagsType.TJENESTEFRI_MED_LOEN, "TJENESTEFRIMEDLOEN": AarsagsType.TJENESTEFRI_MED_LOEN,
    "771": AarsagsType.TJENESTEFRI_UDEN_LOEN, "TJENESTEFRIUDENLOEN": AarsagsType.TJENESTEFRI_UDEN_LOEN,
}


@dataclass(frozen=True)
class KmdLaesning:
    """One KMD absence of a read with what its events name."""

    post: KmdPost
    ansaettelse: Ansaettelse
    omkostninger: tuple[Omkostning | None, ...]
    barn: Barn | None = None
    barselssag: Barselssag | None = None
    arbejdsskadesag: Arbejdsskadesag | None = None
    aarsag: Aarsag | None = None


class KmdTjeneste:
    def __init__(self, haendelser: Haendelsestjeneste):
        self.h = haendelser

    # ------------------------------------------------------------ SetAbsenceAttendance

    def saet_fravaer(self, felter: Mapping[str, str | None], bruger: Bruger) -> list[Meddelelse]:
        """INS, MOD or DEL of one KMD absence; the advis of the events written. Raises Afvist."""
        anm = laes_anmodning(felter, self.h.katalog.koder)
        ident = AnsaettelsesIdent(tjenestenummer=anm.tjenestenummer)

        def arbejde(uow: UnitOfWork) -> list[Meddelelse]:
            nu = self.h.ur()
            a = find_ansaettelse(uow, ident, laas=True, bruger=bruger)
            kraev_registrering(bruger, a.institution_kode)
            if anm.handling is Handling.INS:
                advis = self._indsaet(uow, a, ident, anm.ny, bruger, nu)
            elif anm.handling is Handling.MOD:
                if anm.original is None:  # laes_anmodning gives a MOD its original
                    raise ValueError("en MOD-anmodning uden original")
                advis = self._ret(uow, a, ident, anm.original, anm.ny, bruger, nu)
            else:
                advis = self._slet(uow, a, anm.ny, bruger, nu)
            uow.commit()
            return advis

        return i_transaktion(self.h.engine, arbejde, skriv=True)

    def _indsaet(self, uow: UnitOfWork, a: Ansaettelse, ident: AnsaettelsesIdent, f: KmdFravaer,
                 bruger: Bruger, nu: datetime) -> list[Meddelelse]:
        datas, advis = self._haendelser_for(uow, a, f)
        # KMD sends no transaction id: a repeated INS is known by its natural key (type, days,
        # child) and content, and changes nothing (DOMAIN.md §12)
        if samme(self._post(uow, a, f), datas):
            return [meddelelse("A032")]
        return advis + self._opret(uow, a, ident, datas, bruger, nu)

    def _ret(self, uow: UnitOfWork, a: Ansaettelse, ident: AnsaettelsesIdent, original: KmdFravaer,
             ny: KmdFravaer, bruger: Bruger, nu: datetime) -> list[Meddelelse]:
        post = self._post(uow, a, original)
        datas, advis = self._haendelser_for(uow, a, ny, uden=post)
        if post is None:
            if samme(self._post(uow, a, ny), datas):  # a repeated MOD: already as asked
                return [meddelelse("A032")]
            raise Afvist([_ukendt(original, a, "OriginalStartDate")])
        if samme(post, datas):  # nothing to change (a retry, or only the times' form differs)
            return [meddelelse("A032")]
        gamle = sorted(post.haendelser, key=lambda h: hele_dage_foerst(h.data))
        nye = sorted(datas, key=hele_dage_foerst)
        for h in gamle[len(nye):]:
            self.h.slet_i(uow, h.id, h.version, None, bruger, nu)
        for h, data in zip(gamle, nye, strict=False):
            # at its current Version: read after the employment was locked, so none other since
            advis += self.h.ret_i(uow, h.id, h.version, HaendelseAnmodning(ident, data), bruger,
                                  nu).meddelelser
        return advis + self._opret(uow, a, ident, nye[len(gamle):], bruger, nu)

    def _slet(self, uow: UnitOfWork, a: Ansaettelse, f: KmdFravaer, bruger: Bruger,
              nu: datetime) -> list[Meddelelse]:
        post = self._post(uow, a, f)
        if post is None:
            raise Afvist([_ukendt(f, a, "StartDate")])
        for h in post.haendelser:
            self.h.slet_i(uow, h.id, h.version, None, bruger, nu)
        return []

    def _opret(self, uow: UnitOfWork, a: Ansaettelse, ident: AnsaettelsesIdent,
               datas: list[HaendelseData], bruger: Bruger, nu: datetime) -> list[Meddelelse]:
        advis: list[Meddelelse] = []
        for data in datas:
            anmodning = HaendelseAnmodning(ident, data)
            svar = self.h.vurder_ny(uow, a, anmodning, nu)
            self.h.gem_ny(uow, anmodning, svar, bruger.navn, nu, operation="SetAbsenceAttendance")
            advis += svar.meddelelser
        return advis

    @staticmethod
    def _post(uow: UnitOfWork, a: Ansaettelse, f: KmdFravaer) -> KmdPost | None:
        return find_post(saml(uow.haendelser.i_perioden([a.id], f.fra, f.til)), f)

    def _haendelser_for(self, uow: UnitOfWork, a: Ansaettelse, f: KmdFravaer,
                        uden: KmdPost | None = None) -> tuple[list[HaendelseData], list[Meddelelse]]:
        """The events one KMD absence is, with the advis of the choices made (the senior code,
        a half day's minutes). `uden`: the absence being changed, left out of the senior choice."""
        dele = opdel(f)
        t = kmd_typer().get(f.kmd_type)
        advis: list[Meddelelse] = []
        senior = foedsel = None
        if t is not None and t.valg == "ansaettelse":
            senior, grund = self._seniorkode(uow, a, f, uden)
            advis.append(meddelelse("A034", kode=senior, grund=grund))
        if t is not None and t.valg == "barn" and f.barnenummer is not None:
            barn = uow.boern.for_personer([a.cpr])[a.cpr].get(f.barnenummer)
            foedsel = barn.foedselsdato if barn is not None else None
        tid = arbejdstid_for(uow, a, f.fra, f.til) if any(d.halv for d in dele) else None
        datas = []
        for d in dele:
            kode, med_minutter = kode_for(f.kmd_type, d.halv, senior, foedsel)
            minutter = None
            if med_minutter:
                minutter = d.minutter
                if minutter is None and tid is not None:  # a half day: half the day's working time
                    minutter = tid.minutter(d.fra) // 2
                    advis.append(meddelelse("A033", dato=d.fra, minutter=minutter))
            k = self.h.katalog.kode(kode)
            barn_ = f.barnenummer if k is not None and k.barn_tilladt else None
            datas.append(HaendelseData(kode, d.fra, d.til, minutter, barnenummer=barn_))
        return datas, advis

    @staticmethod
    def _seniorkode(uow: UnitOfWork, a: Ansaettelse, f: KmdFravaer, uden: KmdPost | None
                    ) -> tuple[str, str]:
        udelad = {h.id for h in uden.haendelser} if uden is not None else set()
        aarets = [h.data.kode for h in uow.haendelser.i_perioden(
            [a.id], date(f.fra.year, 1, 1), date(f.til.year, 12, 31), ["715", "805"])
            if h.id not in udelad]
        bank = any(p.konto.type is KvoteType.FRIHEDSBANK and p.konto.retstype == SENIOR_BANK
                   and p.art is not Art.AFVIKLET and p.dage > 0
                   for p in uow.kvoteposter.for_ansaettelser([a.id])[a.id])
        return seniorkode(aarets, bank)

    # ------------------------------------------------------------ reads

    def fravaer(self, felter: Mapping[str, str | None], bruger: Bruger) -> list[KmdLaesning]:
        """GetAbsenceAttendanceByPeriod: the employment's events in the period (HentHaendelser:
        the same rights and revision log), as KMD absences."""
        tjenestenummer, fra, til = laes_periode(felter, kraevet=True)
        if fra is None or til is None:  # kraevet: laes_periode refuses a period without them
            raise ValueError("StartDate og EndDate mangler")
        ident = AnsaettelsesIdent(tjenestenummer=tjenestenummer)
        raekker = self.h.hent([ident], fra, til, [], bruger)
        omk = {h.id: o for h, _, o in raekker}
        ansaettelse = {h.id: a for h, a, _ in raekker}
        poster = saml(h for h, _, _ in raekker)
        datas = [h.data for p in poster for h in p.haendelser]
        boern: dict[int | None, Barn] = {b.barnenummer: b for b in self.h.boern(ident, bruger)} \
            if any(d.barnenummer is not None for d in datas) else {}
        barselssager: dict[str | None, Barselssag] = {
            s.id: s for s in self.h.sager.hent_barselssager(ident, None, None, bruger)} \
            if any(d.barselssag_id for d in datas) else {}
        skader: dict[str | None, Arbejdsskadesag] = {
            s.sagsnummer: s for s in self.h.sager.hent_arbejdsskadesager(ident, None, None, bruger)} \
            if any(d.arbejdsskadesag for d in datas) else {}
        aarsager: dict[str | None, Aarsag] = {
            x.kode: x for x in self.h.aarsagskoder(None, None, ident, bruger)
            if x.type is not AarsagsType.FRAVAER} if any(d.tjenestefriaarsag for d in datas) else {}
        svar = []
        for p in poster:
            d = p.haendelser[0].data
            svar.append(KmdLaesning(
                p, ansaettelse[p.haendelser[0].id], tuple(omk[h.id] for h in p.haendelser),
                boern.get(d.barnenummer), barselssager.get(d.barselssag_id),
                skader.get(d.arbejdsskadesag), aarsager.get(d.tjenestefriaarsag)))
        return svar

    def boern(self, felter: Mapping[str, str | None], bruger: Bruger) -> list[Barn]:
        tjenestenummer, _, _ = laes_periode(felter)
        return self.h.boern(AnsaettelsesIdent(tjenestenummer=tjenestenummer), bruger)

    def barselssager(self, felter: Mapping[str, str | None], bruger: Bruger) -> list[Barselssag]:
        tjenestenummer, fra, til = laes_periode(felter)
        sager = self.h.sager.hent_barselssager(AnsaettelsesIdent(tjenestenummer=tjenestenummer), fra, til,
                                               bruger)
        type_ = (felter.get("MaternityType") or "").strip()
        return [s for s in sager if not type_ or s.type == type_]

    def arbejdsskadesager(self, felter: Mapping[str, str | None], bruger: Bruger) -> list[Arbejdsskadesag]:
        tjenestenummer, fra, til = laes_periode(felter)
        return self.h.sager.hent_arbejdsskadesager(AnsaettelsesIdent(tjenestenummer=tjenestenummer),
                                                   fra, til, bruger)

    def aarsager(self, felter: Mapping[str, str | None], bruger: Bruger) -> list[Aarsag]:
        """GetReasons: the leave reasons of the employment's institution (HentAarsagskoder), of the
        kind `leaveType` names (770/771 or the native type names; none: both)."""
        tjenestenummer, _, _ = laes_periode(felter)
        art = (felter.get("leaveType") or "").strip()
        if art and art.upper() not in _ORLOVSTYPER:
            raise Afvist([meddelelse("F183", "leaveType", navn="leaveType",
                                     form="770 (med løn) eller 771 (uden løn)", vaerdi=art[:40])])
        aarsager = self.h.aarsagskoder(_ORLOVSTYPER.get(art.upper()), None,
                                       AnsaettelsesIdent(tjenestenummer=tjenestenummer), bruger)
        return [x for x in aarsager if x.type is not AarsagsType.FRAVAER]


def _ukendt(f: KmdFravaer, a: Ansaettelse, felt: str) -> Meddelelse:
    return meddelelse("F184", felt, type=f.kmd_type, fra=f.fra, til=f.til,
                      tjenestenummer=a.tjenestenummer)


