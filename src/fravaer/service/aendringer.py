"""The change feed (issue 19 item 1): recording every change where it is written, and reading the
feed (FravaerService.HentAendringer, `fravaer aendringer`).

Every use case that stores something calls `registrer` (or `registrer_haendelse` for an event,
which also writes the event log) in its own transaction, next to the write, with the object before
and after: the change and its record commit together or not at all."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import Engine

from fravaer.adapters.db import codec
from fravaer.domain.aendringer import START, Aendring, Art, antal, fra_token, til_token
from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.brugere import Bruger
from fravaer.domain.haendelse import Haendelse
from fravaer.domain.kvoter import Kvote, Post, Regnskab
from fravaer.domain.meddelelser import Afvist, meddelelse
from fravaer.domain.personale import Barselssag
from fravaer.service.ansaettelser import enhedens_ider
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

revision = logging.getLogger("fravaer.revision")


# ---------------------------------------------------------------- recording

def registrer(uow: UnitOfWork, nu: datetime, art: Art, handling: str, noegle: str, institution: str,
              bruger: str, foer: dict | None, efter: dict | None, *, ansaettelse: Ansaettelse | None = None,
              enhed_id: int | None = None, ansaettelse_id: int | None = None,
              transaktions_id: str | None = None) -> None:
    """Record one change in the feed, in the caller's transaction. `foer`/`efter`: the object as
    JSON-able fields (None: it did not exist before / does not after). With `ansaettelse` (or its
    id and `enhed_id`), the change is the employment's: its unit's, and `institution` names where it
    stood."""
    if ansaettelse is not None:
        enhed_id = ansaettelse.enhed_id if enhed_id is None else enhed_id
        ansaettelse_id = ansaettelse.id
    uow.aendringer.tilfoej(uow.aendringer.raekke(
        nu, art, handling, noegle, institution, bruger, foer, efter, enhed_id, ansaettelse_id,
        transaktions_id))


def registrer_haendelse(uow: UnitOfWork, nu: datetime, handling: str, a: Ansaettelse, bruger: str,
                        transaktions_id: str | None, foer: Haendelse | None, efter: Haendelse | None) -> None:
    """An event written (Opret, Ret, Slet, Godkend, Afvis …), with the event before and after: its
    row in the feed, which is also the event log (HentHaendelseLog). Inside `uow.samler.samlet()` it
    joins the event's own statement on PostgreSQL."""
    h = efter or foer
    if h is None:
        raise ValueError("en hændelse skrevet har et før eller et efter")
    registrer(uow, nu, Art.HAENDELSE, handling, h.id, a.institution_kode, bruger,
              codec.haendelse_til_dict(foer) if foer is not None else None,
              codec.haendelse_til_dict(efter) if efter is not None else None,
              ansaettelse=a, transaktions_id=transaktions_id)


def registrer_oprettet(uow: UnitOfWork, nu: datetime, a: Ansaettelse, bruger: str,
                       transaktions_id: str | None, h: Haendelse, efter: str) -> None:
    """`registrer_haendelse` of a created event `h` whose fields are already written as JSON
    (`efter`: codec.haendelse_json(h)): a mass registration writes them once for the log row and
    the retry's answer."""
    registrer_skrevet(uow, nu, "Opret", a, bruger, transaktions_id, h.id, None, efter)


def registrer_skrevet(uow: UnitOfWork, nu: datetime, handling: str, a: Ansaettelse, bruger: str,
                      transaktions_id: str | None, haendelse_id: str, foer: str | None,
                      efter: str | None) -> None:
    """`registrer_haendelse` of an event whose before and after are already written as JSON
    (codec.haendelse_json): a change writes its after once for the log row and the retry's answer."""
    uow.aendringer.tilfoej_skrevet(nu, Art.HAENDELSE, handling, haendelse_id, a.institution_kode, bruger,
                                   foer, efter, a.enhed_id, a.id, transaktions_id)


def haendelse_raekker(uow: UnitOfWork, nu: datetime, a: Ansaettelse, bruger: str,
                      haendelser: Iterable[Haendelse]) -> list[dict]:
    """The feed's rows of many created events of one employment (a history import's batch, sent
    with `uow.aendringer.tilfoej_mange`)."""
    return [uow.aendringer.raekke(nu, Art.HAENDELSE, "Opret", h.id, a.institution_kode, bruger, None,
                                  codec.haendelse_til_dict(h), a.enhed_id, a.id)
            for h in haendelser]


def for_personen(uow: UnitOfWork, cpr: str) -> list[Ansaettelse]:
    """One employment per institution of the person's: where a change of the person's own data
    (name, address, children, cases) is recorded, so that each institution that may read the
    person sees it (in code order, the lowest employment id of each)."""
    ud: dict[str, Ansaettelse] = {}
    for a in sorted(uow.ansaettelser.af_person(cpr), key=lambda a: a.id):
        ud.setdefault(a.institution_kode, a)
    return [ud[k] for k in sorted(ud)]


