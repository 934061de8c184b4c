"""A process's copy of employments' accounts for the write path (issue 13): a write of a code
that needs the accounts (grundlag_for) read and booked every account event, stored posting,
child and other employment of the person again — a seventh of an OpretHaendelse on SQLite.

The copy is kept by what the accounts are read from: the employment's `kontoversion` (migration
0017: triggers change it on every write to what they are read from, by anyone), read with the
row the write locks anyway, and the reference data's version (the calendars), and by how they
are read (the ferieår, whether of vacation alone, the event left out). While the transaction
holds the lock and has written nothing, an equal key means equal accounts; any other process or
host that wrote since changed the version, so the copy is simply not found.

A write that judged against a copy also keeps the accounts it leaves (its own event booked, or
for a change, the same accounts without it) under the version its write gives (the version read
+ 1: one row, one trigger's step, and nobody else steps it before the commit, which waits for the
lock) — only after its commit: then the next write to the same employment finds them. A miss is
only a read; a wrong hit is impossible while the key is exact, which is why nothing is kept that
is not known exactly.

The accounts kept are shared by the requests that find them: the rules only read a Regnskab
(kvoteregler, vurdering); only its lazily built per-account index is filled, the same by anyone.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from fravaer.domain.ansaettelse import Ansaettelse
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.godkendelse import Status
from fravaer.domain.haendelse import Haendelse
from fravaer.domain.katalog import Katalog
from fravaer.domain.kvoter import Post, Regnskab, ferieaarenes_dage, haendelsens_ferieaar
from fravaer.domain.politik import Feriepolitik, politik_for
from fravaer.service.ports import UnitOfWork
from fravaer.service.regnskaber import KontoHaendelse, laes_dele, tilfoej_haendelser

MAKS = 10_000  # accounts kept per process (a few kB each); the oldest used go first

_AABEN = date(9999, 12, 31)  # an open event's stored last day (tables.HaendelseRow.til_dato)


@dataclass(frozen=True)
class _Kopi:
    """One employment's accounts as read: its stored postings, and its events in the read's
    order (employment, first day, id) with each one's postings and sick days, so that a write's
    own event can be put where a read would put it."""

    koder: dict  # the catalogue's codes it was booked by (Katalog.koder: the same object)
    regnskab: Regnskab
    poster: tuple[Post, ...]
    haendelser: tuple[tuple[KontoHaendelse, tuple[Post, ...], frozenset[date]], ...]


class Kontocache:
    def __init__(self, maks: int = MAKS):
        self._maks = maks
        self._kopier: OrderedDict[tuple, _Kopi | _Vordende] = OrderedDict()
        # each employment's last key kept (its version the newest this process knows): what a
        # write guesses it will find before its lock tells the version (formentlig)
        self._seneste: dict[int, tuple] = {}
        self._laas = threading.Lock()
        self.fundet = self.ikke_fundet = 0  # (the tests' and the bench's counts)

    def hent(self, noegle: tuple, koder: dict) -> _Kopi | None:
        with self._laas:
            kopi = self._kopier.get(noegle)
            if kopi is None or kopi.koder is not koder:
                self.ikke_fundet += 1
                return None
            if type(kopi) is _Vordende:  # booked when first found (most writes are not followed)
                kopi = self._kopier[noegle] = kopi.kopi()
            self._kopier.move_to_end(noegle)
            self.fundet += 1
            return kopi  # type: ignore[return-value]

    def gem(self, noegle: tuple, kopi: _Kopi | _Vordende) -> None:
        with self._laas:
            self._kopier[noegle] = kopi
            self._kopier.move_to_end(noegle)
            sidst = self._seneste.get(noegle[0])
            if sidst is None or sidst[1] <= noegle[1]:
                self._seneste[noegle[0]] = noegle
            while len(self._kopier) > self._maks:
                gammel, _ = self._kopier.popitem(last=False)
                if self._seneste.get(gammel[0]) == gammel:
                    del self._seneste[gammel[0]]

    def har(self, noegle: tuple) -> bool:
        with self._laas:
            return noegle in self._kopier

    def seneste(self, ansaettelse_id: int) -> tuple | None:
        with self._laas:
            return self._seneste.get(ansaettelse_id)

    def ryd(self) -> None:
        with self._laas:
            self._kopier.clear()
            self._seneste.clear()
            self.fundet = self.ikke_fundet = 0


KONTOCACHE = Kontocache()

class _Brugt:
    """A unit of work's accounts of one employment read through the copy: their key and copy,
    the working time of the judged event's days, and the writes of the employment's events
    since (skrevet)."""

    __slots__ = ("katalog", "kopi", "noegle", "skrevet", "tid")

    def __init__(self, noegle: tuple, kopi: _Kopi, katalog: Katalog):
        self.noegle, self.kopi, self.katalog = noegle, kopi, katalog
        self.tid: Arbejdstid | None = None
        self.skrevet: list[tuple[Haendelse | None, Haendelse]] = []


# by unit of work, by employment (held no longer than the unit of work)
_BRUGT: weakref.WeakKeyDictionary[object, dict[int, _Brugt]] = weakref.WeakKeyDictionary()


def regnskab_for(uow: UnitOfWork, katalog: Katalog, a: Ansaettelse, uden: str | None,
                 ferieaar: frozenset[int] | None, kun_ferie: bool) -> Regnskab | None:
    """laes_regnskaber(uow, katalog, [a], uden, ferieaar=ferieaar, kun_ferie=kun_ferie)[a.id]
    through the process's copy; None when the version of a's accounts is not known (not read
    under this transaction's lock, or the transaction has written since): the caller reads."""
    version = uow.ansaettelser.kontoversion(a.id)
    if version is None:
        return None
    noegle = (a.id, version, uow.referencer.version(), ferieaar, kun_ferie, uden)
    kopi = KONTOCACHE.hent(noegle, katalog.koder)
    if kopi is None:
        kopi = _laes(uow, katalog, a, uden, ferieaar, kun_ferie)
        KONTOCACHE.gem(noegle, kopi)
    _BRUGT.setdefault(uow, {})[a.id] = _Brugt(noegle, kopi, katalog)
    return kopi.regnskab


# by unit of work: the employments whose accounts' reads a write left unannounced (formentlig)
_UANNONCERET: weakref.WeakKeyDictionary[object, set[int]] = weakref.WeakKeyDictionary()


def uannonceret(uow: UnitOfWork, ansaettelse_id: int) -> bool:
    """Whether the write's announced reads left the employment's accounts out (formentlig): a
    miss then announces them itself, in one round trip; else they were read ahead already."""
    return ansaettelse_id in _UANNONCERET.get(uow, ())


def formentlig(uow: UnitOfWork, ansaettelse_id: int, ferieaar: frozenset[int] | None, kun_ferie: bool,
               uden: str | None) -> bool:
    """Whether regnskab_for will likely find the accounts in the copy — asked before the reads
    are announced (PostgreSQL: sent with the lock), so that a write that finds them sends none
    of the accounts' reads. Exact once the lock told the version; before it, a guess: the
    newest this process kept for the employment (another process's write since: a miss, whose
    reads then go in one round trip of their own, laes_sammen_ved_miss)."""
    version = uow.ansaettelser.kontoversion(ansaettelse_id)
    if version is not None:
        ja = KONTOCACHE.har((ansaettelse_id, version, uow.referencer.version(), ferieaar, kun_ferie, uden))
    else:
        sidst = KONTOCACHE.seneste(ansaettelse_id)
        ja = sidst is not None and sidst[3:] == (ferieaar, kun_ferie, uden)
    if ja:
        _UANNONCERET.setdefault(uow, set()).add(ansaettelse_id)
    else:
        _UANNONCERET.get(uow, set()).discard(ansaettelse_id)
    return ja


def med_tid(uow: UnitOfWork, ansaettelse_id: int, tid: Arbejdstid) -> None:
    """The working time of the judged event's days, with which a write keeps its own accounts."""
    brugt = _BRUGT.get(uow, {}).get(ansaettelse_id)
    if brugt is not None:
        brugt.tid = tid


def skrevet(uow: UnitOfWork, foer: Haendelse | None, efter: Haendelse) -> None:
    """The unit of work writes the event `efter` (new, or `foer` changed): one row of its
    employment's (efter_commit keeps the accounts it leaves only after exactly one such)."""
    pr = _BRUGT.get(uow)
    if pr is None:
        return
    for aid in {efter.ansaettelse_id, *((foer.ansaettelse_id,) if foer is not None else ())}:
        brugt = pr.get(aid)
        if brugt is not None:
            brugt.skrevet.append((foer, efter))


def _laes(uow: UnitOfWork, katalog: Katalog, a: Ansaettelse, uden: str | None,
          ferieaar: frozenset[int] | None, kun_ferie: bool) -> _Kopi:
    """laes_regnskaber's read for one employment, each event booked on its own (its postings
    kept apart)."""
    haendelser, poster, boern, flere, tider = laes_dele(uow, katalog, [a], uden, ferieaar, kun_ferie)
    egne = haendelser.get(a.id, [])
    tid = tider.get(a.id)
    politik = politik_for(a)
    hver = tuple(_bogfoer(a, politik, katalog, h, tid) for h in egne) if tid is not None else ()
    gemte = tuple(poster[a.id])
    return _Kopi(katalog.koder, _regnskab(a, politik, boern[a.cpr], flere.get(a.id, ()), gemte, hver), gemte,
                 hver)


def _bogfoer(a: Ansaettelse, politik: Feriepolitik, katalog: Katalog, h: KontoHaendelse, tid: Arbejdstid
             ) -> tuple[KontoHaendelse, tuple[Post, ...], frozenset[date]]:
    r = Regnskab(a, politik)
    tilfoej_haendelser(r, katalog, [h], tid)
    return h, tuple(r.poster), frozenset(r.sygedage)


def _regnskab(a: Ansaettelse, politik: Feriepolitik, boern, flere, gemte: tuple[Post, ...],
              hver: tuple[tuple[KontoHaendelse, tuple[Post, ...], frozenset[date]], ...]) -> Regnskab:
    """The Regnskab laes_regnskaber makes of these: the stored postings, then each event's in
    the read's order."""
    poster = list(gemte)
    sygedage: set[date] = set()
    for _, egne, syg in hver:
        poster += egne
        sygedage |= syg
    return Regnskab(a, politik, boern, poster, sygedage, flere)


def efter_commit(uow: UnitOfWork) -> None:
    """After the commit of a single write (OpretHaendelse, RetHaendelse): for each employment
    whose accounts were read through the copy and whose one event row the transaction wrote
    (skrevet) — the only change to its accounts there — the accounts it leaves kept under the
    version that write gave (read + 1): its own event booked where a read would put it, or for a
    change judged without its event, the same accounts (without it they did not change)."""
    for aid, brugt in _BRUGT.pop(uow, {}).items():
        if len(brugt.skrevet) == 1 and brugt.tid is not None:
            _gem_efter(aid, brugt, *brugt.skrevet[0])


def _gem_efter(aid: int, brugt: _Brugt, foer: Haendelse | None, efter: Haendelse) -> None:
    kopi, katalog = brugt.kopi, brugt.katalog
    _, version, reference, ferieaar, kun_ferie, uden = brugt.noegle
    ny = (aid, version + 1, reference, ferieaar, kun_ferie, uden)
    if foer is not None:
        if uden == foer.id == efter.id and foer.ansaettelse_id == efter.ansaettelse_id == aid:
            KONTOCACHE.gem(ny, kopi)
        return
    if uden is not None or efter.ansaettelse_id != aid or brugt.tid is None:
        return
    KONTOCACHE.gem(ny, _Vordende(kopi, katalog, _som_laest(efter), brugt.tid, ferieaar, kun_ferie))


class _Vordende:
    """The accounts a write left (a copy read before it and its own new event), booked only
    when a later write finds them: a write that no other follows pays for no booking."""

    __slots__ = ("ferieaar", "foer", "h", "katalog", "koder", "kun_ferie", "tid")

    def __init__(self, foer: _Kopi, katalog: Katalog, h: KontoHaendelse, tid: Arbejdstid,
                 ferieaar: frozenset[int] | None, kun_ferie: bool):
        self.foer, self.katalog, self.h, self.tid = foer, katalog, h, tid
        self.ferieaar, self.kun_ferie, self.koder = ferieaar, kun_ferie, foer.koder

    def kopi(self) -> _Kopi:
        """The copy with the event booked where a read would put it (if the read takes it)."""
        foer, h = self.foer, self.h
        hver = foer.haendelser
        r = foer.regnskab
        if _laeses(self.katalog, h, self.ferieaar, self.kun_ferie):
            nye = _bogfoer(r.ansaettelse, r.politik, self.katalog, h, self.tid)
            orden = (h.fra, h.id or "")
            plads = len(hver)
            for i, (g, _, _) in enumerate(hver):
                if (g.fra, g.id or "") > orden:
                    plads = i
                    break
            hver = (*hver[:plads], nye, *hver[plads:])
        return _Kopi(foer.koder, _regnskab(r.ansaettelse, r.politik, r.boern, r.flere_loebenumre, foer.poster,
                                           hver), foer.poster, hver)


def glem(uow: UnitOfWork) -> None:
    """The unit of work's reads through the copy forgotten (a write that keeps nothing)."""
    _BRUGT.pop(uow, None)


def _som_laest(h: Haendelse) -> KontoHaendelse:
    d = h.data
    return KontoHaendelse(h.id, h.ansaettelse_id, d.kode, d.fra, d.til, d.minutter, d.barnenummer, d.ferieaar,
                          h.status == Status.AFVENTER)


def _laeses(katalog: Katalog, h: KontoHaendelse, ferieaar: frozenset[int] | None, kun_ferie: bool) -> bool:
    """Whether laes_regnskaber's read (regnskaber.kontohaendelser, then its ferieår's filter)
    takes the event: the same conditions."""
    alle, andre, ferie = _kontokoder(katalog)
    kode_ = h.kode
    if kode_ not in alle:
        return False
    if ferieaar:
        if not ((kode_ in andre and not kun_ferie) or (kode_ in ferie and (
                h.ferieaar in ferieaar or (h.ferieaar is None and _inden_for(ferieaar, h.fra, h.til))))):
            return False
    kode = katalog.koder.get(kode_)
    if ferieaar is not None and kode is not None and kode.traekker_paa_ferieaar and \
            haendelsens_ferieaar(kode, h.fra, h.til, h.ferieaar) not in ferieaar:
        return False
    return True


def _inden_for(ferieaar: frozenset[int], fra: date, til: date | None) -> bool:
    """[fra, til] (til None: open, stored as 9999-12-31) within the ferieår's days
    (ferieaarenes_dage: the read's condition for an event without a ferieår of its own)."""
    foerste, sidste = ferieaarenes_dage(ferieaar)
    return fra >= foerste and (_AABEN if til is None else til) <= sidste


# by the catalogue's codes (the same object while they are the same: Katalog.kontokoder's way):
# kontokoder() and kontokoder_delt() as sets
_KONTOKODER: dict[int, tuple[dict, int, frozenset[str], frozenset[str], frozenset[str]]] = {}


def _kontokoder(katalog: Katalog) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    koder = katalog.koder
    gemt = _KONTOKODER.get(id(koder))
    if gemt is None or gemt[0] is not koder or gemt[1] != len(koder):
        andre, ferie = katalog.kontokoder_delt()
        if len(_KONTOKODER) > 16:
            _KONTOKODER.clear()
        gemt = _KONTOKODER[id(koder)] = (koder, len(koder), frozenset(katalog.kontokoder()),
                                         frozenset(andre), frozenset(ferie))
    return gemt[2], gemt[3], gemt[4]
