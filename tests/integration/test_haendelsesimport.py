"""Events in and out (issue 15 item 3): the history import by haendelse_id, judged by the rules of
a single registration in date order, and the export that it reads back unchanged."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from fravaer.adapters.db.tables import AendringRow, HaendelseRow
from fravaer.adapters.stamdata import laes_csv, laes_fil, skriv_csv, skriv_xml
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.katalog import standardkatalog
from fravaer.service.haendelser import Haendelsestjeneste
from fravaer.service.haendelsesimport import eksporter_haendelser, importer_haendelser
from fravaer.service.kvoter import Kvotetjeneste
from fravaer.service.stamdata import importer
from tests import haendelseshistorik as hh
from tests.conftest import _ryd

# the event log: the change feed's rows of kind Haendelse (migration 0013)
HAENDELSESLOG = select(AendringRow).where(AendringRow.art == "Haendelse").subquery()

KATALOG = standardkatalog()
HOVED = ("haendelse_id,cpr,loebenummer,kode,fra,til,minutter,barnenummer,ferieaar,bemaerkning,"
         "barselssag_noegle\n")
A = "0101700000"  # hh.cpr(0): institution H1, unit A1
B = "0201700001"  # hh.cpr(1): institution H2, unit A1


def uid(n: int) -> str:
    return f"00000000-0000-0000-0000-{n:012d}"


def stamdata(engine, ansatte: int = 2) -> None:
    for art, data in (("enheder", hh.enheder()), ("ansaettelser", hh.ansaettelser(ansatte))):
        assert importer(engine, laes_csv(art, data)).fejl == []


def importer_csv(engine, tekst: str, **kw):
    return importer_haendelser(engine, KATALOG, laes_csv("haendelser", (HOVED + tekst).encode()), **kw)


def gemte(engine) -> dict[str, tuple]:
    with engine.connect() as c:
        return {r.id: (r.kode, r.fra_dato, r.til_dato, r.minutter, r.ferieaar, r.bemaerkning)
                for r in c.execute(select(HaendelseRow))}


def test_import_stores_the_history_and_a_second_run_stores_nothing_twice(engine):
    stamdata(engine)
    fil = (f"{uid(1)},{A},1,100,2022-03-01,2022-03-02,,,,\n"
           f"{uid(2)},{A},1,100,2022-03-07,2022-03-07,120,,,\"Læge, kl. 9\"\n"
           f"{uid(3)},{A},1,500,2022-07-11,2022-07-15,,,,\n"
           f"{uid(4)},{B},1,100,2022-03-01,,,,,\n")
    r = importer_csv(engine, fil)
    assert (r.oprettet, r.uaendret, r.fejl, r.gemt) == (4, 0, [], True)
    foerste = gemte(engine)
    assert foerste[uid(2)][3] == 120 and foerste[uid(2)][5] == "Læge, kl. 9"
    assert foerste[uid(3)][4] == 2022  # the rules chose the ferieår it draws from (as OpretHaendelse does)
    assert foerste[uid(4)][2] == date.max  # open
    r2 = importer_csv(engine, fil)
    assert (r2.oprettet, r2.uaendret, r2.fejl) == (0, 4, [])
    assert gemte(engine) == foerste
    with engine.connect() as c:
        log = c.execute(select(AendringRow.handling, AendringRow.bruger)
                        .where(AendringRow.art == "Haendelse")).all()
    assert sorted(log) == [("Opret", "import")] * 4


def test_a_stored_key_with_other_content_is_a_bad_line_and_the_event_is_kept(engine):
    stamdata(engine)
    importer_csv(engine, f"{uid(1)},{A},1,100,2022-03-01,2022-03-02,,,,\n")
    r = importer_csv(engine, f"{uid(1)},{A},1,100,2022-03-01,2022-03-04,,,,\n"
                             f"{uid(1)},{B},1,100,2022-03-01,2022-03-02,,,,\n")
    assert [f.nummer for f in r.fejl] == [2, 3]
    assert all("findes allerede med andet indhold" in f.grund for f in r.fejl)
    assert gemte(engine)[uid(1)][2] == date(2022, 3, 2)


def test_the_same_key_twice_in_a_file(engine):
    stamdata(engine)
    r = importer_csv(engine, f"{uid(1)},{A},1,100,2022-03-01,2022-03-02,,,,\n"
                             f"{uid(1)},{A},1,100,2022-03-01,2022-03-02,,,,\n"
                             f"{uid(1)},{A},1,100,2022-03-01,2022-03-03,,,,\n")
    assert (r.oprettet, r.uaendret, [f.nummer for f in r.fejl]) == (1, 1, [4])


@pytest.mark.parametrize(("linje", "grund"), [
    (f"{uid(9)},{A},7,100,2022-03-01,2022-03-02,,,,", "ansættelsen med løbenummer 7 findes ikke"),
    (f"{uid(9)},{A},1,100,2019-03-01,2019-03-02,,,,", "F018"),  # before the employment began
    (f"{uid(9)},{A},1,999,2022-03-01,2022-03-02,,,,", "F001"),  # no such code
    (f"{uid(9)},{A},1,100,2022-03-02,2022-03-01,,,,", "F003"),  # ends before it begins
    (f"{uid(9)},{A},1,230,2022-03-01,2022-03-01,,1,,", "F047"),  # a child the person does not have
    (f"{uid(9)},{A},1,400,2022-03-01,,,,,,K-1", "barselssagen K-1 findes ikke"),
    (f"{uid(9)},{A},1,100,2022-03-01,2022-03-02,,,,,", None),
])
def test_each_event_is_judged_by_the_rules_of_a_single_registration(engine, linje, grund):
    stamdata(engine)
    r = importer_csv(engine, linje + "\n")
    if grund is None:
        assert (r.oprettet, r.fejl) == (1, [])
        return
    assert r.oprettet == 0 and len(r.fejl) == 1 and r.fejl[0].nummer == 2
    assert grund in r.fejl[0].grund and A not in r.fejl[0].grund
    assert gemte(engine) == {}


def test_an_employments_events_are_judged_in_date_order_whatever_the_files_order(engine):
    """The later event comes first in the file, but the earlier one is judged first: the later
    one overlaps it and is the one refused (as when it was registered after it)."""
    stamdata(engine)
    r = importer_csv(engine, f"{uid(2)},{A},1,500,2022-03-03,2022-03-04,,,,\n"
                             f"{uid(1)},{A},1,100,2022-03-01,2022-03-03,,,,\n"
                             f"{uid(3)},{B},1,100,2022-03-01,2022-03-03,,,,\n")
    assert r.oprettet == 2 and [f.nummer for f in r.fejl] == [2]
    assert "F011" in r.fejl[0].grund
    assert set(gemte(engine)) == {uid(1), uid(3)}


def test_events_already_stored_are_judged_against(engine):
    stamdata(engine)
    importer_csv(engine, f"{uid(1)},{A},1,100,2022-03-01,2022-03-03,,,,\n")
    r = importer_csv(engine, f"{uid(2)},{A},1,500,2022-03-03,2022-03-04,,,,\n")
    assert r.oprettet == 0 and "F011" in r.fejl[0].grund


def test_all_or_nothing_stores_nothing_when_a_line_is_bad(engine):
    stamdata(engine)
    r = importer_csv(engine, f"{uid(1)},{A},1,100,2022-03-01,2022-03-03,,,,\n"
                             f"{uid(2)},{A},1,100,2022-03-01,2022-03-03,,,,\n"
                             "ikke-et-uuid,{A},1,100,2022-03-01,2022-03-03,,,,\n", alt_eller_intet=True)
    assert not r.gemt and r.oprettet == 0 and [f.nummer for f in r.fejl] == [3, 4]
    assert gemte(engine) == {}
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(HAENDELSESLOG)) == 0


def test_a_maternity_case_is_named_by_its_key_and_read_back_by_it(engine):
    stamdata(engine)
    sag = f"cpr,noegle,type,gyldig_fra\n{A},K-1,01,2022-01-01\n".encode()
    assert importer(engine, laes_csv("barselssager", sag)).fejl == []
    r = importer_csv(engine, f"{uid(1)},{A},1,400,2022-03-01,2022-06-30,,,,,K-1\n")
    assert (r.oprettet, r.fejl) == (1, [])
    [raekke] = eksporter_haendelser(engine)
    assert raekke["barselssag_noegle"] == "K-1"


def test_the_export_selects_by_institution_unit_subtree_period_and_codes(engine):
    stamdata(engine, ansatte=6)  # 0: H1/A1, 1: H2/A1, 2: H1/A, 3: H2/A, 4: H1/B, 5: H2/B
    assert importer_haendelser(engine, KATALOG, laes_csv("haendelser", hh.haendelser(6, 10))).fejl == []

    def hvem(**kw):
        return sorted({(r["cpr"], r["kode"]) for r in eksporter_haendelser(engine, **kw)})

    alle = eksporter_haendelser(engine)
    assert len(alle) == 60
    assert {c for c, _ in hvem(institutioner=["H1"])} == {hh.cpr(0), hh.cpr(2), hh.cpr(4)}
    assert {c for c, _ in hvem(institutioner=["H1"], enhed="A")} == {hh.cpr(0), hh.cpr(2)}
    assert {c for c, _ in hvem(institutioner=["H1"], enhed="A1")} == {hh.cpr(0)}
    assert {k for _, k in hvem(koder=["500"])} == {"500"}
    assert len(eksporter_haendelser(engine, koder=["500"])) == 6
    januar = eksporter_haendelser(engine, fra=date(2022, 1, 10), til=date(2022, 1, 16))
    assert {r["fra"][:7] for r in januar} == {"2022-01"} and len(januar) == 6


def test_export_then_import_into_an_empty_database_as_xml(engine):
    stamdata(engine, ansatte=4)
    importer_haendelser(engine, KATALOG, laes_csv("haendelser", hh.haendelser(4, 12)))
    ud = skriv_xml({"haendelser": eksporter_haendelser(engine)})
    _ryd(engine)
    stamdata(engine, ansatte=4)
    r = importer_haendelser(engine, KATALOG, laes_fil(ud, None))
    assert (r.oprettet, r.fejl) == (48, [])
    assert skriv_xml({"haendelser": eksporter_haendelser(engine)}) == ud


def _tilstand(engine, ansatte: int):
    """Every event with its cost, and every employment's balances, by CPR (not by internal ids)."""
    bruger = Bruger("test", dict.fromkeys(hh.INSTITUTIONER, Ret.REGISTRER))
    idents = [AnsaettelsesIdent(cpr=hh.cpr(i), loebenummer=1) for i in range(ansatte)]
    nu = datetime(2026, 12, 2, tzinfo=UTC)
    t = Haendelsestjeneste(engine, KATALOG, ur=lambda: nu)
    k = Kvotetjeneste(engine, KATALOG, ur=lambda: nu)
    omkostninger, saldi = {}, {}
    for i in range(0, ansatte, 500):
        del_ = idents[i:i + 500]
        omkostninger.update({h.id: (a.cpr, h.data, o) for h, a, o in t.hent(
            del_, date(2020, 1, 1), date(2030, 12, 31), [], bruger)})
        for dato in (date(2022, 12, 31), date(2023, 12, 31)):
            saldi.update({(a.cpr, dato): kvoter for a, kvoter in k.hent_kvoter(del_, dato, bruger)})
    return omkostninger, saldi


