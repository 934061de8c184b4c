"""RetHaendelse judges the change without the event it changes (issue 13: its reads of the
period's events and of the accounts leave that event out, `uden`, rather than reading it again
for the service to drop): a change onto the event's own days, or of all an account holds, is
accepted; a change onto another event's days, or past what the account holds besides the event,
is refused. Each on SQLite and PostgreSQL, the Ret right after the event's creation (on PostgreSQL
the guessed path: its reads sent with the lock) and in a process that never wrote it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fravaer.adapters.db.reference_cache import cache_for
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.meddelelser import Afvist
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste

BRUGER = Bruger("test", {"DEMO": Ret.REGISTRER})
T1 = AnsaettelsesIdent(tjenestenummer="10000001")


def ur():
    return datetime(2025, 11, 3, 9, 0, tzinfo=UTC)


def anm(kode, fra, til, **andet):
    return HaendelseAnmodning(T1, HaendelseData(kode, date.fromisoformat(fra), date.fromisoformat(til),
                                                **andet))


@pytest.fixture(params=["gaettet", "uden gaet"])
def tjenester(request, demo_engine):
    """The service that creates the events, and what changes them: the same service (on
    PostgreSQL the write after its own: guessed, its reads sent with the lock), or the same
    with the process's guesses forgotten before each change (the reads after the lock)."""
    tjeneste = Haendelsestjeneste(demo_engine, standardkatalog(), ur)
    if request.param == "gaettet":
        return tjeneste, tjeneste.ret

    def ret(*args, **kwargs):
        cache_for(demo_engine).gaetninger.clear()
        return tjeneste.ret(*args, **kwargs)
    return tjeneste, ret


def koder(e) -> list[str]:
    return [m.kode for m in e.value.meddelelser]


def test_a_vacation_moved_onto_its_own_days_is_judged_without_itself(tjenester):
    opretter, ret = tjenester
    # 25 days of ferieaar 2025: all the year gives (one more day is an advance, A002)
    ferie = opretter.opret(anm("500", "2025-06-02", "2025-07-04"), BRUGER).haendelse
    anden = opretter.opret(anm("500", "2025-07-07", "2025-07-07"), BRUGER).haendelse
    # a week later, over 20 of its own days and as long: no overlap with itself, no advance
    svar = ret(ferie.id, 1, anm("500", "2025-06-09", "2025-07-04"), BRUGER)
    assert svar.haendelse.version == 2 and svar.meddelelser == []
    # onto the other event's day: refused, naming that one
    with pytest.raises(Afvist) as e:
        ret(ferie.id, 2, anm("500", "2025-06-10", "2025-07-07"), BRUGER)
    assert koder(e) == ["F011"] and anden.id in e.value.meddelelser[0].tekst
    # the other event moved onto its own day again, with a remark: accepted (an advance: the
    # accounts hold the first event's 20 days besides)
    svar = ret(anden.id, 1, anm("500", "2025-07-07", "2025-07-07", bemaerkning="flyttet"), BRUGER)
    assert svar.haendelse.data.bemaerkning == "flyttet"


def test_a_care_day_change_counts_the_others_but_not_itself(tjenester):
    opretter, ret = tjenester
    # the child's 2 care days of 2025, both taken by one event
    begge = opretter.opret(anm("610", "2025-03-03", "2025-03-04", barnenummer=1), BRUGER).haendelse
    with pytest.raises(Afvist) as e:
        opretter.opret(anm("610", "2025-03-10", "2025-03-10", barnenummer=1), BRUGER)
    assert koder(e) == ["F049"]
    # moved a day, over one of its own: the account without it holds both days
    svar = ret(begge.id, 1, anm("610", "2025-03-04", "2025-03-05", barnenummer=1), BRUGER)
    assert svar.haendelse.data.fra == date(2025, 3, 4)
    # 2024: one day each in two events; one made two days: the other's day counts, refused
    en = opretter.opret(anm("610", "2024-03-04", "2024-03-04", barnenummer=1), BRUGER).haendelse
    opretter.opret(anm("610", "2024-03-11", "2024-03-11", barnenummer=1), BRUGER)
    with pytest.raises(Afvist) as e:
        ret(en.id, 1, anm("610", "2024-03-04", "2024-03-05", barnenummer=1), BRUGER)
    assert koder(e) == ["F049"]
    assert "1,00 er allerede brugt" in e.value.meddelelser[0].tekst
