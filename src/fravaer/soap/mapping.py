"""Requests as read by the XSD (request_reader.py) to the use cases' requests; no rule is decided here."""

from __future__ import annotations

from fravaer.domain.ansaettelse import AnsaettelsesIdent, PersonIdent
from fravaer.domain.dataklasser import hurtig_ny
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.maaleenheder import til_minutter
from fravaer.domain.personale import Barselssag
from fravaer.service.godkendelse import Beslutning
from fravaer.service.haendelser import HaendelseAnmodning

# a request's employment and event, made without the frozen dataclasses' field-by-field
# __init__ (hurtig_ny): each read by one use case a few times (issue 13: 13,000 instructions of
# an OpretHaendelse); the classes keep their own __init__ for everywhere else
_IDENT = hurtig_ny(AnsaettelsesIdent)
_DATA = hurtig_ny(HaendelseData)


def ident(a) -> AnsaettelsesIdent:
    """An AnsaettelseType as read by the XSD (request_reader.py)."""
    if a is None:
        return _IDENT()
    return _IDENT(a.Tjenestenummer or None, a.CPRNummer or None, a.Loebenummer)


def ansaettelse_eller_person(r) -> AnsaettelsesIdent | PersonIdent:
    """The XSD's choice of Ansaettelse or CPRNummer (OptaelFravaer)."""
    return PersonIdent(r.CPRNummer) if r.CPRNummer else ident(r.Ansaettelse)


def uuid_(v: str | None) -> str | None:
    """UUIDs compare in lower case, however the client spelled them."""
    return v.lower() if v else None


def anmodning(r) -> HaendelseAnmodning:
    data = _DATA(
        kode=r.FastAarsagskode, fra=r.FraDato, til=r.TilDato,
        minutter=til_minutter(r.Timer, r.Minutter), barnenummer=r.Barnenummer,
        ferieaar=r.Ferieaar, bemaerkning=r.Bemaerkning, barselssag_id=uuid_(r.BarselssagID),
        arbejdsskadesag=r.Arbejdsskadesag, tjenestefriaarsag=r.Tjenestefriaarsag,
    )
    return HaendelseAnmodning(ident(r.Ansaettelse), data, uuid_(r.TransaktionsID))


def barselssag(r) -> Barselssag:
    """The case's content from OpretBarselssag/RetBarselssag (id, person and version are the
    service's to set)."""
    return Barselssag("", "", 1, r.Noegle, r.Type, r.GyldigFra, r.GyldigTil, r.ForventetFoedsel,
                      r.FaktiskFoedsel, r.Anmeldt, r.Indberettet)


def beslutning(r, godkend: bool) -> Beslutning:
    """GodkendHaendelse / AfvisHaendelse: the decision on a pending event."""
    return Beslutning(uuid_(r.HaendelseID) or "", r.Version, godkend, r.Begrundelse, uuid_(r.TransaktionsID))
