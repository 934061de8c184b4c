"""Payroll, the institution's own registration types and approval (issue 19 items 2–4).

- `haendelse.status`: Godkendt (the default: every event stored before, and every event of a code
  that needs no approval), Afventer (awaits approval). A rejected event is deleted; its decision
  stays in `haendelseslog` (handling Afvis).
- `egen_type`: an institution's own registration types (seed 004 §4.2), codes 900–999.
- `godkendelseskode`: the fixed codes an institution has made subject to approval.
- `loenperiode` and `loenlinje`: a closed pay period and the lines delivered in it (the
  original lines of the period and the corrections of earlier ones), never changed after.

Both new reference tables change the reference data's version (migration 0011's triggers).

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABELLER = ("egen_type", "godkendelseskode")
_SQLITE_TRIN = ("INSERT OR REPLACE INTO referenceversion (id, version) VALUES (1, COALESCE("
                "(SELECT version + 1 FROM referenceversion WHERE id = 1), abs(random() % 1000000000000)))")
_LANG_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("haendelse") as b:
        b.add_column(sa.Column("status", sa.String(10), nullable=False, server_default="Godkendt"))
    op.create_table(
        "egen_type",
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), primary_key=True),
        sa.Column("kode", sa.String(3), primary_key=True),
        sa.Column("navn", sa.String(100), nullable=False),
        sa.Column("loendel", sa.String(10), nullable=True),
        sa.Column("pkat", sa.String(200), nullable=True),
        sa.Column("kraever_godkendelse", sa.Boolean, nullable=False),
        sa.Column("oprettet", sa.DateTime, nullable=False),
        sa.Column("bruger", sa.String(200), nullable=False),
    )
    op.create_table(
        "godkendelseskode",
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), primary_key=True),
        sa.Column("kode", sa.String(3), primary_key=True),
    )
    op.create_table(
        "loenperiode",
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), primary_key=True),
        sa.Column("periode", sa.String(7), primary_key=True),
        sa.Column("lukket", sa.DateTime, nullable=False),
        sa.Column("bruger", sa.String(200), nullable=False),
    )
    op.create_table(
        "loenlinje",
        sa.Column("id", _LANG_ID, primary_key=True, autoincrement=True),
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), nullable=False),
        sa.Column("loenperiode", sa.String(7), nullable=False),
        sa.Column("vedroerer", sa.String(7), nullable=False),
        sa.Column("ansaettelse_id", sa.Integer, sa.ForeignKey("ansaettelse.id"), nullable=False),
        sa.Column("loendel", sa.String(10), nullable=False),
        sa.Column("enhed", sa.String(5), nullable=False),
        sa.Column("taeller", sa.BigInteger, nullable=False),
        sa.Column("naevner", sa.BigInteger, nullable=False),
        sa.Column("minutter", sa.Integer, nullable=False),
        sa.Column("fra_dato", sa.Date, nullable=False),
        sa.Column("til_dato", sa.Date, nullable=False),
        sa.Column("kilde_art", sa.String(12), nullable=False),
        sa.Column("kilde_id", sa.String(60), nullable=False),
        sa.Column("art", sa.String(16), nullable=False),
    )
    op.create_index("ix_loenlinje_periode", "loenlinje", ["institution_id", "loenperiode"])
    op.create_index("ix_loenlinje_vedroerer", "loenlinje", ["institution_id", "vedroerer"])
    if op.get_bind().dialect.name == "postgresql":
        for t in TABELLER:
            op.execute(f"CREATE TRIGGER {t}_referenceversion AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
                       f" ON {t} FOR EACH STATEMENT EXECUTE FUNCTION ny_referenceversion()")
    else:
        for t in TABELLER:
            for handling in ("INSERT", "UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {t}_referenceversion_{handling.lower()} AFTER {handling} ON {t}"
                           f" BEGIN {_SQLITE_TRIN}; END")


def downgrade() -> None:
    op.drop_index("ix_loenlinje_vedroerer", "loenlinje")
    op.drop_index("ix_loenlinje_periode", "loenlinje")
    op.drop_table("loenlinje")
    op.drop_table("loenperiode")
    op.drop_table("godkendelseskode")  # its triggers go with it
    op.drop_table("egen_type")
    with op.batch_alter_table("haendelse") as b:
        b.drop_column("status")
