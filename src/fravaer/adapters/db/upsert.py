"""Insert-or-update by a natural key, telling what happened: the one pattern behind every
master-data import (so that importing a file twice changes nothing the second time)."""

from __future__ import annotations

from sqlalchemy import select

from fravaer.adapters.db.session import Session


def upsert(session: Session, model, noegle: dict, felter: dict, opret_tom: bool = True,
           foer: dict | None = None) -> str:
    """'oprettet', 'aendret' or 'uaendret'. Without `opret_tom`, a record whose fields are all
    empty is not created (it would hold nothing). `foer`, when given, is filled with the fields as
    they were (left empty when the record is new): the change feed's before."""
    row = session.scalar(select(model).filter_by(**noegle))
    if row is not None and foer is not None:
        foer.update({k: getattr(row, k) for k in felter})
    if row is None and not opret_tom and all(v in (None, "") for v in felter.values()):
        return "uaendret"
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
