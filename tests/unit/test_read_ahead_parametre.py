"""A statement run on the driver's cursor (adapters/db/read_ahead.py) gets its parameters as
SQLAlchemy's own execution would give them: every type's bind processor applied, also when an
expanding IN list is expanded beside them. A date left raw reaches sqlite3's default adapter,
which Python 3.12 deprecated (the suite runs with warnings as errors) and which writes datetimes
in another text form than SQLAlchemy stores them in."""

from datetime import date, datetime

from sqlalchemy.dialects import sqlite

from fravaer.adapters.db import read_ahead, repository


def test_an_expanded_list_keeps_the_other_parameters_processed():
    c = repository._HAENDELSER.compile(dialect=sqlite.dialect())
    assert "POSTCOMPILE" in c.string  # the case: an IN list expanded when run
    _, bind = read_ahead._sql_og_parametre(c, {"ids": [1, 2], "fra": date(2025, 1, 1),
                                               "til": date(2025, 2, 1)})
    assert not any(isinstance(v, date | datetime) for v in bind)
    assert "2025-01-01" in bind and "2025-02-01" in bind and 1 in bind and 2 in bind


def test_the_usual_way_gives_what_the_general_one_gives():
    """read_ahead._Hurtig (a statement's parameters looked up by a plan made once) against the
    general way, on both dialects: the same text and the same parameters, processed alike."""
    from sqlalchemy.dialects import postgresql

    tilfaelde = [
        (repository._HAENDELSER, {"ids": [1, 2], "fra": date(2025, 1, 1), "til": date(2025, 2, 1)}),
        (repository._MOEDETIDER, {"aid": 7, "fra": date(2025, 1, 1), "til": date(2025, 1, 3)}),
        (repository._MED_FLERE, {"cprs": ["0101900001", "0202900002"]}),
        (repository._TRANSAKTION, {"tid": "t", "institutioner": ["A", "B", "C"]}),
        (repository._MOEDETIDER_KONTO_SPAN, {"aid": 3, "koder": ["500", "110"],
                                             "aaben": date(9999, 12, 31)}),
        (repository._ANSAETTELSE_BEGGE, {"tjnr": "1", "cpr": "0101900001", "lbnr": 1, "ekstra": 5}),
    ]
    for dialekt in (sqlite.dialect(), postgresql.dialect()):
        for statement, parametre in tilfaelde:
            c = statement.compile(dialect=dialekt)
            hurtig = read_ahead._sql_og_parametre(c, dict(parametre))
            assert read_ahead._hurtig(c) is not None, statement
            read_ahead._HURTIGE[id(c)] = (c, None)  # the general way
            try:
                assert read_ahead._sql_og_parametre(c, dict(parametre)) == hurtig
            finally:
                del read_ahead._HURTIGE[id(c)]


def test_a_date_column_read_on_sqlite_is_the_same_date_for_the_same_text():
    """SQLite's DATE text is read as SQLAlchemy reads it, each distinct text's date made once."""
    from datetime import date

    from sqlalchemy import Date
    from sqlalchemy.dialects import sqlite

    from fravaer.adapters.db import read_ahead

    processor = Date()._cached_result_processor(sqlite.dialect(), None)
    tekst = "".join(["2025-", "06-16"])  # a new string, as the driver gives each row
    assert read_ahead.dato_af_tekst(tekst) == processor(tekst) == date(2025, 6, 16)
    assert read_ahead.dato_af_tekst("2025-06-16") is read_ahead.dato_af_tekst(tekst)
    assert read_ahead.dato_af_tekst(None) is None


