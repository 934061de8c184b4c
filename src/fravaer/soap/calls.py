"""What every operation shares: finding the use cases, who is calling, turning failures into faults."""

from __future__ import annotations

import logging
import uuid

from fravaer.domain.meddelelser import Afvist, meddelelse
from fravaer.service.autentificering import (
    GentagAutentificering,
    IkkeAutentificeret,
    LoginOptaget,
    efterproev_udestaaende,
    glem_udestaaende,
)
from fravaer.service.errors import LagerUtilgaengeligt
from fravaer.soap.faults import fault

log = logging.getLogger("fravaer.soap")


def tjeneste(ctx):
    return ctx.app.fravaer_tjenester[ctx.service_class.__name__]


def bruger(ctx):
    """The authenticated caller (set by the protocol from the WS-Security header)."""
    return ctx.udc


def kald(ctx, arbejde, afvist=None):
    """Run a use case: a refusal becomes a soap:Client fault with every Meddelelse (or what
    `afvist` makes of it: the KMD endpoint answers KMD's E); a database that does not answer S001,
    a bug S002 — on every endpoint alike. A login taken from the process's copy is checked
    against the database before any of it reaches the caller (service/autentificering.py): with
    the work's first statement, or after it; a refused login replaces the answer, a stale copy
    runs the work again after the full check."""
    try:
        return _med_login(ctx, arbejde)
    except IkkeAutentificeret as e:
        raise fault("Client", [e.meddelelse]) from None
    except LoginOptaget:
        raise fault("Server", [meddelelse("W008", "Header")]) from None
    except Afvist as e:
        if afvist is not None:
            return afvist(e)
        raise fault("Client", e.meddelelser) from None
    except LagerUtilgaengeligt:
        raise fault("Server", [meddelelse("S001")]) from None
    except Exception:
        reference = uuid.uuid4().hex[:12]
        log.exception("uventet fejl, reference %s", reference)
        raise fault("Server", [meddelelse("S002", reference=reference)]) from None


def _med_login(ctx, arbejde):
    """`arbejde()` with its login checked (see kald): a copy found stale, whether by the work's
    first statement or by the check after it, runs the work again after the full check."""
    try:
        try:
            svar = arbejde()
        except LagerUtilgaengeligt:
            glem_udestaaende()  # S001 either way, and says nothing: no second wait for it
            raise
        finally:
            efterproev_udestaaende()  # its refusal replaces the answer or the work's error
        return svar
    except GentagAutentificering as g:
        ctx.udc = g.autentificer()
        return arbejde()
