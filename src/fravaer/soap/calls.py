"""What every operation shares: finding the use cases, who is calling, turning failures into faults."""

from __future__ import annotations

import logging
import uuid

from fravaer.domain.messages import Afvist, meddelelse
from fravaer.service.errors import LagerUtilgaengeligt
from fravaer.soap.faults import fault

log = logging.getLogger("fravaer.soap")


def tjeneste(ctx):
    return ctx.app.fravaer_tjenester[ctx.service_class.__name__]


def bruger(ctx):
    """The authenticated caller (set by the protocol from the WS-Security header)."""
    return ctx.udc


def kald(ctx, arbejde):
    try:
        return arbejde()
    except Afvist as e:
        raise fault("Client", e.meddelelser) from None
    except LagerUtilgaengeligt:
        raise fault("Server", [meddelelse("S001")]) from None
    except Exception:
        reference = uuid.uuid4().hex[:12]
        log.exception("uventet fejl, reference %s", reference)
        raise fault("Server", [meddelelse("S002", reference=reference)]) from None
