"""The catalogue of fixed reason codes (faste årsagskoder), the simultaneity matrix and the
exclusions, loaded from the CSV files in fravaer/data (DOMAIN.md §5)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from fravaer.paths import DATA_DIR


class TidsKrav(StrEnum):
    """Whether hours and minutes may be given (per code, for day and for period registration)."""

    IKKE = "ikke"
    VALGFRI = "valgfri"
    OBLIGATORISK = "obligatorisk"


class Samtidighed(StrEnum):
    JA = "J"  # may be in force on the same day
    NEJ = "N"  # never on the same day
    DELVIS = "D"  # only as partial-day registrations within the day's planned minutes


class AarsagsType(StrEnum):
    FRAVAER = "Fravaer"
    TJENESTEFRI_MED_LOEN = "TjenestefriMedLoen"
    TJENESTEFRI_UDEN_LOEN = "TjenestefriUdenLoen"


@dataclass(frozen=True)
class Aarsagskode:
    kode: str
    navn: str
    gruppe: str
    dst_kategori: str | None
    periode_tilladt: bool
    aaben_tilladt: bool
    tid_dag: TidsKrav
    tid_periode: TidsKrav
    indberetningspligtig: bool
    traekker_paa: str | None
    barn_tilladt: bool
    ferieaar_tilladt: bool
    kraever_samtidig: frozenset[str]
    gyldig_fra: date
    gyldig_til: date | None
    # what an event of the code may refer to (data/referencer.csv)
    barselssag_tilladt: bool = False
    arbejdsskadesag_tilladt: bool = False
    arbejdsskadesag_kraevet: bool = False
    tjenestefri: str | None = None  # "med_loen" / "uden_loen": needs a leave reason of that kind

    def gyldig_paa(self, dato: date) -> bool:
        return self.gyldig_fra <= dato and (self.gyldig_til is None or dato <= self.gyldig_til)

    @property
    def halv_dag(self) -> bool:
        """A half day (605, 615): half of the day's working time, never more than the day has."""
        return self.traekker_paa == "omsorg_halv"


@dataclass(frozen=True)
class Udelukkelse:
    """Two codes an employment may not both use within the scope (a calendar year by default)."""

    kode_a: str
    kode_b: str
    omfang: str

    def andre(self, kode: str) -> str | None:
        if kode == self.kode_a:
            return self.kode_b
        if kode == self.kode_b:
            return self.kode_a
        return None


@dataclass(frozen=True)
class TjenestefriAarsag:
    kode: str
    type: AarsagsType
    tekst: str


@dataclass
class Katalog:
    koder: dict[str, Aarsagskode]
    matrix: dict[tuple[str, str], Samtidighed]
    udelukkelser: list[Udelukkelse] = field(default_factory=list)
    tjenestefri: list[TjenestefriAarsag] = field(default_factory=list)

    def kode(self, kode: str) -> Aarsagskode | None:
        return self.koder.get(kode)

    def samtidighed(self, a: str, b: str) -> Samtidighed:
        return self.matrix.get((a, b), Samtidighed.NEJ)

    def udelukkelser_for(self, kode: str) -> list[tuple[Udelukkelse, str]]:
        return [(u, anden) for u in self.udelukkelser if (anden := u.andre(kode)) is not None]


def _ja(v: str) -> bool:
    if v not in ("J", "N"):
        raise ValueError(f"forventede J eller N, fik {v!r}")
    return v == "J"


def _dato(v: str) -> date | None:
    return date.fromisoformat(v) if v else None


def _laes(sti: Path) -> list[dict[str, str]]:
    with open(sti, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def indlaes_katalog(mappe: Path = DATA_DIR) -> Katalog:
    koder: dict[str, Aarsagskode] = {}
    for r in _laes(mappe / "aarsagskoder.csv"):
        koder[r["kode"]] = Aarsagskode(
            kode=r["kode"],
            navn=r["navn"],
            gruppe=r["gruppe"],
            dst_kategori=r["dst_kategori"] or None,
            periode_tilladt=_ja(r["periode"]),
            aaben_tilladt=_ja(r["aaben"]),
            tid_dag=TidsKrav(r["tid_dag"]),
            tid_periode=TidsKrav(r["tid_periode"]),
            indberetningspligtig=_ja(r["indberetningspligtig"]),
            traekker_paa=r["traekker_paa"] or None,
            barn_tilladt=_ja(r["barn"]),
            ferieaar_tilladt=_ja(r["ferieaar"]),
            kraever_samtidig=frozenset(r["kraever_samtidig"].split()),
            gyldig_fra=_dato(r["gyldig_fra"]) or date.min,
            gyldig_til=_dato(r["gyldig_til"]),
        )
    for r in _laes(mappe / "referencer.csv"):
        if r["kode"] not in koder:
            raise ValueError(f"referencer.csv nævner en ukendt kode: {r['kode']}")
        koder[r["kode"]] = replace(
            koder[r["kode"]], barselssag_tilladt=_ja(r["barselssag"]),
            arbejdsskadesag_tilladt=r["arbejdsskadesag"] in ("J", "K"),
            arbejdsskadesag_kraevet=r["arbejdsskadesag"] == "K", tjenestefri=r["tjenestefri"] or None)
    matrix: dict[tuple[str, str], Samtidighed] = {}
    for r in _laes(mappe / "samtidighed.csv"):
        a = r.pop("kode")
        for b, v in r.items():
            matrix[(a, b)] = Samtidighed(v)
    for (a, b), v in matrix.items():
        if matrix.get((b, a)) != v:
            raise ValueError(f"samtidighed.csv er ikke symmetrisk for {a}/{b}")
    ukendte = {k for pair in matrix for k in pair} ^ set(koder)
    if ukendte:
        raise ValueError(f"samtidighed.csv og aarsagskoder.csv dækker ikke de samme koder: {ukendte}")
    udelukkelser = [Udelukkelse(r["kode_a"], r["kode_b"], r["omfang"])
                    for r in _laes(mappe / "udelukkelser.csv")]
    tjenestefri = [TjenestefriAarsag(r["kode"], AarsagsType(r["type"]), r["tekst"])
                   for r in _laes(mappe / "tjenestefri_aarsager.csv")]
    return Katalog(koder, matrix, udelukkelser, tjenestefri)


@lru_cache(maxsize=1)
def standardkatalog() -> Katalog:
    return indlaes_katalog()


@lru_cache(maxsize=1)
def barselstyper() -> dict[str, str]:
    """The types of maternity case (KMD's MaternityType) and their texts."""
    return {r["type"]: r["tekst"] for r in _laes(DATA_DIR / "barselstyper.csv")}
