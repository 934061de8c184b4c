"""Approval of events (issue 19 item 4; seed 004 §4.2 "Markér at registreringstypen skal
godkendes"): an event of a code that needs approval is stored as Afventer; a user with the right
`godkend` at the employment's institution approves it (Godkendt) or rejects it with a reason
(Afvist: the event is deleted, the decision stays in the event log). A pending event draws on the
accounts as planned absence (never as taken), and reaches payroll and the statistics only when
approved (DOMAIN.md §17)."""

from __future__ import annotations

from enum import StrEnum

from fravaer.domain.brugere import Bruger
from fravaer.domain.katalog import Aarsagskode
from fravaer.domain.meddelelser import Afvist, Meddelelse, meddelelse


class Status(StrEnum):
    GODKENDT = "Godkendt"  # approved, or of a code that needs no approval
    AFVENTER = "Afventer"
    AFVIST = "Afvist"  # only in a decision's answer and log: a rejected event is not stored


def status_for(kode: Aarsagskode | None) -> Status:
    """The status a new or changed event is stored with: a change of an approved event of such
    a code needs approval again."""
    return Status.AFVENTER if kode is not None and kode.kraever_godkendelse else Status.GODKENDT


def advis_for(kode: Aarsagskode | None) -> list[Meddelelse]:
    if kode is not None and status_for(kode) is Status.AFVENTER:
        return [meddelelse("A035", "FastAarsagskode", kode=kode.kode)]
    return []


def kraev_godkenderet(bruger: Bruger, institution: str) -> None:
    if not bruger.maa_godkende(institution):
        raise Afvist([meddelelse("F222", "HaendelseID", bruger=bruger.navn)])


def vurder_beslutning(haendelse_id: str, status: str, godkend: bool, begrundelse: str | None,
                      registreret_af: str | None, bruger: Bruger) -> None:
    """May `bruger` decide on the event now? Only a pending event; a rejection needs a reason;
    and not the user who registered or last changed it (two people: project choice)."""
    fejl = []
    if status != Status.AFVENTER:
        fejl.append(meddelelse("F215", "HaendelseID", haendelse_id=haendelse_id, status=status))
    if not godkend and not (begrundelse or "").strip():
        fejl.append(meddelelse("F216", "Begrundelse"))
    if registreret_af is not None and registreret_af == bruger.navn:
        fejl.append(meddelelse("F225", "HaendelseID", haendelse_id=haendelse_id, bruger=bruger.navn))
    if fejl:
        raise Afvist(fejl)
