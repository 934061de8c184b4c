"""Answers of the KMD-compatible endpoint in the shape of KMD's own WSDLs (wsdl/kmd/): the message
element in `urn:kmd.dk:LPT:VACAB:external`, every child unqualified (KMD's schemas set no
elementFormDefault), every value a string. Written as text and parsed once, as svar.py; the
end-to-end tests validate every answer against the schema of its WSDL.

KMD's habits (issue 16): `ReturnStatus` is always there; `StatusType` S on success, E with the
messages on a refused request. Where KMD's schema has no MessageNumber, the code leads the text
("F014: …"), as in our faults' faultstring."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from xml.sax.saxutils import escape

from lxml import etree

from fravaer.domain.kmd import HALVDAG
from fravaer.domain.kvoter import Barn
from fravaer.domain.maaleenheder import vis_tal
from fravaer.domain.meddelelser import Meddelelse
from fravaer.domain.personale import Arbejdsskadesag, Barselssag
from fravaer.service.haendelser import Aarsag
from fravaer.service.kmd import KmdLaesning

KMD_NS = "urn:kmd.dk:LPT:VACAB:external"
MEDDELELSESKLASSE = "FRAVAER"  # SAP's message class: whose numbers MessageNumber holds
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _f(navn: str, v) -> str:
    if v is None:
        return ""
    tekst = v.isoformat() if isinstance(v, date) else str(v)
    return f"<{navn}>{escape(tekst)}</{navn}>"


def _element(navn: str, indhold: str) -> etree._Element:
    return etree.fromstring(f'<p1:{navn} xmlns:p1="{KMD_NS}">{indhold}</p1:{navn}>', _PARSER)


def _tekst(meddelelser: Iterable[Meddelelse]) -> str | None:
    return " | ".join(f"{m.kode}: {m.tekst}" for m in meddelelser) or None


def status(fejl: list[Meddelelse], advis: Sequence[Meddelelse] = ()) -> str:
    """ReturnStatus of the five operations whose schema has StatusType and MessageText only."""
    if fejl:
        return f"<ReturnStatus>{_f('StatusType', 'E')}{_f('MessageText', _tekst(fejl))}</ReturnStatus>"
    return f"<ReturnStatus>{_f('StatusType', 'S')}{_f('MessageText', _tekst(advis))}</ReturnStatus>"


def saet(fejl: list[Meddelelse], advis: Sequence[Meddelelse] = ()) -> etree._Element:
    return _element("SetAbsenceAttendanceResponse_MT", status(fejl, advis))


def boern(fejl: list[Meddelelse], boern_: Sequence[Barn] = ()) -> etree._Element:
    items = "".join(
        f"<Item>{_f('ChildNumber', f'{b.barnenummer:02d}')}{_f('FirstName', b.fornavn)}"
        f"{_f('LastName', b.efternavn)}{_f('ChildCPRNumber', b.cpr)}</Item>" for b in boern_)
    return _element("GetChildrenResponse_MT", status(fejl) + (f"<Child>{items}</Child>" if not fejl else ""))


def barselssager(fejl: list[Meddelelse], tjenestenummer: str | None = None,
                 sager: Sequence[Barselssag] = (), typer: dict[str, str] | None = None) -> etree._Element:
    items = "".join(
        f"<Item>{_f('PersonnelNumber', tjenestenummer)}{_f('MaternityCaseKey', s.noegle)}"
        f"{_f('ValidEndDate', s.gyldig_til)}{_f('ValidStartDate', s.gyldig_fra)}"
        f"{_f('NotificationDate', s.anmeldt)}{_f('ExpectedDeliveryDate', s.forventet_foedsel)}"
        f"{_f('ActualDeliveryDate', s.faktisk_foedsel)}{_f('AuthorityReportDate', s.indberettet)}"
        f"{_f('MaternityType', s.type)}{_f('MaternityTypeText', (typer or {}).get(s.type))}</Item>"
        for s in sager)
    return _element("GetMaternityCasesResponse_MT",
                    status(fejl) + (f"<MaternityCase>{items}</MaternityCase>" if not fejl else ""))


def aarsager(fejl: list[Meddelelse], aarsager_: Sequence[Aarsag] = ()) -> etree._Element:
    items = "".join(f"<Item>{_f('ReasonCode', a.kode)}{_f('ReasonCodeText', a.tekst)}</Item>"
                    for a in aarsager_)
    return _element("GetReasonsResponse_MT", status(fejl) + (f"<Reason>{items}</Reason>" if not fejl else ""))


def arbejdsskadesager(fejl: list[Meddelelse], tjenestenummer: str | None = None,
                      sager: Sequence[Arbejdsskadesag] = ()) -> etree._Element:
    # KMD's StartDate of a case: the day of the accident, from which absence may be registered
    items = "".join(
        f"<Item>{_f('PersonnelNumber', tjenestenummer)}{_f('StartDate', s.ulykkesdato)}"
        f"{_f('AccidentNumber', s.sagsnummer)}{_f('AccidentDate', s.ulykkesdato)}</Item>" for s in sager)
    return _element("GetWorkAccidentCasesResponse_MT",
                    status(fejl) + (f"<AccidentCase>{items}</AccidentCase>" if not fejl else ""))


def _statusliste(fejl: list[Meddelelse]) -> str:
    """ReturnStatus of GetAbsenceAttendanceByPeriod: an item per message (one S item on success)."""
    if not fejl:
        return f"<ReturnStatus><item>{_f('StatusType', 'S')}</item></ReturnStatus>"
    return "<ReturnStatus>" + "".join(
        f"<item>{_f('StatusType', 'E')}{_f('MessageClass', MEDDELELSESKLASSE)}"
        f"{_f('MessageNumber', m.kode)}{_f('MessageText', m.tekst)}</item>" for m in fejl) + "</ReturnStatus>"


def _timer(minutter: int) -> str:
    return vis_tal(Fraction(minutter, 60))


def _fravaerspost(x: KmdLaesning, tekster: dict[str, str]) -> str:
    p = x.post
    tjnr = x.ansaettelse.tjenestenummer
    dage = sum((o.dage for o in x.omkostninger if o is not None), Fraction(0))
    minutter = sum(o.minutter for o in x.omkostninger if o is not None)
    aaben = p.til is None
    noegle = (f"<Key>{_f('PersonnelNumber', tjnr)}{_f('AbsenceAttendanceType', p.kmd_type)}"
              f"{_f('ObjectId', p.haendelser[0].id)}{_f('LockIndicator', None)}{_f('EndDate', p.til)}"
              f"{_f('StartDate', p.fra)}{_f('RecordNumber', p.haendelser[0].version)}</Key>")
    dele = [
        "<Item>", _f("PersonnelNumber", tjnr), _f("StartDate", p.fra), _f("EndDate", p.til),
        _f("StartTime", HALVDAG if p.halv_start else None), _f("EndTime", HALVDAG if p.halv_slut else None),
        _f("AbsenceAttendanceType", p.kmd_type), _f("AbsenceAttendanceTypeText", tekster.get(p.kmd_type)),
        _f("AbsenceAttendanceDays", None if aaben else vis_tal(dage)),
        _f("AbsenceAttendanceHours", None if aaben else _timer(minutter)),
        _f("AbsenceAttendanceCalendarDays", None if p.til is None else (p.til - p.fra).days + 1),
    ]
    if x.barselssag is not None:
        s = x.barselssag
        dele.append(f"<Maternity><Item>{_f('MaternityCaseKey', s.noegle)}{_f('StartDate', s.gyldig_fra)}"
                    f"{_f('EndDate', s.gyldig_til)}{_f('NotificationDate', s.anmeldt)}"
                    f"{_f('ExpectedDeliveryDate', s.forventet_foedsel)}"
                    f"{_f('ActualDeliveryDate', s.faktisk_foedsel)}{_f('AuthorityReportDate', s.indberettet)}"
                    f"{_f('MaternityType', s.type)}</Item></Maternity>")
    if x.aarsag is not None:
        dele.append(f"<Reason><Item>{_f('ReasonCode', x.aarsag.kode)}"
                    f"{_f('ReasonCodeText', x.aarsag.tekst)}</Item></Reason>")
    if x.arbejdsskadesag is not None:
        dele.append(f"<WorkInjury><Item>{_f('AccidentNumber', x.arbejdsskadesag.sagsnummer)}"
                    f"{_f('AccidentDate', x.arbejdsskadesag.ulykkesdato)}</Item></WorkInjury>")
    if p.barnenummer is not None:
        cpr = x.barn.cpr if x.barn is not None else None
        dele.append(f"<CompLeave><Item>{_f('ChildNumber', f'{p.barnenummer:02d}')}"
                    f"{_f('ChildCPRNumber', cpr)}</Item></CompLeave>")
    dele.append("</Item>")
    return f"<item>{noegle}{''.join(dele)}</item>"


def fravaer(fejl: list[Meddelelse], poster: Sequence[KmdLaesning] = (),
            tekster: dict[str, str] | None = None) -> etree._Element:
    indhold = _statusliste(fejl)
    if not fejl:
        indhold += ("<AbsenceAttendance>" + "".join(_fravaerspost(x, tekster or {}) for x in poster)
                    + "</AbsenceAttendance>")
    return _element("GetAbsenceAttendanceByPeriodResponse_MT", indhold)