def test_sqlites_dates_and_times_written_as_sqlalchemy_writes_them():
    """The faster DATE and DATETIME bind processors on SQLite (read_ahead._hurtigere) write what
    SQLAlchemy's write, for every kind of value either takes (a datetime into a DATE, a date into
    a DATETIME, an aware datetime, the extremes); a type of another storage format keeps its own."""
    from datetime import UTC, timedelta, timezone

    from sqlalchemy import Date, DateTime

    dialekt = sqlite.dialect()
    vaerdier = [date(2025, 3, 4), date(1, 1, 1), date(9999, 12, 31), datetime(2025, 3, 4, 5, 6, 7),
                datetime(2025, 3, 4, 5, 6, 7, 89), datetime(1, 1, 1),
                datetime(9999, 12, 31, 23, 59, 59, 999999),
                datetime(2025, 3, 4, 5, 6, 7, 1, tzinfo=UTC),
                datetime(2025, 3, 4, 5, 6, 7, tzinfo=timezone(timedelta(hours=2))), None]
    for type_ in (Date(), DateTime(), sqlite.DATE(), sqlite.DATETIME()):
        p = type_._cached_bind_processor(dialekt)
        hurtig = read_ahead._hurtigere(dialekt, type_, p)
        assert hurtig is not p
        for v in vaerdier:
            assert hurtig(v) == p(v), (type_, v)
    eget = sqlite.DATETIME(truncate_microseconds=True)
    p = eget._cached_bind_processor(dialekt)
    assert read_ahead._hurtigere(dialekt, eget, p) is p


def test_dates_and_times_written_again_by_value():
    """_iso_dato and _iso_tid keep the texts they wrote by value (bounded): a request's
    alternating times (the login check's now and an hour ago, the write's own now) are each
    written once; an equal datetime of another object or fold is the same text, an aware one is
    SQLAlchemy's; past the bound the kept texts start over and stay right."""
    from datetime import UTC, timedelta

    from sqlalchemy import Date, DateTime

    dialekt = sqlite.dialect()
    dato = read_ahead._hurtigere(dialekt, Date(), Date()._cached_bind_processor(dialekt))
    tid = read_ahead._hurtigere(dialekt, DateTime(), DateTime()._cached_bind_processor(dialekt))
    read_ahead._TIDSTEKSTER.clear()
    nu, glemt = datetime(2025, 3, 4, 5, 6, 7), datetime(2025, 3, 4, 4, 6, 7)
    skrevet = datetime(2025, 3, 4, 5, 6, 8)
    for _ in range(3):
        assert [tid(nu), tid(glemt), tid(skrevet)] == [
            "2025-03-04 05:06:07.000000", "2025-03-04 04:06:07.000000", "2025-03-04 05:06:08.000000"]
    assert set(read_ahead._TIDSTEKSTER) == {nu, glemt, skrevet}
    assert tid(nu.replace(fold=1)) == tid(datetime(2025, 3, 4, 5, 6, 7)) == "2025-03-04 05:06:07.000000"
    assert tid(nu.replace(tzinfo=UTC)) == "2025-03-04 05:06:07.000000"
    assert nu.replace(tzinfo=UTC) not in read_ahead._TIDSTEKSTER
    start = datetime(2000, 1, 1)
    for i in range(read_ahead._MAKS_TEKSTER + 10):
        t = start + timedelta(seconds=i, microseconds=i)
        assert tid(t) == t.isoformat(" ", "microseconds")
        d = date(2000, 1, 1) + timedelta(days=i)
        assert dato(d) == d.isoformat()
    assert len(read_ahead._TIDSTEKSTER) <= read_ahead._MAKS_TEKSTER
    assert len(read_ahead._DATOTEKSTER) <= read_ahead._MAKS_TEKSTER


def test_the_last_date_and_time_written_again_when_asked_again():
    """_iso_dato and _iso_tid asked again for a value, or for another (an equal date, another
    datetime object with the same fields, one of another zone), write what they wrote."""
    from datetime import UTC

    from sqlalchemy import Date, DateTime

    dialekt = sqlite.dialect()
    dato = read_ahead._hurtigere(dialekt, Date(), Date()._cached_bind_processor(dialekt))
    tid = read_ahead._hurtigere(dialekt, DateTime(), DateTime()._cached_bind_processor(dialekt))
    assert [dato(date(2025, 3, 4)), dato(date(2025, 3, 4)), dato(date(2025, 3, 5)),
            dato(datetime(2025, 3, 5, 1))] == ["2025-03-04", "2025-03-04", "2025-03-05", "2025-03-05"]
    nu = datetime(2025, 3, 4, 5, 6, 7)
    assert [tid(nu), tid(nu), tid(datetime(2025, 3, 4, 5, 6, 8)), tid(nu.replace(tzinfo=UTC)), tid(nu),
            tid(date(2025, 3, 4))] == ["2025-03-04 05:06:07.000000", "2025-03-04 05:06:07.000000",
                                       "2025-03-04 05:06:08.000000", "2025-03-04 05:06:07.000000",
                                       "2025-03-04 05:06:07.000000", "2025-03-04 00:00:00.000000"]


