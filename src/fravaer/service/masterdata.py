"""Importing master data (institutions and employments): idempotent upserts by natural keys."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.adapters.masterdata_csv import BarnLinje, Linje, LinjeFejl
from fravaer.service.runner import i_transaktion


@dataclass
class ImportResultat:
    oprettet: int = 0
    aendret: int = 0
    uaendret: int = 0
    fejl: list[LinjeFejl] = field(default_factory=list)
    gemt: bool = True


def importer_ansaettelser(engine: Engine, linjer: Iterable[Linje | LinjeFejl], alt_eller_intet: bool = False,
                          fremskridt: Callable[[int], None] = lambda n: None) -> ImportResultat:
    """Store every good line in one transaction and report each bad one; with `alt_eller_intet`,
    a single bad line stores nothing."""
    linjer = list(linjer)

    def arbejde(uow: UnitOfWork) -> ImportResultat:
        resultat = ImportResultat()
        for linje in linjer:
            fremskridt(1)
            if isinstance(linje, LinjeFejl):
                resultat.fejl.append(linje)
                continue
            a = linje.ansaettelse
            if a.tjenestenummer:
                ejer = uow.ansaettelser.tjenestenummer_ejer(a.tjenestenummer)
                if ejer is not None and ejer != (a.cpr, a.loebenummer):
                    resultat.fejl.append(LinjeFejl(linje.nummer, f"tjenestenummer {a.tjenestenummer} "
                                                   "tilhører en anden ansættelse"))
                    continue
            institution, _ = uow.institutioner.hent_eller_opret(linje.institution_kode,
                                                               linje.institution_navn)
            _, udfald = uow.ansaettelser.gem(institution.id, a)
            setattr(resultat, udfald, getattr(resultat, udfald) + 1)
        return _afslut(uow, resultat, alt_eller_intet)

    return i_transaktion(engine, arbejde, skriv=True)


def importer_boern(engine: Engine, linjer: Iterable[BarnLinje | LinjeFejl], alt_eller_intet: bool = False,
                   fremskridt: Callable[[int], None] = lambda n: None) -> ImportResultat:
    """Children, upserted by parent and barnenummer, like importer_ansaettelser."""
    linjer = list(linjer)

    def arbejde(uow: UnitOfWork) -> ImportResultat:
        resultat = ImportResultat()
        for linje in linjer:
            fremskridt(1)
            if isinstance(linje, LinjeFejl):
                resultat.fejl.append(linje)
                continue
            udfald = uow.boern.gem(linje.foraelder_cpr, linje.barn)
            setattr(resultat, udfald, getattr(resultat, udfald) + 1)
        return _afslut(uow, resultat, alt_eller_intet)

    return i_transaktion(engine, arbejde, skriv=True)


def _afslut(uow: UnitOfWork, resultat: ImportResultat, alt_eller_intet: bool) -> ImportResultat:
    if alt_eller_intet and resultat.fejl:
        resultat.gemt = False
        resultat.oprettet = resultat.aendret = resultat.uaendret = 0
        return resultat
    uow.commit()
    return resultat
