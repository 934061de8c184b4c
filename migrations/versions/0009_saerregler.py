"""Institutions' særregler (seed 002 §12): changes of matrix cells, care days without an
omsorgsregnskab, default events for a PKAT/KL; and their log.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saerregel",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), nullable=False),
        sa.Column("art", sa.String(10), nullable=False),
        sa.Column("kode", sa.String(3), nullable=True),
        sa.Column("anden", sa.String(3), nullable=True),
        sa.Column("vaerdi", sa.String(1), nullable=True),
        sa.Column("kode_aaben", sa.Boolean, nullable=False),
        sa.Column("anden_planlagt", sa.Boolean, nullable=False),
        sa.Column("pkat", sa.String(10), nullable=True),
        sa.Column("klasse", sa.String(10), nullable=True),
        sa.Column("fra_dato", sa.Date, nullable=True),
        sa.Column("til_dato", sa.Date, nullable=True),
        sa.Column("oprettet", sa.DateTime, nullable=False),
        sa.Column("bruger", sa.String(200), nullable=False),
    )
    op.create_index("ix_saerregel_institution_id", "saerregel", ["institution_id"])
    op.create_table(
        "saerregellog",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("tidspunkt", sa.DateTime, nullable=False),
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), nullable=False),
        sa.Column("bruger", sa.String(200), nullable=False),
        sa.Column("handling", sa.String(10), nullable=False),
        sa.Column("regel_id", sa.Integer, nullable=True),
        sa.Column("foer", sa.Text, nullable=True),
        sa.Column("efter", sa.Text, nullable=True),
    )
    op.create_index("ix_saerregellog_tidspunkt", "saerregellog", ["tidspunkt"])


def downgrade() -> None:
    op.drop_index("ix_saerregellog_tidspunkt", "saerregellog")
    op.drop_table("saerregellog")
    op.drop_index("ix_saerregel_institution_id", "saerregel")
    op.drop_table("saerregel")
