"""KvoteService answers in the shape of schemas/KvoteService.xsd, written as XML text (as
svar.py does for events: spyne's serializer is too slow for a thousand employments)."""

from __future__ import annotations

from fractions import Fraction

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.kvoter import NUL, Kvote, Post
from fravaer.domain.maaleenheder import vis_tal, vis_timer
from fravaer.domain.restferie import Udfald
from fravaer.service.kvoter import Afvikling
from fravaer.service.restferie import Restferieresultat
from fravaer.soap.svar import Svartekst, ansaettelse, element, felt, meddelelser

DAGE, TIMER = "Dage", "Timer"
_NUL_TEKST = vis_tal(NUL)  # "0.00"


def beloeb(v: Fraction, enhed: str) -> str:
    """An amount as shown: days or hours rounded down to two decimals (units, DOMAIN.md §4)."""
    return vis_timer(v) if enhed == TIMER else vis_tal(v)


def kvote(k: Kvote, enhed: str = DAGE, navn: str = "Kvote") -> str:
    vis = vis_timer if enhed == TIMER else vis_tal
    # most amounts are the shared NUL: "0.00" in days or hours alike, without the arithmetic
    optjent, overfoert, reguleret, loentraek, afholdt, planlagt, disponibel = (
        _NUL_TEKST if v is NUL else vis(v)
        for v in (k.optjent, k.overfoert, k.reguleret, k.loentraek, k.afholdt, k.planlagt, k.disponibel))
    konto, periode, afholdelse = k.konto, k.periode, k.afholdelse
    # f"{konto.type}" is the StrEnum's value (its format is str's), without the Enum's .value property
    return (f"<t:{navn}><t:KvoteType>{konto.type}</t:KvoteType>"
            f"{'' if konto.retstype is None else f'<t:Retstype>{konto.retstype}</t:Retstype>'}"
            f"{'' if konto.barnenummer is None else f'<t:Barnenummer>{konto.barnenummer}</t:Barnenummer>'}"
            f"<t:PeriodeFra>{periode[0]}</t:PeriodeFra><t:PeriodeTil>{periode[1]}</t:PeriodeTil>"
            f"<t:AfholdelseFra>{afholdelse[0]}</t:AfholdelseFra>"
            f"<t:AfholdelseTil>{afholdelse[1]}</t:AfholdelseTil>"
            f"<t:Optjent>{optjent}</t:Optjent><t:Overfoert>{overfoert}</t:Overfoert>"
            f"<t:Reguleret>{reguleret}</t:Reguleret><t:Loentraek>{loentraek}</t:Loentraek>"
            f"<t:Afholdt>{afholdt}</t:Afholdt><t:Planlagt>{planlagt}</t:Planlagt>"
            f"<t:Disponibel>{disponibel}</t:Disponibel><t:Enhed>{enhed}</t:Enhed></t:{navn}>")


def hent_kvoter(resultat: list[tuple[Ansaettelse, list[Kvote]]], enhed: str) -> Svartekst:
    """HentKvoterSvar: each employment's element and its quotas. Its only text from elsewhere is
    the employments' (stored, imported); a quota is written of numbers, dates, the names of its
    type and of the unit (the XSD's Dage or Timer): the search for characters XML cannot carry
    (svar.element) is made in the employments' elements, not in the 3 MB of a thousand's quotas."""
    skrevet: dict[object, str] = {}  # the ids stay valid: `resultat` holds every quota
    ansaettelser, dele = [], []
    for a, kvoter in resultat:
        tekst = ansaettelse("Ansaettelse", a)
        ansaettelser.append(tekst)
        dele.append(medarbejderkvoter(a, kvoter, enhed, skrevet, tekst))
    return element("HentKvoterSvar", "".join(dele), soeg_i="".join(ansaettelser) + enhed)


def medarbejderkvoter(a: Ansaettelse, kvoter: list[Kvote], enhed: str, skrevet: dict[object, str],
                      ansaettelsen: str | None = None) -> str:
    """One employment's quotas (`ansaettelsen`: its element, when written already); `skrevet`
    holds the text of quotas already written in this answer by the ids of the quota's fields: an
    account, its periods and amounts are mostly shared objects (accounts and periods from caches,
    NUL, an accrual series' totals, summer's whole days, a read's equal postings and accounts;
    accounts with only their accrual are one quota for many employments), and a quota of the
    same objects has the same text; a quota itself shared (an account with only its accrual) is
    found by its own id first. The ids are sound while the answer is written: every quota, and
    so every field, is held by the caller till then."""
    dele = []
    for k in kvoter:
        tekst = skrevet.get(id(k))
        if tekst is None:
            konto, periode, afholdelse, optjent, overfoert, reguleret, loentraek, afholdt, planlagt = k
            noegle = (id(konto), id(periode), id(afholdelse), id(optjent), id(overfoert), id(reguleret),
                      id(loentraek), id(afholdt), id(planlagt))  # written out: no map and no call through it
            tekst = skrevet.get(noegle)
            if tekst is None:
                tekst = skrevet[noegle] = kvote(k, enhed)
            skrevet[id(k)] = tekst
        dele.append(tekst)
    if ansaettelsen is None:
        ansaettelsen = ansaettelse("Ansaettelse", a)
    return f"<t:MedarbejderKvoter>{ansaettelsen}{''.join(dele)}</t:MedarbejderKvoter>"


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
