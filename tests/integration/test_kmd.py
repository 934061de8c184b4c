"""service.kmd against a real database (SQLite and PostgreSQL): KMD absences stored as the native
events, in one transaction; the senior code from the employment; certificate users."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from fravaer.adapters.db.tables import AendringRow, HaendelseRow
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import KvoteType
from fravaer.domain.meddelelser import Afvist
from fravaer.service.autentificering import Autentificering, IkkeAutentificeret
from fravaer.service.brugere import BrugerFejl, deaktiver, gem_bruger
from fravaer.service.haendelser import Haendelsestjeneste
from fravaer.service.kmd import KmdTjeneste
from fravaer.service.kvoter import Kvotetjeneste

BRUGER = Bruger("kmd", {"DEMO": Ret.REGISTRER})
T1 = "10000001"


@pytest.fixture
def kmd(demo_engine):
    return KmdTjeneste(Haendelsestjeneste(demo_engine, standardkatalog()))


def saet(kmd, **felter):
    return kmd.saet_fravaer({"PersonnelNumber": T1, **felter}, BRUGER)


def haendelser(kmd, fra="2027-01-01", til="2027-12-31"):
    return sorted(
        (
            (h.data.kode, h.data.fra.isoformat(), h.data.til.isoformat(), h.data.minutter, h.version)
            for h, _, _ in kmd.h.hent(
                [AnsaettelsesIdent(tjenestenummer=T1)],
                date.fromisoformat(fra),
                date.fromisoformat(til),
                [],
                BRUGER,
            )
        ),
        key=lambda r: r[1],
    )


def koder(e) -> list[str]:
    return [m.kode for m in e.value.meddelelser]


def test_mod_with_half_days_keeps_the_main_event_and_adds_or_removes_parts(kmd):
    saet(kmd, AbsenceAttendanceType="FE", StartDate="2027-06-07", EndDate="2027-06-11")
    assert len(haendelser(kmd)) == 1
    advis = saet(
        kmd,
        Operation="MOD",
        AbsenceAttendanceType="FE",
        StartDate="2027-06-07",
        EndDate="2027-06-11",
        StartTime="12:00:00",
        EndTime="12:00:00",
    )
    assert [m.kode for m in advis].count("A033") == 2
    assert haendelser(kmd) == [
        ("500", "2027-06-07", "2027-06-07", 222, 1),
        ("500", "2027-06-08", "2027-06-10", None, 2),
        ("500", "2027-06-11", "2027-06-11", 222, 1),
    ]
    # back to whole days: the partial days are deleted, the main event changed again
    saet(
        kmd,
        Operation="MOD",
        AbsenceAttendanceType="FE",
        StartDate="2027-06-07",
        EndDate="2027-06-11",
        OriginalStartDate="2027-06-07",
        OriginalEndDate="2027-06-11",
    )
    assert haendelser(kmd) == [("500", "2027-06-07", "2027-06-11", None, 3)]
    # a MOD to what is stored changes nothing (no new Version)
    svar = saet(
        kmd,
        Operation="MOD",
        AbsenceAttendanceType="FE",
        StartDate="2027-06-07",
        EndDate="2027-06-11",
        EndTime="23:59:59",
    )
    assert [m.kode for m in svar] == ["A032"]
    assert haendelser(kmd) == [("500", "2027-06-07", "2027-06-11", None, 3)]
    # a repeated MOD (its original is gone, its result stored) changes nothing
    assert [
        m.kode
        for m in saet(
            kmd,
            Operation="MOD",
            AbsenceAttendanceType="FE",
            StartDate="2027-06-07",
            EndDate="2027-06-11",
            OriginalStartDate="2027-06-01",
            OriginalEndDate="2027-06-11",
        )
    ] == ["A032"]
    with pytest.raises(Afvist) as e:
        saet(
            kmd,
            Operation="MOD",
            AbsenceAttendanceType="FE",
            StartDate="2027-06-14",
            EndDate="2027-06-15",
            OriginalStartDate="2027-06-01",
            OriginalEndDate="2027-06-11",
        )
    assert koder(e) == ["F184"]


def test_a_refused_part_stores_nothing(kmd, demo_engine):
    # the half day is fine, the whole days overlap a stored 500: the rules refuse, nothing is kept
    saet(kmd, AbsenceAttendanceType="FE", StartDate="2027-06-09", EndDate="2027-06-09")
    with demo_engine.connect() as c:
        foer = (
            c.scalar(select(func.count()).select_from(HaendelseRow)),
            c.scalar(select(func.count()).select_from(AendringRow)),
        )
    with pytest.raises(Afvist) as e:
        saet(
            kmd,
            AbsenceAttendanceType="FE",
            StartDate="2027-06-07",
            EndDate="2027-06-11",
            StartTime="12:00:00",
        )
    assert koder(e) and all(k.startswith("F") for k in koder(e))
    with demo_engine.connect() as c:
        assert (
            c.scalar(select(func.count()).select_from(HaendelseRow)),
            c.scalar(select(func.count()).select_from(AendringRow)),
        ) == foer


def test_so_is_715_unless_the_time_bank_holds_senior_days(kmd, demo_engine):
    advis = saet(kmd, AbsenceAttendanceType="SO", StartDate="2027-02-01", EndDate="2027-02-01")
    assert [m.kode for m in advis if m.kode == "A034"] == ["A034"]
    assert [r[0] for r in haendelser(kmd)] == ["715"]
    # another employment whose type-5 bank is credited gets 805
    t3 = AnsaettelsesIdent(tjenestenummer="10000003")
    Kvotetjeneste(demo_engine, standardkatalog()).reguler(
        t3, KvoteType.FRIHEDSBANK, 2027, 5, Fraction(2), date(2027, 1, 2), None, None, BRUGER
    )
    kmd.saet_fravaer(
        {
            "PersonnelNumber": "10000003",
            "AbsenceAttendanceType": "SO",
            "StartDate": "2027-02-01",
            "EndDate": "2027-02-01",
        },
        BRUGER,
    )
    [(h, _, _)] = kmd.h.hent([t3], date(2027, 2, 1), date(2027, 2, 1), [], BRUGER)
    assert h.data.kode == "805"
    # and the year that uses 715 keeps it, bank or not
    Kvotetjeneste(demo_engine, standardkatalog()).reguler(
        AnsaettelsesIdent(tjenestenummer=T1),
        KvoteType.FRIHEDSBANK,
        2027,
        5,
        Fraction(2),
        date(2027, 1, 2),
        None,
        None,
        BRUGER,
    )
    saet(kmd, AbsenceAttendanceType="SO", StartDate="2027-02-02", EndDate="2027-02-02")
    assert [r[0] for r in haendelser(kmd)] == ["715", "715"]


def test_reads_and_rights(kmd):
    saet(kmd, AbsenceAttendanceType="OS", StartDate="2027-03-01", EndDate="2027-03-01", AdditionalData="02")
    [x] = kmd.fravaer({"PersonnelNumber": T1, "StartDate": "2027-01-01", "EndDate": "2027-12-31"}, BRUGER)
    assert (x.post.kmd_type, x.haendelser if False else x.post.haendelser[0].data.kode, x.barn.fornavn) == (
        "OS",
        "610",
        "Bo",
    )
    laeser = Bruger("laeser", {"DEMO": Ret.LAES})
    with pytest.raises(Afvist) as e:
        kmd.saet_fravaer(
            {
                "PersonnelNumber": T1,
                "AbsenceAttendanceType": "FE",
                "StartDate": "2027-04-01",
                "EndDate": "2027-04-01",
            },
            laeser,
        )
    assert koder(e) == ["R001"]
    fremmed = Bruger("fremmed", {"DEMO2": Ret.REGISTRER})
    with pytest.raises(Afvist) as e:
        kmd.boern({"PersonnelNumber": T1}, fremmed)
    assert koder(e) == ["F030"]  # as if it did not exist: no probing
    with pytest.raises(Afvist) as e:
        kmd.aarsager({"PersonnelNumber": T1, "leaveType": "999"}, BRUGER)
    assert koder(e) == ["F183"]
    assert {a.kode for a in kmd.aarsager({"PersonnelNumber": T1, "leaveType": "771"}, BRUGER)} and all(
        a.type.value == "TjenestefriUdenLoen"
        for a in kmd.aarsager({"PersonnelNumber": T1, "leaveType": "771"}, BRUGER)
    )


def test_certificate_users(demo_engine):
    auth = Autentificering(demo_engine)
    gem_bruger(demo_engine, "os2ferie", None, registrer=["DEMO"], certifikat="CN=os2ferie,O=K")
    assert auth.autentificer_certifikat("CN=os2ferie,O=K").navn == "os2ferie"
    with pytest.raises(IkkeAutentificeret) as e:
        auth.autentificer_certifikat("CN=andet")
    assert e.value.meddelelse.kode == "F188"
    # no password: Basic cannot log in as it
    with pytest.raises(IkkeAutentificeret):
        auth.autentificer_basic("os2ferie", "!")
    with pytest.raises(BrugerFejl, match="anden bruger"):
        gem_bruger(demo_engine, "anden", "kodeord-123", certifikat="CN=os2ferie,O=K")
    with pytest.raises(BrugerFejl, match="kodeord eller et certifikat"):
        gem_bruger(demo_engine, "ingen", None)
    deaktiver(demo_engine, "os2ferie")
    with pytest.raises(IkkeAutentificeret):
        auth.autentificer_certifikat("CN=os2ferie,O=K")
