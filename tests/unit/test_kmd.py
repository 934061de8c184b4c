"""domain.kmd: KMD's VACAB dialect as our events — the maps (data), reading the request's strings,
splitting half days, grouping events back, and the SO/OS code choices (DOMAIN.md §12)."""

from __future__ import annotations

import hashlib
import re
from datetime import date, time
from pathlib import Path

import pytest

from fravaer.domain.haendelse import Haendelse, HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kmd import (
    Del,
    Handling,
    KmdFravaer,
    find_post,
    kmd_koder,
    kmd_type_for,
    kmd_typer,
    kode_for,
    laes_anmodning,
    laes_periode,
    omsorgskode,
    opdel,
    saml,
    samme,
    seniorkode,
)
from fravaer.domain.meddelelser import Afvist

ROD = Path(__file__).resolve().parents[2]
D = date.fromisoformat
KODER = tuple(standardkatalog().koder)


# ---------------------------------------------------------------- the maps are data, and complete


def test_every_fixed_code_has_a_kmd_type_and_every_kmd_code_exists():
    katalog = standardkatalog()
    assert set(kmd_koder()) == set(katalog.koder)
    for t in kmd_typer().values():
        for kode in (*t.koder, *t.halvdagskoder):
            assert katalog.kode(kode) is not None, kode
            assert kmd_type_for(kode) == t.kmd_type  # forward and back agree


@pytest.mark.parametrize(
    "kode, kmd_type",
    [
        ("500", "FE"),
        ("520", "6F"),
        ("715", "SO"),
        ("805", "SO"),
        ("600", "OS"),
        ("605", "OS"),
        ("610", "OS"),
        ("615", "OS"),
        ("100", "100"),
        ("716", "716"),
        ("806", "806"),
    ],
)
def test_reverse_map(kode, kmd_type):
    assert kmd_type_for(kode) == kmd_type


def test_wsdl_files_are_kmds_unchanged():
    """wsdl/kmd/SOURCE.md lists each file's SHA-256 as published: the copies are not edited."""
    summer = re.findall(
        r"^([0-9a-f]{64})  wsdl/kmd/(\S+\.wsdl)$", (ROD / "wsdl/kmd/SOURCE.md").read_text(), re.M
    )
    assert len(summer) == 6
    for sum_, navn in summer:
        assert hashlib.sha256((ROD / "wsdl/kmd" / navn).read_bytes()).hexdigest() == sum_, navn
        reference = ROD.parent / "shared/reference/kmd-vacab" / navn
        if reference.exists():
            assert reference.read_bytes() == (ROD / "wsdl/kmd" / navn).read_bytes()


# ---------------------------------------------------------------- the code choices


@pytest.mark.parametrize(
    "aarets, bank, kode",
    [
        ([], False, "715"),
        ([], True, "805"),
        (["715"], True, "715"),  # the year already uses 715: never both (§4 rule 8)
        (["805"], False, "805"),
        (["805", "715"], False, "805"),
    ],
)
def test_seniorkode(aarets, bank, kode):
    assert seniorkode(aarets, bank)[0] == kode


@pytest.mark.parametrize(
    "foedsel, halv, kode",
    [
        (D("2005-09-30"), False, "600"),
        (D("2005-09-30"), True, "605"),
        (D("2005-10-01"), False, "610"),
        (D("2005-10-01"), True, "615"),
        (None, False, "610"),
    ],
)
def test_omsorgskode(foedsel, halv, kode):
    assert omsorgskode(foedsel, halv) == kode


@pytest.mark.parametrize(
    "kmd_type, halv, kode, minutter",
    [
        ("FE", False, "500", False),
        ("FE", True, "500", True),
        ("6F", True, "520", True),
        ("SO", True, "805", True),
        ("OS", True, "615", False),
        ("OS", False, "610", False),
        ("100", False, "100", False),
    ],
)
def test_kode_for(kmd_type, halv, kode, minutter):
    assert kode_for(kmd_type, halv, senior="805", foedselsdato=D("2020-01-01")) == (kode, minutter)


# ---------------------------------------------------------------- splitting half days


