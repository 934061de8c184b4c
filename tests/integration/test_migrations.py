"""The migrations create exactly the tables the code maps; the first start migrates a new file."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.migrate import current_revision, upgrade
from fravaer.adapters.db.tables import Base


def _for_dialekten(dialekt: str):
    """Alembic's include_object leaving out an index the models create only on another dialect
    (Index.ddl_if: alembic's comparison does not read it)."""
    def med(objekt, navn, type_, reflekteret, sammenlignet_med) -> bool:
        betingelse = getattr(objekt, "_ddl_if", None) if type_ == "index" else None
        return betingelse is None or betingelse.dialect is None or betingelse.dialect == dialekt
    return med


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as conn:
        kontekst = MigrationContext.configure(
            conn, opts={"include_object": _for_dialekten(conn.dialect.name)})
        forskelle = compare_metadata(kontekst, Base.metadata)
    assert forskelle == []


def test_the_feeds_order_index_is_postgresqls_alone(engine):
    """0018 (issue 13): on SQLite (xid always 0) the feed's order is the rowid's, and no index
    repeats it; PostgreSQL keeps (xid, id)."""
    from sqlalchemy import inspect

    with engine.connect() as conn:
        navne = {ix["name"] for ix in inspect(conn).get_indexes("aendring")}
    assert ("ix_aendring_raekkefoelge" in navne) == (engine.dialect.name == "postgresql")
    assert "ix_aendring_institution" in navne and "ix_aendring_tidspunkt" in navne


def test_0018_drops_the_order_index_on_sqlite_and_gives_it_back(tmp_path):
    from alembic import command
    from sqlalchemy import inspect

    from fravaer.adapters.db.migrate import _config

    e = make_engine(f"sqlite:///{tmp_path / 'r.sqlite'}")
    upgrade(e, "0016")
    with e.connect() as conn:
        assert "ix_aendring_raekkefoelge" in {ix["name"] for ix in inspect(conn).get_indexes("aendring")}
    upgrade(e)
    with e.connect() as conn:
        assert "ix_aendring_raekkefoelge" not in {ix["name"] for ix in inspect(conn).get_indexes("aendring")}
    cfg = _config()
    with e.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0016")
    with e.connect() as conn:
        assert "ix_aendring_raekkefoelge" in {ix["name"] for ix in inspect(conn).get_indexes("aendring")}
    e.dispose()


def test_the_event_log_names_who_registered_or_last_changed_an_event(engine):
    """registreret_af (the approval's four eyes): the newest Opret or Ret of the event, in the
    feed's order (on SQLite by id alone: 0018), neither an older one nor another kind."""
    from fravaer.adapters.db.unit_of_work import UnitOfWork

    raekker = [("Haendelse", "Opret", "h1", "a"), ("Haendelse", "Ret", "h1", "b"),
               ("Haendelse", "Opret", "h2", "c"), ("Haendelse", "Slet", "h1", "d"),
               ("Ansaettelse", "Ret", "h1", "e")]
    with engine.begin() as c:
        for art, handling, noegle, bruger in raekker:
            c.execute(text("INSERT INTO aendring (tidspunkt, art, handling, noegle, institution, bruger)"
                           " VALUES ('2026-01-01 00:00:00', :a, :h, :n, 'I', :b)"),
                      {"a": art, "h": handling, "n": noegle, "b": bruger})
    with UnitOfWork(engine) as uow:
        assert uow.log.registreret_af("h1") == "b"
        assert uow.log.registreret_af("h2") == "c"
        assert uow.log.registreret_af("h3") is None


def test_upgrade_creates_a_new_sqlite_file_and_is_repeatable(tmp_path):
    fil = tmp_path / "ny.sqlite"
    e = make_engine(f"sqlite:///{fil}")
    upgrade(e)
    upgrade(e)
    assert fil.exists() and current_revision(e) == "0018"


def _med_en_ansaettelse(tmp_path, revision: str):
    """A database at an older revision holding one institution and one employment (PKAT 0080)."""
    e = make_engine(f"sqlite:///{tmp_path / f'r{revision}.sqlite'}")
    upgrade(e, revision)
    with e.begin() as c:
        c.execute(text("INSERT INTO institution (id, kode, navn) VALUES (1, 'I', 'Inst')"))
        c.execute(text("INSERT INTO ansaettelse (id, institution_id, cpr, loebenummer, pkat, stiko, loenform,"
                       " ugentlige_minutter, startdato)"
                       " VALUES (1, 1, '0101801234', 1, '0080', '1100', '1', 2220, '2018-01-01')"))
    return e


def test_an_employment_stored_before_the_history_gets_its_row_from_its_start(tmp_path):
    e = _med_en_ansaettelse(tmp_path, "0005")
    upgrade(e)
    with e.connect() as c:
        assert c.execute(text("SELECT ansaettelse_id, gyldig_fra, pkat, ugentlige_minutter"
                              " FROM ansaettelseshistorik")).all() == [(1, "2018-01-01", "0080", 2220)]
    e.dispose()


def test_two_rows_of_one_date_become_the_later(tmp_path):
    e = _med_en_ansaettelse(tmp_path, "0006")
    with e.begin() as c:
        for id_, minutter in ((1, 2220), (2, 1800), (3, 1920)):
            c.execute(text("INSERT INTO ansaettelseshistorik (id, ansaettelse_id, gyldig_fra, institution_id,"
                           " loenform, ugentlige_minutter, registreret) VALUES (:id, 1, :fra, 1, '1', :m,"
                           " '2025-01-01 00:00:00')"),
                      {"id": id_, "fra": "2018-01-01" if id_ == 1 else "2026-01-01", "m": minutter})
    upgrade(e)
    with e.connect() as c:
        raekker = c.execute(text("SELECT id, ugentlige_minutter FROM ansaettelseshistorik ORDER BY id")).all()
    assert raekker == [(1, 2220), (3, 1920)]
    e.dispose()


def test_0008_leaves_akko_and_the_posting_empty_for_what_was_stored(tmp_path):
    e = _med_en_ansaettelse(tmp_path, "0007")
    with e.begin() as c:
        c.execute(text("INSERT INTO ansaettelseshistorik (ansaettelse_id, gyldig_fra, institution_id, pkat,"
                       " loenform, ugentlige_minutter, registreret) VALUES (1, '2018-01-01', 1, '0080', '1',"
                       " 2220, '2025-01-01 00:00:00')"))
    upgrade(e)
    with e.connect() as c:
        assert c.execute(text("SELECT akko, postering FROM ansaettelse")).all() == [(None, None)]
        assert c.execute(text("SELECT akko FROM ansaettelseshistorik")).all() == [(None,)]
    e.dispose()


def test_stored_transaction_ids_get_the_institution_their_write_logged(tmp_path):
    """0012 (issue 17 item 6): an event's id keeps working at its institution (the særregler's
    derived ids too); an id whose write left no log gets '' and is found by no one."""
    from fravaer.adapters.db.repository import TransaktionRepository

    e = _med_en_ansaettelse(tmp_path, "0011")
    with e.begin() as c:
        for tid in ("t-haendelse", "t-kvote"):
            c.execute(text("INSERT INTO transaktion (id, operation, indhold_hash, svar, tidspunkt)"
                           " VALUES (:t, 'OpretHaendelse', 'h', '{}', '2026-01-01 00:00:00')"), {"t": tid})
        c.execute(text("INSERT INTO haendelseslog (tidspunkt, handling, haendelse_id, ansaettelse_id,"
                       " bruger, transaktions_id)"
                       " VALUES ('2026-01-01 00:00:00', 'Opret', 'h1', 1, 'b', 't-haendelse')"))
    upgrade(e)
    with e.connect() as c:
        assert c.execute(text("SELECT id, institution FROM transaktion ORDER BY id")).all() == [
            ("t-haendelse", "I"), ("t-kvote", "")]
    from sqlalchemy.orm import Session

    with Session(e) as s:
        repo = TransaktionRepository(s, None)
        assert repo.hent(["I"], "t-haendelse").operation == "OpretHaendelse"
        assert repo.hent(["J"], "t-haendelse") is None and repo.hent(["I"], "t-kvote") is None
    e.dispose()


def test_0013_moves_the_event_log_into_the_feed_and_back(tmp_path):
    """0013 (issue 19 item 1): the event log's rows become the feed's Haendelse rows, in their
    order, before every new change (xid 0); HentHaendelseLog and the feed read them; a downgrade
    gives the log back."""
    from datetime import UTC, datetime

    from fravaer.adapters.db.unit_of_work import UnitOfWork
    from fravaer.domain.aendringer import START, Art

    e = _med_en_ansaettelse(tmp_path, "0012")
    with e.begin() as c:
        for handling, foer, efter in (("Opret", None, '{"v":1}'), ("Slet", '{"v":1}', None)):
            c.execute(text("INSERT INTO haendelseslog (tidspunkt, handling, haendelse_id, ansaettelse_id,"
                           " bruger, transaktions_id, foer, efter)"
                           " VALUES ('2026-01-01 00:00:00', :h, 'h1', 1, 'b', NULL, :f, :e)"),
                      {"h": handling, "f": foer, "e": efter})
    upgrade(e)
    with e.connect() as c:
        assert c.execute(text("SELECT xid, art, handling, noegle, institution, ansaettelse_id, foer, efter"
                              " FROM aendring ORDER BY id")).all() == [
            (0, "Haendelse", "Opret", "h1", "I", 1, None, '{"v":1}'),
            (0, "Haendelse", "Slet", "h1", "I", 1, '{"v":1}', None)]
    with UnitOfWork(e) as uow:
        side = uow.aendringer.side(START, ["I"], None, [Art.HAENDELSE], 10)
        assert [a.handling for a in side] == ["Opret", "Slet"]
        assert uow.aendringer.begyndelse(datetime(2026, 1, 2, tzinfo=UTC)).id == 2
    from alembic import command

    from fravaer.adapters.db.migrate import _config

    cfg = _config()
    with e.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0012")
    with e.connect() as c:
        log = c.execute(text("SELECT handling, haendelse_id, foer FROM haendelseslog ORDER BY id")).all()
        assert log == [("Opret", "h1", None), ("Slet", "h1", '{"v":1}')]
    e.dispose()
