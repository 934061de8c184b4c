"""The catalogue of fixed reason codes (faste årsagskoder), the simultaneity matrix and the
exclusions, loaded from the CSV files in fravaer/data (DOMAIN.md §5)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Protocol

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
    # the circular's type of reportable absence, a–i (seed 003 §4; data/cirkulaere_typer.csv); None:
    # not reported. The mandatory codes of seed 002 §1 are exactly those with a type.
    cirkulaere_type: str | None
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
    # False where an institution keeps no omsorgsregnskab (særregel, DOMAIN.md §5, seed 002 §12):
    # the event is registered with every other rule, but not judged against the account
    regnskabsfoert: bool = True
    # payroll (data/loendele.csv; an own type its own): the wage-type (løndel) an event of the
    # code is sent to payroll with, in which unit; None: the code does not affect pay
    loendel: str | None = None
    loenenhed: str | None = None
    # approval (domain/godkendelse.py): an event of the code is stored as Afventer until a user
    # with the right godkend decides (an own type's setting, or the institution's for a fixed code)
    kraever_godkendelse: bool = False
    # the PKATs that may use the code (an own type's setting; empty: every PKAT)
    pkat: frozenset[str] = frozenset()
    egen: bool = False  # an institution's own registration type (codes 900–999)

    def gyldig_paa(self, dato: date) -> bool:
        return self.gyldig_fra <= dato and (self.gyldig_til is None or dato <= self.gyldig_til)

    @property
    def halv_dag(self) -> bool:
        """A half day (605, 615): half of the day's working time, never more than the day has."""
        return self.traekker_paa == "omsorg_halv"

    @property
    def traekker_paa_ferieaar(self) -> bool:
        """Draws on a ferieår's account (ferie med or uden løn): the only accounts with a ferieår
        (kvoter.konto_for_traek)."""
        return self.traekker_paa in ("ferie_med_loen", "ferie_uden_loen")


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
class Loendel:
    """A wage-type (løndel) and the unit payroll receives it in (Dage or Timer)."""

    loendel: str
    enhed: str
    tekst: str


@dataclass(frozen=True)
class TjenestefriAarsag:
    kode: str
    type: AarsagsType
    tekst: str


class Registrering(Protocol):
    """What the matrix's conditions look at in an event (events.HaendelseData is one)."""

    @property
    def kode(self) -> str: ...

    @property
    def fra(self) -> date: ...

    @property
    def er_aaben(self) -> bool: ...


@dataclass(frozen=True)
class Matrixregel:
    """An institution's change of one cell of the simultaneity matrix (a særregel, seed 002 §12):
    an event of `kode` and one of `anden` may be in force on the same day as `vaerdi` says,
    when the event of `kode` is open (if `kode_aaben`) and the event of `anden` is planned (if
    `anden_planlagt`). "Planlagt" as the accounts use it (DOMAIN.md §6): not yet begun, i.e. its
    first day is after the day the request is judged (today, Danish time); a vacation under way
    or past is not planned. The conditions look at the events as they are, not at which of them
    is being registered: the same two events get the same answer whichever came first, and when
    one of them is changed (DOMAIN.md §5)."""

    kode: str
    anden: str
    vaerdi: Samtidighed
    kode_aaben: bool = False
    anden_planlagt: bool = False
    id: int | None = None  # its number in storage

    @property
    def betingelser(self) -> int:
        return self.kode_aaben + self.anden_planlagt

    def gaelder(self, en: Registrering, anden: Registrering, idag: date) -> bool:
        """Does the rule speak for these two events, `en` in the role of `kode`?"""
        return (en.kode == self.kode and anden.kode == self.anden
                and (not self.kode_aaben or en.er_aaben)
                and (not self.anden_planlagt or anden.fra > idag))

    def vis(self) -> str:
        krav = [t for t, b in ((f"{self.kode} åben", self.kode_aaben),
                               (f"{self.anden} planlagt", self.anden_planlagt)) if b]
        return f"{self.kode}/{self.anden}={self.vaerdi.value}" + (f" når {' og '.join(krav)}" if krav else "")


# Of several rules for one pair that hold, the one with most conditions decides; among equals
# the most permissive (a narrower rule is the institution's more deliberate word).
_TILLADELSE = {Samtidighed.NEJ: 0, Samtidighed.DELVIS: 1, Samtidighed.JA: 2}
SYG_UNDER_FERIE = "110"  # sick during vacation: no account of its own, but replacement days


