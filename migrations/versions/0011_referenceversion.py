"""The version of the reference data (users and rights, institutions, calendars, særregler) that
processes keep in memory: one row, changed by a trigger on every write to those tables, so that
every writer — the service, the CLI, a hand-made fix in SQL — invalidates the copies (issue 13).

A deleted row is recreated at a random version by the next change, so a copy can never match a
number that was handed out before the row went.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABELLER = ("bruger", "bruger_ret", "institution", "institution_saerdag", "institution_fridag",
            "institution_aarsag", "saerregel")

_SQLITE_TRIN = ("INSERT OR REPLACE INTO referenceversion (id, version) VALUES (1, COALESCE("
                "(SELECT version + 1 FROM referenceversion WHERE id = 1), abs(random() % 1000000000000)))")

_PG_FUNKTION = """
CREATE FUNCTION ny_referenceversion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO referenceversion (id, version) VALUES (1, floor(random() * 1e12)::bigint)
    ON CONFLICT (id) DO UPDATE SET version = referenceversion.version + 1;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.create_table(
        "referenceversion",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO referenceversion (id, version) VALUES (1, 1)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNKTION)
        for t in TABELLER:
            op.execute(f"CREATE TRIGGER {t}_referenceversion AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
                       f" ON {t} FOR EACH STATEMENT EXECUTE FUNCTION ny_referenceversion()")
    else:
        for t in TABELLER:
            for handling in ("INSERT", "UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {t}_referenceversion_{handling.lower()} AFTER {handling} ON {t}"
                           f" BEGIN {_SQLITE_TRIN}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for t in TABELLER:
            op.execute(f"DROP TRIGGER {t}_referenceversion ON {t}")
        op.execute("DROP FUNCTION ny_referenceversion()")
    else:
        for t in TABELLER:
            for handling in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {t}_referenceversion_{handling}")
    op.drop_table("referenceversion")
