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


def bruger(ctx) -> str:
    """Who made the change. Until clients authenticate, the calling host's address."""
    env = getattr(ctx.transport, "req_env", None) or {}
    return f"uautentificeret@{env.get('REMOTE_ADDR', 'ukendt')}"


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
