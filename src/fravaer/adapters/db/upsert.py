"""Insert-or-update by a natural key, telling what happened: the one pattern behind every
master-data import (so that importing a file twice changes nothing the second time)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session


def upsert(session: Session, model, noegle: dict, felter: dict) -> str:
    """'oprettet', 'aendret' or 'uaendret'."""
    row = session.scalar(select(model).filter_by(**noegle))
    if row is None:
        session.add(model(**noegle, **felter))
        session.flush()
        return "oprettet"
    if all(getattr(row, k) == v for k, v in felter.items()):
        return "uaendret"
    for k, v in felter.items():
        setattr(row, k, v)
    session.flush()
    return "aendret"