def _som_den_generelle(p, parametre) -> tuple:
    """A Plan's bind (read_ahead.Plan) as the general way gives it: by name on PostgreSQL."""
    sql, bind, ordnet = p.bind(parametre)
    if ordnet and p.pg:
        bind = dict(zip(p.orden, bind, strict=True))
    return sql, bind


def test_a_statements_plan_binds_as_the_general_way():
    """read_ahead.Plan (a statement's run worked out once) gives the text and parameters the
    general way gives, on both dialects: values given in the statement (and one given anew),
    expanding IN lists of several lengths (SQLite), one-value list variants (PostgreSQL)."""
    from sqlalchemy.dialects.postgresql import psycopg
    from sqlalchemy.dialects.sqlite import pysqlite

    tilfaelde = [
        (repository._HAENDELSER, {"ids": [1, 2], "fra": date(2025, 1, 1), "til": date(2025, 2, 1)}),
        (repository._HAENDELSER, {"ids": [], "fra": date(2025, 1, 1), "til": date(2025, 2, 1)}),
        (repository._HAENDELSER, {"ids": [7], "fra": date(2025, 1, 1), "til": date(2025, 2, 1)}),
        (repository._HAENDELSER, {"ids": list(range(60)), "fra": date(2025, 1, 1), "til": date(2025, 2, 1)}),
        (repository._MOEDETIDER, {"aid": 7, "fra": date(2025, 1, 1), "til": date(2025, 1, 3)}),
        (repository._MED_FLERE, {"cprs": ["0101900001", "0202900002"]}),
        (repository._MED_FLERE, {"cprs": ["0101900001"]}),
        (repository._TRANSAKTION, {"tid": "t", "institutioner": ["A", "B", "C"]}),
        (repository._MOEDETIDER_KONTO_SPAN, {"aid": 3, "koder": ["500", "110"],
                                             "aaben": date(9999, 12, 31)}),
        (repository._ANSAETTELSE_BEGGE, {"tjnr": "1", "cpr": "0101900001", "lbnr": 1, "ekstra": 5}),
        (repository._ANSAETTELSE_TJNR, {"tjnr": "1", "cpr": None, "lbnr": None}),
        (repository._ANSAETTELSE_TJNR, {"tjnr": "1", "id_1": 2}),  # a value of the statement's given anew
    ]
    for dialekt in (pysqlite.dialect(), psycopg.dialect()):
        for statement, parametre in tilfaelde:
            read_ahead.gentaget(statement)  # seen before: a statement built once
            p = read_ahead.plan(statement, dialekt)
            assert read_ahead.plan(statement, dialekt) is p  # kept
            if p.lister:
                p = p.til(parametre)
            for _ in range(2):  # the second time by what the first worked out
                assert _som_den_generelle(p, dict(parametre)) == \
                    read_ahead._sql_og_parametre(p.c, dict(parametre)), (statement, parametre)


def test_a_plan_without_a_parameter_raises_as_the_general_way():
    import pytest
    from sqlalchemy import exc
    from sqlalchemy.dialects.sqlite import pysqlite

    p = read_ahead.plan(repository._MOEDETIDER, pysqlite.dialect())
    uden = {"aid": 7, "fra": date(2025, 1, 1)}
    with pytest.raises(exc.InvalidRequestError) as generel:
        read_ahead._sql_og_parametre(p.c, dict(uden))
    with pytest.raises(exc.InvalidRequestError) as plan:
        p.bind(dict(uden))
    assert str(plan.value) == str(generel.value)


