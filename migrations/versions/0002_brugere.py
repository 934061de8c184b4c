"""Users, their rights per institution, and WS-Security nonces.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bruger",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("navn", sa.String(100), nullable=False, unique=True),
        sa.Column("kodeord_hash", sa.String(200), nullable=False),
        sa.Column("kodeord_krypteret", sa.Text, nullable=True),
        sa.Column("administrator", sa.Boolean, nullable=False),
        sa.Column("aktiv", sa.Boolean, nullable=False),
        sa.Column("aendret", sa.DateTime, nullable=False),
    )
    op.create_table(
        "bruger_ret",
        sa.Column("bruger_id", sa.Integer, sa.ForeignKey("bruger.id"), primary_key=True),
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), primary_key=True),
        sa.Column("ret", sa.String(10), nullable=False),
    )
    op.create_table(
        "nonce",
        sa.Column("nonce", sa.String(200), primary_key=True),
        sa.Column("udloeber", sa.DateTime, nullable=False),
    )
    op.create_index("ix_nonce_udloeber", "nonce", ["udloeber"])


def downgrade() -> None:
    op.drop_table("nonce")
    op.drop_table("bruger_ret")
    op.drop_table("bruger")
