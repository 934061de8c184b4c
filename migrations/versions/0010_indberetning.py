"""The quarterly report's runs and their records (issue 14: reproducible, with the differences
since the last run).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indberetning",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("institution_id", sa.Integer, sa.ForeignKey("institution.id"), nullable=False),
        sa.Column("aar", sa.Integer, nullable=False),
        sa.Column("kvartal", sa.Integer, nullable=False),
        sa.Column("dannet", sa.DateTime, nullable=False),
        sa.Column("bruger", sa.String(200), nullable=False),
        sa.Column("antal", sa.Integer, nullable=False),
        sa.Column("indhold_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_indberetning_kvartal", "indberetning", ["institution_id", "aar", "kvartal"])
    op.create_table(
        "indberetningspost",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("indberetning_id", sa.Integer, sa.ForeignKey("indberetning.id"), nullable=False),
        sa.Column("nummer", sa.Integer, nullable=False),
        sa.Column("noegle", sa.String(60), nullable=False),
        sa.Column("indhold_hash", sa.String(64), nullable=False),
        sa.Column("ansaettelse_id", sa.Integer, sa.ForeignKey("ansaettelse.id"), nullable=False),
        sa.Column("cpr", sa.String(10), nullable=False),
        sa.Column("loebenummer", sa.Integer, nullable=False),
        sa.Column("tjenestenummer", sa.String(20), nullable=True),
        sa.Column("haendelse_id", sa.String(36), nullable=False),
        sa.Column("kode", sa.String(3), nullable=False),
        sa.Column("type", sa.String(1), nullable=False),
        sa.Column("dst_kategori", sa.String(4), nullable=True),
        sa.Column("fra_dato", sa.Date, nullable=False),
        sa.Column("til_dato", sa.Date, nullable=False),
        sa.Column("aaben", sa.Boolean, nullable=False),
        sa.Column("minutter_pr_dag", sa.Integer, nullable=True),
        sa.UniqueConstraint("indberetning_id", "nummer", name="uq_indberetningspost_nummer"),
    )


def downgrade() -> None:
    op.drop_table("indberetningspost")
    op.drop_index("ix_indberetning_kvartal", table_name="indberetning")
    op.drop_table("indberetning")
