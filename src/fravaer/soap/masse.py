"""MasseindberetHaendelser on the wire (issue 15): the Indberetning elements as read by the XSD
(request_reader.py) to the use case's registrations, and the answer writer."""

from __future__ import annotations

from fravaer.domain.gruppe import Gruppe
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import Katalog
from fravaer.domain.maaleenheder import til_minutter
from fravaer.service.masse import Handling, Indberetning, Resultat, Status
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


_STATUS = {s: s.value for s in Status}  # (an enum's .value is a Python property: a call per use)


def svar(resultater: list[Resultat], katalog: Katalog):
    """The answer, by one writer for the batch: an employment's element written once for its
    result and its event, a code's, a status's, a date's and the write's timestamp's once for
    all (svar.Gentagne)."""
    g = s.Gentagne(katalog)
    dele: list[str] = []
    for r in resultater:
        ans = "" if r.ansaettelse is None else g.ansaettelse(r.ansaettelse)
        sv = r.svar
        hid = r.haendelse_id or (sv.haendelse.id if sv is not None else None)
        dele.append(f"<t:Resultat><t:Nummer>{r.nummer}</t:Nummer><t:Status>{_STATUS[r.status]}</t:Status>"
                    f"{ans}{s.felt('HaendelseID', hid)}")
        if sv is not None:
            dele.append(g.haendelse("Haendelse", sv.haendelse, sv.ansaettelse, sv.omkostning))
        if r.meddelelser:
            dele.append(s.meddelelser(r.meddelelser))
        dele.append("</t:Resultat>")
    return s.element("MasseindberetHaendelserSvar", "".join(dele))