def registrer_for_person(uow: UnitOfWork, nu: datetime, art: Art, handling: str, noegle: str, cpr: str,
                         bruger: str, foer: dict | None, efter: dict | None,
                         transaktions_id: str | None = None) -> None:
    """A change of a person's own data, recorded once at each institution of the person's."""
    for a in for_personen(uow, cpr):
        registrer(uow, nu, art, handling, noegle, a.institution_kode, bruger, foer, efter, ansaettelse=a,
                  transaktions_id=transaktions_id)


# ---------------------------------------------------------------- reading

@dataclass(frozen=True)
class Aendringsside:
    aendringer: list[Aendring]
    ansaettelser: dict[int, Ansaettelse]  # the employments the changes name
    fortsaettelse: str  # where the next page begins (also after an empty page: poll with it)
    flere: bool  # more changes are ready now


def hent_aendringer(engine: Engine, bruger: Bruger, fortsaettelse: str | None = None,
                    fra_tidspunkt: datetime | None = None, institution: str | None = None,
                    enhed: str | None = None, arter: Iterable[Art] = (), maks: int | None = None,
                    ur: Callable[[], datetime] | None = None) -> Aendringsside:
    """A page of the feed: the changes after the cursor (or from the start, or from the first one
    recorded at `fra_tidspunkt`) that `bruger` may read — those of institutions it has a right to,
    narrowed to `institution` and its unit `enhed` with the units below, and to `arter` — in feed
    order, and the cursor to continue from."""
    side = antal(maks)
    if fortsaettelse is not None and fra_tidspunkt is not None:
        raise Afvist([meddelelse("F202", "FraTidspunkt")])
    if enhed is not None and institution is None:
        raise Afvist([meddelelse("F203", "Enhed")])
    efter = fra_token(fortsaettelse) if fortsaettelse is not None else START
    arter = list(arter)

    def arbejde(uow: UnitOfWork) -> Aendringsside:
        institutioner = bruger.institutioner
        enheder = None
        if institution is not None:
            if not bruger.maa_laese(institution) or uow.institutioner.id_for(institution) is None:
                raise Afvist([meddelelse("F088", "Institution", institution=institution)])
            institutioner = frozenset([institution])
            if enhed is not None:
                enheder = enhedens_ider(uow, institution, enhed)
        start = efter if fra_tidspunkt is None else uow.aendringer.begyndelse(fra_tidspunkt)
        aendringer = (uow.aendringer.side(start, institutioner, enheder, arter, side + 1)
                      if institutioner else [])
        flere = len(aendringer) > side
        aendringer = aendringer[:side]
        ansaettelser = uow.ansaettelser.hent_mange(a.ansaettelse_id for a in aendringer
                                                   if a.ansaettelse_id is not None)
        # reading changes (absence among them: health data) is logged: who, scope, how many
        revision.info("laesning bruger=%s operation=HentAendringer institution=%s enhed=%s antal=%d",
                      bruger.navn, institution or "-", enhed or "-", len(aendringer))
        naeste = aendringer[-1].position if aendringer else start
        return Aendringsside(aendringer, ansaettelser, til_token(naeste), flere)

    return i_transaktion(engine, arbejde, enkelt_laesning=True)


# ---------------------------------------------------------------- the objects as the feed shows them

def barselssag_felter(s: Barselssag) -> dict:
    """A maternity case as the feed shows it (its id is the change's Noegle)."""
    v = asdict(s)
    for k in ("id", "cpr", "oprettet", "aendret"):
        v.pop(k)
    return v


def kvote_til_dict(k: Kvote) -> dict:
    """An account's state (days as exact fractions written as text, e.g. '25/2')."""
    return {"kvotetype": k.konto.type.value, "aar": k.konto.aar, "retstype": k.konto.retstype,
            "barnenummer": k.konto.barnenummer, "optjent": str(k.optjent), "overfoert": str(k.overfoert),
            "reguleret": str(k.reguleret), "loentraek": str(k.loentraek), "afholdt": str(k.afholdt),
            "planlagt": str(k.planlagt), "disponibel": str(k.disponibel)}


def post_til_dict(p: Post) -> dict:
    return {"kvotetype": p.konto.type.value, "aar": p.konto.aar, "kontoretstype": p.konto.retstype,
            "barnenummer": p.konto.barnenummer, "dato": p.dato, "art": p.art.value, "dage": str(p.dage),
            "retstype": p.retstype, "tekst": p.tekst or None}


def registrer_kvote(uow: UnitOfWork, nu: datetime, handling: str, a: Ansaettelse, bruger: str,
                    transaktions_id: str | None, regnskab: Regnskab, poster: list[Post], dato: date) -> None:
    """Postings to accounts (an adjustment, a move, a transfer) stored: the accounts they touch
    before and after on `dato`, and the postings. Adds them to `regnskab` (it then holds the after)."""
    konti = list(dict.fromkeys(p.konto for p in poster))
    foer = [kvote_til_dict(regnskab.kvote(k, dato)) for k in konti]
    regnskab.tilfoej(poster)
    efter = [kvote_til_dict(regnskab.kvote(k, dato)) for k in konti]
    registrer(uow, nu, Art.KVOTE, handling, poster[0].kilde or str(a.id), a.institution_kode, bruger,
              {"konti": foer}, {"konti": efter, "poster": [post_til_dict(p) for p in poster]},
              ansaettelse=a, transaktions_id=transaktions_id)
