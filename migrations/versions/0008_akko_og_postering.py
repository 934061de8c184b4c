"""The employment relationship's AKKO by date (in the history and, as in force today, on the
employment), and the employment's own posting of the monthly vacation accrual (primo/ultimo),
set apart from its vacation policy (DOMAIN.md §6.2). Both empty: nothing changes for the rows
stored before.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ansaettelse") as b:
        b.add_column(sa.Column("akko", sa.String(10), nullable=True))
        b.add_column(sa.Column("postering", sa.String(10), nullable=True))
    with op.batch_alter_table("ansaettelseshistorik") as b:
        b.add_column(sa.Column("akko", sa.String(10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ansaettelseshistorik") as b:
        b.drop_column("akko")
    with op.batch_alter_table("ansaettelse") as b:
        b.drop_column("postering")
        b.drop_column("akko")