def test_export_then_import_of_10000_events_gives_the_same_events_costs_and_balances(engine):
    ansatte = 1000
    stamdata(engine, ansatte)
    r = importer_haendelser(engine, KATALOG, laes_csv("haendelser", hh.haendelser(ansatte, 10)))
    assert (r.oprettet, r.fejl) == (10000, [])
    ud = skriv_csv("haendelser", eksporter_haendelser(engine))
    foer = _tilstand(engine, ansatte)
    assert len(foer[0]) == 10000 and all(o is not None for _, _, o in foer[0].values())

    _ryd(engine)
    stamdata(engine, ansatte)
    r = importer_haendelser(engine, KATALOG, laes_csv("haendelser", ud))
    assert (r.oprettet, r.fejl) == (10000, [])
    assert skriv_csv("haendelser", eksporter_haendelser(engine)) == ud
    assert _tilstand(engine, ansatte) == foer


def test_the_accounts_carried_through_an_import_are_those_read_back_line_by_line(engine):
    """The import reads an employment's accounts once and adds each stored line to them (issue 15:
    no re-read per vacation line): one file answers line for line as the same lines imported one
    file each, where every line's accounts are read from the database."""
    stamdata(engine, 5)
    x, y = hh.cpr(0), hh.cpr(4)  # alike: institution H1, 30 hours, from 2020
    linjer = [("500", date(2023, 1, 2) + (uge := date(2023, 1, 9) - date(2023, 1, 2)) * n,
               date(2023, 1, 6) + uge * n) for n in range(7)]
    linjer += [("110", date(2023, 1, 10), date(2023, 1, 10)), ("505", date(2023, 3, 6), date(2023, 3, 7)),
               ("500", date(2023, 3, 8), date(2023, 3, 8))]

    def fil(cpr: str, start: int, valgte) -> str:
        return "".join(f"{uid(start + n)},{cpr},1,{k},{f},{t},,,,\n" for n, (k, f, t) in valgte)

    samlet = importer_csv(engine, fil(x, 100, enumerate(linjer)))
    hver = [importer_csv(engine, fil(y, 200, [(n, linje)])) for n, linje in enumerate(linjer)]
    assert [(f.nummer - 2, f.grund) for f in samlet.fejl] == [
        (n, r.fejl[0].grund) for n, r in enumerate(hver) if r.fejl]
    assert samlet.oprettet == sum(r.oprettet for r in hver) >= 3 and samlet.fejl
    gemt = gemte(engine)
    assert {int(k[-3:]) - 100: v for k, v in gemt.items() if k[-3] == "1"} == {
        int(k[-3:]) - 200: v for k, v in gemt.items() if k[-3] == "2"}
