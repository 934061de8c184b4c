"""The rules that need accounts (DOMAIN.md §4 items 9–11, §6): which ferieår a vacation draws
from, the 25-day limit, special days across 1 May, care days per child, the time bank, the
employer's policy for unearned vacation; and the checks on adjustments and moves."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from math import gcd

from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.dataklasser import hurtig_init
from fravaer.domain.ferieaar import afholdelsesperiode
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import Aarsagskode
from fravaer.domain.kvoter import (
    EN_DAG,
    FERIE_UDEN_LOEN,
    NUL,
    OPSPARINGSDAGE,
    Art,
    Konto,
    Kvote,
    KvoteType,
    Optjeningsserie,
    Post,
    Regnskab,
    aabne_ferieaar_i,
    afvikling,
    heltalssum,
    laveste_saldo,
    loentraek_pr_maaned,
    perioder,
)
from fravaer.domain.maaleenheder import MINUTTER_PR_DAG, brok, dansk, dansk_mangel, hundrededele
from fravaer.domain.meddelelser import Meddelelse, afvis_hvis_fejl, meddelelse
from fravaer.domain.politik import IkkeOptjent
from fravaer.domain.saerlige_rettigheder import (
    MAKS_ERSTATNINGSFERIE,
    erstatningsferie,
    ny_ordning,
    sidste_omsorgsaar,
)
from fravaer.domain.stopregler import Trin, stopper

# enum members read once (off their class each costs a descriptor call: every event judged)
_AFVIKLET, _OVERFOERT, _REGULERET = Art.AFVIKLET, Art.OVERFOERT, Art.REGULERET
_FERIE, _OMSORG = KvoteType.FERIE, KvoteType.OMSORGSDAGE
MAKS_FERIE_MED_LOEN = 25  # rule 11: days of ferie med løn registered in one ferieår
MAKS_UDEN_FLYTNING = 20  # the four weeks that must be taken; only days beyond them can be moved
ERSTATNINGSFERIE = 9  # ferieretstype 9
TIL_FRIHEDSBANK = {598: (KvoteType.SAERLIGE_FERIEDAGE, 9), 599: (KvoteType.FERIE, 8)}
OMSORG_TIL_FRIHEDSBANK = 599  # omsorgsretstype 599: saved care days to the time bank's type 7
RETSTYPER = {
    KvoteType.FERIE: {1, 2, 3, ERSTATNINGSFERIE, 599},
    KvoteType.SAERLIGE_FERIEDAGE: {1, 3, 598},
    KvoteType.OMSORGSDAGE: {OPSPARINGSDAGE, OMSORG_TIL_FRIHEDSBANK},
    KvoteType.FRIHEDSBANK: set(range(1, 10)),
}
EGEN_FRIDAG = "egen_fridag"  # the catalogue group of code 590
GL_ORDNING_KODER = {"600", "605"}  # care days for children born before 1 October 2005
NY_ORDNING_KODER = {"610", "615"}


@hurtig_init
@dataclass(frozen=True)
class KvoteVurdering:
    data: HaendelseData  # with the ferieår it draws from filled in
    poster: list[Post]
    meddelelser: list[Meddelelse]


def vurder_traek(data: HaendelseData, kilde: str, kode: Aarsagskode | None, regnskab: Regnskab,
                 arbejdstid: Arbejdstid) -> KvoteVurdering:
    """Judge an event against the accounts it draws from (`regnskab` without the event itself).
    Raises Afvist on a fejl; returns the data with its ferieår, its postings and the advis."""
    data, fejl = vaelg_konto(data, kilde, kode, regnskab, arbejdstid)
    if stopper(fejl, Trin.SALDO):
        afvis_hvis_fejl(fejl)
    saldo = vurder_saldo(data, kilde, kode, regnskab, arbejdstid)
    return replace(saldo, meddelelser=afvis_hvis_fejl(fejl + saldo.meddelelser))


def vurderede_ferieaar(data: HaendelseData, kode: Aarsagskode | None) -> frozenset[int] | None:
    """The ferieår whose accounts judging `data` reads, when its code draws on a ferieår's
    account: vaelg_konto's old and new year (those open on its first day), the one it names,
    and vurder_saldo's, one of those. The other ferieår's accounts decide nothing of it, so their
    events need not be booked (a write for an employment with years of vacation: issue 13); nor
    do the other kinds of account (special days, care days, the time bank) or the sick days of
    110: judging it reads only these years' vacation accounts (laeser_kun_ferie).
    None: every account may matter (another code, an open event)."""
    if kode is None or not kode.traekker_paa_ferieaar or data.til is None:
        return None
    return frozenset((*aabne_ferieaar_i(data.fra, data.fra), *aabne_ferieaar_i(data.fra, data.til),
                      *(() if data.ferieaar is None else (data.ferieaar,))))


def laeser_kun_ferie(kode: Aarsagskode | None) -> bool:
    """Whether judging an event of `kode` reads the vacation accounts alone (of the years
    vurderede_ferieaar gives): vaelg_konto and vurder_saldo look at no other kind of account
    (special days, care days, the time bank) nor at 110's sick days, so those need not be read
    or booked for it (laes_regnskaber's `kun_ferie`)."""
    return kode is not None and kode.traekker_paa_ferieaar


def vaelg_konto(data: HaendelseData, kilde: str, kode: Aarsagskode | None, regnskab: Regnskab,
                arbejdstid: Arbejdstid, afviklinger: dict[tuple, list[Post]] | None = None
                ) -> tuple[HaendelseData, list[Meddelelse]]:
    """Which account the event draws from and whether it may draw from it at all: the policy's
    own code (590), the ferieår (rule 9), special days across 1 May (rule 10), the child of a
    care day. Returns the data with its ferieår and the problems (never raises). `afviklinger`:
    the postings worked out, kept for vurder_saldo of the same judgement (_afviklingen)."""
    fejl: list[Meddelelse] = []
    if kode is not None and kode.gruppe == EGEN_FRIDAG and (
            regnskab.politik.ikke_optjent is not IkkeOptjent.EGEN_FRIDAG):
        fejl.append(meddelelse("F060", "FastAarsagskode", politik=regnskab.politik.navn))
    if kode is None or not kode.traekker_paa or data.til is None:
        return data, fejl
    if kode.traekker_paa in ("ferie_med_loen", "ferie_uden_loen"):
        ferieaar, fejl_ = _vaelg_ferieaar(data, kilde, kode, regnskab, arbejdstid, afviklinger)
        fejl += fejl_
        data = data.med_ferieaar(ferieaar)
    if kode.traekker_paa == "saerlige_feriedage":
        maj = date(data.fra.year if data.fra.month < 5 else data.fra.year + 1, 5, 1)
        if data.fra < maj <= data.slut:  # data.til is not None here
            fejl.append(meddelelse("F041", "TilDato", graense=maj))
    if kode.traekker_paa.startswith("omsorg") and kode.traekker_paa != "omsorg_opsparing":
        fejl += _barnet(data, kode, regnskab)
    if kode.halv_dag and arbejdstid.halv_dagsandel(data.fra) == 0:  # half of nothing is no care day
        fejl.append(meddelelse("F091", "FraDato", kode=kode.kode, dato=data.fra))
    return data, fejl


def vurder_saldo(data: HaendelseData, kilde: str, kode: Aarsagskode | None, regnskab: Regnskab,
                 arbejdstid: Arbejdstid, afviklinger: dict[tuple, list[Post]] | None = None
                 ) -> KvoteVurdering:
    """The event's postings and whether its accounts hold them (never raises: the messages may
    hold fejl). `data` names its ferieår (vaelg_konto)."""
    if kode is None or not kode.traekker_paa or data.til is None:
        return KvoteVurdering(data, [], [])
    nye = _afviklingen(afviklinger, kilde, kode, data.fra, data.til, data.minutter, data.ferieaar,
                       data.barnenummer, arbejdstid)
    meddelelser: list[Meddelelse] = []
    # An institution without an omsorgsregnskab (særregel: seed 002 §12, DOMAIN.md §5) has its
    # care days judged by every rule above, the child's included, but never against the account.
    for konto in _kontiene(nye) if kode.regnskabsfoert else ():
        meddelelser += _kontoen(konto, data, regnskab, nye)
    return KvoteVurdering(data, nye, meddelelser)


def _kontiene(poster: list[Post]) -> list[Konto]:
    """The accounts the postings go to, in order. An event's days mostly go to one account, the
    same object (kvoter._traekkonto's cache): then no set and sort of its postings."""
    if not poster:
        return []
    foerste = poster[0].konto
    for p in poster:
        if p.konto is not foerste:
            return sorted({p.konto for p in poster})
    return [foerste]


def _vaelg_ferieaar(data: HaendelseData, kilde: str, kode: Aarsagskode, regnskab: Regnskab,
                    arbejdstid: Arbejdstid, afviklinger: dict[tuple, list[Post]] | None = None
                    ) -> tuple[int | None, list[Meddelelse]]:
    """Rule 9 (DOMAIN.md §4; seed 002 §4): one account per vacation event, and "Før indberetning
    af feriedage kan foretages i et nyt ferieår, skal evt. disponible dage være lig 0 i det gamle
    ferieregnskab". Between 1 September and 31 December two ferieår are open; the old one's
    available days — as the account shows them, so 0,00 is 0 — come first. 505 has its own
    account (ferie uden løn) and the same order."""
    paa_foerste_dag = aabne_ferieaar_i(data.fra, data.fra)
    gammel = paa_foerste_dag[0]
    if len(paa_foerste_dag) == 1:  # January–August: one ferieår open
        if data.ferieaar is not None:
            return data.ferieaar, []  # F019 has judged that it holds the dates
        if gammel in aabne_ferieaar_i(data.fra, data.slut):
            return gammel, []
        return None, [meddelelse("F039", "TilDato", fra=data.fra, til=data.til,
                                 graense=afholdelsesperiode(gammel)[1])]
    ny = gammel + 1
    retstype = FERIE_UDEN_LOEN if kode.traekker_paa == "ferie_uden_loen" else None
    konto = Konto(KvoteType.FERIE, gammel, retstype)
    disponibel = regnskab.kvote(konto, data.fra).disponibel
    if hundrededele(disponibel) <= 0:  # the old ferieår is used: the new one may be named or chosen
        if data.ferieaar is not None:
            return data.ferieaar, []
        if ny in aabne_ferieaar_i(data.fra, data.slut):
            return ny, []
        return None, [meddelelse("F039", "TilDato", fra=data.fra, til=data.til,
                                 graense=afholdelsesperiode(ny)[1])]
    if data.ferieaar == ny:
        return None, [meddelelse("F092", "Ferieaar", gammel=gammel, ny=ny, disponibel=dansk(disponibel))]
    if data.ferieaar == gammel:
        return gammel, []  # the client's choice: the policy judges what the old year holds
    return _gammel_foerst(data, kilde, kode, regnskab, arbejdstid, konto, disponibel, afviklinger)


def _afviklingen(afviklinger: dict[tuple, list[Post]] | None, kilde: str, kode: Aarsagskode, fra: date,
                 til: date | None, minutter: int | None, ferieaar: int | None, barnenummer: int | None,
                 arbejdstid: Arbejdstid) -> list[Post]:
    """kvoter.afvikling, kept in `afviklinger` (one judgement's: the same code and working time)
    by what else decides it: a vacation event from September on has its days worked out for the
    old ferieår (_gammel_foerst) and, drawing on it, again for its saldo (vurder_saldo). Read
    only by both: the list is shared."""
    if afviklinger is None:
        return afvikling(kilde, kode, fra, til, minutter, ferieaar, barnenummer, arbejdstid)
    noegle = (kilde, kode.kode, fra, til, minutter, ferieaar, barnenummer)
    poster = afviklinger.get(noegle)
    if poster is None:
        poster = afviklinger[noegle] = afvikling(kilde, kode, fra, til, minutter, ferieaar, barnenummer,
                                                 arbejdstid)
    return poster


def _gammel_foerst(data: HaendelseData, kilde: str, kode: Aarsagskode, regnskab: Regnskab,
                   arbejdstid: Arbejdstid, konto: Konto, disponibel: Fraction,
                   afviklinger: dict[tuple, list[Post]] | None = None
                   ) -> tuple[int | None, list[Meddelelse]]:
    """No ferieår named and the old one has days: draw on it if it can hold the event; else say
    where to split so that each part is accepted (seed 002 §4: "skal ferieperioden deles op og
    indberettes som 2 ferieperioder"). The first part ends on the day the old year's days run out
    (its last day may overdraw them by less than a day, which the policy judges), or on
    31 December, when the old year's period of taking ends. Where the policy refuses that
    overdraw, the old year's last part of a day is to be registered as hours and minutes."""
    gammel = konto.aaret
    slut_gammel = afholdelsesperiode(gammel)[1]
    dagene = _afviklingen(afviklinger, kilde, kode, data.fra, data.til, data.minutter, gammel, None,
                          arbejdstid)
    # the days used summed in integers over a running denominator (taeller / naevner) and
    # compared with the available days as integers (dt / dn): no Fraction made per day
    dt, dn = disponibel.as_integer_ratio()
    taeller, naevner, opbrugt = 0, 1, None
    for p in dagene:
        if p.dato > slut_gammel:
            break
        t, n = p.dage.as_integer_ratio()
        if n == naevner:
            taeller += t
        else:
            faelles = naevner * n // gcd(naevner, n)
            taeller, naevner = taeller * (faelles // naevner) + t * (faelles // n), faelles
        if taeller * dn >= dt * naevner:  # brugt >= disponibel
            opbrugt = p.dato
            break
    if opbrugt is None and taeller == 0 and data.slut > slut_gammel:
        return gammel + 1, []  # nothing to draw by 31 December (days off): all of it is the new year's
    if opbrugt is None or not any(p.dato > opbrugt for p in dagene):
        delt = min(data.slut, slut_gammel)  # the old year's days last through its part
    else:
        delt = opbrugt
    foerste = [p for p in dagene if p.dato <= delt]
    if opbrugt is not None and any(m.er_fejl for m in _kontoen(konto, data, regnskab, foerste)):
        return None, [_resten_som_timer(data, konto, disponibel, dagene, opbrugt, regnskab)]
    if delt >= data.slut:
        return gammel, []
    forbrug = sum((p.dage for p in dagene), NUL)
    return None, [meddelelse("F040", "Ferieaar", gammel=gammel, ny=gammel + 1, disponibel=dansk(disponibel),
                             forbrug=dansk(forbrug), fra=data.fra, delt=delt, naeste=delt + EN_DAG,
                             til=data.til)]


def _resten_som_timer(data: HaendelseData, konto: Konto, disponibel: Fraction, dagene: list[Post],
                      opbrugt: date, regnskab: Regnskab) -> Meddelelse:
    """The policy lets no account go below 0: whole days up to the day the old year's days run
    out, that day's remainder as hours and minutes (what is left below a minute shows as 0,00)."""
    hele = [p for p in dagene if p.dato < opbrugt]
    rest = disponibel - sum((p.dage for p in hele), NUL)
    timer, minutter = divmod(int(rest * MINUTTER_PR_DAG), 60)
    faelles = dict(gammel=konto.aar, ny=konto.aaret + 1, disponibel=dansk(disponibel),
                   politik=regnskab.politik.navn, timer=timer, minutter=minutter, dag=opbrugt)
    if not hele:
        return meddelelse("F096", "Ferieaar", **faelles)
    return meddelelse("F093", "Ferieaar", fra=data.fra, delt=hele[-1].dato, **faelles)


def _barnet(data: HaendelseData, kode: Aarsagskode, regnskab: Regnskab) -> list[Meddelelse]:
    if data.barnenummer is None:
        return [meddelelse("F046", "Barnenummer", kode=kode.kode)]
    barn = regnskab.boern.get(data.barnenummer)
    if barn is None:
        return [meddelelse("F047", "Barnenummer", barnenummer=data.barnenummer)]
    fejl = []
    if data.fra < barn.foedselsdato:  # care days are for a born (or adopted) child
        fejl.append(meddelelse("F094", "FraDato", barnenummer=barn.barnenummer, dato=data.fra,
                               foedselsdato=barn.foedselsdato))
    sidste_aar = sidste_omsorgsaar(barn.foedselsdato)
    if data.slut.year > sidste_aar:
        fejl.append(meddelelse("F095", "TilDato" if data.fra.year <= sidste_aar else "FraDato",
                               barnenummer=barn.barnenummer, aar=sidste_aar))
    if kode.kode in GL_ORDNING_KODER and ny_ordning(barn.foedselsdato):
        fejl.append(meddelelse("F048", "FastAarsagskode", kode=kode.kode, barnenummer=barn.barnenummer,
                               ordning="ny", koder="610/615"))
    if kode.kode in NY_ORDNING_KODER and not ny_ordning(barn.foedselsdato):
        fejl.append(meddelelse("F048", "FastAarsagskode", kode=kode.kode, barnenummer=barn.barnenummer,
                               ordning="gamle", koder="600/605"))
    return fejl


def _kontoen(konto: Konto, data: HaendelseData, regnskab: Regnskab, nye: list[Post]) -> list[Meddelelse]:
    """Does the account hold what the event takes from it?"""
    # the stored and the new postings unsorted: laveste_saldo orders them itself, the rest only
    # sum them (same-day postings keep their order: adjustments and uses, then the new ones); the
    # automatic credits, shared and all of Art.OPTJENT, are handed over as their series, not copied
    optjening = regnskab.optjening(konto)
    kontoens = [p for p in nye if p.konto == konto]
    egne = [*regnskab.egne_poster(konto), *kontoens]
    fra = min([p.dato for p in kontoens])
    laveste, dag = laveste_saldo(egne, fra, optjening)
    if konto.type is _FERIE and konto.retstype is None:
        return _ferie_med_loen(konto, egne, optjening, laveste, dag, regnskab)
    if konto.type is _OMSORG and konto.barnenummer is not None:
        poster = [*optjening.poster, *egne]
        brugt = sum((p.dage for p in poster if p.er_afvikling), NUL)
        ret = sum((p.dage for p in poster if not p.er_afvikling), NUL)
        if brugt > ret:
            return [meddelelse("F049", "Barnenummer", barnenummer=konto.barnenummer, aar=konto.aar,
                               ret=dansk(ret), brugt=dansk(brugt - sum((p.dage for p in nye
                                                                        if p.konto == konto), NUL)))]
        return []
    if konto.loebende:  # saved care days and the time bank: only what has been saved
        if laveste < 0:
            return [meddelelse("F050", "FastAarsagskode", kode=data.kode, konto=_navn(konto), dato=dag,
                               mangler=dansk_mangel(laveste))]
        return []
    if laveste < 0:  # ferie uden løn, special days: allowed, but say so
        return [meddelelse("A005", "FastAarsagskode", konto=_navn(konto), dato=dag,
                           mangler=dansk_mangel(laveste))]
    return []


def _ferie_med_loen(konto: Konto, poster: list[Post], optjening: Optjeningsserie, laveste: Fraction,
                    dag: date | None, regnskab: Regnskab) -> list[Meddelelse]:
    """`poster`: the account's stored and new postings; its automatic credits (`optjening`, of
    Art.OPTJENT) count in none of the sums below, only in the løntræk policy's balance."""
    meddelelser = []
    # summed per denominator in integers (kvoter.heltalssum) and compared as integers: the same
    # fractions, without Fraction's reduction at every step nor a Fraction made for the
    # comparison (every vacation registration sums its account; issue 15)
    registrerede, ekstra = [], []
    for p in poster:  # one pass: the days of 500, and what comes on top of the ferieår's own 25
        art = p.art
        if art is _AFVIKLET:
            if p.kode == "500":
                registrerede.append(p.dage)
        elif (art is _OVERFOERT and p.dage > 0) or (art is _REGULERET and p.retstype == ERSTATNINGSFERIE):
            ekstra.append(p.dage)  # moved-in days and replacement days
    rt, rn = heltalssum(registrerede)
    et, en = heltalssum(ekstra)
    if rt * en > (MAKS_FERIE_MED_LOEN * en + et) * rn:  # registreret > 25 + ekstra (n > 0)
        graense = MAKS_FERIE_MED_LOEN + brok(et, en)
        meddelelser.append(meddelelse("F042", "TilDato", ferieaar=konto.aar, graense=dansk(graense),
                                      registreret=dansk(brok(rt, rn))))
    if laveste.numerator >= 0:
        return meddelelser
    politik = regnskab.politik
    mangler = dansk_mangel(laveste)
    match politik.ikke_optjent:
        case IkkeOptjent.KUN_OPTJENT:
            meddelelser.append(meddelelse("F043", "FraDato", dato=dag, mangler=mangler,
                                          politik=politik.navn))
        case IkkeOptjent.EGEN_FRIDAG:
            meddelelser.append(meddelelse("F045", "FraDato", dato=dag, mangler=mangler))
        case IkkeOptjent.FORSKUD if politik.maks_forskud is not None and -laveste > politik.maks_forskud:
            meddelelser.append(meddelelse("F044", "FraDato", dato=dag, mangler=mangler,
                                          maks=dansk(politik.maks_forskud)))
        case IkkeOptjent.FORSKUD:
            meddelelser.append(meddelelse("A004", "FraDato", dato=dag, mangler=mangler))
        case IkkeOptjent.LOENTRAEK:
            start, slut = afholdelsesperiode(konto.aaret)
            foer = loentraek_pr_maaned(regnskab.konto_poster(konto), start, slut)
            efter = loentraek_pr_maaned([*optjening.poster, *poster], start, slut)
            for maaned, dage in sorted(efter.items()):
                if dage > foer.get(maaned, NUL):
                    meddelelser.append(meddelelse("A003", "FraDato", maaned=f"{maaned:%m-%Y}",
                                                  dage=dansk(dage)))
        case _:
            meddelelser.append(meddelelse("A002", "FraDato", dato=dag, mangler=mangler))
    return meddelelser


def _navn(konto: Konto) -> str:
    if konto.type is KvoteType.FRIHEDSBANK:
        return f"frihedsbanken (opsparingsretstype {konto.retstype})"
    if konto.type is KvoteType.OMSORGSDAGE:
        return "opsparede omsorgsdage"
    if konto.type is KvoteType.SAERLIGE_FERIEDAGE:
        return f"særlige feriedage optjent {konto.aar}"
    return f"ferie uden løn, ferieår {konto.aar}"


# ---------------------------------------------------------------- adjustments and moves


@dataclass(frozen=True)
class Regulering:
    kvotetype: KvoteType
    periode: int
    retstype: int
    dage: Fraction
    dato: date


def vurder_regulering(r: Regulering, kilde: str, regnskab: Regnskab, idag: date | None = None
                      ) -> tuple[list[Post], list[Meddelelse]]:
    """An adjustment (RegulerKvote) as postings; raises Afvist when it breaks a rule. A move to
    the time bank must be made (`idag`) and dated by the end of the period of taking."""
    if r.retstype not in RETSTYPER[r.kvotetype]:
        afvis_hvis_fejl([meddelelse("F052", "Retstype", retstype=r.retstype, kvotetype=r.kvotetype.value,
                                    tilladte=", ".join(str(x) for x in sorted(RETSTYPER[r.kvotetype])))])
    flytning = r.retstype in TIL_FRIHEDSBANK or (
        r.kvotetype is KvoteType.OMSORGSDAGE and r.retstype == OMSORG_TIL_FRIHEDSBANK)
    if r.dage == 0 or ((flytning or r.retstype == ERSTATNINGSFERIE) and r.dage < 0):
        afvis_hvis_fejl([meddelelse("F057", "Dage", dage=dansk(r.dage))])
    if r.kvotetype is KvoteType.FERIE:
        konto = Konto(KvoteType.FERIE, r.periode, FERIE_UDEN_LOEN if r.retstype == 2 else None)
    elif r.kvotetype is KvoteType.SAERLIGE_FERIEDAGE:
        konto = Konto(KvoteType.SAERLIGE_FERIEDAGE, r.periode)
    elif r.kvotetype is KvoteType.OMSORGSDAGE:
        konto = Konto(KvoteType.OMSORGSDAGE, None, OPSPARINGSDAGE)
    else:
        konto = Konto(KvoteType.FRIHEDSBANK, None, r.retstype)
    meddelelser: list[Meddelelse] = []
    if r.retstype == ERSTATNINGSFERIE:
        givet = sum((p.dage for p in regnskab.konto_poster(konto)
                     if p.art is Art.REGULERET and p.retstype == ERSTATNINGSFERIE), NUL)
        if givet + r.dage > MAKS_ERSTATNINGSFERIE:
            afvis_hvis_fejl([meddelelse("F053", "Dage", ferieaar=r.periode, givet=dansk(givet),
                                        maks=MAKS_ERSTATNINGSFERIE)])
        beregnet = erstatningsferie_for(regnskab, r.periode)
        if givet + r.dage > beregnet:
            meddelelser.append(meddelelse("A006", "Dage", ferieaar=r.periode, beregnet=dansk(beregnet),
                                          givet=dansk(givet + r.dage)))
    if not flytning:
        return [Post(konto, r.dato, Art.REGULERET, r.dage, kilde, r.retstype)], meddelelser
    if r.kvotetype is not KvoteType.OMSORGSDAGE:  # saved care days run on; the others lapse
        frist = perioder(konto, r.dato)[1][1]
        if max(r.dato, idag or r.dato) > frist:  # a back-dated Dato does not reopen the period
            afvis_hvis_fejl([meddelelse("F090", "Dato", kvotetype=r.kvotetype.value, periode=r.periode,
                                        frist=frist)])
    kvote = regnskab.kvote(konto, r.dato)  # only what is earned by then moves
    if r.kvotetype is KvoteType.FERIE and r.dage > kan_flyttes(kvote):
        # saving vacation (599) is moving it, like FlytFerie: only the days beyond the four weeks
        afvis_hvis_fejl([meddelelse("F055", "Dage", dage=dansk(r.dage), ferieaar=r.periode,
                                    kan_flyttes=dansk(kan_flyttes(kvote)))])
    if r.dage > kvote.disponibel:
        afvis_hvis_fejl([meddelelse("F054", "Dage", dage=dansk(r.dage), disponibel=dansk(kvote.disponibel))])
    maal = Konto(KvoteType.FRIHEDSBANK, None, 7 if r.kvotetype is KvoteType.OMSORGSDAGE
                 else TIL_FRIHEDSBANK[r.retstype][1])
    return [Post(konto, r.dato, Art.OVERFOERT, -r.dage, kilde, r.retstype),
            Post(maal, r.dato, Art.REGULERET, r.dage, kilde, r.retstype)], meddelelser


def erstatningsferie_for(regnskab: Regnskab, ferieaar: int) -> Fraction:
    """Replacement days the registered sickness during vacation (110) gives in a ferieår: the
    110 days that fall on days of ferie med løn from that ferieår, less the waiting period."""
    konto = Konto(KvoteType.FERIE, ferieaar)
    poster = regnskab.konto_poster(konto)
    feriedage = {p.dato for p in poster if p.er_afvikling}
    optjent = sum((p.dage for p in poster if p.art is Art.OPTJENT), NUL)
    return erstatningsferie(optjent, [d for d in regnskab.sygedage if d in feriedage])


def flyttefrist(kvotetype: KvoteType, aar: int) -> date:
    """The last day days of account `aar` can be agreed moved to the next: the end of its period of
    taking (ferie: 31 December of the ferieår, DOMAIN.md §6.1; særlige feriedage: 30 April, when
    the days not taken would be paid out, §6.3)."""
    return perioder(Konto(kvotetype, aar), date.min)[1][1]


def kan_flyttes(kvote: Kvote) -> Fraction:
    """What of an account can move to the next year: of ferie only the days beyond the four weeks
    that must be taken (DOMAIN.md §6.1), of særlige feriedage every day not used (seed 002 §7.4
    moves "feriedage/særlige feriedage" alike; the 20-day rule is Ferieloven's, not theirs)."""
    if kvote.konto.type is KvoteType.FERIE:
        return max(NUL, min(kvote.disponibel, kvote.ret - MAKS_UDEN_FLYTNING))
    return max(NUL, kvote.disponibel)


def flytbart(regnskab: Regnskab, konto: Konto, dato: date) -> Fraction:
    """What of `konto` can move on `dato`: kan_flyttes of its balance then, less what a move dated
    later has already taken out (a back-dated move must not move the same days twice)."""
    senere = sum((-p.dage for p in regnskab.egne_poster(konto)
                  if p.art is Art.OVERFOERT and p.dage < 0 and p.dato > dato), NUL)
    return max(NUL, kan_flyttes(regnskab.kvote(konto, dato)) - senere)


def flytteposter(konto: Konto, dage: Fraction, dato: date, kilde: str) -> list[Post]:
    """A move as postings: out of `konto`, into the same kind of account of the next year
    (seed 002 §7.4: "nedskrevet i det valgte ferieår - og opskrevet i det efterfølgende")."""
    navn = "ferieår " if konto.type is KvoteType.FERIE else "særlige feriedage optjent "
    naeste = Konto(konto.type, konto.aaret + 1)
    return [Post(konto, dato, Art.OVERFOERT, -dage, kilde, tekst=f"Flyttet til {navn}{naeste.aar}"),
            Post(naeste, dato, Art.OVERFOERT, dage, kilde, tekst=f"Flyttet fra {navn}{konto.aar}")]


def vurder_flytning(fra_aar: int, dage: Fraction, kilde: str, regnskab: Regnskab, idag: date,
                    kvotetype: KvoteType = KvoteType.FERIE) -> list[Post]:
    """FlytFerie: days of a ferieår (beyond 20) or of a year's særlige feriedage (all not used) to
    the next, agreed by the end of the period of taking; raises Afvist otherwise."""
    if kvotetype not in (KvoteType.FERIE, KvoteType.SAERLIGE_FERIEDAGE):
        afvis_hvis_fejl([meddelelse("F101", "KvoteType", kvotetype=kvotetype.value)])
    frist = flyttefrist(kvotetype, fra_aar)
    fejl = []
    if idag > frist:
        fejl.append(meddelelse("F056", "FraFerieaar", ferieaar=fra_aar, frist=frist)
                    if kvotetype is KvoteType.FERIE else
                    meddelelse("F100", "FraFerieaar", aar=fra_aar, frist=frist))
    if dage <= 0:
        fejl.append(meddelelse("F057", "Dage", dage=dansk(dage)))
    afvis_hvis_fejl(fejl)
    konto = Konto(kvotetype, fra_aar)
    kan = flytbart(regnskab, konto, idag)  # earned by today: days not yet earned cannot be moved
    if dage > kan:
        afvis_hvis_fejl([meddelelse("F055", "Dage", dage=dansk(dage), ferieaar=fra_aar,
                                    kan_flyttes=dansk(kan))
                         if kvotetype is KvoteType.FERIE else
                         meddelelse("F054", "Dage", dage=dansk(dage), disponibel=dansk(kan))])
    return flytteposter(konto, dage, idag, kilde)
