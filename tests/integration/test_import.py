"""Importing employments from CSV: idempotent upserts, each bad line reported with its number."""

import pytest
from sqlalchemy import func, select, text

from fravaer.adapters.db.tables import AnsaettelseRow, InstitutionRow
from fravaer.adapters.stamdata import laes
from fravaer.service.stamdata import STOR_INDLAESNING, importer_ansaettelser

HOVED = ("institution_kode;institution_navn;cpr;loebenummer;tjenestenummer;pkat;stiko;loenform;"
         "ugentlig_arbejdstid;startdato;slutdato\n")
GOD = HOVED + (
    "INST1;Styrelsen;0101801111;1;T-1;0240;1100;1;37;2020-01-01;\n"
    "INST1;Styrelsen;0101801111;2;T-2;0240;1100;1;32,5;2021-01-01;2022-12-31\n"
    "INST2;Kommunen;1512902222;1;;0172;;3;30:00;2019-05-01;\n"
)


def antal(engine, tabel):
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(tabel))


def test_import_twice_changes_nothing_the_second_time(engine):
    r1 = importer_ansaettelser(engine, laes(GOD.encode()))
    assert (r1.oprettet, r1.aendret, r1.uaendret, r1.fejl) == (3, 0, 0, [])
    r2 = importer_ansaettelser(engine, laes(GOD.encode()))
    assert (r2.oprettet, r2.aendret, r2.uaendret) == (0, 0, 3)
    assert antal(engine, AnsaettelseRow) == 3 and antal(engine, InstitutionRow) == 2
    with engine.connect() as c:
        assert c.scalar(select(AnsaettelseRow.ugentlige_minutter).where(
            AnsaettelseRow.tjenestenummer == "T-2")) == 1950


def test_a_changed_line_updates_the_employment(engine):
    importer_ansaettelser(engine, laes(GOD.encode()))
    r = importer_ansaettelser(engine, laes(GOD.replace("2022-12-31", "2023-06-30").encode()))
    assert (r.oprettet, r.aendret, r.uaendret) == (0, 1, 2)


def test_bad_lines_are_reported_and_good_ones_stored(engine):
    fil = GOD + (
        "INST1;Styrelsen;3213801111;1;;;;1;37;2020-01-01;\n"       # line 5: no such date
        "INST1;Styrelsen;0101801111;3;T-1;;;1;37;2020-01-01;\n"    # line 6: T-1 is taken
        "INST1;Styrelsen;0101801111;4;;;;2;37;2020-01-01;\n"       # line 7: pay form
        "INST1;Styrelsen;0101801111;5;;;;1;37;2020-13-01;\n"       # line 8: date
        "INST1;Styrelsen;0101801111;6;;;;1;abc;2020-01-01;\n"      # line 9: hours
        "INST1;Styrelsen;0101801111;7;;;;1;37;2020-01-01;2019-01-01\n"  # line 10: ends first
    )
    r = importer_ansaettelser(engine, laes(fil.encode()))
    assert r.oprettet == 3
    assert [f.nummer for f in r.fejl] == [5, 6, 7, 8, 9, 10]
    assert all("3213801111" not in f.grund for f in r.fejl)
    assert antal(engine, AnsaettelseRow) == 3


def test_all_or_nothing_stores_nothing_when_a_line_is_bad(engine):
    fil = GOD + "INST1;Styrelsen;0101801111;9;;;;1;37;ikke-en-dato;\n"
    r = importer_ansaettelser(engine, laes(fil.encode()), alt_eller_intet=True)
    assert not r.gemt and [f.nummer for f in r.fejl] == [5]
    assert antal(engine, AnsaettelseRow) == 0


def _reltuples(engine, tabel: str) -> float:
    with engine.connect() as c:
        return c.scalar(text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": tabel})


def test_a_large_import_tells_the_planner_the_tables_new_size(engine):
    """PostgreSQL plans a page of employees from the statistics ANALYZE gathers; autovacuum may come
    much later (or, turned off, never): an import of STOR_INDLAESNING records or more gathers them
    itself, in its own transaction; a small one leaves it to autovacuum."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite plans without statistics")
    lille = _reltuples(engine, "ansaettelse")
    importer_ansaettelser(engine, laes(GOD.encode()))
    assert _reltuples(engine, "ansaettelse") == lille  # 3 records: not analysed
    linjer = "".join(f"INST3;Skolen;0101{80 + i // 10_000:02d}{i % 10_000:04d};1;;0240;;1;37;2020-01-01;\n"
                     for i in range(STOR_INDLAESNING))
    r = importer_ansaettelser(engine, laes((HOVED + linjer).encode()))
    assert r.oprettet == STOR_INDLAESNING and not r.fejl
    assert _reltuples(engine, "ansaettelse") == STOR_INDLAESNING + 3
