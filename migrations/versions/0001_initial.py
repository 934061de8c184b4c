"""Institutions, employments, events, transactions and the event log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "institution",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kode", sa.String(20), nullable=False, unique=True),
        sa.Column("navn", sa.String(200), nullable=False),
    )
    op.create_table(
        "ansaettelse",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), nullable=False),
        sa.Column("cpr", sa.String(10), nullable=False),
        sa.Column("loebenummer", sa.Integer, nullable=False),
        sa.Column("tjenestenummer", sa.String(20), nullable=True, unique=True),
        sa.Column("pkat", sa.String(10), nullable=True),
        sa.Column("stiko", sa.String(10), nullable=True),
        sa.Column("loenform", sa.String(2), nullable=False),
        sa.Column("ugentlige_minutter", sa.Integer, nullable=False),
        sa.Column("startdato", sa.Date, nullable=False),
        sa.Column("slutdato", sa.Date, nullable=True),
        sa.UniqueConstraint("cpr", "loebenummer", name="uq_ansaettelse_cpr_loebenummer"),
    )
    op.create_index("ix_ansaettelse_institution_id", "ansaettelse", ["institution_id"])
    op.create_table(
        "haendelse",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("ansaettelse_id", sa.Integer, sa.ForeignKey("ansaettelse.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("kode", sa.String(3), nullable=False),
        sa.Column("fra_dato", sa.Date, nullable=False),
        sa.Column("til_dato", sa.Date, nullable=False),
        sa.Column("minutter", sa.Integer, nullable=True),
        sa.Column("barnenummer", sa.Integer, nullable=True),
        sa.Column("ferieaar", sa.Integer, nullable=True),
        sa.Column("bemaerkning", sa.String(250), nullable=True),
        sa.Column("oprettet", sa.DateTime, nullable=False),
        sa.Column("aendret", sa.DateTime, nullable=False),
    )
    op.create_index("ix_haendelse_ansaettelse_periode", "haendelse",
                    ["ansaettelse_id", "fra_dato", "til_dato"])
    op.create_table(
        "transaktion",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("operation", sa.String(40), nullable=False),
        sa.Column("indhold_hash", sa.String(64), nullable=False),
        sa.Column("svar", sa.Text, nullable=False),
        sa.Column("tidspunkt", sa.DateTime, nullable=False),
    )
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


def downgrade() -> None:
    op.drop_table("haendelseslog")
    op.drop_table("transaktion")
    op.drop_table("haendelse")
    op.drop_table("ansaettelse")
    op.drop_table("institution")
