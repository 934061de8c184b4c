"""A KMD VACAB client (as OS2Ferie is one) against fravaer: zeep built from KMD's own WSDL files,
only the address changed. Registers a vacation with a half first day, reads it back, deletes it.

    fravaer serve --demo          # in another terminal
    python examples/kmd_klient.py [http://127.0.0.1:8000 [user password]]
"""

from __future__ import annotations

import sys
from pathlib import Path

import requests
import zeep
from zeep.transports import Transport

KMD_WSDL = Path(__file__).resolve().parents[1] / "wsdl" / "kmd"
KMD = "urn:kmd.dk:LPT:VACAB:external"


def kmd_tjeneste(basis: str, operation: str, session: requests.Session):
    klient = zeep.Client(str(KMD_WSDL / f"{operation}.wsdl"), transport=Transport(session=session))
    return klient.create_service(f"{{{KMD}}}{operation}Binding", f"{basis}/soap/kmd/{operation}")


def main(basis: str = "http://127.0.0.1:8000", bruger: str = "demo", kodeord: str = "demo-kodeord") -> None:
    session = requests.Session()
    session.auth = (bruger, kodeord)  # HTTP Basic; behind nginx a client certificate instead
    saet = kmd_tjeneste(basis, "SetAbsenceAttendance_OS_SI", session).SetAbsenceAttendance_OS_SI
    laes = kmd_tjeneste(basis, "GetAbsenceAttendanceByPeriod_OS_SI",
                        session).GetAbsenceAttendanceByPeriod_OS_SI

    fravaer = dict(PersonnelNumber="10000001", AbsenceAttendanceType="FE", StartDate="2027-06-07",
                   EndDate="2027-06-11")
    svar = saet(Operation="INS", StartTime="12:00:00", **fravaer)
    print(f"INS: {svar.StatusType} {svar.MessageText or ''}")
    svar = laes(PersonnelNumber="10000001", StartDate="2027-06-01", EndDate="2027-06-30")
    for p in svar.AbsenceAttendance.item if svar.AbsenceAttendance else []:
        i = p.Item
        print(f"læst: {i.AbsenceAttendanceType} {i.StartDate} {i.StartTime or ''} – {i.EndDate}: "
              f"{i.AbsenceAttendanceDays} dage (ObjectId {p.Key.ObjectId})")
    svar = saet(Operation="INS", **{**fravaer, "AbsenceAttendanceType": "XX"})
    print(f"afvist: {svar.StatusType} {svar.MessageText}")
    svar = saet(Operation="DEL", **fravaer)
    print(f"DEL: {svar.StatusType}")


if __name__ == "__main__":
    main(*sys.argv[1:])
