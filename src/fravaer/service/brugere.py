"""Managing users (the CLI's `fravaer user …`): create, change password, disable, list."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from fravaer.adapters.security import passwords as kd
from fravaer.domain.brugere import Bruger, Ret
from fravaer.errors import FravaerError
from fravaer.service.clock import utc_nu
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

# the password hash of a user who logs in only with a client certificate: no password matches it
UDEN_KODEORD = "!"


class BrugerFejl(FravaerError, ValueError):
    """A user command that cannot be carried out, with the reason in Danish."""


def _kodeord_felter(kodeord: str, digest: bool) -> tuple[str, str | None]:
    if len(kodeord) < 8:
        raise BrugerFejl("kodeordet skal have mindst 8 tegn")
    if digest and not kd.har_noegle():
        raise BrugerFejl(f"PasswordDigest kræver at {kd.NOEGLE_MILJOE} er sat (se docs/SECURITY.md)")
    return kd.hash_kodeord(kodeord), (kd.krypter(kodeord) if digest else None)


def gem_bruger(engine: Engine, navn: str, kodeord: str | None, laes: Sequence[str] = (),
               registrer: Sequence[str] = (), administrator: bool = False, digest: bool = False,
               ny: bool = True, certifikat: str | None = None, godkend: Sequence[str] = ()) -> bool:
    """Create (ny) or update a user and its rights; returns True if created. A new user needs a
    password or a client certificate's subject (`certifikat`: then it may have no password)."""
    certifikat = certifikat.strip() if certifikat is not None else None
    if certifikat == "" or (certifikat is not None and len(certifikat) > 500):
        raise BrugerFejl("certifikatets subject skal have 1–500 tegn")
    if ny and kodeord is None and certifikat is None:
        raise BrugerFejl("en ny bruger skal have et kodeord eller et certifikat")
    felter = _kodeord_felter(kodeord, digest) if kodeord is not None else (
        (UDEN_KODEORD, None) if ny else (None, None))

    def arbejde(uow: UnitOfWork) -> bool:
        if ny and uow.brugere.findes(navn):
            raise BrugerFejl(f"brugeren {navn} findes allerede")
        if not ny and not uow.brugere.findes(navn):
            raise BrugerFejl(f"brugeren {navn} findes ikke")
        rettigheder: dict[int, Ret] = {}
        for ret, koder in ((Ret.LAES, laes), (Ret.REGISTRER, registrer), (Ret.GODKEND, godkend)):
            for kode in koder:
                iid = uow.institutioner.id_for(kode)
                if iid is None:
                    raise BrugerFejl(f"institutionen {kode} findes ikke")
                rettigheder[iid] = ret
        if certifikat is not None and uow.brugere.certifikat_brugt_af(certifikat) not in (None, navn):
            raise BrugerFejl("certifikatet er allerede knyttet til en anden bruger")
        oprettet = uow.brugere.gem(navn, felter[0], felter[1], administrator if ny else None,
                                   rettigheder if (ny or laes or registrer or godkend) else None,
                                   True if ny else None, utc_nu())
        if certifikat is not None:
            uow.brugere.saet_certifikat(navn, certifikat, utc_nu())
        uow.commit()
        return oprettet

    return i_transaktion(engine, arbejde, skriv=True)


def saet_kodeord(engine: Engine, navn: str, kodeord: str, digest: bool) -> None:
    gem_bruger(engine, navn, kodeord, digest=digest, ny=False)


def saet_certifikat(engine: Engine, navn: str, certifikat: str | None) -> None:
    """Name the user's client certificate by its subject (None: the user has none any more)."""
    if certifikat is not None:
        gem_bruger(engine, navn, None, ny=False, certifikat=certifikat)
        return

    def arbejde(uow: UnitOfWork) -> None:
        if not uow.brugere.findes(navn):
            raise BrugerFejl(f"brugeren {navn} findes ikke")
        uow.brugere.saet_certifikat(navn, None, utc_nu())
        uow.commit()

    i_transaktion(engine, arbejde, skriv=True)


def deaktiver(engine: Engine, navn: str) -> None:
    def arbejde(uow: UnitOfWork) -> None:
        if not uow.brugere.findes(navn):
            raise BrugerFejl(f"brugeren {navn} findes ikke")
        uow.brugere.gem(navn, None, None, None, None, False, utc_nu())
        uow.commit()

    i_transaktion(engine, arbejde, skriv=True)


def alle(engine: Engine) -> list[tuple[Bruger, bool, bool]]:
    return i_transaktion(engine, lambda uow: uow.brugere.alle())
