"""Bring a database to the newest schema with Alembic (also on first start of the server)."""

from __future__ import annotations

import logging

logging.getLogger("alembic").setLevel(logging.WARNING)  # before alembic logs its plugin set-up

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlalchemy import Engine, text  # noqa: E402

from fravaer.adapters.db.engine import skrive_laas  # noqa: E402
from fravaer.paths import MIGRATIONS_DIR  # noqa: E402


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


# pg_advisory_xact_lock's key: "frav" — any fixed number that no other advisory lock of ours uses
LAAS_NOEGLE = 0x66726176


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate in one transaction that first takes a lock, so that hosts and processes starting
    together migrate once: the first does the work, the others wait, then find nothing to do. On
    PostgreSQL the lock is an advisory lock (released with the transaction); on a SQLite file the
    application's own write lock."""
    cfg = _config()
    with skrive_laas(engine), engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LAAS_NOEGLE})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def head_revision() -> str | None:
    """The newest revision of the migrations the package carries."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
