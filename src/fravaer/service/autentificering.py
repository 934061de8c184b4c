"""Who is calling: the UsernameToken checked against the stored users, its freshness and nonce,
and the failed-login throttle (issue 17 item 3).

No oracle: an unknown user, a wrong password, a disabled user and a digest token of a user not
set up for digest all get W002 after the same work — one scrypt for PasswordText (against a
decoy hash when there is no user to check), one decryption and digest for PasswordDigest — and
count alike towards the lock of the name and of the client address."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import math
import re
import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from fravaer.adapters.db.login_repository import tilstand_forespoergsel
from fravaer.adapters.db.reference_cache import cache_for
from fravaer.adapters.db.unit_of_work import FORUDSAETNING
from fravaer.adapters.security import passwords
from fravaer.adapters.security.throttle import Spaerringsregel, adresse_noegle, bruger_noegle
from fravaer.adapters.security.wsse import UgyldigToken, UsernameToken
from fravaer.domain.brugere import Bruger
from fravaer.domain.meddelelser import Meddelelse, meddelelse
from fravaer.errors import FravaerError
from fravaer.service.clock import utc_nu
from fravaer.service.errors import LagerUtilgaengeligt
from fravaer.service.ports import UnitOfWork
from fravaer.service.runner import i_transaktion

STANDARD_VINDUE = 300  # seconds either side of the server's clock
_MAKS_HUSKET = 10_000  # users whose checked password is remembered (then the memory starts over)
log = logging.getLogger("fravaer.login")
_CIFRE = re.compile(r"\d{6,}")


def _logget_navn(navn: str) -> str:
    """A user name as the log shows it: cut, and without digit runs — someone may type a CPR
    number into the user-name field, and the log must never hold one."""
    return _CIFRE.sub(lambda m: "#" * len(m.group()), navn[:64])


class IkkeAutentificeret(FravaerError):
    def __init__(self, m: Meddelelse):
        super().__init__(m.tekst)
        self.meddelelse = m


class LoginOptaget(Exception):
    """No scrypt check could start within the wait: the server is busy checking passwords (a
    flood of logins). Not the caller's mistake: soap:Server, to be retried."""


class GentagAutentificering(Exception):
    """The process's copy of the user was not current after all (the reference data changed, or
    the user has failures to forget): the request's work, rolled back, is to run again after the
    full check (`autentificer()`, which gives the user as the database holds it)."""

    def __init__(self, autentificer: Callable[[], Bruger]):
        super().__init__("autentificeres igen")
        self.autentificer = autentificer


class _Efterproevning:
    """A login decided from the process's copy (the user, its rights, its password already
    checked against the stored hash): the throttle and the reference data's version are read
    with the request's first statement (unit_of_work.Forudsaetning) — on PostgreSQL in the
    same round trip as a write's BEGIN and lock (issue 13) — and nothing the work read or did
    reaches the caller before `modtag` passed."""

    def __init__(self, auth: Autentificering, token: UsernameToken, adresse: str | None, bruger_n: str,
                 noegler: list[str], nu: datetime, version: int):
        self.auth, self.token, self.adresse, self.nu, self.version = auth, token, adresse, nu, version
        self.statement, self.parametre = tilstand_forespoergsel(bruger_n, noegler, nu,
                                                                auth.glemt_foer(nu), auth.dialekt)
        self.udfoert = False

    def modtag(self, r) -> None:
        self.udfoert = True
        # (spaerret_til, fejl, referenceversion) by place: a Row's attribute is a failed lookup
        # on its type first (an AttributeError made and dropped: ~2k instructions each)
        spaerret_til, fejl, referenceversion = r
        if spaerret_til is not None:
            self.auth._spaerret(self.token, self.adresse, spaerret_til, self.nu)
        if referenceversion != self.version or fejl:
            raise GentagAutentificering(lambda: self.auth.autentificer(self.token, self.adresse))

    def udfoer(self) -> None:
        """The check on its own (the request's work sent nothing to the database)."""
        def laes(uow: UnitOfWork):
            return uow.session.execute(self.statement, self.parametre).one()

        self.modtag(i_transaktion(self.auth.engine, laes, enkelt_laesning=True))