@dataclass
class Katalog:
    koder: dict[str, Aarsagskode]
    matrix: dict[tuple[str, str], Samtidighed]
    udelukkelser: list[Udelukkelse] = field(default_factory=list)
    tjenestefri: list[TjenestefriAarsag] = field(default_factory=list)
    # an institution's layer (for_institution): its cell changes, and the day they judge by
    matrixregler: dict[frozenset[str], list[Matrixregel]] = field(default_factory=dict)
    idag: date = date.min
    # the wage-types of what is not an event's code (data/loendele.csv): `loentraek` (the policy's
    # salary deduction, DOMAIN.md §6.2) and `frihedsbank_udbetaling` (days paid out of the time bank)
    loendele: dict[str, Loendel] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # kode() is asked a dozen times a write: the instance's own `koder.get` hides the method
        # below, a C call without a Python frame (no code assigns `koder` after construction;
        # replace() constructs anew)
        self.kode = self.koder.get  # type: ignore[method-assign,assignment]

    def kode(self, kode: str) -> Aarsagskode | None:
        return self.koder.get(kode)

    def samtidighed(self, a: str, b: str) -> Samtidighed:
        """The cell of two codes: the institution's unconditional change of it, else the default."""
        ubetingede = [r for r in self.matrixregler.get(frozenset((a, b)), ()) if not r.betingelser]
        if ubetingede:
            return max((r.vaerdi for r in ubetingede), key=_TILLADELSE.__getitem__)
        return self.standard(a, b)

    def standard(self, a: str, b: str) -> Samtidighed:
        """The default SLS cell, whatever the institution changed."""
        return self.matrix.get((a, b), Samtidighed.NEJ)

    def saerregel_mellem(self, en: Registrering, anden: Registrering) -> Matrixregel | None:
        """The institution's rule that decides whether these two events may share a day, if any."""
        if not self.matrixregler:
            return None
        gaeldende = [r for r in self.matrixregler.get(frozenset((en.kode, anden.kode)), ())
                     if r.gaelder(en, anden, self.idag) or r.gaelder(anden, en, self.idag)]
        if not gaeldende:
            return None
        return max(gaeldende, key=lambda r: (r.betingelser, _TILLADELSE[r.vaerdi]))

    def samtidighed_mellem(self, en: Registrering, anden: Registrering) -> Samtidighed:
        """The cell for two events: the institution's rule for them if one holds, else the default."""
        regel = self.saerregel_mellem(en, anden)
        return self.samtidighed(en.kode, anden.kode) if regel is None else regel.vaerdi

    def for_institution(self, matrixregler: Iterable[Matrixregel], omsorg_uden_regnskab: bool,
                        idag: date) -> Katalog:
        """The catalogue as one institution sees it on `idag`: the default with its særregler on
        top (DOMAIN.md §5; seed 002 §12). The default catalogue itself is never changed."""
        regler: dict[frozenset[str], list[Matrixregel]] = {}
        for r in matrixregler:
            regler.setdefault(frozenset((r.kode, r.anden)), []).append(r)
        koder = self.koder
        if omsorg_uden_regnskab:
            koder = {k: replace(v, regnskabsfoert=False) if er_omsorgskode(v) else v
                     for k, v in koder.items()}
        return replace(self, koder=koder, matrixregler=regler, idag=idag)

    def med_egne(self, egne: Iterable[Aarsagskode], godkendelse: Iterable[str]) -> Katalog:
        """The catalogue with an institution's own registration types (domain/egne_typer.py) and
        its fixed codes that need approval; the default catalogue itself is never changed."""
        egne, godkendelse = list(egne), set(godkendelse)
        if not egne and not godkendelse:
            return self
        koder = {k: replace(v, kraever_godkendelse=True) if k in godkendelse else v
                 for k, v in self.koder.items()}
        koder.update((e.kode, e) for e in egne)
        return replace(self, koder=koder)

    def kontokoder(self) -> list[str]:
        """The codes whose events the accounts need: those that draw from one, and 110 (sick
        during vacation, which gives replacement days). Asked three times a write of the
        process's one catalogue: kept next to the codes they are made of, so a catalogue with
        other codes (replace) starts afresh."""
        gemt: tuple[dict, int, list[str]] | None = self.__dict__.get("_kontokoder")
        if gemt is None or gemt[0] is not self.koder or gemt[1] != len(self.koder):
            gemt = self.__dict__["_kontokoder"] = (self.koder, len(self.koder), sorted(
                [k.kode for k in self.koder.values() if k.traekker_paa] + [SYG_UNDER_FERIE]))
        return list(gemt[2])

    def kontokoder_delt(self) -> tuple[list[str], list[str]]:
        """kontokoder() in two: those that draw on no ferieår's account, and those that do
        (traekker_paa_ferieaar), kept as kontokoder is."""
        gemt: tuple[dict, int, tuple[list[str], list[str]]] | None = self.__dict__.get("_kontokoder_delt")
        if gemt is None or gemt[0] is not self.koder or gemt[1] != len(self.koder):
            alle = self.kontokoder()
            ferie = [k for k in alle
                     if (kode := self.koder.get(k)) is not None and kode.traekker_paa_ferieaar]
            gemt = self.__dict__["_kontokoder_delt"] = (self.koder, len(self.koder), (
                [k for k in alle if k not in ferie], ferie))
        return list(gemt[2][0]), list(gemt[2][1])

    def udelukkelser_for(self, kode: str) -> list[tuple[Udelukkelse, str]]:
        # asked several times per event judged (a batch of 10,000: issue 15); kept per code next to
        # the list it is made from, so a catalogue with another list (replace) starts afresh
        gemt: tuple[list, int, dict[str, list[tuple[Udelukkelse, str]]]] | None = \
            self.__dict__.get("_udelukkelser_pr_kode")
        if gemt is None or gemt[0] is not self.udelukkelser or gemt[1] != len(self.udelukkelser):
            gemt = self.__dict__["_udelukkelser_pr_kode"] = (self.udelukkelser, len(self.udelukkelser), {})
        svar = gemt[2].get(kode)
        if svar is None:
            svar = gemt[2][kode] = [(u, anden) for u in self.udelukkelser
                                    if (anden := u.andre(kode)) is not None]
        return list(svar)


