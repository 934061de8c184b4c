"""Users and their rights (DOMAIN.md §9): per institution read (laes), register (registrer, which
includes reading) or approve (godkend, which includes registering: DOMAIN.md §17); administrators
manage users. A user sees only its institutions' employees;
which dates and codes of a person's absence that covers, also after a move between institutions
(circular, seed 003 §8), domain.adgang decides (docs/RETTIGHEDER.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from fravaer.domain.meddelelser import Afvist, meddelelse


class Ret(StrEnum):
    LAES = "laes"
    REGISTRER = "registrer"
    GODKEND = "godkend"  # approve or reject pending events; includes registering and reading


_REGISTRERER = (Ret.REGISTRER, Ret.GODKEND)


@dataclass(frozen=True)
class Bruger:
    navn: str
    rettigheder: Mapping[str, Ret] = field(default_factory=dict)  # institution code -> right
    administrator: bool = False

    def maa_laese(self, institution: str) -> bool:
        return institution in self.rettigheder

    def maa_registrere(self, institution: str) -> bool:
        return self.rettigheder.get(institution) in _REGISTRERER

    def maa_godkende(self, institution: str) -> bool:
        return self.rettigheder.get(institution) is Ret.GODKEND

    @property
    def institutioner(self) -> frozenset[str]:
        return frozenset(self.rettigheder)

    @property
    def registrerbare(self) -> frozenset[str]:
        """The institutions where the user may register."""
        return frozenset(i for i, r in self.rettigheder.items() if r in _REGISTRERER)


def kraev_registrering(bruger: Bruger, institution: str) -> None:
    """A write needs the right to register for the employment's institution. (Without any right
    there, the caller must not learn the employment exists: that is decided where it is found.)"""
    if not bruger.maa_registrere(institution):
        raise Afvist([meddelelse("R001", "Ansaettelse", bruger=bruger.navn)])
