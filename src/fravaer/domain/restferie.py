"""The year-end transfer of leftover vacation (seed 002 §7.4, "automatisk flytning af rest
feriedage"; DOMAIN.md §6.1): for one employment and an ending ferieår, as of a date, what moves to
the next ferieår (the days beyond 20, as FlytFerie moves them) or why nothing does.

The transfer's postings carry a marker per ferieår as their source, so a second run finds them
and moves nothing more (idempotent without a table of its own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from fravaer.domain.ferieaar import optjeningsperiode
from fravaer.domain.kvoter import NUL, Konto, KvoteType, Post, Regnskab
from fravaer.domain.kvoteregler import flytbart, flyttefrist, flytteposter
from fravaer.domain.maaleenheder import dansk
from fravaer.domain.meddelelser import Meddelelse, meddelelse
from fravaer.domain.politik import er_paa_akko


class Udfald(StrEnum):
    OVERFOERT = "Overfoert"  # moved (in a dry run: would be moved)
    UDELADT = "Udeladt"  # excluded, with the reason
    ALLEREDE_OVERFOERT = "AlleredeOverfoert"  # an earlier run moved the days: nothing more


@dataclass(frozen=True)
class Overfoersel:
    udfald: Udfald
    dage: Fraction  # moved now (or would be), or by the earlier run
    poster: list[Post]  # to store (none when nothing moves)
    meddelelse: Meddelelse


def markoer(ferieaar: int) -> str:
    """The source (kilde) of the transfer's postings for a ferieår."""
    return f"overfoer-restferie-{ferieaar}"


def tjek_dato(ferieaar: int, dato: date, idag: date) -> list[Meddelelse]:
    """The request's own rules, the same for every employment: the transfer is made after the
    ferieår's accrual has ended (only then is its leftover known) and agreed by 31 December of
    the year it ends (DOMAIN.md §6.1); a back-dated Dato does not reopen that."""
    fejl = []
    foerste = optjeningsperiode(ferieaar)[1] + timedelta(days=1)
    if dato < foerste:
        fejl.append(meddelelse("F102", "Dato", ferieaar=ferieaar, fra=foerste))
    frist = flyttefrist(KvoteType.FERIE, ferieaar)
    if max(dato, idag) > frist:
        fejl.append(meddelelse("F056", "Ferieaar", ferieaar=ferieaar, frist=frist))
    return fejl


def vurder_overfoersel(ferieaar: int, dato: date, regnskab: Regnskab, akko: str | None,
                       proeve: bool = False) -> Overfoersel:
    """One employment's transfer from `ferieaar` to the next, as of `dato`: the checks in the
    order a clerk would give them, each exclusion with its own reason."""
    a = regnskab.ansaettelse
    konto = Konto(KvoteType.FERIE, ferieaar)
    kilde = markoer(ferieaar)
    tidligere = [p for p in regnskab.egne_poster(konto) if p.kilde == kilde]
    if tidligere:
        dage = -sum((p.dage for p in tidligere), NUL)
        return _udeladt(Udfald.ALLEREDE_OVERFOERT, dage, meddelelse(
            "A010", "Ferieaar", ferieaar=ferieaar, dato=tidligere[0].dato, dage=dansk(dage)))
    if not regnskab.ansat_i((dato, dato)):
        return _udeladt(Udfald.UDELADT, NUL, meddelelse(
            "F107", "Dato", dato=dato, start=a.startdato, slut=a.slutdato or ""))
    optjening = optjeningsperiode(ferieaar)
    if not regnskab.ansat_i(optjening):
        return _udeladt(Udfald.UDELADT, NUL, meddelelse(
            "F108", "Ferieaar", ferieaar=ferieaar, start=a.startdato, fra=optjening[0], til=optjening[1]))
    if er_paa_akko(akko):  # "der er på AKKO": the codes of seed 002 §7.2, as for special days
        return _udeladt(Udfald.UDELADT, NUL, meddelelse("F103", None, akko=(akko or "").strip(), dato=dato))
    kvote = regnskab.kvote(konto, dato)
    if kvote.disponibel < 0:
        return _udeladt(Udfald.UDELADT, NUL, meddelelse(
            "F104", None, ferieaar=ferieaar, disponibel=dansk(kvote.disponibel), dato=dato))
    if kvote.disponibel == 0:
        return _udeladt(Udfald.UDELADT, NUL, meddelelse("F105", None, ferieaar=ferieaar, dato=dato))
    dage = flytbart(regnskab, konto, dato)
    if dage == 0:
        return _udeladt(Udfald.UDELADT, NUL, meddelelse(
            "F106", None, ferieaar=ferieaar, disponibel=dansk(kvote.disponibel), dato=dato,
            ret=dansk(kvote.ret)))
    tekst = meddelelse("A012" if proeve else "A011", None, dage=dansk(dage), ferieaar=ferieaar,
                       ny=ferieaar + 1)
    return Overfoersel(Udfald.OVERFOERT, dage, flytteposter(konto, dage, dato, kilde), tekst)


def _udeladt(udfald: Udfald, dage: Fraction, m: Meddelelse) -> Overfoersel:
    return Overfoersel(udfald, dage, [], m)
