"""Accounts: stored postings (adjustments and moves), children, and an employment's pay class
and vacation policy.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "barn",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("foraelder_cpr", sa.String(10), nullable=False, index=True),
        sa.Column("barnenummer", sa.Integer, nullable=False),
        sa.Column("cpr", sa.String(10), nullable=True),
        sa.Column("fornavn", sa.String(100), nullable=True),
        sa.Column("efternavn", sa.String(100), nullable=True),
        sa.Column("foedselsdato", sa.Date, nullable=False),
        sa.UniqueConstraint("foraelder_cpr", "barnenummer", name="uq_barn_foraelder_nummer"),
    )
    op.create_table(
        "kvotepost",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("ansaettelse_id", sa.Integer, sa.ForeignKey("ansaettelse.id"), nullable=False),
        sa.Column("kvotetype", sa.String(20), nullable=False),
        sa.Column("aar", sa.Integer, nullable=True),
        sa.Column("kontoretstype", sa.Integer, nullable=True),
        sa.Column("barnenummer", sa.Integer, nullable=True),
        sa.Column("dato", sa.Date, nullable=False),
        sa.Column("art", sa.String(12), nullable=False),
        sa.Column("taeller", sa.BigInteger, nullable=False),
        sa.Column("naevner", sa.BigInteger, nullable=False),
        sa.Column("kilde", sa.String(36), nullable=False, index=True),
        sa.Column("retstype", sa.Integer, nullable=True),
        sa.Column("tekst", sa.String(200), nullable=True),
        sa.Column("bruger", sa.String(200), nullable=False),
        sa.Column("oprettet", sa.DateTime, nullable=False),
    )
    op.create_index("ix_kvotepost_ansaettelse", "kvotepost", ["ansaettelse_id", "kvotetype"])
    with op.batch_alter_table("ansaettelse") as b:
        b.add_column(sa.Column("klasse", sa.String(10), nullable=True))
        b.add_column(sa.Column("feriepolitik", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ansaettelse") as b:
        b.drop_column("feriepolitik")
        b.drop_column("klasse")
    op.drop_index("ix_kvotepost_ansaettelse", "kvotepost")
    op.drop_table("kvotepost")
    op.drop_table("barn")
