"""The migrations create exactly the tables the code maps; the first start migrates a new file."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.migrate import current_revision, upgrade
from fravaer.adapters.db.tables import Base


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as conn:
        forskelle = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert forskelle == []


def test_upgrade_creates_a_new_sqlite_file_and_is_repeatable(tmp_path):
    fil = tmp_path / "ny.sqlite"
    e = make_engine(f"sqlite:///{fil}")
    upgrade(e)
    upgrade(e)
    assert fil.exists() and current_revision(e) == "0006"
