"""Managing users (the CLI's `fravaer user …`): create, change password, disable, list."""

from __future__ import annotations

from sqlalchemy import Engine

from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.adapters.security import kodeord as kd
from fravaer.domain.brugere import Bruger, Ret
from fravaer.errors import FravaerError
from fravaer.service.haendelser import utc_nu
from fravaer.service.runner import i_transaktion


class BrugerFejl(FravaerError, ValueError):
    """A user command that cannot be carried out, with the reason in Danish."""


def _kodeord_felter(kodeord: str, digest: bool) -> tuple[str, str | None]:
    if len(kodeord) < 8:
        raise BrugerFejl("kodeordet skal have mindst 8 tegn")
    if digest and not kd.har_noegle():
        raise BrugerFejl(f"PasswordDigest kræver at {kd.NOEGLE_MILJOE} er sat (se docs/SECURITY.md)")
    return kd.hash_kodeord(kodeord), (kd.krypter(kodeord) if digest else None)


def gem_bruger(engine: Engine, navn: str, kodeord: str | None, laes: list[str] = (),
               registrer: list[str] = (), administrator: bool = False, digest: bool = False,
               ny: bool = True) -> bool:
    """Create (ny) or update a user and its rights; returns True if created."""
    felter = _kodeord_felter(kodeord, digest) if kodeord is not None else (None, None)

    def arbejde(uow: UnitOfWork) -> bool:
        if ny and uow.brugere.findes(navn):
            raise BrugerFejl(f"brugeren {navn} findes allerede")
        if not ny and not uow.brugere.findes(navn):
            raise BrugerFejl(f"brugeren {navn} findes ikke")
        rettigheder: dict[int, Ret] = {}
        for ret, koder in ((Ret.LAES, laes), (Ret.REGISTRER, registrer)):
            for kode in koder:
                iid = uow.institutioner.id_for(kode)
                if iid is None:
                    raise BrugerFejl(f"institutionen {kode} findes ikke")
                rettigheder[iid] = ret
        oprettet = uow.brugere.gem(navn, felter[0], felter[1], administrator if ny else None,
                                   rettigheder if (ny or laes or registrer) else None,
                                   True if ny else None, utc_nu())
        uow.commit()
        return oprettet

    return i_transaktion(engine, arbejde, skriv=True)


def saet_kodeord(engine: Engine, navn: str, kodeord: str, digest: bool) -> None:
    gem_bruger(engine, navn, kodeord, digest=digest, ny=False)


def deaktiver(engine: Engine, navn: str) -> None:
    def arbejde(uow: UnitOfWork) -> None:
        if not uow.brugere.findes(navn):
            raise BrugerFejl(f"brugeren {navn} findes ikke")
        uow.brugere.gem(navn, None, None, None, None, False, utc_nu())
        uow.commit()

    i_transaktion(engine, arbejde, skriv=True)


def alle(engine: Engine) -> list[tuple[Bruger, bool, bool]]:
    return i_transaktion(engine, lambda uow: uow.brugere.alle())
