"""Reading employments from a CSV file (UTF-8, ';' or ',' separated, a header line).

Columns: institution_kode, institution_navn, cpr, loebenummer, tjenestenummer, pkat, stiko,
loenform (1 = månedsløn, 3 = timeløn), ugentlig_arbejdstid (hours: "37", "32,5" or "30:00"),
startdato, slutdato (YYYY-MM-DD; slutdato may be empty), and optionally fast_fridag (a part-time
pattern's weekly day off: mandag … fredag), klasse (KL) and feriepolitik (a name from
data/feriepolitikker.csv; empty: the state's). Each line is parsed on its own; a bad
line gives a reason that never repeats the CPR number.

Children (`laes_boern`): foraelder_cpr, barnenummer, and foedselsdato or cpr (the birth date is
then read from the CPR number), optionally fornavn, efternavn."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from fravaer.domain.employment import Ansaettelse, Loenform, foedselsdato_fra_cpr, gyldigt_cpr
from fravaer.domain.kvoter import Barn
from fravaer.domain.politik import feriepolitikker

KOLONNER = ("institution_kode", "institution_navn", "cpr", "loebenummer", "tjenestenummer", "pkat",
            "stiko", "loenform", "ugentlig_arbejdstid", "startdato", "slutdato", "fast_fridag", "klasse",
            "feriepolitik")
PAAKRAEVET = ("institution_kode", "institution_navn", "cpr", "loebenummer", "loenform",
              "ugentlig_arbejdstid", "startdato")


@dataclass(frozen=True)
class Linje:
    nummer: int
    institution_kode: str
    institution_navn: str
    ansaettelse: Ansaettelse


@dataclass(frozen=True)
class BarnLinje:
    nummer: int
    foraelder_cpr: str
    barn: Barn


@dataclass(frozen=True)
class LinjeFejl:
    nummer: int
    grund: str


class FilFejl(Exception):
    """The file as a whole cannot be read (encoding, missing columns)."""


def laes(indhold: bytes) -> Iterator[Linje | LinjeFejl]:
    yield from _laes(indhold, PAAKRAEVET, _linje)


def laes_boern(indhold: bytes) -> Iterator[BarnLinje | LinjeFejl]:
    yield from _laes(indhold, BOERN_PAAKRAEVET, _barn)


def _laes(indhold: bytes, paakraevet, fortolk) -> Iterator:
    try:
        tekst = indhold.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise FilFejl(f"filen er ikke UTF-8 (byte {e.start})") from None
    foerste = tekst.splitlines()[0] if tekst.strip() else ""
    skilletegn = ";" if foerste.count(";") > foerste.count(",") else ","
    reader = csv.DictReader(io.StringIO(tekst), delimiter=skilletegn)
    mangler = [k for k in paakraevet if k not in (reader.fieldnames or [])]
    if mangler:
        raise FilFejl(f"kolonner mangler i overskriften: {', '.join(mangler)}")
    for r in reader:
        nummer = reader.line_num
        try:
            yield fortolk(nummer, {k: (v or "").strip() for k, v in r.items() if k})
        except ValueError as e:
            yield LinjeFejl(nummer, str(e))


def _linje(nummer: int, r: dict[str, str]) -> Linje:
    for k in PAAKRAEVET:
        if not r.get(k):
            raise ValueError(f"{k} mangler")
    if not gyldigt_cpr(r["cpr"]):
        raise ValueError("cpr er ikke 10 cifre, hvor de første seks er en dato")
    if not r["loebenummer"].isdigit() or int(r["loebenummer"]) > 999:
        raise ValueError("loebenummer skal være et tal fra 0 til 999")
    tjenestenummer = r.get("tjenestenummer") or None
    if tjenestenummer and not (len(tjenestenummer) <= 20 and tjenestenummer.replace("-", "").isalnum()):
        raise ValueError("tjenestenummer må højst have 20 tegn: bogstaver, cifre og bindestreg")
    try:
        loenform = Loenform(r["loenform"])
    except ValueError:
        raise ValueError("loenform skal være 1 (månedsløn) eller 3 (timeløn)") from None
    start = _dato(r["startdato"], "startdato")
    slut = _dato(r["slutdato"], "slutdato") if r.get("slutdato") else None
    if slut and slut < start:
        raise ValueError("slutdato ligger før startdato")
    a = Ansaettelse(id=0, institution_kode=r["institution_kode"], cpr=r["cpr"],
                    loebenummer=int(r["loebenummer"]), tjenestenummer=tjenestenummer,
                    pkat=r.get("pkat") or None, stiko=r.get("stiko") or None, loenform=loenform,
                    ugentlige_minutter=_ugentlige_minutter(r["ugentlig_arbejdstid"]),
                    startdato=start, slutdato=slut, fast_fridag=_fridag(r.get("fast_fridag") or ""),
                    klasse=r.get("klasse") or None, feriepolitik=_politik(r.get("feriepolitik") or ""))
    if len(r["institution_kode"]) > 20:
        raise ValueError("institution_kode må højst have 20 tegn")
    return Linje(nummer, r["institution_kode"], r["institution_navn"], a)


BOERN_PAAKRAEVET = ("foraelder_cpr", "barnenummer")


def _barn(nummer: int, r: dict[str, str]) -> BarnLinje:
    if not gyldigt_cpr(r["foraelder_cpr"]):
        raise ValueError("foraelder_cpr er ikke 10 cifre, hvor de første seks er en dato")
    if not r["barnenummer"].isdigit() or not 1 <= int(r["barnenummer"]) <= 99:
        raise ValueError("barnenummer skal være et tal fra 1 til 99")
    cpr = r.get("cpr") or None
    if cpr is not None and not gyldigt_cpr(cpr):
        raise ValueError("barnets cpr er ikke 10 cifre, hvor de første seks er en dato")
    if r.get("foedselsdato"):
        foedt = _dato(r["foedselsdato"], "foedselsdato")
    elif cpr is not None:
        foedt = foedselsdato_fra_cpr(cpr)
    else:
        raise ValueError("foedselsdato eller cpr skal angives")
    for felt in ("fornavn", "efternavn"):
        if len(r.get(felt) or "") > 100:
            raise ValueError(f"{felt} må højst have 100 tegn")
    return BarnLinje(nummer, r["foraelder_cpr"], Barn(int(r["barnenummer"]), foedt, cpr,
                                                      r.get("fornavn") or None, r.get("efternavn") or None))


def _politik(v: str) -> str | None:
    if not v:
        return None
    if v not in feriepolitikker():
        raise ValueError(f"feriepolitik skal være en af: {', '.join(feriepolitikker())}")
    return v


_UGEDAGE = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag"]


def _fridag(v: str) -> int | None:
    """An optional weekly day off of a part-time pattern: mandag … fredag."""
    if not v:
        return None
    if v.lower() not in _UGEDAGE:
        raise ValueError("fast_fridag skal være en hverdag: mandag, tirsdag, onsdag, torsdag eller fredag")
    return _UGEDAGE.index(v.lower())


def _dato(v: str, navn: str) -> date:
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise ValueError(f"{navn} skal være en dato på formen ÅÅÅÅ-MM-DD") from None


def _ugentlige_minutter(v: str) -> int:
    try:
        if ":" in v:
            t, m = v.split(":", 1)
            minutter = int(t) * 60 + int(m)
        else:
            minutter = int(Decimal(v.replace(",", ".")) * 60)
    except (ValueError, InvalidOperation):
        raise ValueError("ugentlig_arbejdstid skal være timer, fx 37, 32,5 eller 30:00") from None
    if not 0 < minutter <= 60 * 60:
        raise ValueError("ugentlig_arbejdstid skal være mellem 0 og 60 timer")
    return minutter
