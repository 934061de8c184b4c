"""Managing an institution's calendar (the CLI's `fravaer kalender …`): its rules for the special
days and its extra employer-paid days off. Every change is logged; the cost of events follows at
once, because it is computed when read."""

from __future__ import annotations

from datetime import date

from fravaer.domain.aendringer import Art
from fravaer.domain.kalender import SaerdagRegel, saerlige_dage
from fravaer.service.aendringer import registrer
from fravaer.service.brugere import BrugerFejl
from fravaer.service.clock import utc_nu
from fravaer.service.ports import Storage, UnitOfWork
from fravaer.service.runner import i_transaktion


def _institution(uow: UnitOfWork, kode: str) -> int:
    iid = uow.institutioner.id_for(kode)
    if iid is None:
        raise BrugerFejl(f"institutionen {kode} findes ikke")
    return iid


def saet_saerdag(engine: Storage, institution: str, maaned_dag: str, regel: SaerdagRegel,
                 bruger: str) -> None:
    gyldige = {s.maaned_dag for s in saerlige_dage()}
    if maaned_dag not in gyldige:
        raise BrugerFejl(f"{maaned_dag} er ikke en af de særlige dage ({', '.join(sorted(gyldige))})")

    def arbejde(uow: UnitOfWork) -> None:
        iid = _institution(uow, institution)
        foer, nu = uow.kalendere.saet_saerdag(iid, maaned_dag, regel), utc_nu()
        uow.kalendere.log(nu, iid, bruger, f"saerdag {maaned_dag}", foer or "standard", regel.value)
        registrer(uow, nu, Art.KALENDER, "Ret", f"saerdag {maaned_dag}", institution, bruger,
                  {"saerdag": maaned_dag, "regel": foer or "standard"},
                  {"saerdag": maaned_dag, "regel": regel.value})
        uow.commit()

    i_transaktion(engine, arbejde, skriv=True)


def saet_fridag(engine: Storage, institution: str, dato: date, fri: bool, bruger: str) -> bool:
    def arbejde(uow: UnitOfWork) -> bool:
        iid = _institution(uow, institution)
        aendret = uow.kalendere.saet_fridag(iid, dato, fri)
        if aendret:
            nu = utc_nu()
            uow.kalendere.log(nu, iid, bruger, f"fridag {dato.isoformat()}",
                              "arbejdsdag" if fri else "fridag", "fridag" if fri else "arbejdsdag")
            registrer(uow, nu, Art.KALENDER, "Opret" if fri else "Slet", f"fridag {dato.isoformat()}",
                      institution, bruger, None if fri else {"fridag": dato},
                      {"fridag": dato} if fri else None)
        uow.commit()
        return aendret

    return i_transaktion(engine, arbejde, skriv=True)
