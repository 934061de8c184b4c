"""Failed-login throttling (issue 17 item 3): failures per user name and per client address,
shared by every process and host, as the nonces are.

Revision ID: 0016
Revises: 0012
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_spaerring",
        sa.Column("noegle", sa.String(70), primary_key=True),
        sa.Column("fejl", sa.Integer, nullable=False),
        sa.Column("sidste_fejl", sa.DateTime, nullable=False),
        sa.Column("spaerret_til", sa.DateTime, nullable=True),
    )
    op.create_index("ix_login_spaerring_sidste_fejl", "login_spaerring", ["sidste_fejl"])


def downgrade() -> None:
    op.drop_index("ix_login_spaerring_sidste_fejl", "login_spaerring")
    op.drop_table("login_spaerring")
