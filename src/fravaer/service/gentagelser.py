"""Idempotent writes (TransaktionsID): a retried write with the same content gets the first
answer; the same id with other content is F022. Shared by every use case that writes. An id is
scoped per institution (issue 17 item 6): a write looks among the institutions it may concern —
its employment's, or where the caller may register when the object is gone (a replayed delete)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from fravaer.adapters.db import codec
from fravaer.domain.meddelelser import Afvist, meddelelse
from fravaer.service.ports import UnitOfWork


def indholdshash(operation: str, indhold) -> str:
    """A stable digest of a write's content (made JSON-able by the caller); the id is left out."""
    return hashlib.sha256(codec.dumps({"operation": operation, "indhold": indhold}).encode()).hexdigest()


def tidligere_svar(uow: UnitOfWork, institutioner: Iterable[str], transaktions_id: str | None,
                   operation: str, hash_: str) -> dict | None:
    """The stored first answer of a retried write at one of `institutioner`, or None for a new
    one (or no id)."""
    if not transaktions_id:
        return None
    t = uow.transaktioner.hent(institutioner, transaktions_id)
    if t is None:
        return None
    if t.operation != operation or t.indhold_hash != hash_:
        raise Afvist([meddelelse("F022", "TransaktionsID", transaktions_id=transaktions_id)])
    return t.svar
