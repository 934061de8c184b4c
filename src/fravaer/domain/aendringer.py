"""The change feed (issue 19 item 1; DOMAIN.md §18): what a change is, the kinds of change, the
feed's order and its opaque cursor, and the bounds of a page. Storage and the read horizon that
keeps the feed from skipping are the adapter's (adapters/db/aendring_repository.py)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fravaer.domain.meddelelser import Afvist, meddelelse

STANDARD_ANTAL = 500  # [default] changes a page when MaksAntal is not given
MAKS_ANTAL = 5000  # the most a page may ask for (the XSD's maxOccurs; JDK's limit is 5000)


class Art(StrEnum):
    """What changed: the `Art` of an `Aendring` and of the request's filter."""

    HAENDELSE = "Haendelse"  # an event: created, changed, deleted (approved, rejected: issue 19 item 4)
    KVOTE = "Kvote"  # a stored posting to an account: adjustment, move, carried-over vacation
    BARSELSSAG = "Barselssag"
    ARBEJDSSKADESAG = "Arbejdsskadesag"
    MOEDETID = "Moedetid"  # a registered working time of a date
    ANSAETTELSE = "Ansaettelse"  # the employment's own fields (start, end, tjenestenummer …)
    HISTORIK = "Historik"  # the employment relationship from a date (institution, unit, PKAT, hours …)
    PERSON = "Person"  # name, address and communication (e-mail, telephone)
    BARN = "Barn"
    ENHED = "Enhed"
    AARSAG = "Aarsag"  # an institution's own reason for leave (tjenestefri)
    KALENDER = "Kalender"  # a special day's rule or an extra day off of the institution
    SAERREGEL = "Saerregel"


@dataclass(frozen=True, order=True)
class Position:
    """A place in the feed: after the change (xid, id). The feed's order is (xid, id): the
    writing transaction's id on PostgreSQL (0 on SQLite, whose ids follow commit order), then the
    row's own id."""

    xid: int
    id: int


START = Position(0, 0)


@dataclass(frozen=True)
class Aendring:
    """One change as the feed delivers it."""

    position: Position
    tidspunkt: datetime
    art: Art
    handling: str
    noegle: str  # the changed object's key within its kind (event id, date, unit code …)
    institution: str
    enhed: str | None  # the unit's code where the object stood when it changed
    ansaettelse_id: int | None
    bruger: str
    transaktions_id: str | None
    foer: dict | None  # None: the object did not exist before (created)
    efter: dict | None  # None: the object does not exist after (deleted)


def antal(maks: int | None) -> int:
    """How many changes a page holds: MaksAntal within [1, MAKS_ANTAL], or the default."""
    if maks is None:
        return STANDARD_ANTAL
    if not 1 <= maks <= MAKS_ANTAL:
        raise Afvist([meddelelse("F201", "MaksAntal", maks=maks, graense=MAKS_ANTAL)])
    return maks


def til_token(p: Position) -> str:
    """The opaque cursor: URL-safe base64 of compact JSON (no padding), versioned."""
    indhold = json.dumps({"v": 1, "x": p.xid, "i": p.id}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(indhold).decode().rstrip("=")


def fra_token(token: str) -> Position:
    """The position a cursor names, or F200 when it is none of ours (the client gives it back
    unchanged)."""
    try:
        d = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if d["v"] != 1 or type(d["x"]) is not int or type(d["i"]) is not int or d["x"] < 0 or d["i"] < 0:
            raise ValueError
        return Position(d["x"], d["i"])
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise Afvist([meddelelse("F200", "Fortsaettelse")]) from None
