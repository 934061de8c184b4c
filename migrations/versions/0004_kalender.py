"""Institutions' calendar settings (special days, extra days off), their log, and an
employment's fixed weekly day off.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "institution_saerdag",
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), primary_key=True),
        sa.Column("maaned_dag", sa.String(5), primary_key=True),
        sa.Column("regel", sa.String(10), nullable=False),
    )
    op.create_table(
        "institution_fridag",
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), primary_key=True),
        sa.Column("dato", sa.Date, primary_key=True),
    )
    op.create_table(
        "kalenderlog",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("tidspunkt", sa.DateTime, nullable=False),
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), nullable=False),
        sa.Column("bruger", sa.String(200), nullable=False),
        sa.Column("hvad", sa.String(40), nullable=False),
        sa.Column("foer", sa.String(20), nullable=True),
        sa.Column("efter", sa.String(20), nullable=True),
    )
    with op.batch_alter_table("ansaettelse") as b:
        b.add_column(sa.Column("fast_fridag", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ansaettelse") as b:
        b.drop_column("fast_fridag")
    op.drop_table("kalenderlog")
    op.drop_table("institution_fridag")
    op.drop_table("institution_saerdag")
