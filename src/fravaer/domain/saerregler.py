"""An institution's own special rules (særregler, seed 002 §12; DOMAIN.md §5): data stored per
institution and laid on top of the default SLS catalogue, never code. Three kinds:

- changes of cells of the simultaneity matrix, with conditions (catalogue.Matrixregel);
- care days without an omsorgsregnskab: care-day events are registered with every rule but the
  account's (kvoteregler.vurder_saldo);
- default events for a group (PKAT and optionally KL): one event per employment of the group,
  each judged exactly as a single OpretHaendelse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.gruppe import i_pkat
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import Katalog, Matrixregel, Samtidighed
from fravaer.domain.meddelelser import Meddelelse, meddelelse


@dataclass(frozen=True)
class Grupperegel:
    """"PKAT (and KL) of the institution gets code `kode` from `fra` to `til`" (seed 002 §12:
    "dannet hændelser på en given PKAT/KL": PKAT og evt. KL, fast årsagskode, Fra dato og
    Til-og-med dato)."""

    pkat: str
    klasse: str | None
    kode: str
    fra: date
    til: date
    id: int | None = None

    def omfatter(self, a: Ansaettelse) -> bool:
        """The group is the employments in force on the rule's first day whose relationship
        on that day (its history) has the PKAT, and the KL when the rule names one."""
        return i_pkat(a, self.fra, self.pkat, self.klasse)

    def haendelse(self) -> HaendelseData:
        return HaendelseData(self.kode, self.fra, self.til, bemaerkning=f"Særregel {self.id}")

    def vis(self) -> str:
        gruppe = f"PKAT {self.pkat}" + (f" KL {self.klasse}" if self.klasse else "")
        return f"{gruppe}: {self.kode} {self.fra.isoformat()}–{self.til.isoformat()}"


@dataclass(frozen=True)
class OmsorgUdenRegnskab:
    """Care days without an omsorgsregnskab (seed 002 §12: "undtagelse" from registering the
    rights, "men kun ønsker at registrere hændelser, der vedrører omsorgsdage")."""

    id: int | None = None

    def vis(self) -> str:
        return "uden omsorgsregnskab"


Saerregel = Matrixregel | Grupperegel | OmsorgUdenRegnskab


@dataclass(frozen=True)
class Saerregler:
    """Everything one institution has ordered."""

    matrix: tuple[Matrixregel, ...] = ()
    omsorg_id: int | None = None  # the rule "care days without an omsorgsregnskab", if ordered
    grupper: tuple[Grupperegel, ...] = ()

    @property
    def omsorg_uden_regnskab(self) -> bool:
        return self.omsorg_id is not None

    def katalog(self, standard: Katalog, idag: date) -> Katalog:
        """The catalogue the rules judge this institution's events by on `idag`."""
        if not self.matrix and not self.omsorg_uden_regnskab:
            return standard
        return standard.for_institution(self.matrix, self.omsorg_uden_regnskab, idag)


def valider_matrixregel(r: Matrixregel, katalog: Katalog) -> list[Meddelelse]:
    """A cell change must name known codes, conditions that can hold, and keep a code's need
    of another (110 needs a 5xx on every day: DOMAIN.md §4 rule 7) possible."""
    fejl = [meddelelse("F001", "FastAarsagskode", kode=k) for k in dict.fromkeys((r.kode, r.anden))
            if katalog.kode(k) is None]
    if fejl:
        return fejl
    koder = {k: kode for k in (r.kode, r.anden) if (kode := katalog.kode(k)) is not None}
    if r.kode_aaben and not koder[r.kode].aaben_tilladt:
        fejl.append(meddelelse("F120", "FastAarsagskode", kode=r.kode))
    for kraevende, kraevet in ((r.kode, r.anden), (r.anden, r.kode)):
        if kraevet in koder[kraevende].kraever_samtidig and r.vaerdi is not Samtidighed.JA:
            fejl.append(meddelelse("F121", "FastAarsagskode", kode=kraevende, anden_kode=kraevet))
    return fejl


def valider_grupperegel(r: Grupperegel, katalog: Katalog) -> list[Meddelelse]:
    """What can be judged without an employment; each event is judged on its own when applied."""
    kode = katalog.kode(r.kode)
    if kode is None:
        return [meddelelse("F001", "FastAarsagskode", kode=r.kode)]
    fejl = []
    if r.til < r.fra:
        fejl.append(meddelelse("F003", "TilDato", fra=r.fra, til=r.til))
    if not kode.gyldig_paa(r.fra):
        fejl.append(meddelelse("F002", "FastAarsagskode", kode=r.kode, dato=r.fra))
    # what only the single employee has cannot be given to a group
    if (kode.traekker_paa or "") in ("omsorg", "omsorg_halv"):
        fejl.append(meddelelse("F122", "FastAarsagskode", kode=r.kode, hvad="et barn"))
    if kode.arbejdsskadesag_kraevet:
        fejl.append(meddelelse("F122", "FastAarsagskode", kode=r.kode, hvad="en arbejdsskadesag"))
    if kode.tjenestefri:
        fejl.append(meddelelse("F122", "FastAarsagskode", kode=r.kode, hvad="en tjenestefriårsag"))
    return fejl
