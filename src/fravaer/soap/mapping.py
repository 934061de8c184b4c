"""Requests from wire objects to domain objects; no rule is decided here."""

from __future__ import annotations

from fravaer.domain.employment import AnsaettelsesIdent
from fravaer.domain.events import HaendelseData
from fravaer.domain.units import til_minutter
from fravaer.service.haendelser import HaendelseAnmodning
from fravaer.soap import types as t


def ident(a: t.AnsaettelseType | None) -> AnsaettelsesIdent:
    if a is None:
        return AnsaettelsesIdent()
    return AnsaettelsesIdent(a.Tjenestenummer or None, a.CPRNummer or None, a.Loebenummer)


def uuid_(v: str | None) -> str | None:
    """UUIDs compare in lower case, however the client spelled them."""
    return v.lower() if v else None


def anmodning(r) -> HaendelseAnmodning:
    data = HaendelseData(
        kode=r.FastAarsagskode, fra=r.FraDato, til=r.TilDato,
        minutter=til_minutter(r.Timer, r.Minutter), barnenummer=r.Barnenummer,
        ferieaar=r.Ferieaar, bemaerkning=r.Bemaerkning,
    )
    return HaendelseAnmodning(ident(r.Ansaettelse), data, uuid_(r.TransaktionsID))
