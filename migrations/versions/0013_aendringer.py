"""The change feed (issue 19 item 1): `aendring`, one row per change of anything the service
stores, with before and after, who and when, read by HentAendringer from a cursor.

On PostgreSQL a row carries the id of the transaction that wrote it (`xid`, by default
pg_current_xact_id(), set in the same INSERT): the reader delivers only rows of transactions below
its snapshot's xmin, all of which have ended, in (xid, id) order, so a row committed late can
never fall behind a cursor already handed out (docs/DOMAIN.md §18). On SQLite writers are
serialised by the database's write lock, so ids are given in commit order; `xid` stays 0.

The event log (`haendelseslog`) becomes the feed's rows of kind 'Haendelse': its rows are moved
here (xid 0: before every new change, in their old order) and the table goes. One log of events,
and a write of an event costs no statement more than before.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "aendring",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("xid", sa.BigInteger, nullable=False,
                  server_default=sa.text("(pg_current_xact_id()::text)::bigint" if pg else "0")),
        sa.Column("tidspunkt", sa.DateTime, nullable=False),
        sa.Column("art", sa.String(20), nullable=False),
        sa.Column("handling", sa.String(10), nullable=False),
        sa.Column("noegle", sa.String(80), nullable=False),
        sa.Column("institution", sa.String(20), nullable=False),
        sa.Column("enhed_id", sa.Integer, nullable=True),
        sa.Column("ansaettelse_id", sa.Integer, nullable=True),
        sa.Column("bruger", sa.String(200), nullable=False),
        sa.Column("transaktions_id", sa.String(36), nullable=True),
        sa.Column("foer", sa.Text, nullable=True),
        sa.Column("efter", sa.Text, nullable=True),
    )
    op.create_index("ix_aendring_raekkefoelge", "aendring", ["xid", "id"])
    op.create_index("ix_aendring_institution", "aendring", ["institution", "xid", "id"])
    op.create_index("ix_aendring_tidspunkt", "aendring", ["tidspunkt"])
    op.execute(
        "INSERT INTO aendring (xid, tidspunkt, art, handling, noegle, institution, enhed_id,"
        " ansaettelse_id, bruger, transaktions_id, foer, efter)"
        " SELECT 0, l.tidspunkt, 'Haendelse', l.handling, l.haendelse_id, i.kode, a.enhed_id,"
        " l.ansaettelse_id, l.bruger, l.transaktions_id, l.foer, l.efter"
        " FROM haendelseslog l JOIN ansaettelse a ON a.id = l.ansaettelse_id"
        " JOIN institution i ON i.id = a.institution_id ORDER BY l.id")
    op.drop_index("ix_haendelseslog_tidspunkt", "haendelseslog")
    op.drop_index("ix_haendelseslog_haendelse_id", "haendelseslog")
    op.drop_table("haendelseslog")


def downgrade() -> None:
    op.create_table(
        "haendelseslog",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("tidspunkt", sa.DateTime, nullable=False),
        sa.Column("handling", sa.String(10), nullable=False),
        sa.Column("haendelse_id", sa.String(36), nullable=False),
        sa.Column("ansaettelse_id", sa.Integer, sa.ForeignKey("ansaettelse.id"), nullable=False),
        sa.Column("bruger", sa.String(200), nullable=False),
        sa.Column("transaktions_id", sa.String(36), nullable=True),
        sa.Column("foer", sa.Text, nullable=True),
        sa.Column("efter", sa.Text, nullable=True),
    )
    op.create_index("ix_haendelseslog_tidspunkt", "haendelseslog", ["tidspunkt"])
    op.create_index("ix_haendelseslog_haendelse_id", "haendelseslog", ["haendelse_id"])
    op.execute(
        "INSERT INTO haendelseslog (tidspunkt, handling, haendelse_id, ansaettelse_id, bruger,"
        " transaktions_id, foer, efter)"
        " SELECT tidspunkt, handling, noegle, ansaettelse_id, bruger, transaktions_id, foer, efter"
        " FROM aendring WHERE art = 'Haendelse' AND ansaettelse_id IS NOT NULL ORDER BY xid, id")
    op.drop_table("aendring")
