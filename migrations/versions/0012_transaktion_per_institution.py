"""A TransaktionsID is scoped per institution (issue 17 item 6): the key of `transaktion` becomes
(institution, id), so that one institution can neither see nor block another's ids.

Stored ids get the institution of the employment their write logged (haendelseslog, moedetidslog:
events — and so the særregler's derived ids — and schedules); an id whose write left no such
trace (quota, case and contact writes) gets '' and is no longer found: a retry of such a write
across the upgrade is taken as a new write.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_FRA_LOG = ("(SELECT i.kode FROM {log} l JOIN ansaettelse a ON a.id = l.ansaettelse_id"
            " JOIN institution i ON i.id = a.institution_id"
            " WHERE l.transaktions_id = transaktion.id ORDER BY l.id LIMIT 1)")
_UDFYLD = ("UPDATE transaktion SET institution = COALESCE("
           + _FRA_LOG.format(log="haendelseslog") + ", "
           + _FRA_LOG.format(log="moedetidslog") + ", '')")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("transaktion", sa.Column("institution", sa.String(20), nullable=False,
                                               server_default=""))
        op.execute(_UDFYLD)
        op.alter_column("transaktion", "institution", server_default=None)
        op.drop_constraint("transaktion_pkey", "transaktion", type_="primary")
        op.create_primary_key("transaktion_pkey", "transaktion", ["institution", "id"])
        return
    # SQLite cannot change a primary key: a new table, filled from the old
    with op.batch_alter_table("transaktion") as b:
        b.add_column(sa.Column("institution", sa.String(20), nullable=False, server_default=""))
    op.execute(_UDFYLD)
    op.create_table(
        "transaktion_ny",
        sa.Column("institution", sa.String(20), primary_key=True),
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("operation", sa.String(40), nullable=False),
        sa.Column("indhold_hash", sa.String(64), nullable=False),
        sa.Column("svar", sa.Text, nullable=False),
        sa.Column("tidspunkt", sa.DateTime, nullable=False),
    )
    op.execute("INSERT INTO transaktion_ny (institution, id, operation, indhold_hash, svar, tidspunkt)"
               " SELECT institution, id, operation, indhold_hash, svar, tidspunkt FROM transaktion")
    op.drop_table("transaktion")
    op.rename_table("transaktion_ny", "transaktion")


def downgrade() -> None:
    # an id used at two institutions keeps one row (the first institution's in code order)
    op.execute("DELETE FROM transaktion WHERE EXISTS (SELECT 1 FROM transaktion t2 WHERE t2.id ="
               " transaktion.id AND t2.institution < transaktion.institution)")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("transaktion_pkey", "transaktion", type_="primary")
        op.create_primary_key("transaktion_pkey", "transaktion", ["id"])
        op.drop_column("transaktion", "institution")
        return
    op.create_table(
        "transaktion_gl",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("operation", sa.String(40), nullable=False),
        sa.Column("indhold_hash", sa.String(64), nullable=False),
        sa.Column("svar", sa.Text, nullable=False),
        sa.Column("tidspunkt", sa.DateTime, nullable=False),
    )
    op.execute("INSERT INTO transaktion_gl (id, operation, indhold_hash, svar, tidspunkt)"
               " SELECT id, operation, indhold_hash, svar, tidspunkt FROM transaktion")
    op.drop_table("transaktion")
    op.rename_table("transaktion_gl", "transaktion")
