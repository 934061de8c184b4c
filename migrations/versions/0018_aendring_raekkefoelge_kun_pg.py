"""The feed's order index (xid, id) only on PostgreSQL (issue 13): on SQLite `xid` is always 0
(aendring_repository: writers take turns, ids are given in commit order), so (xid, id) orders as
the table's own rowid does and the index repeated it. Each write of an event kept it up to date:
one more page in the WAL per commit (of ~9: ~7,000 instructions and two writes to the WAL file).
The feed's reads that went by it on SQLite (the event log's registreret_af) order by id there.

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-04
"""
from alembic import op

revision = "0018"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_aendring_raekkefoelge", "aendring")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("ix_aendring_raekkefoelge", "aendring", ["xid", "id"])