def _f(fra, til, start=None, slut=None):
    return KmdFravaer(
        "FE",
        D(fra),
        D(til),
        time.fromisoformat(start) if start else None,
        time.fromisoformat(slut) if slut else None,
    )


@pytest.mark.parametrize(
    "f, dele",
    [
        (_f("2027-06-07", "2027-06-11"), [Del(D("2027-06-07"), D("2027-06-11"), False)]),
        (
            _f("2027-06-07", "2027-06-11", "12:00"),
            [Del(D("2027-06-07"), D("2027-06-07"), True), Del(D("2027-06-08"), D("2027-06-11"), False)],
        ),
        (
            _f("2027-06-07", "2027-06-11", None, "12:00"),
            [Del(D("2027-06-07"), D("2027-06-10"), False), Del(D("2027-06-11"), D("2027-06-11"), True)],
        ),
        (
            _f("2027-06-07", "2027-06-09", "12:00", "12:00"),
            [
                Del(D("2027-06-07"), D("2027-06-07"), True),
                Del(D("2027-06-08"), D("2027-06-08"), False),
                Del(D("2027-06-09"), D("2027-06-09"), True),
            ],
        ),
        (
            _f("2027-06-07", "2027-06-08", "12:00", "12:00"),
            [Del(D("2027-06-07"), D("2027-06-07"), True), Del(D("2027-06-08"), D("2027-06-08"), True)],
        ),
        (_f("2027-06-07", "2027-06-07", "12:00"), [Del(D("2027-06-07"), D("2027-06-07"), True)]),
        (
            _f("2027-06-07", "2027-06-07", "08:00", "11:30"),
            [Del(D("2027-06-07"), D("2027-06-07"), True, 210)],
        ),
    ],
)
def test_opdel(f, dele):
    assert opdel(f) == dele


# ---------------------------------------------------------------- reading the strings


def _anmodning(**felter):
    return laes_anmodning(
        {
            "PersonnelNumber": "10000001",
            "AbsenceAttendanceType": "FE",
            "StartDate": "2027-06-07",
            "EndDate": "2027-06-11",
            **felter,
        },
        KODER,
    )


def test_laes_anmodning_defaults_and_times():
    a = _anmodning(StartTime="00:00:00", EndTime="24:00:00")
    assert a.handling is Handling.INS and a.ny == _f("2027-06-07", "2027-06-11")
    a = _anmodning(Operation="mod", StartTime="12:00:00", OriginalStartDate="2027-06-06")
    assert a.handling is Handling.MOD and a.ny.halv_start
    assert a.original == KmdFravaer("FE", D("2027-06-06"), D("2027-06-11"), time(12, 0))
    a = _anmodning(AbsenceAttendanceType="os", AdditionalData="02")
    assert (a.ny.kmd_type, a.ny.barnenummer) == ("OS", 2)


@pytest.mark.parametrize(
    "felter, koder",
    [
        ({"Operation": "UPD"}, ["F182"]),
        ({"AbsenceAttendanceType": "ZZ"}, ["F181"]),
        ({"StartDate": "7/6/2027"}, ["F183"]),
        ({"StartTime": "noon"}, ["F183"]),
        ({"AdditionalData": "Bo"}, ["F183"]),
        ({"EndDate": "2027-06-01"}, ["F186"]),
        ({"EndDate": "2027-06-07", "StartTime": "12:00:00", "EndTime": "10:00:00"}, ["F185"]),
        ({"PersonnelNumber": " ", "StartDate": None}, ["F189", "F189"]),
        ({"Operation": "MOD", "OriginalEndDate": "2027-06-01"}, ["F186"]),
    ],
)
def test_laes_anmodning_refuses_with_every_problem(felter, koder):
    with pytest.raises(Afvist) as e:
        _anmodning(**felter)
    assert [m.kode for m in e.value.meddelelser] == koder


def test_laes_periode():
    assert laes_periode({"PersonnelNumber": "1", "StartDate": "2027-01-01"}) == ("1", D("2027-01-01"), None)
    with pytest.raises(Afvist) as e:
        laes_periode({"PersonnelNumber": "1"}, kraevet=True)
    assert [m.kode for m in e.value.meddelelser] == ["F189", "F189"]