def test_a_plan_is_its_statements_only():
    """A plan is found by its statement's id and kept only for that statement: another object
    that got the same id (the first one gone) gets a plan of its own."""
    from sqlalchemy.dialects.sqlite import pysqlite

    dialekt = pysqlite.dialect()
    alle = read_ahead.planer(dialekt)
    read_ahead.gentaget(repository._MOEDETIDER)
    read_ahead.gentaget(repository._MED_FLERE)
    p = read_ahead.plan(repository._MOEDETIDER, dialekt)
    alle[id(repository._MED_FLERE)] = p  # as if _MED_FLERE had _MOEDETIDER's old id
    q = read_ahead.plan(repository._MED_FLERE, dialekt)
    assert q is not p and q.statement is repository._MED_FLERE
    assert read_ahead.kendt_plan(repository._MED_FLERE, dialekt, alle) is q


def test_a_statement_built_per_call_gets_a_plan_for_its_use_only():
    """A statement seen once (built per call, its values in it) is not kept: the kept plans stay
    those of the statements built once."""
    from sqlalchemy import select
    from sqlalchemy.dialects.sqlite import pysqlite

    from fravaer.adapters.db.tables import AnsaettelseRow

    dialekt = pysqlite.dialect()
    alle = read_ahead.planer(dialekt)
    ny = select(AnsaettelseRow.id).where(AnsaettelseRow.id == 5)
    p = read_ahead.plan(ny, dialekt)
    assert p.statement is ny and id(ny) not in alle
    assert read_ahead.kendt_plan(ny, dialekt, alle) is not None  # seen before now: kept
    assert alle[id(ny)].statement is ny


def test_the_read_ahead_key_is_the_statement_and_its_values():
    """Plan.noegle: the same for the same values (a list as its tuple, names the statement does
    not use left out), another for another value or statement; the general key for values it
    cannot hash."""
    from sqlalchemy.dialects.postgresql import psycopg

    dialekt = psycopg.dialect()
    p = read_ahead.plan(repository._MED_FLERE, dialekt)
    assert p.noegle({"cprs": ["1", "2"]}) == p.noegle({"cprs": ("1", "2"), "ekstra": 1})
    assert p.noegle({"cprs": ["1", "2"]}) != p.noegle({"cprs": ["1", "3"]})
    q = read_ahead.plan(repository._ANSAETTELSE_TJNR, dialekt)
    assert q.noegle({"tjnr": "1"}) == q.noegle({"tjnr": "1", "cpr": None})
    assert q.noegle({"tjnr": "1"}) != q.noegle({"tjnr": "2"}) != p.noegle({"cprs": ["2"]})
    assert q.noegle({"tjnr": "1"}) != q.noegle({"tjnr": "1", "id_1": 2})
    assert q.noegle({"tjnr": ["x", {"a": 1}]}) == read_ahead._noegle(repository._ANSAETTELSE_TJNR,
                                                                      {"tjnr": ["x", {"a": 1}]})


