"""The quarterly report (indberetning) of an institution: make it, remember it, page through it,
list what changed since the last run (DOMAIN.md §8, docs/INDBERETNING.md).

A run computes every record from the events and the employments' history (domain.indberetning),
streamed a page of employments at a time, and stores itself with a hash of each record and of the
whole; when the whole equals the last stored run's, nothing is stored and the last run is the
answer — so asking again gives the same report, byte for byte, with the same time of making."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine

from fravaer.adapters.db import unit_of_work
from fravaer.adapters.db.indberetning_repository import Koersel
from fravaer.domain.brugere import Bruger
from fravaer.domain.indberetning import Indberetningspost, poster
from fravaer.domain.katalog import Katalog
from fravaer.domain.kvartaler import Kvartal, frist
from fravaer.domain.meddelelser import Afvist, Meddelelse, meddelelse
from fravaer.service.ansaettelser import med_forloeb
from fravaer.service.clock import DANMARK, utc_nu
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

revision = logging.getLogger("fravaer.revision")
SIDE_ANSAETTELSER = 1000  # employments read per round trip while making a run
STANDARD_SIDE = 1000  # records per SOAP page [default]


@dataclass(frozen=True)
class Indberetning:
    """The answer of a run: the stored run that holds the report, its deadline, whether this run
    stored it (or found the last run unchanged), the run before it, and the advis."""

    koersel: Koersel
    frist: date
    ny: bool
    forrige: Koersel | None
    meddelelser: list[Meddelelse]


def indholdshash(p: Indberetningspost) -> str:
    return hashlib.sha256("\t".join(p.felter()).encode()).hexdigest()


class Indberetningstjeneste:
    def __init__(self, engine: Engine, katalog: Katalog, ur: Callable[[], datetime] = utc_nu):
        self.engine = engine
        self.katalog = katalog
        self.ur = ur

    def idag(self) -> date:
        return self.ur().astimezone(DANMARK).date()

    def dan(self, institution: str, kvartal: Kvartal, bruger: Bruger,
            fremskridt: Callable[[int, int], None] | None = None) -> Indberetning:
        """Make the institution's report of `kvartal` (the read right suffices: it reads, and
        remembers what it read). One transaction; the institution's runs take turns."""
        nu = self.ur()
        idag = nu.astimezone(DANMARK).date()
        if kvartal.fra > idag:
            raise Afvist([meddelelse("F140", "Kvartal", kvartal=kvartal.vis(), fra=kvartal.fra)])
        koder = sorted(k.kode for k in self.katalog.koder.values() if k.cirkulaere_type is not None)

        def arbejde(uow: UnitOfWork) -> Indberetning:
            institution_id = self._institution(uow, institution, bruger)
            repo = uow.indberetninger
            repo.laas_institution(institution_id)
            forrige = repo.seneste(institution_id, kvartal)
            koersel_id = repo.opret(institution_id, kvartal, nu, bruger.navn)
            i_alt = repo.antal_ansaettelser(institution_id, kvartal.fra, kvartal.til)
            helhed, nummer, efter, gjort = hashlib.sha256(), 0, 0, 0
            while side := repo.ansaettelser_side(institution_id, kvartal.fra, kvartal.til, efter,
                                                 SIDE_ANSAETTELSER):
                efter = side[-1].id
                pr_ansaettelse = defaultdict(list)
                for h in uow.haendelser.i_perioden([a.id for a in side], kvartal.fra, kvartal.til, koder):
                    if h.godkendt:  # a pending event is reported once approved (DOMAIN.md §17)
                        pr_ansaettelse[h.ansaettelse_id].append(h)
                raekker = []
                for a in med_forloeb(uow, side):
                    for p in poster(a, pr_ansaettelse.get(a.id, ()), institution, kvartal, self.katalog):
                        nummer += 1
                        digest = indholdshash(p)
                        helhed.update(f"{p.noegle}\t{digest}\n".encode())
                        raekker.append((nummer, digest, p))
                repo.tilfoej_poster(koersel_id, raekker)
                gjort += len(side)
                if fremskridt is not None:
                    fremskridt(gjort, i_alt)
            indhold = helhed.hexdigest()
            revision.info("indberetning bruger=%s institution=%s kvartal=%s poster=%d", bruger.navn,
                          institution, kvartal.vis(), nummer)
            graense = frist(kvartal)
            if forrige is not None and forrige.indhold_hash == indhold:
                return Indberetning(forrige, graense, False, repo.tidligere(forrige),
                                    self._advis(kvartal, idag, None, 0))  # nothing stored: rolled back
            repo.afslut(koersel_id, nummer, indhold)
            koersel = repo.hent(koersel_id)
            if koersel is None:  # made above, in this transaction
                raise RuntimeError(f"kørsel {koersel_id} forsvandt")
            aendret = sum(1 for _ in repo.forskelle(koersel_id, forrige.id)) if forrige else 0
            svar = Indberetning(koersel, graense, True, forrige, self._advis(kvartal, idag, forrige, aendret))
            uow.commit()
            return svar

        return i_transaktion(self.engine, arbejde, skriv=True)

    @staticmethod
    def _advis(kvartal: Kvartal, idag: date, forrige: Koersel | None, aendret: int) -> list[Meddelelse]:
        """A021: the report of a quarter already reported changed after its deadline (seed 002
        §1: events count in the transfer only when registered by the deadline); A022: the quarter
        has not ended yet, so the report is provisional."""
        svar = []
        graense = frist(kvartal)
        if forrige is not None and aendret and idag > graense:
            svar.append(meddelelse("A021", "Kvartal", kvartal=kvartal.vis(), dannet=forrige.dannet,
                                   forrige=forrige.id, antal=aendret, frist=graense))
        if idag <= kvartal.til:
            svar.append(meddelelse("A022", "Kvartal", kvartal=kvartal.vis(), til=kvartal.til))
        return svar

    def side(self, institution: str, kvartal: Kvartal, fortsaettelse: int | None, bruger: Bruger,
             antal: int = STANDARD_SIDE) -> tuple[Indberetning, list[Indberetningspost], int | None]:
        """A page of the report: without `fortsaettelse` a run is made (or the last one found
        unchanged) and its first page answered; with it, the next page of the same stored run, so
        the pages of one report never mix two runs. The third value continues the paging."""
        resultat = self.dan(institution, kvartal, bruger) if fortsaettelse is None else None

        def arbejde(uow: UnitOfWork):
            self._institution(uow, institution, bruger)
            repo = uow.indberetninger
            if resultat is not None:
                svar, efter = resultat, 0
            else:
                sted = repo.post_sted(fortsaettelse) if fortsaettelse is not None else None
                koersel = repo.hent(sted[0]) if sted else None
                if sted is None or koersel is None or koersel.institution != institution \
                        or koersel.kvartal != kvartal:
                    raise Afvist([meddelelse("F141", "Fortsaettelse", fortsaettelse=fortsaettelse,
                                             institution=institution, kvartal=kvartal.vis())])
                svar, efter = Indberetning(koersel, frist(kvartal), False, None, []), sted[1]
            rows = repo.poster(svar.koersel.id, efter, antal + 1)
            naeste = rows[antal - 1][0] if len(rows) > antal else None
            revision.info("laesning bruger=%s operation=HentKvartalsindberetning koersel=%d antal=%d",
                          bruger.navn, svar.koersel.id, min(len(rows), antal))
            return svar, [p for _, p in rows[:antal]], naeste

        return i_transaktion(self.engine, arbejde)

    def alle_poster(self, koersel: Koersel) -> Iterator[Indberetningspost]:
        """Every record of a stored run, in order, streamed from one read transaction."""
        with unit_of_work.UnitOfWork(self.engine) as uow:  # a stream: past i_transaktion
            yield from uow.indberetninger.alle_poster(koersel.id)

    def forskelle(self, ny: Koersel, gammel: Koersel) -> Iterator[tuple[str, Indberetningspost]]:
        """What changed between two runs of one report (the records added, changed, removed)."""
        with unit_of_work.UnitOfWork(self.engine) as uow:  # a stream: past i_transaktion
            yield from uow.indberetninger.forskelle(ny.id, gammel.id)

    @staticmethod
    def _institution(uow: UnitOfWork, institution: str, bruger: Bruger) -> int:
        """The institution's id; unknown, or not readable by the user → F088 (the same answer)."""
        institution_id = uow.institutioner.id_for(institution)
        if institution_id is None or not bruger.maa_laese(institution):
            raise Afvist([meddelelse("F088", "Institution", institution=institution)])
        return institution_id