# ---------------------------------------------------------------- our events as KMD absences


def _h(hid, kode, fra, til, minutter=None, barn=None):
    return Haendelse(
        hid, 1, 1, HaendelseData(kode, D(fra), D(til) if til else None, minutter, barn), None, None
    )


def test_saml_groups_what_opdel_splits_and_nothing_else():
    halv_start = [_h("a", "500", "2027-06-07", "2027-06-07", 222), _h("b", "500", "2027-06-08", "2027-06-11")]
    [p] = saml(halv_start)
    assert (p.kmd_type, p.fra, p.til, p.halv_start, p.halv_slut) == (
        "FE",
        D("2027-06-07"),
        D("2027-06-11"),
        True,
        False,
    )
    begge = [
        _h("a", "500", "2027-06-07", "2027-06-07", 222),
        _h("b", "500", "2027-06-08", "2027-06-10"),
        _h("c", "500", "2027-06-11", "2027-06-11", 222),
    ]
    [p] = saml(begge)
    assert p.halv_start and p.halv_slut and [h.id for h in p.haendelser] == ["a", "b", "c"]
    # two whole-day events, another type between, another child, a gap: separate absences
    assert (
        len(saml([_h("a", "500", "2027-06-07", "2027-06-08"), _h("b", "500", "2027-06-09", "2027-06-10")]))
        == 2
    )
    assert (
        len(
            saml(
                [_h("a", "500", "2027-06-07", "2027-06-07", 222), _h("b", "520", "2027-06-08", "2027-06-10")]
            )
        )
        == 2
    )
    assert (
        len(
            saml(
                [
                    _h("a", "615", "2027-06-07", "2027-06-07", None, 1),
                    _h("b", "610", "2027-06-08", "2027-06-08", None, 2),
                ]
            )
        )
        == 2
    )
    assert (
        len(
            saml(
                [_h("a", "500", "2027-06-07", "2027-06-07", 222), _h("b", "500", "2027-06-09", "2027-06-10")]
            )
        )
        == 2
    )
    # an open event stays alone; 715 and 805 are both SO
    assert len(saml([_h("a", "100", "2027-06-07", None), _h("b", "100", "2027-06-08", "2027-06-09")])) == 2
    [p] = saml([_h("a", "805", "2027-06-07", "2027-06-07", 222), _h("b", "805", "2027-06-08", "2027-06-08")])
    assert p.kmd_type == "SO"


def test_find_post_and_samme():
    haendelser = [_h("a", "500", "2027-06-07", "2027-06-07", 222), _h("b", "500", "2027-06-08", "2027-06-11")]
    p = find_post(saml(haendelser), _f("2027-06-07", "2027-06-11"))
    assert p is not None and find_post(saml(haendelser), _f("2027-06-08", "2027-06-11")) is None
    assert samme(
        p,
        [
            HaendelseData("500", D("2027-06-08"), D("2027-06-11")),
            HaendelseData("500", D("2027-06-07"), D("2027-06-07"), 222),
        ],
    )
    assert not samme(p, [HaendelseData("500", D("2027-06-07"), D("2027-06-11"))])
    assert not samme(
        p,
        [
            HaendelseData("500", D("2027-06-07"), D("2027-06-07"), 200),
            HaendelseData("500", D("2027-06-08"), D("2027-06-11")),
        ],
    )
    assert not samme(None, [])
    # a child sent with a type that stores none still finds the absence; two children are two
    fe_barn = KmdFravaer("FE", D("2027-06-07"), D("2027-06-11"), barnenummer=1)
    assert find_post(saml(haendelser), fe_barn) == p
    os_ = [
        _h("a", "610", "2027-03-01", "2027-03-01", None, 1),
        _h("b", "610", "2027-03-01", "2027-03-01", None, 2),
    ]
    assert (
        find_post(saml(os_), KmdFravaer("OS", D("2027-03-01"), D("2027-03-01"), barnenummer=2)).barnenummer
        == 2
    )
