"""An in-memory unit of work (service/ports.py's UnitOfWork, the repositories a few use cases use):
those use cases are tested without a database where what they decide is the point, not the SQL.

`HukommelsesLager()` is what `runner.i_transaktion` takes in place of an engine. Each transaction
works on a copy of the stored state; `commit` stores the copy, and a transaction that ends without
it (a refusal, an error) leaves nothing behind — as the database's transaction would.
A repository method no test needs is simply absent: a use case that calls one fails loudly."""

from __future__ import annotations

import copy
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from fravaer.adapters.db.egne_typer_repository import Institutionstyper
from fravaer.domain.aendringer import Art
from fravaer.domain.egne_typer import EgenType
from fravaer.domain.kalender import SaerdagRegel


@dataclass
class Tilstand:
    """What is stored: the parts of the database the fake repositories hold."""

    institutioner: dict[str, int] = field(default_factory=dict)  # kode -> id
    egne_typer: dict[int, list[EgenType]] = field(default_factory=dict)
    godkendelse: dict[int, set[str]] = field(default_factory=dict)  # fixed codes needing approval
    brugte_koder: Counter[tuple[str, str]] = field(default_factory=Counter)  # (institution, kode) -> events
    saerdage: dict[tuple[int, str], SaerdagRegel] = field(default_factory=dict)
    fridage: set[tuple[int, date]] = field(default_factory=set)
    kalenderlog: list[tuple] = field(default_factory=list)
    stamdatalog: list[tuple] = field(default_factory=list)
    aendringer: list[dict] = field(default_factory=list)

    def institution(self, kode: str) -> int:
        return self.institutioner.setdefault(kode, len(self.institutioner) + 1)


class _Institutioner:
    def __init__(self, t: Tilstand):
        self.t = t

    def id_for(self, kode: str) -> int | None:
        return self.t.institutioner.get(kode)


class _EgneTyper:
    def __init__(self, t: Tilstand):
        self.t = t

    def for_institution(self, kode: str) -> Institutionstyper:
        iid = self.t.institutioner.get(kode)
        if iid is None:
            return Institutionstyper()
        return Institutionstyper(tuple(self.t.egne_typer.get(iid, [])),
                                 frozenset(self.t.godkendelse.get(iid, set())))

    def tilfoej(self, institution_id: int, t: EgenType, bruger: str, nu: datetime) -> None:
        self.t.egne_typer.setdefault(institution_id, []).append(t)

    def fjern(self, institution_id: int, kode: str) -> None:
        self.t.egne_typer[institution_id] = [e for e in self.t.egne_typer.get(institution_id, [])
                                             if e.kode != kode]

    def saet_godkendelse(self, institution_id: int, kode: str, kraevet: bool) -> bool:
        koder = self.t.godkendelse.setdefault(institution_id, set())
        if (kode in koder) == kraevet:
            return False
        (koder.add if kraevet else koder.discard)(kode)
        return True


class _Haendelser:
    def __init__(self, t: Tilstand):
        self.t = t

    def antal_med_kode(self, institution_kode: str, kode: str) -> int:
        return self.t.brugte_koder[(institution_kode, kode)]


class _Kalendere:
    def __init__(self, t: Tilstand):
        self.t = t

    def saet_saerdag(self, institution_id: int, maaned_dag: str, regel: SaerdagRegel) -> str | None:
        foer = self.t.saerdage.get((institution_id, maaned_dag))
        self.t.saerdage[(institution_id, maaned_dag)] = regel
        return foer.value if foer is not None else None

    def saet_fridag(self, institution_id: int, dato: date, fri: bool) -> bool:
        findes = (institution_id, dato) in self.t.fridage
        (self.t.fridage.add if fri else self.t.fridage.discard)((institution_id, dato))
        return fri != findes

    def log(self, tidspunkt: datetime, institution_id: int, bruger: str, hvad: str,
            foer: str | None, efter: str | None) -> None:
        self.t.kalenderlog.append((institution_id, bruger, hvad, foer, efter))


class _Stamdatalog:
    def __init__(self, t: Tilstand):
        self.t = t

    def skriv(self, tidspunkt: datetime, handling: str, objekt: str, noegle: str, bruger: str,
              transaktions_id: str | None, foer: dict | None, efter: dict | None) -> None:
        self.t.stamdatalog.append((handling, objekt, noegle, bruger, foer, efter))


class _Aendringer:
    def __init__(self, t: Tilstand):
        self.t = t

    @staticmethod
    def raekke(tidspunkt: datetime, art: Art, handling: str, noegle: str, institution: str,
               bruger: str, foer: dict | None, efter: dict | None, enhed_id: int | None = None,
               ansaettelse_id: int | None = None, transaktions_id: str | None = None) -> dict:
        return {"art": art, "handling": handling, "noegle": noegle, "institution": institution,
                "bruger": bruger, "foer": foer, "efter": efter}

    def tilfoej(self, raekke: dict) -> None:
        self.t.aendringer.append(raekke)

    def tilfoej_skrevet(self, tidspunkt: datetime, art: Art, handling: str, noegle: str, institution: str,
                        bruger: str, foer: str | None, efter: str | None, enhed_id: int | None = None,
                        ansaettelse_id: int | None = None, transaktions_id: str | None = None) -> None:
        self.t.aendringer.append({"art": art, "handling": handling, "noegle": noegle,
                                  "institution": institution, "bruger": bruger, "foer": foer, "efter": efter})


class HukommelsesUnitOfWork:
    def __init__(self, lager: HukommelsesLager):
        self._lager = lager
        self._tilstand = copy.deepcopy(lager.tilstand)  # the transaction's own view
        self.institutioner = _Institutioner(self._tilstand)
        self.egne_typer = _EgneTyper(self._tilstand)
        self.haendelser = _Haendelser(self._tilstand)
        self.kalendere = _Kalendere(self._tilstand)
        self.stamdatalog = _Stamdatalog(self._tilstand)
        self.aendringer = _Aendringer(self._tilstand)

    def opdater_statistik(self, indhold: str) -> None:
        pass  # memory has no query planner to tell

    def commit(self) -> None:
        self._lager.tilstand = copy.deepcopy(self._tilstand)
        self._lager.commits += 1


class HukommelsesLager:
    """What makes the in-memory units of work, and holds what they committed."""

    def __init__(self, tilstand: Tilstand | None = None):
        self.tilstand = tilstand or Tilstand()
        self.commits = 0

    @contextmanager
    def __call__(self, *, skriv: bool = False, enkelt_laesning: bool = False):
        yield HukommelsesUnitOfWork(self)
