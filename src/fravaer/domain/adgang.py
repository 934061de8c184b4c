"""What a user may read of a person's absence, date by date (DOMAIN.md §9 access, §3 "the
reportable absence follows the employee"; circular, seed 003 §8: "De indberetningspligtige
oplysninger om fravær skal følge den ansatte i forbindelse med flytning mellem tjenestesteder").
The one place the rights model of docs/RETTIGHEDER.md is decided.

- Own past: an institution reads every event of an employment on the dates the employment was
  its own (its history says where it belonged on each date) — also after the employment, or the
  person, has moved on.
- Follows the employee: once the person has arrived at the institution, the institution also
  reads the reportable events (the codes the catalogue marks "indberetningspligtig", DOMAIN.md §5)
  of all the person's employments dated before that arrival (the latest up to today, if the person
  came more than once), within each employment's start and end. A move planned for a later date
  hands nothing over before its day.
Nothing else: not the other institutions' non-reportable events, nor anything after the arrival
that is not its own."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fravaer.domain.brugere import Bruger
from fravaer.domain.datoer import uden

FOERSTE, SIDSTE = date.min, date.max
_EN_DAG = timedelta(days=1)


@dataclass(frozen=True)
class Tilknytning:
    """One employment of the person as the rights see it: its dates and where it belonged."""

    ansaettelse_id: int
    startdato: date
    slutdato: date | None
    institution_kode: str  # the row's: where it belongs today
    # its history: (gyldig_fra, institution) in date order; empty when it never changed
    historik: tuple[tuple[date, str], ...] = ()

    def institutioner(self) -> list[tuple[date, date, str]]:
        """The institution of every date. A history row holds from its gyldig_fra to the next
        row; before the first row, the first (as domain.ansaettelse.i_kraft reads a history)."""
        if not self.historik:
            return [(FOERSTE, SIDSTE, self.institution_kode)]
        svar: list[tuple[date, date, str]] = []
        for i, (fra, kode) in enumerate(self.historik):
            start = FOERSTE if i == 0 else fra
            slut = self.historik[i + 1][0] - _EN_DAG if i + 1 < len(self.historik) else SIDSTE
            if svar and svar[-1][2] == kode:  # the row changed something else: same institution
                start = svar.pop()[0]
            svar.append((start, slut, kode))
        return svar


@dataclass(frozen=True)
class Udsnit:
    """Dates [fra, til] of one employment that a user may read: every event there, or only
    events of the reportable codes."""

    fra: date
    til: date
    alle_koder: bool

    def viser(self, indberetningspligtig: bool) -> bool:
        """Whether an event of a code so marked is readable here."""
        return self.alle_koder or indberetningspligtig


def laeseret(bruger: Bruger, person: Sequence[Tilknytning], idag: date
             ) -> dict[int, tuple[Udsnit, ...]]:
    """What `bruger` may read, as of `idag`, of each of one person's employments (by employment
    id, in date order; employments it may read nothing of are left out). Reads go by this alone:
    an employment left out is answered as one that does not exist."""
    egne = bruger.institutioner
    eget = {t.ansaettelse_id: tilhoerte(t, egne) for t in person}
    ankomst = _seneste_ankomst(person, egne, idag)
    svar: dict[int, tuple[Udsnit, ...]] = {}
    for t in person:
        udsnit = [Udsnit(fra, til, True) for fra, til in eget[t.ansaettelse_id]]
        # what follows the employee lies within the other employment's own dates: an employment
        # that began after the arrival is not the past, and must not even show that it exists
        slut = min(ankomst - _EN_DAG, t.slutdato or SIDSTE) if ankomst and ankomst > FOERSTE else None
        if slut is not None and t.startdato <= slut:
            udsnit += [Udsnit(fra, til, False)
                       for fra, til in uden(t.startdato, slut, eget[t.ansaettelse_id])]
        if udsnit:
            svar[t.ansaettelse_id] = tuple(sorted(udsnit, key=lambda u: u.fra))
    return svar


def tilhoerte(t: Tilknytning, institutioner: Iterable[str]) -> list[tuple[date, date]]:
    """The dates on which the employment belonged to one of `institutioner` by its history: an
    institution's own past (what it reads whole, and what its quarterly report holds)."""
    koder = frozenset(institutioner)
    return [(fra, til) for fra, til, kode in t.institutioner() if kode in koder]


def altid_egen(bruger: Bruger, institutioner: Iterable[str]) -> bool:
    """An employment that has only ever belonged to the user's institutions (`institutioner`: its
    own and its history's) is read whole: laeseret would give it every date and code, so a read
    need not gather the person's other employments to know it."""
    return all(kode in bruger.institutioner for kode in institutioner)


HELE = (Udsnit(FOERSTE, SIDSTE, True),)


def synlig(udsnit: Iterable[Udsnit], fra: date, slut: date, indberetningspligtig: bool) -> bool:
    """Whether an event of [fra, slut] is readable: some readable stretch it touches shows its code
    (an event across a boundary of the rights is shown whole; counting clips it)."""
    return any(u.fra <= slut and u.til >= fra and u.viser(indberetningspligtig) for u in udsnit)


def beskaaret(udsnit: Iterable[Udsnit], fra: date, til: date) -> list[Udsnit]:
    """The readable stretches that lie in [fra, til], cut to it."""
    return [Udsnit(max(u.fra, fra), min(u.til, til), u.alle_koder) for u in udsnit
            if u.fra <= til and u.til >= fra]


def _seneste_ankomst(person: Sequence[Tilknytning], egne: frozenset[str], idag: date) -> date | None:
    """The first date of the person's latest unbroken stay at the user's institutions that has
    begun by `idag`: the days any of the person's employments was theirs, within its start and
    end."""
    ophold = sorted(
        (max(fra, t.startdato), min(til, t.slutdato or SIDSTE))
        for t in person for fra, til, kode in t.institutioner()
        if kode in egne and max(fra, t.startdato) <= min(til, t.slutdato or SIDSTE))
    if not ophold or ophold[0][0] > idag:
        return None
    ankomst, slut = ophold[0]
    for fra, til in ophold[1:]:
        if slut < SIDSTE and fra > slut + _EN_DAG:  # a gap: the person was away and came back
            if fra > idag:
                break
            ankomst = fra
        slut = max(slut, til)
    return ankomst
