"""Finding the employment a client names."""

from __future__ import annotations

from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.domain.employment import Ansaettelse, AnsaettelsesIdent
from fravaer.domain.messages import Afvist, Meddelelse, meddelelse


def problem_med(uow: UnitOfWork, ident: AnsaettelsesIdent, laas: bool = False
                ) -> tuple[Ansaettelse | None, Meddelelse | None]:
    if not ident.fuldstaendig:
        return None, meddelelse("F023", "Ansaettelse")
    fundne = uow.ansaettelser.find(ident, laas)
    if not fundne:
        return None, meddelelse("F030", "Ansaettelse", ansaettelse=ident.vis())
    a = fundne[0]
    begge = ident.tjenestenummer and ident.cpr and ident.loebenummer is not None
    if len(fundne) > 1 or (begge and (a.tjenestenummer != ident.tjenestenummer or a.cpr != ident.cpr
                                       or a.loebenummer != ident.loebenummer)):
        return None, meddelelse("F024", "Ansaettelse", tjenestenummer=ident.tjenestenummer)
    return a, None


def find_ansaettelse(uow: UnitOfWork, ident: AnsaettelsesIdent, laas: bool = False) -> Ansaettelse:
    """The one employment `ident` names; with `laas`, locked for the rest of the transaction so
    that concurrent writers for it take turns (the simultaneity rules read, then write)."""
    a, fejl = problem_med(uow, ident, laas)
    if fejl:
        raise Afvist([fejl])
    return a


def find_ansaettelser(uow: UnitOfWork, idents: list[AnsaettelsesIdent]) -> list[Ansaettelse]:
    """All of them, or a rejection naming every one that cannot be found."""
    fundne, fejl = [], []
    for ident in idents:
        a, problem = problem_med(uow, ident)
        if problem:
            fejl.append(problem)
        else:
            fundne.append(a)
    if fejl:
        raise Afvist(fejl)
    return fundne
