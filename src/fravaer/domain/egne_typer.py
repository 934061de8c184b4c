"""An institution's own registration types (seed 004 §4.2, "Egne registreringstyper"): a code of
the reserved range 900–999 with a name, the unit days, an optional wage-type (løndel) that takes
its events to payroll, the PKATs that may use it, and whether its events need approval. An event
uses one like a fixed code; it is never reported to the circular's statistics (it has no type
a–i) and is N against every other code in the matrix (DOMAIN.md §17)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fravaer.domain.ansaettelse import samme_kode
from fravaer.domain.katalog import Aarsagskode, TidsKrav
from fravaer.domain.meddelelser import Meddelelse, meddelelse

FOERSTE, SIDSTE = 900, 999  # the reserved range: no fixed code of SLS lies there
GRUPPE = "egen_type"
ENHED = "Dage"  # seed 004 §4.2: "registreringsenheden skal være dage"
_LOENDEL = re.compile(r"[0-9A-Za-z]{1,10}")


@dataclass(frozen=True)
class EgenType:
    kode: str
    navn: str
    loendel: str | None = None  # None: not sent to payroll
    pkat: tuple[str, ...] = ()  # empty: every PKAT
    kraever_godkendelse: bool = False

    def som_aarsagskode(self) -> Aarsagskode:
        """The type as the rules see a code: whole days (no hours), a period allowed, never open,
        no account, no child or ferieår, not reportable."""
        return Aarsagskode(
            kode=self.kode, navn=self.navn, gruppe=GRUPPE, dst_kategori=None, cirkulaere_type=None,
            periode_tilladt=True, aaben_tilladt=False, tid_dag=TidsKrav.IKKE, tid_periode=TidsKrav.IKKE,
            indberetningspligtig=False, traekker_paa=None, barn_tilladt=False, ferieaar_tilladt=False,
            kraever_samtidig=frozenset(), gyldig_fra=date.min, gyldig_til=None,
            loendel=self.loendel, loenenhed=ENHED if self.loendel else None,
            kraever_godkendelse=self.kraever_godkendelse, pkat=frozenset(self.pkat), egen=True)


def er_egen_kode(kode: str) -> bool:
    return kode.isdigit() and len(kode) == 3 and FOERSTE <= int(kode) <= SIDSTE


def valider(t: EgenType) -> list[Meddelelse]:
    fejl = []
    if not er_egen_kode(t.kode):
        fejl.append(meddelelse("F211", "Kode", kode=t.kode))
    if not 1 <= len(t.navn.strip()) <= 100:
        fejl.append(meddelelse("F223", "Navn"))
    if t.loendel is not None and not _LOENDEL.fullmatch(t.loendel):
        fejl.append(meddelelse("F221", "Loendel", loendel=t.loendel))
    return fejl


def pkat_tilladt(kode: Aarsagskode, pkat: str | None) -> list[Meddelelse]:
    """A type limited to some PKATs may be used only by an employment with one of them on the
    event's first day (compared as numbers: 0240 is 240)."""
    if not kode.pkat or any(samme_kode(pkat, p) for p in kode.pkat):
        return []
    return [meddelelse("F210", "FastAarsagskode", kode=kode.kode, pkat=pkat or "ingen",
                       tilladte=", ".join(sorted(kode.pkat)))]