def test_a_row_binds_as_its_dict_binds():
    """Plan.bind_raekke (a row given as its values in its columns' order: insert_batch's rows,
    Kerne.skriv_raekke) gives what bind gives the same values as a dict, on SQLite; where bind
    must see the dict (PostgreSQL, a column the row lacks, a row of another length) None."""
    from sqlalchemy.dialects import postgresql

    from fravaer.adapters.db import aendring_repository as ae
    from fravaer.adapters.db.insert_batch import _indsaet_en
    from fravaer.adapters.db.tables import HaendelseRow, TransaktionRow

    nu = datetime(2025, 6, 16, 12, 30, 5)
    haendelse = {"aendret": nu, "ansaettelse_id": 7, "arbejdsskadesag": None, "barnenummer": 2,
                 "barselssag_id": None, "bemaerkning": "x", "ferieaar": 2025, "fra_dato": date(2025, 6, 16),
                 "id": "h1", "kode": "500", "minutter": 90, "oprettet": nu, "status": "Godkendt",
                 "til_dato": date(2025, 6, 17), "tjenestefriaarsag": None, "version": 1}
    transaktion = {"id": "t", "indhold_hash": "ab", "institution": "I", "operation": "OpretHaendelse",
                   "svar": "{}", "tidspunkt": nu}
    aendring = dict(zip(ae._AE_FORM[1], (7, "Haendelse", "u", "{}", None, None, "Opret", "I", "h1", nu, "t"),
                        strict=True))
    tilfaelde = [(HaendelseRow.__table__, haendelse), (TransaktionRow.__table__, transaktion),
                 (ae._AE, aendring)]
    for tabel, vaerdier in tilfaelde:
        for kolonner in (tuple(sorted(vaerdier)), tuple(sorted(vaerdier, reverse=True))):
            raekke = tuple(vaerdier[k] for k in kolonner)
            statement = _indsaet_en(tabel, kolonner)
            p = read_ahead.plan(statement, sqlite.dialect(), {})
            assert p.bind_raekke(kolonner, raekke) == p.bind(dict(vaerdier)), (tabel.name, kolonner)
            assert p.bind_raekke(kolonner, raekke)[1] is not None
            assert p.bind_raekke(kolonner, raekke[:-1]) is None  # (a row of another length)
            assert p.bind_raekke(kolonner[:-1], raekke[:-1]) is None  # (a column not given)
            pg = read_ahead.plan(statement, postgresql.dialect(), {})
            assert pg.bind_raekke(kolonner, raekke) is None


def test_ordered_parameters_bind_as_their_dict():
    """read_ahead.Ordnede (names and values in a row: insert_batch's combined INSERT) binds as
    the dict of the same names and values, on both dialects; names that are not exactly the
    statement's parameters (one missing, one extra, a value given in the statement) go as that
    dict (the general way, which raises where it raises)."""
    from sqlalchemy import Table, bindparam, insert, literal
    from sqlalchemy.dialects.postgresql import psycopg
    from sqlalchemy.dialects.sqlite import pysqlite

    from fravaer.adapters.db import insert_batch, tables

    def tabel(navn: str) -> Table:
        return tables.Base.metadata.tables[navn]

    form = ((tabel("haendelse"), ("ansaettelse_id", "fra_dato", "id", "kode", "oprettet")),
            (tabel("transaktion"), ("id", "indhold_hash", "institution")))
    raekker = [(tabel("haendelse"), form[0][1],
                (3, date(2025, 1, 2), "h", "100", datetime(2025, 1, 2, 3, 4))),
               (tabel("transaktion"), form[1][1], ("t", "x" * 64, "I"))]
    samlet = insert_batch._samlet(form)
    med_fast = insert(tabel("transaktion")).values(id=bindparam("id"), institution=bindparam("i"),
                                                   indhold_hash=literal("fast"))
    ordnede = insert_batch._ordnede((), (), form, raekker)
    tilfaelde = [
        (samlet, ordnede),
        (samlet, read_ahead.Ordnede(ordnede.navne[::-1], ordnede.vaerdier[::-1])),  # any order
        (samlet, read_ahead.Ordnede(ordnede.navne[1:], ordnede.vaerdier[1:])),  # one missing
        (samlet, read_ahead.Ordnede((*ordnede.navne, "ekstra"), (*ordnede.vaerdier, 1))),  # one extra
        (med_fast, read_ahead.Ordnede(("id", "i"), ("t", "I"))),
    ]
    for dialekt in (pysqlite.dialect(), psycopg.dialect()):
        for statement, parametre in tilfaelde:
            read_ahead.gentaget(statement)
            p = read_ahead.plan(statement, dialekt)
            for _ in range(2):  # the second time by what the first worked out
                try:
                    forventet = _som_den_generelle(p, parametre.som_dict())
                except Exception as e:  # the general way's error, by both
                    fejl = type(e)
                    try:
                        p.bind(parametre)
                    except fejl:
                        continue
                    raise AssertionError((statement, parametre)) from None
                assert _som_den_generelle(p, parametre) == forventet, (statement, parametre)
