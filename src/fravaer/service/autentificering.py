"""Who is calling: the UsernameToken checked against the stored users, its freshness and nonce."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine

from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.adapters.security import kodeord
from fravaer.adapters.security.wsse import UgyldigToken, UsernameToken
from fravaer.domain.brugere import Bruger
from fravaer.domain.messages import Meddelelse, meddelelse
from fravaer.errors import FravaerError
from fravaer.service.haendelser import utc_nu
from fravaer.service.runner import i_transaktion

STANDARD_VINDUE = 300  # seconds either side of the server's clock


class IkkeAutentificeret(FravaerError):
    def __init__(self, m: Meddelelse):
        super().__init__(m.tekst)
        self.meddelelse = m


class Autentificering:
    def __init__(self, engine: Engine, vindue_sekunder: int = STANDARD_VINDUE,
                 ur: Callable[[], datetime] = utc_nu):
        self.engine = engine
        self.vindue = timedelta(seconds=vindue_sekunder)
        self.ur = ur
        # scrypt costs tens of milliseconds by design; a password already checked against the
        # stored hash is remembered (as a keyed digest, never in clear) until that hash changes.
        self._kontrolleret: dict[tuple[str, bytes], str] = {}
        self._peber = secrets.token_bytes(32)

    def autentificer(self, token: UsernameToken | None) -> Bruger:
        if token is None:
            raise IkkeAutentificeret(meddelelse("W001", "Header"))
        nu = self.ur()
        try:
            created = token.created_tidspunkt()
        except UgyldigToken as e:
            raise IkkeAutentificeret(meddelelse("W006", "Header", fejl=str(e))) from None
        if token.digest and (token.nonce is None or created is None):
            raise IkkeAutentificeret(meddelelse("W005", "Header"))
        if created is not None and (created.tzinfo is None or abs(nu - created) > self.vindue):
            raise IkkeAutentificeret(meddelelse("W003", "Header", vindue=int(self.vindue.total_seconds())))

        def arbejde(uow: UnitOfWork) -> Bruger:
            login = uow.brugere.login(token.brugernavn)
            if login is None or not login.aktiv or not self._kodeord_passer(token, login):
                raise IkkeAutentificeret(meddelelse("W002", "Header"))
            if token.nonce is not None:
                noegle = f"{token.brugernavn}:{base64.b64encode(token.nonce).decode()}"
                if not uow.nonces.brug(noegle, udloeber=nu + 2 * self.vindue, nu=nu):
                    raise IkkeAutentificeret(meddelelse("W004", "Header"))
                uow.commit()
            return login.bruger

        return i_transaktion(self.engine, arbejde, skriv=token.nonce is not None,
                             enkelt_laesning=token.nonce is None)

    def _kodeord_passer(self, token: UsernameToken, login) -> bool:
        if not token.digest:
            noegle = (token.brugernavn, hmac.new(self._peber, token.kodeord.encode(),
                                                 hashlib.sha256).digest())
            if self._kontrolleret.get(noegle) == login.kodeord_hash:
                return True
            if not kodeord.kontroller_kodeord(token.kodeord, login.kodeord_hash):
                return False
            if len(self._kontrolleret) > 10_000:
                self._kontrolleret.clear()
            self._kontrolleret[noegle] = login.kodeord_hash
            return True
        klartekst = kodeord.dekrypter(login.kodeord_krypteret) if login.kodeord_krypteret else None
        if klartekst is None:
            raise IkkeAutentificeret(meddelelse("W005", "Header"))
        forventet = kodeord.digest(token.nonce, token.created, klartekst)
        return hmac.compare_digest(forventet.encode(), token.kodeord.encode())
