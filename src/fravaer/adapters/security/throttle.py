"""Failed-login throttling (issue 17 item 3): the rule, pure. A user name and a client address
each count their failures; past a number of free failures every further failure locks the name
(or address) for a time that doubles with each failure, up to a ceiling. A failure long enough
after the last one starts the count again. Unknown names count exactly as known ones, so the
lock tells nothing about which names exist."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Spaerringsregel:
    frie_bruger: int = 5  # failures of one user name before the first lock
    frie_adresse: int = 20  # of one client address (many users may share one behind a NAT)
    start_sekunder: float = 1.0  # the first lock; doubled with every failure after it
    maks_sekunder: float = 900.0  # no lock is longer
    glem_efter_sekunder: float = 3600.0  # a failure this long after the last starts a new count

    def spaerret_til(self, fejl: int, frie: int, nu: datetime) -> datetime | None:
        """Until when a name or address with `fejl` failures (the last just now) is locked."""
        if fejl <= frie:
            return None
        # 2**(fejl - frie - 1), without computing a huge power for a long attack
        gange = 2 ** min(fejl - frie - 1, 40)
        return nu + timedelta(seconds=min(self.maks_sekunder, self.start_sekunder * gange))

    def glemt_foer(self, nu: datetime) -> datetime:
        """A count whose last failure is older than this is forgotten."""
        return nu - timedelta(seconds=self.glem_efter_sekunder)


def bruger_noegle(brugernavn: str) -> str:
    """The stored key of a user name: a hash (names as sent may be long or hold anything)."""
    return _husket("b:", brugernavn) if len(brugernavn) <= _MAKS_HUSKET_LAENGDE else _noegle("b:", brugernavn)


def adresse_noegle(adresse: str) -> str:
    return _husket("a:", adresse) if len(adresse) <= _MAKS_HUSKET_LAENGDE else _noegle("a:", adresse)


def _noegle(art: str, tekst: str) -> str:
    return art + hashlib.sha256(tekst.encode("utf-8", "surrogatepass")).hexdigest()


# Every request hashes its user's name and its address: the few in use are remembered (issue 13),
# short ones only, so that the memory stays bounded whatever names are sent.
_MAKS_HUSKET_LAENGDE = 256
_husket = functools.lru_cache(maxsize=4096)(_noegle)
