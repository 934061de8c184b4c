"""Registered working times (mødetider) and their log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "moedetid",
        sa.Column("ansaettelse_id", sa.Integer, sa.ForeignKey("ansaettelse.id"), primary_key=True),
        sa.Column("dato", sa.Date, primary_key=True),
        sa.Column("minutter", sa.Integer, nullable=False),
        sa.Column("starttid", sa.Time, nullable=True),
        sa.Column("sluttid", sa.Time, nullable=True),
    )
    op.create_table(
        "moedetidslog",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("tidspunkt", sa.DateTime, nullable=False),
        sa.Column("handling", sa.String(10), nullable=False),
        sa.Column("ansaettelse_id", sa.Integer, sa.ForeignKey("ansaettelse.id"), nullable=False),
        sa.Column("dato", sa.Date, nullable=False),
        sa.Column("bruger", sa.String(200), nullable=False),
        sa.Column("transaktions_id", sa.String(36), nullable=True),
        sa.Column("foer_minutter", sa.Integer, nullable=True),
        sa.Column("efter_minutter", sa.Integer, nullable=True),
    )
    op.create_index("ix_moedetidslog_tidspunkt", "moedetidslog", ["tidspunkt"])


def downgrade() -> None:
    op.drop_table("moedetidslog")
    op.drop_table("moedetid")
