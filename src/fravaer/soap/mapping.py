"""Requests from wire objects to domain objects; no rule is decided here."""

from __future__ import annotations

from fravaer.domain.employment import AnsaettelsesIdent, PersonIdent
from fravaer.domain.events import HaendelseData
from fravaer.domain.personale import Barselssag
from fravaer.domain.units import til_minutter
from fravaer.service.haendelser import HaendelseAnmodning
from fravaer.soap import types as t


def ident(a: t.AnsaettelseType | None) -> AnsaettelsesIdent:
    if a is None:
        return AnsaettelsesIdent()
    return AnsaettelsesIdent(a.Tjenestenummer or None, a.CPRNummer or None, a.Loebenummer)


def ansaettelse_eller_person(r) -> AnsaettelsesIdent | PersonIdent:
    """The XSD's choice of Ansaettelse or CPRNummer (OptaelFravaer)."""
    return PersonIdent(r.CPRNummer) if r.CPRNummer else ident(r.Ansaettelse)


_TJNR, _CPR, _LBNR = (f"{{{t.TNS}}}{n}" for n in ("Tjenestenummer", "CPRNummer", "Loebenummer"))


def ident_fra_element(foerste) -> AnsaettelsesIdent:
    """An AnsaettelseType element already validated against the XSD, as spyne's AnyXml hands
    it over: its first child (None when empty), still in the request's tree."""
    if foerste is None:
        return AnsaettelsesIdent()
    e = foerste.getparent()
    loebenummer = e.findtext(_LBNR)
    return AnsaettelsesIdent(e.findtext(_TJNR) or None, e.findtext(_CPR) or None,
                             int(loebenummer) if loebenummer is not None else None)


def uuid_(v: str | None) -> str | None:
    """UUIDs compare in lower case, however the client spelled them."""
    return v.lower() if v else None


def anmodning(r) -> HaendelseAnmodning:
    data = HaendelseData(
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
