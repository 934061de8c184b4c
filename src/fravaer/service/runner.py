"""Running a use case in one transaction, translating storage failures once for all use cases."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from fravaer.adapters.db import unit_of_work
from fravaer.service.errors import LagerUtilgaengeligt
from fravaer.service.ports import Storage, UnitOfWork, UnitOfWorkFactory

T = TypeVar("T")
log = logging.getLogger("fravaer.service")


def i_transaktion(engine: Storage, arbejde: Callable[[UnitOfWork], T],
                  skriv: bool = False, enkelt_laesning: bool = False) -> T:
    """Run `arbejde` in one transaction. It commits itself; anything else is rolled back.
    A unique-key race (two first attempts with one TransaktionsID) is retried once: the retry then
    finds the stored answer. So is a connection found dead (the database restarted): the pool
    then holds only new ones, and nothing of the first attempt was stored — this replaces a
    liveness ping before every use of a connection (issue 13: a round trip per transaction).
    `engine` is the database's, or what makes another unit of work (the tests' in-memory one)."""
    ny: UnitOfWorkFactory = (partial(unit_of_work.UnitOfWork, engine)
                             if isinstance(engine, Engine) else engine)
    for forsoeg in (1, 2):
        try:
            with ny(skriv=skriv, enkelt_laesning=enkelt_laesning) as uow:
                return arbejde(uow)
        except IntegrityError:
            if forsoeg == 2:
                log.exception("integritetsfejl to gange i træk")
                raise LagerUtilgaengeligt("integritetsfejl") from None
        except DBAPIError as e:
            # A round trip that outran its deadline (a stalled database) is not retried: the
            # retry would wait as long again, and the caller is owed S001 within the bound.
            if forsoeg == 1 and e.connection_invalidated and not _svarfrist(e):
                log.warning("forbindelsen til databasen var død; prøver igen med en ny")
                continue
            log.error("databasefejl: %s", type(e).__name__)
            raise LagerUtilgaengeligt(type(e).__name__) from None
        except SQLAlchemyError as e:
            # The message may echo SQL parameters (CPR numbers): log only the type.
            log.error("databasefejl: %s", type(e).__name__)
            raise LagerUtilgaengeligt(type(e).__name__) from None
    raise AssertionError("unreachable")


def _svarfrist(e: DBAPIError) -> bool:
    return type(e.orig).__name__ == "SvarfristOverskredet"
