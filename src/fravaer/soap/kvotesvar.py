"""KvoteService answers in the shape of schemas/KvoteService.xsd, written as XML text (as
svar.py does for events: spyne's serializer is too slow for a thousand employments)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.kvoter import Kvote, Post
from fravaer.domain.maaleenheder import vis_tal, vis_timer
from fravaer.domain.restferie import Udfald
from fravaer.service.kvoter import Afvikling
from fravaer.service.restferie import Restferieresultat
from fravaer.soap.svar import (
    Svartekst,
    ansaettelse,
    ansaettelsesbytes,
    datotekst,
    element_af_dele,
    felt,
    meddelelser,
    taltekst,
    timetekst,
)

DAGE, TIMER = "Dage", "Timer"


def beloeb(v: Fraction, enhed: str) -> str:
    """An amount as shown: days or hours rounded down to two decimals (units, DOMAIN.md §4)."""
    return vis_timer(v) if enhed == TIMER else vis_tal(v)


def kvote(k: Kvote, enhed: str = DAGE, navn: str = "Kvote") -> str:
    tal = timetekst if enhed == TIMER else taltekst  # (each kept by value: the domain rounds)
    konto, periode, afholdelse = k.konto, k.periode, k.afholdelse
    # f"{konto.type}" is the StrEnum's value (its format is str's), without the Enum's .value property
    return (f"<t:{navn}><t:KvoteType>{konto.type}</t:KvoteType>"
            f"{'' if konto.retstype is None else f'<t:Retstype>{konto.retstype}</t:Retstype>'}"
            f"{'' if konto.barnenummer is None else f'<t:Barnenummer>{konto.barnenummer}</t:Barnenummer>'}"
            f"<t:PeriodeFra>{datotekst(periode[0])}</t:PeriodeFra>"
            f"<t:PeriodeTil>{datotekst(periode[1])}</t:PeriodeTil>"
            f"<t:AfholdelseFra>{datotekst(afholdelse[0])}</t:AfholdelseFra>"
            f"<t:AfholdelseTil>{datotekst(afholdelse[1])}</t:AfholdelseTil>"
            f"<t:Optjent>{tal(k.optjent)}</t:Optjent><t:Overfoert>{tal(k.overfoert)}</t:Overfoert>"
            f"<t:Reguleret>{tal(k.reguleret)}</t:Reguleret><t:Loentraek>{tal(k.loentraek)}</t:Loentraek>"
            f"<t:Afholdt>{tal(k.afholdt)}</t:Afholdt><t:Planlagt>{tal(k.planlagt)}</t:Planlagt>"
            f"<t:Disponibel>{tal(k.disponibel)}</t:Disponibel><t:Enhed>{enhed}</t:Enhed></t:{navn}>")


# A quota's text (kvote(k, enhed), encoded), kept for the process by what it is written from:
# the unit, the account, the two periods and each amount's numerator and denominator (a
# Fraction's hash is a Python call; its slots are read directly). A thousand employments'
# quotas are a few hundred values at most (bench_kvoter --forskellige: 346 of 5,260), mostly
# asked again, and one written anew costs its disponibel's sum and seven amounts' texts.
# Bounded, emptied when full.
_KVOTETEKSTER: dict[tuple, bytes] = {}
_KVOTETEKSTER_MAKS = 8192


def kvotetekst(k: Kvote, enhed: str) -> bytes:
    """kvote(k, enhed) as UTF-8, kept by value (_KVOTETEKSTER); an amount not a Fraction is
    written, not kept."""
    felter: tuple[Any, ...] = k  # (the slots read below are Fraction's own, not its public API)
    konto, periode, afholdelse, optjent, overfoert, reguleret, loentraek, afholdt, planlagt = felter
    try:
        noegle = (enhed, konto, periode, afholdelse, optjent._numerator, optjent._denominator,
                  overfoert._numerator, overfoert._denominator, reguleret._numerator, reguleret._denominator,
                  loentraek._numerator, loentraek._denominator, afholdt._numerator, afholdt._denominator,
                  planlagt._numerator, planlagt._denominator)
    except AttributeError:
        return kvote(k, enhed).encode()
    tekst = _KVOTETEKSTER.get(noegle)
    if tekst is None:
        if len(_KVOTETEKSTER) >= _KVOTETEKSTER_MAKS:
            _KVOTETEKSTER.clear()
        tekst = _KVOTETEKSTER[noegle] = kvote(k, enhed).encode()
    return tekst


_MEDARBEJDERKVOTER, _MEDARBEJDERKVOTER_SLUT = b"<t:MedarbejderKvoter>", b"</t:MedarbejderKvoter>"


def hent_kvoter(resultat: list[tuple[Ansaettelse, list[Kvote]]], enhed: str) -> Svartekst:
    """HentKvoterSvar: each employment's element and its quotas. Its only text from elsewhere is
    the employments' (stored, imported), each judged once for characters XML cannot carry when
    kept (svar.ansaettelsesbytes), and the unit's; a quota is written of numbers, dates, the
    names of its type and of the unit (the XSD's Dage or Timer). Every piece goes encoded into
    one list, joined once into the answer's bytes (svar.element_af_dele); a quota met before in
    this answer (the same object: a read's alike accounts share theirs) is found by its id (sound
    while the answer is written: `resultat` holds every quota), else by value (kvotetekst)."""
    skrevet: dict[int, bytes] = {}
    dele: list[bytes] = [b""]  # (the start tag's place)
    for a, kvoter in resultat:
        dele.append(_MEDARBEJDERKVOTER)
        dele.append(ansaettelsesbytes(a))
        for k in kvoter:
            kendt = skrevet.get(id(k))
            if kendt is None:
                kendt = skrevet[id(k)] = kvotetekst(k, enhed)
            dele.append(kendt)
        dele.append(_MEDARBEJDERKVOTER_SLUT)
    return element_af_dele("HentKvoterSvar", dele, enhed)


def optjening(p: Post, enhed: str) -> str:
    return (f"<t:Optjening><t:Dato>{p.dato}</t:Dato><t:Art>{p.art.value}</t:Art>"
            f"{felt('Retstype', p.retstype)}<t:Antal>{beloeb(p.dage, enhed)}</t:Antal>"
            f"{felt('Tekst', p.tekst or None)}</t:Optjening>")


def afvikling(a: Afvikling, enhed: str) -> str:
    return (f"<t:Afvikling><t:HaendelseID>{a.haendelse_id}</t:HaendelseID>"
            f"<t:FastAarsagskode>{a.kode}</t:FastAarsagskode><t:FraDato>{a.fra}</t:FraDato>"
            f"<t:TilDato>{a.til}</t:TilDato><t:Antal>{beloeb(a.dage, enhed)}</t:Antal></t:Afvikling>")


def restferie(r: Restferieresultat) -> str:
    """OverfoerRestferieSvar's children: the summary, then one Resultat per employment."""
    dele = ["<t:Opgoerelse>", felt("Proeve", r.proeve),
            felt("AntalOverfoert", r.antal(Udfald.OVERFOERT)), felt("AntalUdeladt", r.antal(Udfald.UDELADT)),
            felt("AntalAlleredeOverfoert", r.antal(Udfald.ALLEREDE_OVERFOERT)),
            f"<t:Dage>{beloeb(r.dage_i_alt, DAGE)}</t:Dage></t:Opgoerelse>"]
    for a, o in r.resultater:
        dele.append(f"<t:Resultat>{ansaettelse('Ansaettelse', a)}<t:Status>{o.udfald.value}</t:Status>"
                    f"<t:Dage>{beloeb(o.dage, DAGE)}</t:Dage>{meddelelser([o.meddelelse])}</t:Resultat>")
    return "".join(dele)