def er_omsorgskode(kode: Aarsagskode) -> bool:
    """A code of the omsorgsregnskab: care days per child (600–615) and saved care days
    (620/630, which draw from the same account's opsparingsdage)."""
    return (kode.traekker_paa or "").startswith("omsorg")


def _ja(v: str) -> bool:
    if v not in ("J", "N"):
        raise ValueError(f"forventede J eller N, fik {v!r}")
    return v == "J"


def _dato(v: str) -> date | None:
    return date.fromisoformat(v) if v else None


def _laes(sti: Path) -> list[dict[str, str]]:
    with open(sti, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def cirkulaere_typer(mappe: Path = DATA_DIR) -> dict[str, str]:
    """The circular's types of reportable absence (seed 003 §4, a–i) and their names."""
    return {r["type"]: r["navn"] for r in _laes(mappe / "cirkulaere_typer.csv")}


def _cirkulaere_type(kode: str, tekst: str, typer: dict[str, str]) -> str | None:
    if tekst and tekst not in typer:
        raise ValueError(f"aarsagskoder.csv: kode {kode} har en ukendt cirkulæretype: {tekst}")
    return tekst or None


def indlaes_katalog(mappe: Path = DATA_DIR) -> Katalog:
    koder: dict[str, Aarsagskode] = {}
    typer = cirkulaere_typer(mappe)
    for r in _laes(mappe / "aarsagskoder.csv"):
        koder[r["kode"]] = Aarsagskode(
            kode=r["kode"],
            navn=r["navn"],
            gruppe=r["gruppe"],
            dst_kategori=r["dst_kategori"] or None,
            cirkulaere_type=_cirkulaere_type(r["kode"], r["cirkulaere_type"], typer),
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
    loendele: dict[str, Loendel] = {}
    for r in _laes(mappe / "loendele.csv"):
        if r["enhed"] not in LOENENHEDER:
            raise ValueError(f"loendele.csv: ukendt enhed {r['enhed']!r} for {r['kilde']}")
        ld = Loendel(r["loendel"], r["enhed"], r["tekst"])
        if r["kilde"] in koder:
            koder[r["kilde"]] = replace(koder[r["kilde"]], loendel=ld.loendel, loenenhed=ld.enhed)
        elif r["kilde"] in LOENKILDER:
            loendele[r["kilde"]] = ld
        else:
            raise ValueError(f"loendele.csv nævner en ukendt kode eller kilde: {r['kilde']}")
    return Katalog(koder, matrix, udelukkelser, tjenestefri, loendele=loendele)


LOENENHEDER = ("Dage", "Timer")
LOENKILDER = ("loentraek", "frihedsbank_udbetaling")


@lru_cache(maxsize=1)
def standardkatalog() -> Katalog:
    return indlaes_katalog()


@lru_cache(maxsize=1)
def barselstyper() -> dict[str, str]:
    """The types of maternity case (KMD's MaternityType) and their texts."""
    return {r["type"]: r["tekst"] for r in _laes(DATA_DIR / "barselstyper.csv")}
