"""Through the use cases on SQLite and PostgreSQL: a request with problems in several layers is
rejected once with all of them and stores nothing (DOMAIN.md §4 rule 13), for OpretHaendelse
and RetHaendelse alike; and the old ferieår before the new (rule 9), with the advice followed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fravaer.adapters.db.tables import AendringRow, HaendelseRow
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import Konto, KvoteType
from fravaer.domain.meddelelser import Afvist
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.kvoter import Kvotetjeneste

# the event log: the change feed's rows of kind Haendelse (migration 0013)
HAENDELSESLOG = select(AendringRow).where(AendringRow.art == "Haendelse").subquery()

T1 = AnsaettelsesIdent(tjenestenummer="10000001")  # employed since 2015: ferieår 2025 has 25 days
BRUGER = Bruger("test", {"DEMO": Ret.REGISTRER})
KATALOG = standardkatalog()


def anm(kode, fra, til=None, minutter=None, **andet) -> HaendelseAnmodning:
    fra = date.fromisoformat(fra)
    return HaendelseAnmodning(T1, HaendelseData(kode, fra, date.fromisoformat(til) if til else fra, minutter,
                                                **andet))


def afvist(funktion, *args) -> list:
    with pytest.raises(Afvist) as e:
        funktion(*args)
    return e.value.meddelelser


def antal(engine, tabel=HaendelseRow) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(tabel))


def test_create_lists_problems_of_every_layer_and_stores_nothing(demo_engine):
    t = Haendelsestjeneste(demo_engine, KATALOG)
    # hours on a period (a field rule) AND a 520 across 1 May (an account rule)
    assert [m.kode for m in afvist(t.opret, anm("520", "2025-04-28", "2025-05-02", 120), BRUGER)] == [
        "F008", "F041"]
    # a 716/806 clash (rule 8) AND an empty time bank (F050)
    t.opret(anm("716", "2025-02-03"), BRUGER)
    assert [m.kode for m in afvist(t.opret, anm("806", "2025-03-03"), BRUGER)] == ["F014", "F050"]
    # an unknown child is one problem, though two layers see it
    assert [m.kode for m in afvist(t.opret, anm("610", "2025-03-04", barnenummer=9), BRUGER)] == ["F047"]
    assert (antal(demo_engine), antal(demo_engine, HAENDELSESLOG)) == (1, 1)  # only the 716


def test_change_lists_problems_of_every_layer_and_changes_nothing(demo_engine):
    t = Haendelsestjeneste(demo_engine, KATALOG)
    t.opret(anm("716", "2025-02-03"), BRUGER)
    ferie = t.opret(anm("500", "2025-03-03"), BRUGER).haendelse
    meddelelser = afvist(t.ret, ferie.id, 1, anm("806", "2025-03-03"), BRUGER)
    assert [(m.kode, m.felt) for m in meddelelser] == [("F014", "FastAarsagskode"),
                                                       ("F050", "FastAarsagskode")]
    [(h, _, _)] = t.hent([T1], date(2025, 3, 3), date(2025, 3, 3), [], BRUGER)
    assert (h.version, h.data.kode) == (1, "500")


def test_the_old_ferieaar_first_through_the_use_cases(demo_engine):
    t, k = Haendelsestjeneste(demo_engine, KATALOG), Kvotetjeneste(demo_engine, KATALOG)
    t.opret(anm("500", "2025-06-16", "2025-07-16"), BRUGER)  # 23 of ferieår 2025's 25 days
    [m] = afvist(t.opret, anm("500", "2025-09-01", "2025-09-05", ferieaar=2026), BRUGER)
    assert m.kode == "F092" and "Ferieåret 2025 har stadig 2,00 dage" in m.tekst
    [m] = afvist(t.opret, anm("500", "2025-09-01", "2025-09-05"), BRUGER)
    assert m.kode == "F040" and "01-09-2025 – 02-09-2025 med Ferieaar 2025" in m.tekst
    # the advice, followed: both parts are accepted and the old ferieår ends at 0
    foerste = t.opret(anm("500", "2025-09-01", "2025-09-02", ferieaar=2025), BRUGER).haendelse
    anden = t.opret(anm("500", "2025-09-03", "2025-09-05", ferieaar=2026), BRUGER).haendelse
    assert (foerste.data.ferieaar, anden.data.ferieaar) == (2025, 2026)
    [(_, kvoter)] = k.hent_kvoter([T1], date(2025, 9, 1), BRUGER)
    disponibel = {q.konto: q.disponibel for q in kvoter}
    assert disponibel[Konto(KvoteType.FERIE, 2025)] == 0
    # and with the old year at 0, a later vacation goes to the new one by itself
    assert t.opret(anm("500", "2025-10-06"), BRUGER).haendelse.data.ferieaar == 2026
    assert disponibel[Konto(KvoteType.FERIE, 2026)] == -3  # nothing earned by 1 September yet
