"""MasseindberetHaendelser on the wire (issue 15): the Indberetning elements as read by the XSD
(request_reader.py) to the use case's registrations, and the answer writer."""

from __future__ import annotations

from fravaer.domain.gruppe import Gruppe
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import Katalog
from fravaer.domain.maaleenheder import til_minutter
from fravaer.service.masse import Handling, Indberetning, Resultat
from fravaer.soap import svar as s
from fravaer.soap.mapping import ident, uuid_

# ---------------------------------------------------------------- request


def _gruppe(g) -> Gruppe:
    return Gruppe(g.Institution, g.Enhed, g.PKAT, g.KL)


def indberetning(r) -> Indberetning:
    """One Indberetning as read by the XSD (request_reader.py)."""
    data = None
    if r.FastAarsagskode is not None and r.FraDato is not None:
        data = HaendelseData(
            kode=r.FastAarsagskode, fra=r.FraDato, til=r.TilDato,
            minutter=til_minutter(r.Timer, r.Minutter), barnenummer=r.Barnenummer,
            ferieaar=r.Ferieaar, bemaerkning=r.Bemaerkning, barselssag_id=uuid_(r.BarselssagID),
            arbejdsskadesag=r.Arbejdsskadesag, tjenestefriaarsag=r.Tjenestefriaarsag)
    return Indberetning(
        data, ident(r.Ansaettelse) if r.Ansaettelse is not None else None,
        _gruppe(r.Gruppe) if r.Gruppe is not None else None, uuid_(r.TransaktionsID),
        Handling(r.Handling) if r.Handling is not None else Handling.OPRET,
        uuid_(r.HaendelseID), r.Version)


def anmodning(r) -> tuple[list[Indberetning], bool, bool]:
    return [indberetning(e) for e in r.Indberetning], bool(r.AltEllerIntet), bool(r.Proeve)


# ---------------------------------------------------------------- answer


def resultat(r: Resultat, katalog: Katalog) -> str:
    dele = [f"<t:Resultat><t:Nummer>{r.nummer}</t:Nummer><t:Status>{r.status.value}</t:Status>"]
    if r.ansaettelse is not None:
        dele.append(s.ansaettelse("Ansaettelse", r.ansaettelse))
    hid = r.haendelse_id or (r.svar.haendelse.id if r.svar is not None else None)
    dele.append(s.felt("HaendelseID", hid))
    if r.svar is not None:
        dele.append(s.haendelse("Haendelse", r.svar.haendelse, r.svar.ansaettelse, katalog,
                                r.svar.omkostning))
    dele.append(s.meddelelser(r.meddelelser))
    dele.append("</t:Resultat>")
    return "".join(dele)


def svar(resultater: list[Resultat], katalog: Katalog):
    return s.element("MasseindberetHaendelserSvar", "".join(resultat(r, katalog) for r in resultater))