def efterproev_udestaaende() -> None:
    """At the end of a request's work: the pending check of its login (an _Efterproevning the
    work did not make) made now; its refusal replaces whatever the work answered. Raises
    IkkeAutentificeret, GentagAutentificering or LagerUtilgaengeligt."""
    e = FORUDSAETNING.get()
    if e is None:  # (a login checked in full: nothing pending, nothing to clear)
        return
    FORUDSAETNING.set(None)
    if not e.udfoert:
        e.udfoer()


def glem_udestaaende() -> None:
    """The request ends without its login checked: its answer is one that tells nothing (the
    database did not answer: S001)."""
    # a set only where something is pending: a ContextVar.set makes a new context mapping
    # (about 800 instructions), and every request ends here after efterproev_udestaaende cleared it
    if FORUDSAETNING.get() is not None:
        FORUDSAETNING.set(None)


class _Kontrol:
    """A scrypt check under way: the threads asking the same wait for its answer."""

    def __init__(self):
        self.faerdig = threading.Event()
        self.passer: bool | None = None  # None: it never ran (no slot within the wait)


class Autentificering:
    def __init__(self, engine: Engine, vindue_sekunder: int = STANDARD_VINDUE,
                 ur: Callable[[], datetime] = utc_nu, regel: Spaerringsregel | None = None,
                 scrypt_samtidige: int = 1, scrypt_vent: float = 0.1, scrypt_andel: float = 0.25):
        self.engine = engine
        self.dialekt = engine.dialect.name  # (which statement reads the login state: tilstand_forespoergsel)
        self.vindue = timedelta(seconds=vindue_sekunder)
        self.ur = ur
        self.regel = regel or Spaerringsregel()
        # scrypt costs tens of milliseconds and 16 MiB by design; a password already checked against
        # the stored hash is remembered, per user, as a keyed digest of the user, the password and
        # that hash (_noegle: never the password in clear; a changed hash or another password
        # gives another digest), compared in constant time; kept with the hash it was checked
        # against and the keyed BLAKE2b that has taken the user and that hash (_forberedt), from
        # which a request's digest needs only its password
        self._kontrolleret: dict[str, tuple[str, Any, bytes]] = {}
        self._peber = secrets.token_bytes(32)
        # keyed once: each digest is a copy of it (the key's block is not hashed anew a request)
        self._nogle_hash = hashlib.blake2b(key=self._peber, digest_size=32)
        # At most this many scrypt checks at once in the process: a flood of bad logins then
        # holds these, not every thread and core, and a login already checked needs none.
        self._scrypt = threading.BoundedSemaphore(max(1, scrypt_samtidige))
        self._scrypt_vent = scrypt_vent
        self._scrypt_andel = min(1.0, max(0.01, scrypt_andel))
        self._naeste_scrypt = 0.0  # time.monotonic() before which no new check starts
        self._laas = threading.Lock()
        self._igang: dict[tuple, _Kontrol] = {}  # checks running now, by user, password and hash
        # what an unknown user's password is checked against: the same work as a real one's
        self._lokkehash = passwords.hash_kodeord(secrets.token_urlsafe(24))
        self._lokke_krypteret: str | None = None
        self._glemt: tuple[datetime | None, datetime, Spaerringsregel | None] = (None, datetime.min, None)

    def autentificer(self, token: UsernameToken | None, adresse: str | None = None,
                     udskyd: bool = False) -> Bruger:
        """The caller; `adresse`: the client's address, for the throttle (None: not counted).
        `udskyd`: the caller's work runs in a transaction that takes the check of the throttle
        and of the copy's version along (FORUDSAETNING), and calls efterproev_udestaaende() when
        it is done: the user may then come from the process's copy without a round trip."""
        if FORUDSAETNING.get() is not None:  # whatever an earlier request on this thread left is not ours
            FORUDSAETNING.set(None)
        if token is None:
            raise IkkeAutentificeret(meddelelse("W001", "Header"))
        nu = self.ur()
        try:
            created = token.created_tidspunkt()
        except UgyldigToken as e:
            raise IkkeAutentificeret(meddelelse("W006", "Header", fejl=str(e))) from None
        # the same for every user: a request digest cannot be checked for anyone
        if token.digest and (token.nonce is None or created is None or not passwords.har_noegle()):
            raise IkkeAutentificeret(meddelelse("W005", "Header"))
        if created is not None and (created.tzinfo is None or abs(nu - created) > self.vindue):
            raise IkkeAutentificeret(meddelelse("W003", "Header", vindue=int(self.vindue.total_seconds())))
        bruger_n = bruger_noegle(token.brugernavn)
        noegler = [bruger_n, adresse_noegle(adresse)] if adresse else [bruger_n]
        if udskyd:
            bruger = self._fra_kopien(token, adresse, bruger_n, noegler, nu)
            if bruger is not None:
                return bruger
        return self._fuldt(token, adresse, bruger_n, noegler, nu)

    def _fuldt(self, token: UsernameToken, adresse: str | None, bruger_n: str, noegler: list[str],
               nu: datetime) -> Bruger:
        """autentificer's full check, against the database (its own function: the closure's cells
        are made only when it runs, not by every login from the process's copy)."""
        def laes(uow: UnitOfWork):
            til, fejl = uow.loginspaerring.tilstand(bruger_n, noegler, nu, self.regel.glemt_foer(nu))
            return (til, fejl, None) if til is not None else (None, fejl, uow.brugere.login(token.brugernavn))

        til, fejl, login = i_transaktion(self.engine, laes, enkelt_laesning=True)
        if til is not None:
            self._spaerret(token, adresse, til, nu)
        if not self._kodeord_passer(token, login):
            self._tael_fejl(token.brugernavn, bruger_n, adresse, nu)
            raise IkkeAutentificeret(meddelelse("W002", "Header"))
        if fejl or token.nonce is not None:
            self._efter_login(token, bruger_n if fejl else None, nu)
        return login.bruger

    def glemt_foer(self, nu: datetime) -> datetime:
        """self.regel.glemt_foer(nu), the same object for the same `nu` (the clock's one object a
        second: tilstand_forespoergsel then converts it once)."""
        sidste, regel = self._glemt, self.regel
        if sidste[0] is nu and sidste[2] is regel:
            return sidste[1]
        glemt = regel.glemt_foer(nu)
        self._glemt = (nu, glemt, regel)  # one tuple, swapped whole: safe for threads and greenlets
        return glemt

    def _spaerret(self, token: UsernameToken, adresse: str | None, til: datetime, nu: datetime) -> None:
        sekunder = max(1, math.ceil((til.replace(tzinfo=UTC) - nu).total_seconds()))
        log.info("login afvist, spærret i %d s: bruger %r fra %s", sekunder,
                 _logget_navn(token.brugernavn), adresse or "?")
        raise IkkeAutentificeret(meddelelse("W007", "Header", sekunder=sekunder))

    def _fra_kopien(self, token: UsernameToken, adresse: str | None, bruger_n: str, noegler: list[str],
                    nu: datetime) -> Bruger | None:
        """The user from the process's copy when that needs no round trip now: a PasswordText
        token without a nonce (a nonce must be recorded first) whose password was checked
        against the hash the copy holds, of an active user. The check against the database
        goes with the work's first statement (_Efterproevning). None: the full check."""
        if token.digest or token.nonce is not None:
            return None
        kig = cache_for(self.engine).kig(("login", token.brugernavn))
        if kig is None or kig[1] is None or not kig[1].aktiv:
            return None
        version, login = kig
        if not self._husket(token, login.kodeord_hash):
            return None
        FORUDSAETNING.set(_Efterproevning(self, token, adresse, bruger_n, noegler, nu, version))
        return login.bruger

    def _efter_login(self, token: UsernameToken, glem: str | None, nu: datetime) -> None:
        """The nonce recorded (a second use is a replay), and the user's failure count cleared."""
        def arbejde(uow: UnitOfWork) -> None:
            if token.nonce is not None:
                noegle = f"{token.brugernavn}:{base64.b64encode(token.nonce).decode()}"
                if not uow.nonces.brug(noegle, udloeber=nu + 2 * self.vindue, nu=nu):
                    raise IkkeAutentificeret(meddelelse("W004", "Header"))
            if glem is not None:
                uow.loginspaerring.glem(glem)
            uow.commit()

        i_transaktion(self.engine, arbejde, skriv=True)

    def _tael_fejl(self, navn: str, bruger_n: str, adresse: str | None, nu: datetime) -> None:
        """One failure more for the name and the address; a lock where a count passed its free
        failures. Logged without the password. A database that fails here still gets W002."""
        regel = self.regel
        glemt = regel.glemt_foer(nu)

        def arbejde(uow: UnitOfWork) -> list[tuple[str, int, datetime | None]]:
            uow.loginspaerring.ryd(nu, glemt)
            svar = []
            for hvad, noegle, frie in (("bruger", bruger_n, regel.frie_bruger),
                                       ("adresse", adresse and adresse_noegle(adresse), regel.frie_adresse)):
                if noegle is None:
                    continue
                antal = uow.loginspaerring.tael_fejl(noegle, nu, glemt)
                til = regel.spaerret_til(antal, frie, nu)
                if til is not None:
                    uow.loginspaerring.spaer(noegle, til)
                svar.append((hvad, antal, til))
            uow.commit()
            return svar

        try:
            optalt = i_transaktion(self.engine, arbejde, skriv=True)
        except LagerUtilgaengeligt:
            log.warning("mislykket login: bruger %r fra %s (kunne ikke tælles)", _logget_navn(navn),
                        adresse or "?")
            return
        tekst = ", ".join(f"{hvad} {antal}. fejl" + (f", spærret til {til:%H:%M:%S}" if til else "")
                          for hvad, antal, til in optalt)
        log.warning("mislykket login: bruger %r fra %s (%s)", _logget_navn(navn), adresse or "?", tekst)

    def autentificer_certifikat(self, subjekt: str) -> Bruger:
        """The active user whose client certificate has this subject (passed by a trusted proxy:
        adapters/security/http_auth.py)."""
        def arbejde(uow: UnitOfWork) -> Bruger:
            navn = uow.brugere.navn_for_certifikat(subjekt)
            login = uow.brugere.login(navn) if navn is not None else None
            if login is None or not login.aktiv:
                raise IkkeAutentificeret(meddelelse("F188"))
            return login.bruger

        return i_transaktion(self.engine, arbejde, enkelt_laesning=True)

    def autentificer_basic(self, brugernavn: str, kodeord: str, adresse: str | None = None) -> Bruger:
        """HTTP Basic: the name and password checked as a UsernameToken's PasswordText, and
        throttled like it, per name and per client address."""
        return self.autentificer(UsernameToken(brugernavn, kodeord, False, None, None), adresse)

    def _kodeord_passer(self, token: UsernameToken, login) -> bool:
        """Whether the token's password is the user's; the same work whether the user exists,
        is active or is set up for digest."""
        gyldig = login is not None and login.aktiv
        if token.digest:
            krypteret = login.kodeord_krypteret if gyldig and login.kodeord_krypteret else None
            klartekst = passwords.dekrypter(krypteret or self._lokke())
            forventet = passwords.digest(token.nonce or b"", token.created or "", klartekst or "")
            passer = hmac.compare_digest(forventet.encode(), token.kodeord.encode())
            return passer and krypteret is not None and klartekst is not None
        if gyldig and self._husket(token, login.kodeord_hash):
            return True
        gemt = login.kodeord_hash if gyldig else self._lokkehash
        forberedt = self._forberedt(token.brugernavn, gemt)
        noegle = self._noegle(token.brugernavn, token.kodeord, gemt, forberedt)
        passer = self._scrypt_en_gang((token.brugernavn, noegle), token.kodeord, gemt)
        if not (passer and gyldig):
            return False
        if len(self._kontrolleret) >= _MAKS_HUSKET:
            self._kontrolleret.clear()
        self._kontrolleret[token.brugernavn] = (gemt, forberedt, noegle)
        return True

    def _forberedt(self, brugernavn: str, gemt: str):
        """The keyed BLAKE2b (the process's secret) that has taken the user and the stored hash,
        each length-prefixed: what _noegle adds a password to."""
        h = self._nogle_hash.copy()  # keyed once: a copy, the key's block not hashed anew
        h.update(f"{len(brugernavn)}\0{brugernavn}\0{len(gemt)}\0{gemt}\0".encode("utf-8", "surrogatepass"))
        return h

    def _noegle(self, brugernavn: str, kodeord: str, gemt: str, forberedt=None) -> bytes:
        """The remembered form of a passed check: BLAKE2b keyed by the process's secret, over the
        user and the stored hash (each length-prefixed) and then the password (the rest: no two
        triples run together alike). `forberedt`: _forberedt(brugernavn, gemt), where the caller
        has it (a login from the copy: the request's digest then hashes its password alone)."""
        h = (self._forberedt(brugernavn, gemt) if forberedt is None else forberedt).copy()
        h.update(kodeord.encode("utf-8", "surrogatepass"))
        return h.digest()

    def _husket(self, token: UsernameToken, gemt: str) -> bool:
        """Whether this user's password was checked against the stored hash `gemt` before (a
        changed hash: not, whatever the password)."""
        husket = self._kontrolleret.get(token.brugernavn)
        if husket is None or husket[0] != gemt:
            return False
        return hmac.compare_digest(husket[2], self._noegle(token.brugernavn, token.kodeord, gemt, husket[1]))

    def _scrypt_en_gang(self, noegle: tuple[str, bytes], kode: str, gemt: str) -> bool:
        """One scrypt check of `kode` against `gemt`, shared by every thread that asks the same at
        the same time (a client's parallel first requests to a new process: one check, not one
        per request), and within the bound of concurrent checks (else LoginOptaget)."""
        with self._laas:
            kontrol = self._igang.get((noegle, gemt))
            ejer = kontrol is None
            if kontrol is None:
                kontrol = self._igang[(noegle, gemt)] = _Kontrol()
        if not ejer:
            kontrol.faerdig.wait()
            if kontrol.passer is None:
                raise LoginOptaget()
            return kontrol.passer
        try:
            if not self._scrypt.acquire(timeout=self._scrypt_vent):
                raise LoginOptaget()
            try:
                # at most `andel` of a core's time on scrypt: after a check of d seconds the next
                # starts d·(1/andel − 1) later — waited for within the wait, else refused
                with self._laas:
                    pause = self._naeste_scrypt - time.monotonic()
                if pause > self._scrypt_vent:
                    raise LoginOptaget()
                if pause > 0:
                    time.sleep(pause)
                start = time.monotonic()
                kontrol.passer = passwords.kontroller_kodeord(kode, gemt)
                slut = time.monotonic()
                with self._laas:
                    self._naeste_scrypt = slut + (slut - start) * (1 / self._scrypt_andel - 1)
            finally:
                self._scrypt.release()
            return kontrol.passer
        finally:
            with self._laas:
                del self._igang[(noegle, gemt)]
            kontrol.faerdig.set()

    def _lokke(self) -> str:
        """A password encrypted under the server key: what a digest token of a user without one
        is decrypted against (the same work as a real one)."""
        if self._lokke_krypteret is None:
            self._lokke_krypteret = passwords.krypter(secrets.token_urlsafe(24))
        return self._lokke_krypteret
