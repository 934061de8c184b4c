"""Small functions from wire objects to domain objects and back; no rule is decided here."""

from __future__ import annotations

from datetime import date

from fravaer.domain.catalogue import Katalog, TidsKrav
from fravaer.domain.employment import Ansaettelse, AnsaettelsesIdent
from fravaer.domain.events import Haendelse, HaendelseData
from fravaer.domain.messages import Meddelelse
from fravaer.domain.units import fra_minutter, til_minutter
from fravaer.service.haendelser import Aarsag, HaendelseAnmodning
from fravaer.soap import types as t

_TIDSKRAV = {TidsKrav.IKKE: "IkkeTilladt", TidsKrav.VALGFRI: "Valgfri",
             TidsKrav.OBLIGATORISK: "Obligatorisk"}


def ident(a: t.AnsaettelseType) -> AnsaettelsesIdent:
    return AnsaettelsesIdent(a.Tjenestenummer or None, a.CPRNummer or None, a.Loebenummer)


def anmodning(r) -> HaendelseAnmodning:
    data = HaendelseData(
        kode=r.FastAarsagskode, fra=r.FraDato, til=r.TilDato,
        minutter=til_minutter(r.Timer, r.Minutter), barnenummer=r.Barnenummer,
        ferieaar=r.Ferieaar, bemaerkning=r.Bemaerkning,
    )
    return HaendelseAnmodning(ident(r.Ansaettelse), data, _uuid(r.TransaktionsID))


def _uuid(v: str | None) -> str | None:
    return v.lower() if v else None


def haendelse_id(v: str) -> str:
    return v.lower()


def ansaettelse(a: Ansaettelse) -> t.AnsaettelseType:
    return t.AnsaettelseType(Tjenestenummer=a.tjenestenummer, CPRNummer=a.cpr,
                             Loebenummer=a.loebenummer)


def haendelse(h: Haendelse, a: Ansaettelse, katalog: Katalog) -> t.HaendelseType:
    d = h.data
    timer, minutter = fra_minutter(d.minutter) if d.minutter is not None else (None, None)
    kode = katalog.kode(d.kode)
    return t.HaendelseType(
        HaendelseID=h.id, Version=h.version, Ansaettelse=ansaettelse(a), FastAarsagskode=d.kode,
        Aarsagstekst=kode.navn if kode else "", FraDato=d.fra, TilDato=d.til,
        Timer=timer, Minutter=minutter,
        Kalenderdage=_kalenderdage(d.fra, d.til),
        Barnenummer=d.barnenummer, Ferieaar=d.ferieaar, Bemaerkning=d.bemaerkning,
        Oprettet=h.oprettet, Aendret=h.aendret,
    )


def _kalenderdage(fra: date, til: date | None) -> int | None:
    return None if til is None else (til - fra).days + 1


def meddelelser(ms: list[Meddelelse]) -> list[t.MeddelelseType]:
    return [t.MeddelelseType(Kode=m.kode, Alvor=m.alvor.value, Tekst=m.tekst, Felt=m.felt) for m in ms]


def aarsag(a: Aarsag) -> t.AarsagskodeType:
    k = a.detaljer
    if k is None:
        return t.AarsagskodeType(Kode=a.kode, Tekst=a.tekst, Type=a.type.value)
    return t.AarsagskodeType(
        Kode=k.kode, Tekst=k.navn, Type=a.type.value, Gruppe=k.gruppe, DSTKategori=k.dst_kategori,
        PeriodeTilladt=k.periode_tilladt, AabenTilladt=k.aaben_tilladt,
        TimerVedDag=_TIDSKRAV[k.tid_dag],
        TimerVedPeriode=_TIDSKRAV[k.tid_periode] if k.periode_tilladt else None,
        Indberetningspligtig=k.indberetningspligtig,
        GyldigFra=k.gyldig_fra if k.gyldig_fra != date.min else None, GyldigTil=k.gyldig_til,
    )
