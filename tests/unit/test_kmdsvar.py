"""Every KMD answer writer, success and refusal, validates against the schema embedded in its
operation's WSDL, with every child unqualified."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Omkostning
from fravaer.domain.haendelse import Haendelse, HaendelseData
from fravaer.domain.katalog import AarsagsType
from fravaer.domain.kmd import saml
from fravaer.domain.kvoter import Barn
from fravaer.domain.meddelelser import meddelelse
from fravaer.domain.personale import Arbejdsskadesag, Barselssag
from fravaer.service.haendelser import Aarsag
from fravaer.service.kmd import KmdLaesning
from fravaer.soap import kmdsvar
from fravaer.soap.kmd import kmd_skema

FEJL = [
    meddelelse("F184", type="FE", fra=date(2027, 1, 1), til=date(2027, 1, 2), tjenestenummer="1"),
    meddelelse("F189", navn="StartDate"),
]
SAG = Barselssag(
    "s1", "0101801234", 1, "B-1", "01", date(2027, 1, 1), date(2027, 5, 1), anmeldt=date(2026, 12, 1)
)
SKADE = Arbejdsskadesag("0101801234", "AS-1", date(2027, 2, 3))


def _ansaettelse():
    import inspect

    felter = dict.fromkeys(inspect.signature(Ansaettelse).parameters)
    return Ansaettelse(
        **{
            **felter,
            "id": 1,
            "tjenestenummer": "10000001",
            "cpr": "0101801234",
            "loebenummer": 1,
            "institution_kode": "DEMO",
        }
    )


def _laesning():
    h = [
        Haendelse(
            "a",
            1,
            1,
            HaendelseData("500", date(2027, 6, 7), date(2027, 6, 7), 222, barnenummer=2),
            None,
            None,
        ),
        Haendelse(
            "b",
            1,
            2,
            HaendelseData(
                "500",
                date(2027, 6, 8),
                date(2027, 6, 9),
                barselssag_id="s1",
                arbejdsskadesag="AS-1",
                tjenestefriaarsag="TM01",
                barnenummer=2,
            ),
            None,
            None,
        ),
    ]
    [p] = saml(h)
    return KmdLaesning(
        p,
        _ansaettelse(),
        (Omkostning(0, 222, 1), Omkostning(2, 888, 2)),
        Barn(2, date(2023, 2, 1), "0202231234", "Bo", "Demo"),
        SAG,
        SKADE,
        Aarsag("TM01", "Eget bryllup", AarsagsType.TJENESTEFRI_MED_LOEN),
    )


SVAR = [
    ("SetAbsenceAttendance_OS_SI", lambda: kmdsvar.saet([], [meddelelse("A032")]), "S"),
    ("SetAbsenceAttendance_OS_SI", lambda: kmdsvar.saet(FEJL), "E"),
    ("GetChildren_OS_SI", lambda: kmdsvar.boern([], [Barn(1, date(2020, 1, 1), None, "Alma", "Demo")]), "S"),
    ("GetChildren_OS_SI", lambda: kmdsvar.boern(FEJL), "E"),
    ("GetMaternityCases_OS_SI", lambda: kmdsvar.barselssager([], "10000001", [SAG], {"01": "Fødsel"}), "S"),
    ("GetMaternityCases_OS_SI", lambda: kmdsvar.barselssager(FEJL), "E"),
    (
        "GetReasons_OS_SI",
        lambda: kmdsvar.aarsager([], [Aarsag("TM01", "Eget bryllup <&>", AarsagsType.TJENESTEFRI_MED_LOEN)]),
        "S",
    ),
    ("GetReasons_OS_SI", lambda: kmdsvar.aarsager(FEJL), "E"),
    ("GetWorkAccidentCases_OS_SI", lambda: kmdsvar.arbejdsskadesager([], "10000001", [SKADE]), "S"),
    ("GetWorkAccidentCases_OS_SI", lambda: kmdsvar.arbejdsskadesager(FEJL), "E"),
    ("GetAbsenceAttendanceByPeriod_OS_SI", lambda: kmdsvar.fravaer([], [_laesning()], {"FE": "Ferie"}), "S"),
    ("GetAbsenceAttendanceByPeriod_OS_SI", lambda: kmdsvar.fravaer(FEJL), "E"),
]


@pytest.mark.parametrize("operation, lav, status", SVAR)
def test_answers_validate_with_unqualified_children(operation, lav, status):
    svar = lav()
    skema = kmd_skema(operation)
    assert skema.validate(svar), (skema.error_log, etree.tostring(svar))
    assert etree.QName(svar).namespace == kmdsvar.KMD_NS
    assert all(etree.QName(e).namespace is None for e in svar.iterdescendants())
    assert [e.text for e in svar.iter("StatusType")][:1] == [status]
    if status == "E":
        tekst = " ".join(e.text for e in svar.iter("MessageText"))
        assert "F184" in tekst or svar.find("ReturnStatus/item/MessageNumber").text == "F184"


def test_a_read_item_carries_its_references_and_half_days():
    svar = kmdsvar.fravaer([], [_laesning()], {"FE": "Ferie"})
    item = svar.find("AbsenceAttendance/item/Item")
    assert (
        item.findtext("StartDate"),
        item.findtext("EndDate"),
        item.findtext("StartTime"),
        item.findtext("AbsenceAttendanceDays"),
        item.findtext("AbsenceAttendanceHours"),
    ) == ("2027-06-07", "2027-06-09", "12:00:00", "2.00", "18.50")
    assert item.findtext("CompLeave/Item/ChildNumber") == "02"
    assert item.findtext("Maternity/Item/MaternityCaseKey") == "B-1"
    assert item.findtext("WorkInjury/Item/AccidentNumber") == "AS-1"
    assert item.findtext("Reason/Item/ReasonCode") == "TM01"
