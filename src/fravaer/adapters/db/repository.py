"""Repositories: the only way the service layer reaches storage. They speak domain objects."""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from fractions import Fraction
from functools import lru_cache, partial
from itertools import compress
from typing import NamedTuple, TypeVar

from sqlalchemy import (
    Boolean,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal_column,
    null,
    or_,
    select,
    type_coerce,
    union_all,
    update,
)

from fravaer.adapters.db import codec
from fravaer.adapters.db.any_list import blandt
from fravaer.adapters.db.codec import naiv_utc as _naiv
from fravaer.adapters.db.insert_batch import Samler
from fravaer.adapters.db.read_ahead import dato_af_tekst, tid_af_tekst, tupler
from fravaer.adapters.db.reference_cache import REFERENCEVERSION, Referencer
from fravaer.adapters.db.session import Session
from fravaer.adapters.db.tables import (
    AendringRow,
    AnsaettelseRow,
    AnsaettelseshistorikRow,
    BarnRow,
    BrugerRetRow,
    BrugerRow,
    HaendelseRow,
    InstitutionFridagRow,
    InstitutionRow,
    InstitutionSaerdagRow,
    KalenderlogRow,
    KvotepostRow,
    MoedetidRow,
    MoedetidslogRow,
    NonceRow,
    TransaktionRow,
)
from fravaer.adapters.db.upsert import upsert
from fravaer.domain.ansaettelse import Ansaettelse, AnsaettelsesIdent, Institution, Loenform
from fravaer.domain.arbejdstid import Moedetid
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.godkendelse import Status
from fravaer.domain.haendelse import AABEN_SLUT, Haendelse, HaendelseData
from fravaer.domain.kalender import Kalender, SaerdagRegel
from fravaer.domain.kvoter import Art, Barn, Konto, KvoteType, Post


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC)


# the employment relationship: what its history records, row by row
FORHOLD = ("institution_id", "enhed_id", "pkat", "klasse", "stiko", "loenform", "ugentlige_minutter", "akko")


def forhold_af(institution_id: int, a: Ansaettelse) -> dict[str, object]:
    return dict(institution_id=institution_id, enhed_id=a.enhed_id, pkat=a.pkat, klasse=a.klasse,
                stiko=a.stiko, loenform=a.loenform.value, ugentlige_minutter=a.ugentlige_minutter,
                akko=a.akko)


def _ansaettelse(row) -> Ansaettelse:
    """From a row of _ANSAETTELSE (or a statement made from it: the same columns), by position —
    a Row's attribute costs ten times its index, and HentKvoter reads a thousand of them. Made
    without Ansaettelse's __init__, which sets each of its 18 fields through object.__setattr__
    (frozen): the fields in one dict, in their order (a page of HentMedarbejdere makes 500)."""
    (id_, institution_kode, cpr, loebenummer, tjenestenummer, pkat, stiko, loenform, ugentlige_minutter,
     startdato, slutdato, fast_fridag, klasse, feriepolitik, enhed_id, akko,
     postering) = _ANSAETTELSESFELTER(row)
    a = _NY(Ansaettelse)
    _SAET(a, "__dict__", {
        "id": id_, "institution_kode": institution_kode, "cpr": cpr, "loebenummer": loebenummer,
        "tjenestenummer": tjenestenummer, "pkat": pkat, "stiko": stiko, "loenform": _LOENFORM[loenform],
        "ugentlige_minutter": ugentlige_minutter, "startdato": startdato, "slutdato": slutdato,
        "fast_fridag": fast_fridag, "klasse": klasse, "feriepolitik": feriepolitik, "enhed_id": enhed_id,
        "forloeb": (), "akko": akko, "postering": postering})
    return a


_NY = object.__new__
_SAET = object.__setattr__
_NY_TUPEL = tuple.__new__


def _haendelse(row) -> Haendelse:
    """From an ORM instance or a plain row with the table's columns."""
    data = HaendelseData(
        kode=row.kode, fra=row.fra_dato, til=None if row.til_dato == AABEN_SLUT else row.til_dato,
        minutter=row.minutter, barnenummer=row.barnenummer, ferieaar=row.ferieaar,
        bemaerkning=row.bemaerkning, barselssag_id=row.barselssag_id, arbejdsskadesag=row.arbejdsskadesag,
        tjenestefriaarsag=row.tjenestefriaarsag,
    )
    return Haendelse(row.id, row.ansaettelse_id, row.version, data, _utc(row.oprettet),
                     _utc(row.aendret), Status(row.status))


_STATUS = {s.value: s for s in Status}


_NY = object.__new__


def _haendelse_af(*raekke) -> Haendelse:
    """_haendelse of a plain row's fields by position (_HAENDELSER's columns): _haendelser_af of
    one row."""
    return _haendelser_af((raekke,))[0]


# An event's two dicts as _haendelser_af starts them: copied (the keys' table cloned whole), then
# the row's values put in. A dict display of ten keys built its table anew and grew it twice
# (a fifth of making an event, issue 13); the keys and their order are the dataclasses' fields'.
_DATA_TOM = dict.fromkeys(("kode", "fra", "til", "minutter", "barnenummer", "ferieaar", "bemaerkning",
                           "barselssag_id", "arbejdsskadesag", "tjenestefriaarsag"))
_HAENDELSE_TOM = dict.fromkeys(("id", "ansaettelse_id", "version", "data", "oprettet", "aendret", "status",
                                "begrundelse"))
_KOPI = dict.copy


def _haendelser_af(raekker: Sequence[tuple], i_orden: bool = False, tekst: bool = False) -> list[Haendelse]:
    """The events of plain rows' fields by position (_HAENDELSER's columns: a Row's attribute
    costs ten times its index), in one loop: a read maps every event it answers. The two frozen
    dataclasses are filled as HaendelseData.med_ferieaar copies one (their field-by-field
    __init__ was a twelfth of HentHaendelser: issue 13), each's fields given as one dict; what
    __post_init__ would normalise (an open event's 9999-12-31) is normalised here.
    tests/unit/test_haendelsesraekke.py holds it to the constructors.

    `i_orden`: the rows of a read without its ORDER BY, given back in _HAENDELSER_TJNR's order
    (the employment, the first day, created, id). Of one employment, each on a first day of its
    own and in their order (as its index reads them: the usual case), they are in it already,
    which the loop sees as it goes (a date compared with the last); else sorted by that key.
    `tekst`: the dates and times are SQLite's texts (_HAENDELSER_TEKSTDATOER), read here as
    SQLAlchemy reads them (read_ahead's dato_af_tekst, tid_af_tekst); sorted, they sort as the texts."""
    ud: list[Haendelse] = []
    tilfoej = ud.append
    ny, saet, kopi, data_tom, haendelse_tom = _NY, _SAET, _KOPI, _DATA_TOM, _HAENDELSE_TOM
    tider, som_utc, statusser, aaben, dato, tid = (_UTC_TIDER, _som_utc, _STATUS, AABEN_SLUT, dato_af_tekst,
                                                    tid_af_tekst)
    ordnet, forrige, foerste = True, None, None
    for (hid, aid, version, kode, fra, til, minutter, barnenummer, ferieaar, bemaerkning, barselssag_id,
         arbejdsskadesag, tjenestefriaarsag, oprettet, aendret, status) in raekker:
        if tekst:
            fra, til, oprettet, aendret = dato(fra), dato(til), tid(oprettet), tid(aendret)
        if i_orden and ordnet:
            if forrige is None:
                foerste = aid
            elif aid != foerste or fra <= forrige:
                ordnet = False
            forrige = fra
        d = kopi(data_tom)
        d["kode"] = kode
        d["fra"] = fra
        d["til"] = None if til == aaben else til
        # the optional fields only where given (most are not)
        if minutter is not None:
            d["minutter"] = minutter
        if barnenummer is not None:
            d["barnenummer"] = barnenummer
        if ferieaar is not None:
            d["ferieaar"] = ferieaar
        if bemaerkning is not None:
            d["bemaerkning"] = bemaerkning
        if barselssag_id is not None:
            d["barselssag_id"] = barselssag_id
        if arbejdsskadesag is not None:
            d["arbejdsskadesag"] = arbejdsskadesag
        if tjenestefriaarsag is not None:
            d["tjenestefriaarsag"] = tjenestefriaarsag
        data = ny(HaendelseData)
        saet(data, "__dict__", d)
        # an unchanged event's Aendret: the same time, made once
        o = tider.get(oprettet) or som_utc(oprettet)
        e = kopi(haendelse_tom)
        e["id"] = hid
        e["ansaettelse_id"] = aid
        e["version"] = version
        e["data"] = data
        e["oprettet"] = o
        e["aendret"] = o if aendret == oprettet else tider.get(aendret) or som_utc(aendret)
        e["status"] = statusser[status]
        h = ny(Haendelse)
        saet(h, "__dict__", e)
        tilfoej(h)
    if not ordnet:
        return _haendelser_af(sorted(raekker, key=_TJNR_ORDEN), tekst=tekst)
    return ud


_KOMBINER = datetime.combine
# a stored (naive, UTC) time made aware, the same object for the same time, kept between reads
# (bounded, emptied when full): a read's events are mostly of times read before, and the answer
# writes a time it just wrote by identity (svar.Gentagne). Only naive keys: an aware time never
# equals a naive one, so it is never served from here.
_UTC_TIDER: dict[datetime, datetime] = {}


def _som_utc(t: datetime) -> datetime:
    # made UTC by datetime.combine (replace parses its keywords and builds the time twice: a
    # tenth of a HentHaendelser of 200)
    utc = _KOMBINER(t, t.time(), UTC)
    if t.tzinfo is None:
        if len(_UTC_TIDER) >= 8192:
            _UTC_TIDER.clear()
        _UTC_TIDER[t] = utc
    return utc


# The fields a new version may keep as stored, as _ret gives them (the status as its value)
_VALGFRIE = ("status", "kode", "minutter", "barnenummer", "ferieaar", "bemaerkning", "barselssag_id",
             "arbejdsskadesag", "tjenestefriaarsag")
_ALLE_VALGFRIE = (True,) * len(_VALGFRIE)


def _ret(h: Haendelse, forrige_version: int, foer: Haendelse | None) -> tuple[object, dict]:
    """A new version's conditional UPDATE (_RET_HAENDELSE_VILKAAR's kind) and its parameters,
    setting only what differs from `foer`, the version read (when given, of this event, at the
    version the condition names: the row is `foer` when the condition hits). Each field kept is
    a parameter less to send and, on PostgreSQL, a column less for the server to set up at every
    run (a varchar's length check; issue 13); the dates kept are not written on SQLite, whose
    UPDATE rewrites an index entry over any column the SET names (_RET_HAENDELSE_VILKAAR_SAMME_
    DATOER). The comparisons go in C (map, compress): a loop of Python's over the fields cost a
    Ret more than the parameters it saved."""
    d = h.data
    vaerdier = {"b_id": h.id, "b_version": forrige_version, "version": h.version, "aendret": _naiv(h.aendret)}
    nye = (_STATUS_VAERDI.get(h.status) or h.status.value, d.kode, d.minutter, d.barnenummer, d.ferieaar,
           d.bemaerkning, d.barselssag_id, d.arbejdsskadesag, d.tjenestefriaarsag)
    datoer = True
    aendrede = _ALLE_VALGFRIE
    if foer is not None and foer.id == h.id and foer.version == forrige_version:
        # (only the version the condition names is the stored row when the UPDATE hits)
        f = foer.data
        datoer = f.fra != d.fra or f.slut != d.slut
        aendrede = tuple(map(operator.ne, nye, (
            _STATUS_VAERDI.get(foer.status) or foer.status.value, f.kode, f.minutter, f.barnenummer,
            f.ferieaar, f.bemaerkning, f.barselssag_id, f.arbejdsskadesag, f.tjenestefriaarsag)))
    vaerdier.update(zip(compress(_VALGFRIE, aendrede), compress(nye, aendrede), strict=True))
    if datoer:
        vaerdier["fra_dato"] = d.fra
        vaerdier["til_dato"] = d.slut
    return _ret_haendelse_vilkaar(datoer, aendrede), vaerdier


# The hot paths' statements, built once: constructing a select costs more than running it.
_H = HaendelseRow.__table__
# the columns of an event's row (_raekke's keys) and of a transaction's, sorted by name: the form
# a row of theirs waits in (Samler.indsaet_raekke)
_H_FORM = (_H, ("aendret", "ansaettelse_id", "arbejdsskadesag", "barnenummer", "barselssag_id", "bemaerkning",
                "ferieaar", "fra_dato", "id", "kode", "minutter", "oprettet", "status", "til_dato",
                "tjenestefriaarsag", "version"))
_T_FORM = (TransaktionRow.__table__, ("id", "indhold_hash", "institution", "operation", "svar", "tidspunkt"))
# an enum's .value is a Python property (a call per use); a dict lookup by the member is not
_STATUS_VAERDI = {s: s.value for s in Status}


def _vaerdier(h: Haendelse) -> tuple:
    """An event's row: its values in the order of _H_FORM's columns."""
    d = h.data
    return (_naiv(h.aendret), h.ansaettelse_id, d.arbejdsskadesag, d.barnenummer, d.barselssag_id,
            d.bemaerkning, d.ferieaar, d.fra, h.id, d.kode, d.minutter, _naiv(h.oprettet),
            _STATUS_VAERDI.get(h.status) or h.status.value, d.slut, d.tjenestefriaarsag, h.version)

_A = AnsaettelseRow.__table__
_I = InstitutionRow.__table__
_B = BrugerRow.__table__
_R = BrugerRetRow.__table__
_N = NonceRow.__table__
_AH = AnsaettelseshistorikRow.__table__
# How many dates the employment's history has: with one (the usual case) it never changed, and
# the history need not be read at all (HistorikRepository.forloeb: one statement less per request)
_HISTORIK_DATOER = (select(func.count()).select_from(_AH).where(_AH.c.ansaettelse_id == _A.c.id)
                    .correlate(_A).scalar_subquery().label("historik_datoer"))
# and the reference data's version (reference_cache) comes with every read of employments, as a
# request's first statement nearly always is one: no statement of its own for it (as of the
# statement's start, also when it waited for a lock: the reference data as the request found it).
_ANSAETTELSE = select(*_A.columns, _I.c.kode.label("institution_kode"), _HISTORIK_DATOER,
                      REFERENCEVERSION).join(_I, _I.c.id == _A.c.institution_id)
_K = {navn: i for i, navn in enumerate(_ANSAETTELSE.selected_columns.keys())}  # column → position
_ANSAETTELSESFELTER = operator.itemgetter(*(_K[f] for f in (
    "id", "institution_kode", "cpr", "loebenummer", "tjenestenummer", "pkat", "stiko", "loenform",
    "ugentlige_minutter", "startdato", "slutdato", "fast_fridag", "klasse", "feriepolitik", "enhed_id",
    "akko", "postering")))
_LOENFORM = {f.value: f for f in Loenform}
_ANSAETTELSE_TJNR = _ANSAETTELSE.where(_A.c.tjenestenummer == bindparam("tjnr"))
_ANSAETTELSE_CPR = _ANSAETTELSE.where(_A.c.cpr == bindparam("cpr"),
                                      _A.c.loebenummer == bindparam("lbnr"))
_ANSAETTELSE_BEGGE = _ANSAETTELSE.where(or_(
    _A.c.tjenestenummer == bindparam("tjnr"),
    and_(_A.c.cpr == bindparam("cpr"), _A.c.loebenummer == bindparam("lbnr"))))
_ANSAETTELSER_TJNR = _ANSAETTELSE.where(blandt(_A.c.tjenestenummer, "tjnr"))
# The same on SQLite for many (find_mange): an employment's own fields as values, the fields a
# batch's employments mostly share, its history dates' count and the reference version as one
# JSON array (json_array: NULLs and any text kept exactly), read once per distinct text by
# _faelles_af_tekst: 6 values a row for the driver, not 20 (some 900 instructions each, issue 13)
_FAELLES = ("institution_kode", "pkat", "stiko", "loenform", "ugentlige_minutter", "slutdato", "fast_fridag",
            "klasse", "feriepolitik", "enhed_id", "akko", "postering")
_ANSAETTELSER_TJNR_SAMLET = select(
    _A.c.id, _A.c.cpr, _A.c.loebenummer, _A.c.tjenestenummer, _A.c.startdato,
    func.json_array(*(_ANSAETTELSE.selected_columns[f] for f in (*_FAELLES, "historik_datoer",
                                                                  "referenceversion")),
                    type_=String).label("faelles"),
).join(_I, _I.c.id == _A.c.institution_id).where(blandt(_A.c.tjenestenummer, "tjnr"))


@lru_cache(maxsize=1024)
def _faelles_af_tekst(tekst: str) -> tuple[dict, int, object]:
    """_ANSAETTELSER_TJNR_SAMLET's JSON text as (an Ansaettelse's __dict__ as _ansaettelse makes
    it, the row's own five fields None; the history dates' count; the reference version). Only
    read (copied for each employment)."""
    (institution_kode, pkat, stiko, loenform, ugentlige_minutter, slutdato, fast_fridag, klasse, feriepolitik,
     enhed_id, akko, postering, datoer, version) = json.loads(tekst)
    return ({"id": None, "institution_kode": institution_kode, "cpr": None, "loebenummer": None,
             "tjenestenummer": None, "pkat": pkat, "stiko": stiko, "loenform": _LOENFORM[loenform],
             "ugentlige_minutter": ugentlige_minutter, "startdato": None,
             "slutdato": None if slutdato is None else dato_af_tekst(slutdato), "fast_fridag": fast_fridag,
             "klasse": klasse, "feriepolitik": feriepolitik, "enhed_id": enhed_id, "forloeb": (),
             "akko": akko, "postering": postering}, datoer, version)


# a page of employments (HentMedarbejdere): keyset paging by id
_SIDE = _ANSAETTELSE.where(_A.c.id > bindparam("efter")).order_by(_A.c.id).limit(bindparam("antal"))
_SIDE_I = _SIDE.where(blandt(_I.c.kode, "koder"))
# the same without counting each employment's history dates (NULL in its place, the columns keep
# their positions): for a reader that does not ask how the relationship changed over time, the
# count was three quarters of the PostgreSQL server's time for a page of 500 (issue 13)
_SIDE_UDEN_DATOER = (select(*_A.columns, _I.c.kode.label("institution_kode"), null().label("historik_datoer"),
                            REFERENCEVERSION).join(_I, _I.c.id == _A.c.institution_id)
                     .where(_A.c.id > bindparam("efter")).order_by(_A.c.id).limit(bindparam("antal")))
_SIDE_I_UDEN_DATOER = _SIDE_UDEN_DATOER.where(blandt(_I.c.kode, "koder"))
# the employment of an event, by the event's id (a Core statement: it can go with the event's own
# read in one round trip, adapters/db/read_ahead.py)
_ANSAETTELSE_AF_HAENDELSE = _ANSAETTELSE.where(
    _A.c.id == select(_H.c.ansaettelse_id).where(_H.c.id == bindparam("hid")).scalar_subquery())
# the same, locked: a RetHaendelse/SletHaendelse locks its employment in its first round trip,
# before it knows the employment's id (the event read after it, in the same round trip, is then
# as of the lock)
_ANSAETTELSE_AF_HAENDELSE_LAAST = _ANSAETTELSE_AF_HAENDELSE.with_for_update(of=_A)
_ANSAETTELSER_CPR = _ANSAETTELSE.where(blandt(_A.c.cpr, "cprs"))
_MED_FLERE = (select(_A.c.cpr).where(blandt(_A.c.cpr, "cprs"))
              .group_by(_A.c.cpr).having(func.count() > 1))
_LAAS = select(REFERENCEVERSION).select_from(_A).where(_A.c.id == bindparam("aid")).with_for_update(of=_A)
_LAAS_MANGE = select(_A.c.id).where(blandt(_A.c.id, "ids")).order_by(_A.c.id).with_for_update()
_ANSAETTELSE_LAAST = {q: q.with_for_update(of=_A)
                      for q in (_ANSAETTELSE_TJNR, _ANSAETTELSE_CPR, _ANSAETTELSE_BEGGE)}
# On PostgreSQL a locking find does not count the history's dates: its snapshot was taken before
# the lock waited, so _en does not trust the count, and efter_laasen (or the history) reads it
# after the lock. The same statements with NULL in the count's place (the columns keep their
# positions): an aggregate over the history's index less per write (issue 13)
_ANSAETTELSE_LAAST_PG = {q: laast.with_only_columns(*(null().label("historik_datoer") if c is _HISTORIK_DATOER
                                                        else c for c in laast.selected_columns))
                         for q, laast in ((*_ANSAETTELSE_LAAST.items(),
                                       (_ANSAETTELSE_AF_HAENDELSE, _ANSAETTELSE_AF_HAENDELSE_LAAST)))}
# And when the request's login check reads the reference version in the same transaction, before
# it (Kerne.version_med_login; it goes first in the round trip): the employment alone, without
# the version and the institution's code (NULL in their places), which come from that check and
# from the copy of the reference data (_fuldt). The institution's join and the version's
# subquery were 61k of the server's instructions per write (issue 13)
_INSTITUTION_ID_PLADS, _INSTITUTIONSKODE_PLADS = _K["institution_id"], _K["institution_kode"]
if list(_K)[_INSTITUTIONSKODE_PLADS:] != ["institution_kode", "historik_datoer", "referenceversion"]:
    raise RuntimeError("_fuldt puts the code, the count and the version last, in this order")
# The three (the code, the count, NULL there, and the version) are not columns of the statement at
# all: each NULL column cost the server ~3k instructions a run (its type looked up for the
# result's descriptor, in the scan's and the lock's target lists: issue 13), and _fuldt puts them
# back in their places
_ANSAETTELSE_LAAST_KORT = {
    q: select(*laast.selected_columns[:_INSTITUTIONSKODE_PLADS]).where(*laast._where_criteria)
    .with_for_update(of=_A)
    for q, laast in _ANSAETTELSE_LAAST_PG.items()}
_INSTITUTIONSKODE = select(_I.c.kode).where(_I.c.id == bindparam("iid"))
# The same for a read of one employment by its tjenestenummer (find_mange: HentHaendelser's
# usual read) whose login check reads the version before it: the institution's join and the
# version's subquery left to that check and the copy (_fuldt), as a locking find's (issue 13)
# (without the code's and the version's columns: the history's count in the code's place, _fuldt)
_ANSAETTELSER_TJNR_KORT = select(*(c for c in _ANSAETTELSER_TJNR.selected_columns
                                   if c.key not in ("institution_kode", "referenceversion"))
                                 ).where(*_ANSAETTELSER_TJNR._where_criteria)
# On SQLite a write's locking read of its employment also says whether it has stored postings,
# registered working times and events (probes of their indexes): under the write lock nobody else
# changes them, so an employment without (the usual one; for events a new one) needs none of
# those reads, each a statement under the lock that the writers take turns at (issue 13;
# Kerne.tomme)
_ANDEN = _A.alias("anden")
_HAR = (exists().where(KvotepostRow.__table__.c.ansaettelse_id == _A.c.id).correlate(_A)
        .label("har_kvoteposter"),
        exists().where(MoedetidRow.__table__.c.ansaettelse_id == _A.c.id).correlate(_A)
        .label("har_moedetider"),
        # and whether its person has children or another employment (BoernRepository.med_flere)
        or_(exists().where(BarnRow.__table__.c.foraelder_cpr == _A.c.cpr).correlate(_A),
            exists().where(_ANDEN.c.cpr == _A.c.cpr, _ANDEN.c.id != _A.c.id).correlate(_A))
        .label("har_boern_eller_flere"))
# (whether it has events only where it may have none, the find by its keys; on SQLite only:
# PostgreSQL reads the period's and the accounts' events in one statement announced with the lock,
# i_perioden_og_konto)
_HAR_HAENDELSER = exists().where(_H.c.ansaettelse_id == _A.c.id).correlate(_A).label("har_haendelser")
# On SQLite the flags as one column, a bit each (SQLite's EXISTS and OR give 0 or 1): a column
# costs the driver its name, its description and its value per read (issue 13)
_KVOTEPOSTER_BIT, _MOEDETIDER_BIT, _BOERN_BIT, _HAENDELSER_BIT = 1, 2, 4, 8


def _bit(flag, bit: int):
    return type_coerce(flag, Integer) * literal_column(str(bit))


_HAR_BITS = _bit(_HAR[0], _KVOTEPOSTER_BIT) + _bit(_HAR[1], _MOEDETIDER_BIT) + _bit(_HAR[2], _BOERN_BIT)
_HAR_ALT = (_HAR_BITS + _bit(_HAR_HAENDELSER, _HAENDELSER_BIT)).label("har")
_MED_HAR = {**{q: q.add_columns(_HAR_ALT) for q in _ANSAETTELSE_LAAST.values()},
            _ANSAETTELSE_AF_HAENDELSE_LAAST:
                _ANSAETTELSE_AF_HAENDELSE_LAAST.add_columns(_HAR_BITS.label("har"))}
# On PostgreSQL the same, and the history's number of dates, read by a statement of its own sent
# right after a write's locking find, in its round trip (AnsaettelseRepository.efter_laasen): its
# snapshot is taken once the lock is held, so it sees what every writer that held the lock before
# committed (the locking read's own snapshot was taken before it waited). An employment without
# them (the usual one) then needs neither the history nor those reads (four statements).
# Whether the history has a second date (all efter_laasen asks of it): a probe of its index that
# stops at that row, not a count (an aggregate's set-up in the server per write)
_FLERE_DATOER = (select(_AH.c.gyldig_fra).where(_AH.c.ansaettelse_id == _A.c.id).correlate(_A)
                 .offset(literal_column("1")).exists().label("flere_datoer"))
_EFTER_LAASEN = {q: select(_A.c.id, _A.c.cpr, _FLERE_DATOER, *_HAR).where(hvor)
                 for q, hvor in ((_ANSAETTELSE_TJNR, _A.c.tjenestenummer == bindparam("tjnr")),
                                 (_ANSAETTELSE_CPR, and_(_A.c.cpr == bindparam("cpr"),
                                                         _A.c.loebenummer == bindparam("lbnr"))),
                                 (_ANSAETTELSE_BEGGE, or_(
                                     _A.c.tjenestenummer == bindparam("tjnr"),
                                     and_(_A.c.cpr == bindparam("cpr"),
                                          _A.c.loebenummer == bindparam("lbnr")))),
                                 (_ANSAETTELSE_AF_HAENDELSE, _A.c.id == select(_H.c.ansaettelse_id).where(
                                     _H.c.id == bindparam("hid")).scalar_subquery()))}

# The same asked of the employment a guessed write sent its reads for (its id and CPR given: an
# employment's CPR never changes), without finding it again: a scan of ansaettelse less in the
# server per guessed write (issue 13). Used only when the lock found that employment
# (efter_laasen's `gaet`); else the read by the key follows, after the lock as this one
_GAET_ID, _GAET_CPR = bindparam("aid", type_=_A.c.id.type), bindparam("cpr", type_=_A.c.cpr.type)
_EFTER_LAASEN_GAETTET = select(
    select(_AH.c.gyldig_fra).where(_AH.c.ansaettelse_id == _GAET_ID).offset(literal_column("1"))
    .exists().label("flere_datoer"),
    exists().where(KvotepostRow.__table__.c.ansaettelse_id == _GAET_ID).label("har_kvoteposter"),
    exists().where(MoedetidRow.__table__.c.ansaettelse_id == _GAET_ID).label("har_moedetider"),
    or_(exists().where(BarnRow.__table__.c.foraelder_cpr == _GAET_CPR),
        exists().where(_ANDEN.c.cpr == _GAET_CPR, _ANDEN.c.id != _GAET_ID)).label("har_boern_eller_flere"))

_MED_HAR_VAERDIER = frozenset(_MED_HAR.values())
# SQLite: a change's or deletion's locking read of the event's employment with the event's own
# row (_HAENDELSE's columns after the employment's): one statement under the write lock, not two
# (af_haendelse_og_haendelse; the write lock is held, so the two are read as of the same moment)
_AF_HAENDELSE_MED_HAENDELSEN = (_ANSAETTELSE.add_columns(_HAR_BITS.label("har"), *_H.columns)
                                .join(_H, _H.c.ansaettelse_id == _A.c.id).where(_H.c.id == bindparam("hid")))
_HAENDELSEN_FRA = len(_K) + 1  # where its event's columns begin
_HAR_PLADS = len(_K)  # the flags' position
# the employment with this tjenestenummer, as a condition on the id: a read of its events and
# working times can go in the round trip that reads the employment (its id not yet known), and be
# kept if the user may read it (Haendelsestjeneste.hent). One number, as a subquery: by a list, or
# joined, PostgreSQL planned the statement anew every time (three times the server's CPU of the
# statements by id)
_AF_TJNR = (blandt(_H.c.ansaettelse_id, "ids"),
            _H.c.ansaettelse_id.in_(select(_A.c.id).where(_A.c.tjenestenummer == bindparam("tjnr"))))
_HAENDELSER, _HAENDELSER_TJNR = (select(*_H.columns).where(
    hvis, _H.c.fra_dato <= bindparam("til"), _H.c.til_dato >= bindparam("fra"),
).order_by(_H.c.ansaettelse_id, _H.c.fra_dato, _H.c.oprettet, _H.c.id) for hvis in _AF_TJNR)
_KONTOHAENDELSER = select(
    _H.c.id, _H.c.ansaettelse_id, _H.c.kode, _H.c.fra_dato, _H.c.til_dato, _H.c.minutter, _H.c.barnenummer,
    _H.c.ferieaar, _H.c.status,
).where(blandt(_H.c.ansaettelse_id, "ids"),
        blandt(_H.c.kode, "koder")
).order_by(_H.c.ansaettelse_id, _H.c.fra_dato)  # then by id: kontohaendelser
_KONTOORDEN = operator.itemgetter(1, 3, 0)  # a KontoHaendelse's employment, first day, id
# of the vacation codes (`ferie`) only the events of the given ferieår, or without one of their
# own within the given days (the caller's choice: kontohaendelser' `ferieaar`); the other codes'
# (`andre`) all
_KONTOHAENDELSER_FERIEAAR = select(*_KONTOHAENDELSER.selected_columns).where(
    blandt(_H.c.ansaettelse_id, "ids"),
    or_(blandt(_H.c.kode, "andre"),
        and_(blandt(_H.c.kode, "ferie"),
             or_(blandt(_H.c.ferieaar, "aar"),
                 and_(_H.c.ferieaar.is_(None), _H.c.fra_dato >= bindparam("fra"),
                      _H.c.til_dato <= bindparam("til")))))
).order_by(_H.c.ansaettelse_id, _H.c.fra_dato)
# A write's two reads of its employment's events (the rules' period, i_perioden; the account
# codes' events, kontohaendelser) as one statement. One statement less per write with accounts:
# the server's set-up and the worker's per statement (HaendelseRepository.i_perioden_og_konto;
# issue 13). Which of the two reads a row answers the worker decides again by the same
# conditions (i_perioden, _i_konto): as columns of the statement (two boolean expressions
# of ten operators) the server set them up at every run, ~19k of a guessed Opret's ~140k for
# this read. In its index's order only (the employment, the first day): no Sort in the server's
# plan; each read puts its rows in its own order (i_perioden's: _SAMLET_ORDEN)
_I_PERIODEN = and_(_H.c.fra_dato <= bindparam("til"), _H.c.til_dato >= bindparam("fra"))
_SAMLET_ORDEN = operator.itemgetter(4, 13, 0)  # a row's first day, created, id (one employment's)
_HAENDELSER_OG_KONTO, _HAENDELSER_OG_KONTO_FERIEAAR = (
    select(*_H.columns)
    .where(_H.c.ansaettelse_id == bindparam("aid"), or_(_I_PERIODEN, konto))
    .order_by(_H.c.ansaettelse_id, _H.c.fra_dato)
    for konto in (blandt(_H.c.kode, "koder"),
                  or_(blandt(_H.c.kode, "andre"),
                      and_(blandt(_H.c.kode, "ferie"),
                           or_(blandt(_H.c.ferieaar, "aar"),
                               and_(_H.c.ferieaar.is_(None), _H.c.fra_dato >= bindparam("ferie_fra"),
                                    _H.c.til_dato <= bindparam("ferie_til")))))))
_KONTOFELTER = operator.itemgetter(0, 1, 3, 4, 5, 6, 7, 8, 15)  # a combined row's KontoHaendelse fields
_KORT = select(_H.c.ansaettelse_id, _H.c.kode, _H.c.fra_dato, _H.c.til_dato, _H.c.minutter).where(
    blandt(_H.c.ansaettelse_id, "ids"),
    _H.c.fra_dato <= bindparam("til"), _H.c.til_dato >= bindparam("fra"),
    _H.c.status == Status.GODKENDT.value)  # only approved events reach the statistics (§17)
_HAENDELSER_MED_KODER = _HAENDELSER.where(blandt(_H.c.kode, "koder"))
_HAENDELSER_TJNR_MED_KODER = _HAENDELSER_TJNR.where(blandt(_H.c.kode, "koder"))
# The same reads by tjenestenummer without the ORDER BY, the rows put in its order by the worker
# (_TJNR_ORDEN), where the server's text order of haendelse.id is Python's (Kerne.kodepunktorden;
# else the statements above): the server's Sort and its set-up were a tenth of a HentHaendelser
# of 20 events' server work, a fifth of 200's (issue 13); tests/integration/
# test_haendelser_tjnr_orden.py holds the two orders alike.
_HAENDELSER_TJNR_UORDNET, _HAENDELSER_TJNR_UORDNET_MED_KODER = (
    q.order_by(None) for q in (_HAENDELSER_TJNR, _HAENDELSER_TJNR_MED_KODER))
_TJNR_ORDEN = operator.itemgetter(1, 4, 13, 0)  # the employment, first day, created, id


_TJNR = {False: (_HAENDELSER_TJNR, _HAENDELSER_TJNR_MED_KODER),
         True: (_HAENDELSER_TJNR_UORDNET, _HAENDELSER_TJNR_UORDNET_MED_KODER)}
# i_perioden's read of one employment likewise (SQLite's BINARY collation is code point order
# too: its sorter was a fifth of the statement's run for 20 events, issue 13)
_HAENDELSER_UORDNET, _HAENDELSER_UORDNET_MED_KODER = (
    q.order_by(None) for q in (_HAENDELSER, _HAENDELSER_MED_KODER))
# On SQLite its dates and times as the texts stored (typed as text: no result processor), read by
# _haendelser_af as it makes the events (read_ahead's kept texts): SQLAlchemy's processing of
# four columns turned the rows into columns and back (83k of a HentHaendelser of 20, issue 13)
_TEKSTDATOER = frozenset({"fra_dato", "til_dato", "oprettet", "aendret"})
_HAENDELSER_TEKSTDATOER, _HAENDELSER_TEKSTDATOER_MED_KODER = (
    q.with_only_columns(*(type_coerce(c, String).label(c.key) if c.key in _TEKSTDATOER else c
                          for c in q.selected_columns))
    for q in (_HAENDELSER_UORDNET, _HAENDELSER_UORDNET_MED_KODER))
# by (without the ORDER BY, dates as text)
_EN = {(False, False): (_HAENDELSER, _HAENDELSER_MED_KODER),
       (True, False): (_HAENDELSER_UORDNET, _HAENDELSER_UORDNET_MED_KODER),
       (True, True): (_HAENDELSER_TEKSTDATOER, _HAENDELSER_TEKSTDATOER_MED_KODER)}
# The reads of a change's other events (RetHaendelse: the rules' period, the accounts) without the
# event being changed (`uden`, the service's choice): it was read under the lock already, and each
# read fetched, decoded and mapped it again only for the service to drop it (issue 13). The same
# statements with one condition more, by statement (the read-ahead keys and plans stay apart).
_UDEN = _H.c.id != bindparam("uden")
_MED_UDEN = {q: q.where(_UDEN) for q in (_HAENDELSER, _HAENDELSER_MED_KODER, _HAENDELSER_UORDNET,
                                         _HAENDELSER_UORDNET_MED_KODER, _HAENDELSER_TEKSTDATOER,
                                         _HAENDELSER_TEKSTDATOER_MED_KODER, _KONTOHAENDELSER,
                                         _KONTOHAENDELSER_FERIEAAR, _HAENDELSER_OG_KONTO,
                                         _HAENDELSER_OG_KONTO_FERIEAAR)}
# The same for the balances alone (kontohaendelser' `saldi`): without the events' ids, and the
# status NULL where it is the usual (Godkendt): a NULL costs the driver less than a text (on
# SQLite some 400 instructions a row; kontohaendelser asks only whether it is Afventer)
_SALDI_KOLONNER = (*_KONTOHAENDELSER.selected_columns[1:-1],
                   func.nullif(_H.c.status, literal_column(f"'{Status.GODKENDT.value}'")).label("status"))
_SALDI = {q: q.with_only_columns(*_SALDI_KOLONNER) for q in (
    _KONTOHAENDELSER, _KONTOHAENDELSER_FERIEAAR, _MED_UDEN[_KONTOHAENDELSER],
    _MED_UDEN[_KONTOHAENDELSER_FERIEAAR])}
# A code as SQL text (_kontohaendelser_med_koder): the catalogue's codes are digits and letters;
# any other code keeps the statement with its lists bound
_KODE_SOM_TEKST = re.compile(r"[0-9A-Za-z_-]{1,20}")


@lru_cache(maxsize=64)
def _kontohaendelser_med_koder(koder: tuple[str, ...], ferie: tuple[str, ...] | None,
                               uden: bool, saldi: bool = False) -> Select | None:
    """SQLite: _KONTOHAENDELSER (`ferie` None: `koder` are its codes) or _KONTOHAENDELSER_FERIEAAR
    (`koder` its `andre`), the catalogue's account codes written into the text as comparisons
    (kode = '110' OR kode = '520' …), not as an IN list of bound values: SQLite builds a table
    of an IN list of more than two values at every run, and sqlite3 binds each value apart (the
    statement's run with 17 codes 98.7k instructions, as an IN list of written values 81.5k, as
    comparisons 44.1k; the same index and plan, issue 13). One statement object per catalogue's
    codes (kept: its plan too); the same rows. None where a code is not plain text (the bound
    statement then). `saldi`: without the events' ids (_SALDI)."""
    if (not koder and not ferie) or ferie == () or not all(
            _KODE_SOM_TEKST.fullmatch(k) for k in (*koder, *(ferie or ()))):
        return None

    def blandt_koderne(ks: tuple[str, ...]):
        return or_(*[_H.c.kode == literal_column(f"'{k}'") for k in ks])

    if ferie is None:
        betingelse = blandt_koderne(koder)
    else:  # (no `koder`: the vacation codes' events of the ferieår alone, kun_ferie's read)
        ferien = and_(blandt_koderne(ferie),
                      or_(blandt(_H.c.ferieaar, "aar"),
                          and_(_H.c.ferieaar.is_(None), _H.c.fra_dato >= bindparam("fra"),
                               _H.c.til_dato <= bindparam("til"))))
        betingelse = or_(blandt_koderne(koder), ferien) if koder else ferien
    q = select(*(_SALDI_NOEGLE if saldi else _KONTOHAENDELSER.selected_columns)).where(
        blandt(_H.c.ansaettelse_id, "ids"), betingelse).order_by(_H.c.ansaettelse_id, _H.c.fra_dato)
    return q.where(_UDEN) if uden else q


# SQLite, for the balances alone (_kontohaendelser_med_koder's `saldi`): an event's row as its
# employment and one text of the rest, '|' between (kode|fra|til|minutter|barnenummer|ferieaar|
# afventer; a NULL as ''): the driver makes two values of a row, not eight (some 900
# instructions each, a HentKvoter of 1,000 reads 3,000 rows), and the text is read once per
# distinct one (_saldo_af_noegle). The codes are _KODE_SOM_TEKST's (no '|'), the rest dates and
# integers.
_SALDI_NOEGLE: tuple = (_H.c.ansaettelse_id, literal_column(
    "printf('%s|%s|%s|%s|%s|%s|%d', " + ", ".join(
        [*(f"{_H.name}.{k}" for k in ("kode", "fra_dato", "til_dato", "minutter", "barnenummer", "ferieaar")),
         f"{_H.name}.status = '{Status.AFVENTER.value}'"]) + ")").label("noegle"))


@lru_cache(maxsize=4096)
def _saldo_af_noegle(noegle: str) -> tuple:
    """A _SALDI_NOEGLE text as the KontoHaendelse fields after the employment's: (kode, fra,
    til or None when open, minutter, barnenummer, ferieaar, afventer), the dates as the driver's
    own read of the columns (dato_af_tekst)."""
    kode, fra, til, minutter, barn, aar, afventer = noegle.split("|")
    til_dato = dato_af_tekst(til) if til else None
    return (kode, dato_af_tekst(fra), None if til_dato == AABEN_SLUT else til_dato,
            int(minutter) if minutter else None, int(barn) if barn else None, int(aar) if aar else None,
            afventer == "1")


@lru_cache(maxsize=64)
def _haendelser_og_konto_skrevet(koder: tuple[str, ...], ferie: tuple[str, ...] | None,
                                 aar: tuple[int, ...] | None, uden: bool) -> Select | None:
    """PostgreSQL: _HAENDELSER_OG_KONTO (`ferie` None) or _HAENDELSER_OG_KONTO_FERIEAAR (`koder`
    its `andre`) with the catalogue's account codes and the ferieår written into the text as
    array constants, not bound: a bound array is read (array_in) at every run of the statement,
    a constant once, when the server plans it (the same plan and rows), and the worker neither
    writes the arrays' texts nor keys its reads ahead by them (a guessed Opret: server 847k ->
    829k instructions, worker 2,210k -> 2,101k; issue 13). One statement object per codes and
    ferieår (kept: the read-ahead keys by it, the server's prepared statement too; a new
    ferieår's set is a new prepared statement, few in use at a time). None where a code is not
    plain text (the bound statement then)."""
    if (not koder and not ferie) or ferie == () or aar == () or not all(
            _KODE_SOM_TEKST.fullmatch(k) for k in (*koder, *(ferie or ()))):
        return None

    def blandt_koderne(ks: tuple[str, ...]):
        # each quoted in the array (an unquoted NULL would be none); the codes match
        # _KODE_SOM_TEKST, so nothing in them needs escaping
        return literal_column("haendelse.kode = ANY ('{%s}'::text[])"
                              % ",".join(f'"{k}"' for k in ks), Boolean)

    if ferie is None:
        konto = blandt_koderne(koder)
    else:
        ferien = and_(blandt_koderne(ferie),
                      or_(literal_column("haendelse.ferieaar = ANY ('{%s}'::integer[])"
                                         % ",".join(str(int(a)) for a in aar or ()), Boolean),
                          and_(_H.c.ferieaar.is_(None), _H.c.fra_dato >= bindparam("ferie_fra"),
                               _H.c.til_dato <= bindparam("ferie_til"))))
        # (no `koder`: the vacation codes' events of the ferieår alone, kun_ferie's read)
        konto = or_(blandt_koderne(koder), ferien) if koder else ferien
    q = (select(*_H.columns)
         .where(_H.c.ansaettelse_id == bindparam("aid"), or_(_I_PERIODEN, konto))
         .order_by(_H.c.ansaettelse_id, _H.c.fra_dato))
    return q.where(_UDEN) if uden else q


# _haendelser_af unpacks the columns of _HAENDELSER in the table's order, so that a row goes to it
# as it is read (an itemgetter reordering nothing copied every row)
if list(_HAENDELSER.selected_columns.keys()) != [
        "id", "ansaettelse_id", "version", "kode", "fra_dato", "til_dato", "minutter", "barnenummer",
        "ferieaar", "bemaerkning", "barselssag_id", "arbejdsskadesag", "tjenestefriaarsag", "oprettet",
        "aendret", "status"]:
    raise RuntimeError("haendelse's columns are not in _haendelser_af's order")
_HAENDELSE = select(*_H.columns).where(_H.c.id == bindparam("hid"))
_HAENDELSE_IDER = select(*_H.columns).where(blandt(_H.c.id, "hids"))
_T = TransaktionRow.__table__
_TRANSAKTION = select(_T.c.id, _T.c.operation, _T.c.indhold_hash, _T.c.svar).where(
    _T.c.id == bindparam("tid"), blandt(_T.c.institution, "institutioner")
).order_by(_T.c.institution)
_FINDES = select(_T.c.id).where(blandt(_T.c.id, "ider"), blandt(_T.c.institution, "institutioner"))
_RET_HAENDELSE = update(_H).where(_H.c.id == bindparam("b_id"), _H.c.version == bindparam("b_version"))
_SLET_HAENDELSE = delete(_H).where(_H.c.id == bindparam("hid"), _H.c.version == bindparam("version"))
# the same as a condition of the write's other rows (Samler.samlet(vilkaar)): RETURNING tells
# whether it hit, also as a CTE
_RET_FELTER = ("version", "aendret", "status", "kode", "fra_dato", "til_dato", "minutter", "barnenummer",
               "ferieaar", "bemaerkning", "barselssag_id", "arbejdsskadesag", "tjenestefriaarsag")
_RET_HAENDELSE_VILKAAR = _RET_HAENDELSE.values({k: bindparam(k, type_=_H.c[k].type)
                                                for k in _RET_FELTER}).returning(_H.c.id)
# A new version whose dates are the stored ones leaves them out of SET: SQLite rewrites every
# index over a column the SET names, changed or not, and ix_haendelse_ansaettelse_periode's entry
# was one WAL page of every such write (an approval, a Ret of other fields; issue 13).
_DATOER = ("fra_dato", "til_dato")
_RET_HAENDELSE_VILKAAR_SAMME_DATOER = _RET_HAENDELSE.values(
    {k: bindparam(k, type_=_H.c[k].type) for k in _RET_FELTER if k not in _DATOER}).returning(_H.c.id)
_SLET_HAENDELSE_VILKAAR = _SLET_HAENDELSE.returning(_H.c.id)


@lru_cache(maxsize=256)
def _ret_haendelse_vilkaar(datoer: bool, aendrede: tuple[bool, ...]):
    """_RET_HAENDELSE_VILKAAR setting the version, the time, the dates when `datoer` and those of
    _VALGFRIE marked in `aendrede` (_ret). One statement object per set of fields (kept: the
    read-ahead and the server's prepared statement key by it; few sets are in use)."""
    if aendrede == _ALLE_VALGFRIE:
        return _RET_HAENDELSE_VILKAAR if datoer else _RET_HAENDELSE_VILKAAR_SAMME_DATOER
    felter = ("version", "aendret", *compress(_VALGFRIE, aendrede), *(_DATOER if datoer else ()))
    return _RET_HAENDELSE.values({k: bindparam(k, type_=_H.c[k].type) for k in felter}).returning(_H.c.id)


_LOGIN = (select(_B.c.navn, _B.c.kodeord_hash, _B.c.kodeord_krypteret, _B.c.administrator, _B.c.aktiv,
                 _R.c.ret, _I.c.kode.label("institution_kode"))
          .select_from(_B.outerjoin(_R, _R.c.bruger_id == _B.c.id)
                       .outerjoin(_I, _I.c.id == _R.c.institution_id))
          .where(_B.c.navn == bindparam("navn")))
_CERTIFIKAT = select(_B.c.navn).where(_B.c.certifikat == bindparam("certifikat"))


_INSTITUTION_ID = select(_I.c.id).where(_I.c.kode == bindparam("kode"))
_INSTITUTIONER_AF = select(_I).where(blandt(_I.c.kode, "koder")).order_by(_I.c.kode)


class InstitutionRepository:
    def __init__(self, session: Session):
        self.session = session

    def id_for(self, kode: str) -> int | None:
        return self.session.scalar(_INSTITUTION_ID, {"kode": kode})

    def hent_eller_opret(self, kode: str, navn: str) -> tuple[Institution, bool]:
        row = self.session.scalar(select(InstitutionRow).where(InstitutionRow.kode == kode))
        oprettet = row is None
        if row is None:
            row = InstitutionRow(kode=kode, navn=navn)
            self.session.add(row)
            self.session.flush()
        elif row.navn != navn:
            row.navn = navn
        return Institution(row.id, row.kode, row.navn), oprettet

    def alle(self, koder: Iterable[str] | None = None) -> list[Institution]:
        if koder is None:
            rows = self.session.execute(select(_I).order_by(_I.c.kode))
        else:  # built once: a read that can be sent ahead (read_ahead.py)
            rows = self.session.execute(_INSTITUTIONER_AF, {"koder": sorted(set(koder))})
        return [Institution(r.id, r.kode, r.navn) for r in rows]


def ider_ved(institution_kode: str, fra: date, til: date):
    """The select of AnsaettelseRepository.ider_ved (also a subquery of the event search)."""
    hi = AnsaettelseshistorikRow.__table__
    i2 = _I.alias()
    via_historik = (select(hi.c.ansaettelse_id).join(i2, i2.c.id == hi.c.institution_id)
                    .where(i2.c.kode == institution_kode))
    return (select(_A.c.id).join(_I, _I.c.id == _A.c.institution_id)
            .where(or_(_I.c.kode == institution_kode, _A.c.id.in_(via_historik)),
                   _A.c.startdato <= til, or_(_A.c.slutdato.is_(None), _A.c.slutdato >= fra)))


_V = TypeVar("_V")


def _som_er(vaerdi: _V) -> _V:
    return vaerdi


class AnsaettelseRepository:
    def __init__(self, session: Session, referencer: Referencer, uden_forloeb: set[int]):
        self.session = session
        self.referencer = referencer
        self.uden_forloeb = uden_forloeb  # shared with HistorikRepository

    def _en(self, r, laast: bool = False) -> Ansaettelse:
        self.referencer.kendt(r[_K["referenceversion"]])
        # Not from a locking read on PostgreSQL: one that waited for the row lock saw the history
        # as it was before the writer it waited for (an import that changed it), so the history
        # is read after the lock. (SQLite's writer holds the database's lock before it reads.)
        if laast and self._postgresql():
            self.uden_forloeb.discard(r[_K["id"]])
        elif r[_K["historik_datoer"]] <= 1:
            self.uden_forloeb.add(r[_K["id"]])
        return _ansaettelse(r)

    def _postgresql(self) -> bool:
        # (the dialect's name, not get_bind(): that also sends what waits, twice a locking find)
        return self.session.dialekt == "postgresql"

    def _laast(self, ids: Iterable[int]) -> None:
        """Employments just locked: on PostgreSQL an earlier unlocked read's "its history has one
        date" may be stale (the lock may have waited for a writer that changed it), so their
        history is read again."""
        if self._postgresql():
            self.uden_forloeb.difference_update(ids)

    def _select(self):
        return _ANSAETTELSE

    def find(self, ident: AnsaettelsesIdent, laas: bool = False) -> list[Ansaettelse]:
        """Every employment that matches any key given (callers check there is exactly one).
        With `laas`, the rows are locked as by `laas()` in the same round trip."""
        tjnr = ident.tjenestenummer or None
        cpr = ident.cpr if ident.cpr and ident.loebenummer is not None else None
        if tjnr and cpr:
            q = _ANSAETTELSE_BEGGE
        elif tjnr:
            q = _ANSAETTELSE_TJNR
        elif cpr:
            q = _ANSAETTELSE_CPR
        else:
            return []
        kort = False
        if laas:
            if self._postgresql():
                kort = self.session.version_med_login()
                q = (_ANSAETTELSE_LAAST_KORT if kort else _ANSAETTELSE_LAAST_PG)[q]
            else:
                q = _MED_HAR[_ANSAETTELSE_LAAST[q]]
        svar = self.session.execute(q, {"tjnr": tjnr, "cpr": cpr, "lbnr": ident.loebenummer})
        if kort:
            rows = self._fuldt(tupler(svar))
        else:
            rows = svar.all()
        fundne = [self._en(r, laas) for r in rows]
        if laas and not kort and self._postgresql():
            self._husk_koder(rows)  # (after _en: the version known)
        if laas and q in _MED_HAR_VAERDIER:
            self._noter_tomme(rows)
        if laas and tjnr and len(fundne) == 1 and self._postgresql():
            self.referencer.husk(("ansaettelse", tjnr), fundne[0])  # the next write's guess (gaet)
        return fundne

    @staticmethod
    def _noegle(ident: AnsaettelsesIdent) -> tuple[Select, dict] | None:
        """find's statement (unlocked) and parameters for `ident`, or None: it names none."""
        tjnr = ident.tjenestenummer or None
        cpr = ident.cpr if ident.cpr and ident.loebenummer is not None else None
        q = (_ANSAETTELSE_BEGGE if tjnr and cpr else _ANSAETTELSE_TJNR if tjnr else _ANSAETTELSE_CPR if cpr
             else None)
        return None if q is None else (q, {"tjnr": tjnr, "cpr": cpr, "lbnr": ident.loebenummer})

    def efter_laasen(self, ident: AnsaettelsesIdent | None = None, haendelse_id: str | None = None,
                     laaste: Iterable[int] = (), gaet: Ansaettelse | None = None) -> None:
        """PostgreSQL: what the employment(s) `ident` names (or the event `haendelse_id`'s) has
        none of (_EFTER_LAASEN), read once they are locked — announced right after the locking
        find in its round trip (Kerne.laes_sammen), then called again with the ids it locked
        (`laaste`): for those, the transaction skips the history (one date) and the reads of
        what they lack (Kerne.tomme), until it writes. `gaet`: the employment a guessed write's
        reads were sent for, asked about by its id (_EFTER_LAASEN_GAETTET) — announced so, and
        called so again only when the lock found that employment (the caller's check)."""
        if gaet is not None:
            q, parametre = _EFTER_LAASEN_GAETTET, {"aid": gaet.id, "cpr": gaet.cpr}
            rows = [(gaet.id, gaet.cpr, *r) for r in tupler(self.session.execute(q, parametre))]
            self._efter_laasen(rows, set(laaste))
            return
        if haendelse_id is not None:
            q, parametre = _EFTER_LAASEN[_ANSAETTELSE_AF_HAENDELSE], {"hid": haendelse_id}
        else:
            noegle = self._noegle(ident) if ident is not None else None
            if noegle is None:
                return
            q, parametre = _EFTER_LAASEN[noegle[0]], noegle[1]
        self._efter_laasen(self.session.execute(q, parametre).all(), set(laaste))

    def _efter_laasen(self, rows, laaste: set[int]) -> None:
        tomme = self.session.tomme
        for aid, cpr, flere_datoer, kvoteposter, moedetider, boern in rows:
            if aid not in laaste:
                continue
            uden = not flere_datoer
            if uden:
                self.uden_forloeb.add(aid)
            mangler = tuple(m for m, har in ((("kvoteposter", aid), kvoteposter),
                                             (("moedetider", aid), moedetider), (("boern", cpr), boern))
                            if not har)
            tomme.update(mangler)
            # the next write's guess of what it lacks (gaettet_tomt)
            self.referencer.husk(("tomme", aid), (uden, mangler))

    @contextmanager
    def gaettet_tomt(self, ansaettelse_id: int) -> Iterator[None]:
        """Inside (while a guessed write's reads are announced with its lock): the employment
        taken to lack what efter_laasen last found it without in this process, so the reads of
        that are not announced. Only a guess: the lock's own efter_laasen says what it lacks, and
        what the guess left out but it has is read after, as any read not announced."""
        g = self.referencer.gaet(("tomme", ansaettelse_id))
        if g is None:
            yield
            return
        uden, mangler = g
        tomme = self.session.tomme
        nye = [m for m in mangler if m not in tomme]
        uden = uden and ansaettelse_id not in self.uden_forloeb
        tomme.update(nye)
        if uden:
            self.uden_forloeb.add(ansaettelse_id)
        try:
            yield
        finally:
            tomme.difference_update(nye)
            if uden:
                self.uden_forloeb.discard(ansaettelse_id)

    def gaet(self, ident: AnsaettelsesIdent) -> Ansaettelse | None:
        """The employment a locking `find` of this tjenestenummer last found in this process, or
        None: only a guess (a write's reads sent ahead with its lock, kept only if it is the one
        locked: service/ansaettelser.problem_med)."""
        return self.referencer.gaet(("ansaettelse", ident.tjenestenummer)) if ident.tjenestenummer else None

    def find_mange(self, tjenestenumre: set[str], cpr_loebenumre: set[tuple[str, int]]) -> list[Ansaettelse]:
        """Every employment with one of these tjenestenumre or CPR + løbenummer pairs."""
        fundne: dict[int, Ansaettelse] = {}
        if tjenestenumre and len(tjenestenumre) > 1 and self.session.dialekt == "sqlite":
            self._find_mange_sqlite(tjenestenumre, fundne)
        elif tjenestenumre:
            kort = len(tjenestenumre) == 1 and self._postgresql() and self.session.version_med_login()
            rows = list(tupler(self.session.execute(_ANSAETTELSER_TJNR_KORT if kort else _ANSAETTELSER_TJNR,
                                                    {"tjnr": list(tjenestenumre)})))
            if rows:
                # what _en does per row, once for them all (as side): every row has the same
                # reference version, and none is locked
                if kort:
                    rows = self._fuldt(rows)
                else:
                    self.referencer.kendt(rows[0][_K["referenceversion"]])
                i, datoer = _K["id"], _K["historik_datoer"]
                self.uden_forloeb.update(r[i] for r in rows if r[datoer] <= 1)
                for r in rows:
                    a = _ansaettelse(r)
                    fundne[a.id] = a  # the id off the employment: a Row's attribute costs ten times more
        if cpr_loebenumre:
            # by CPR first (indexed), then the exact pairs in Python: portable to SQLite
            for r in self.session.execute(_ANSAETTELSER_CPR, {"cprs": list({c for c, _ in cpr_loebenumre})}):
                if (r.cpr, r.loebenummer) in cpr_loebenumre:
                    fundne[r.id] = self._en(r)
        return list(fundne.values())

    def _find_mange_sqlite(self, tjenestenumre: set[str], fundne: dict[int, Ansaettelse]) -> None:
        """find_mange's read by tjenestenummer on SQLite (_ANSAETTELSER_TJNR_SAMLET): each row's
        own fields as values, the rest (mostly alike in a batch) as one JSON text read once per
        distinct text."""
        rows = list(tupler(self.session.execute(_ANSAETTELSER_TJNR_SAMLET, {"tjnr": list(tjenestenumre)})))
        if not rows:
            return
        faelles: dict[str, tuple] = {}
        uden = self.uden_forloeb
        kendt = None
        for id_, cpr, loebenummer, tjenestenummer, startdato, tekst in rows:
            f = faelles.get(tekst)
            if f is None:
                f = faelles[tekst] = _faelles_af_tekst(tekst)
            felter, datoer, version = f
            if kendt is None:  # (every row has the same reference version: what _en does, once)
                kendt = version
                self.referencer.kendt(version)
            if datoer <= 1:
                uden.add(id_)
            a = _NY(Ansaettelse)
            d = _KOPI(felter)
            d["id"], d["cpr"], d["loebenummer"], d["tjenestenummer"], d["startdato"] = (
                id_, cpr, loebenummer, tjenestenummer, startdato)
            _SAET(a, "__dict__", d)
            fundne[id_] = a

    def af_person(self, cpr: str) -> list[Ansaettelse]:
        return [self._en(r) for r in self.session.execute(self._select().where(_A.c.cpr == cpr))]

    def med_flere(self, cprs: Iterable[str]) -> list[str]:
        """Those of these persons who have more than one employment (one aggregate: reading every
        employment of a thousand persons to learn that few have two cost a tenth of HentKvoter)."""
        cprs = list(set(cprs))
        if not cprs:
            return []
        return list(self.session.execute(_MED_FLERE, {"cprs": cprs}).scalars())

    def af_personer(self, cprs: Iterable[str]) -> list[Ansaettelse]:
        """Every employment of these persons, in id order."""
        cprs = list(set(cprs))
        if not cprs:
            return []
        return [self._en(r) for r in self.session.execute(_ANSAETTELSER_CPR.order_by(_A.c.id),
                                                              {"cprs": cprs})]

    def side(self, institution_koder: Sequence[str] | None, efter_id: int, antal: int,
             forloeb: bool = True) -> list[Ansaettelse]:
        """Up to `antal` employments with ids above `efter_id`, in id order (keyset paging);
        only those of the given institutions when named. `forloeb=False`: the caller will not ask
        for their relationship over time (HistorikRepository.forloeb), so whether it changed is
        not read with them (were it asked for, it would be read then)."""
        parametre: dict[str, object] = {"efter": efter_id, "antal": antal}
        if institution_koder is None:
            q = _SIDE if forloeb else _SIDE_UDEN_DATOER
        else:
            q, parametre["koder"] = _SIDE_I if forloeb else _SIDE_I_UDEN_DATOER, list(institution_koder)
        rows = list(tupler(self.session.execute(q, parametre)))  # by position: no Row for each of 500
        if not rows:
            return []
        # what _en does per row, once for the page: every row has the same reference version
        self.referencer.kendt(rows[0][_K["referenceversion"]])
        i, datoer = _K["id"], _K["historik_datoer"]
        if forloeb:
            self.uden_forloeb.update(r[i] for r in rows if r[datoer] <= 1)
        return [_ansaettelse(r) for r in rows]

    def hent(self, ansaettelse_id: int) -> Ansaettelse | None:
        r = self.session.execute(self._select().where(AnsaettelseRow.id == ansaettelse_id)).first()
        return self._en(r) if r else None

    def af_haendelse(self, haendelse_id: str, laas: bool = False) -> Ansaettelse | None:
        """The employment of the event `haendelse_id` (None when there is no such event); with
        `laas`, locked as by `laas()` in the same statement."""
        q = _ANSAETTELSE_AF_HAENDELSE
        kort = False
        if laas:
            if self._postgresql():
                kort = self.session.version_med_login()
                q = (_ANSAETTELSE_LAAST_KORT if kort else _ANSAETTELSE_LAAST_PG)[q]
            else:
                q = _MED_HAR[_ANSAETTELSE_AF_HAENDELSE_LAAST]
        if kort:
            rows = self._fuldt(tupler(self.session.execute(q, {"hid": haendelse_id})))
            r = rows[0] if rows else None
        else:
            r = self.session.execute(q, {"hid": haendelse_id}).first()
        if r is None:
            return None
        a = self._en(r, laas)
        if laas and not kort and self._postgresql():
            self._husk_koder([r])  # (after _en: the version known)
        if laas:
            if q in _MED_HAR_VAERDIER:
                self._noter_tomme([r], haendelser=False)  # (it has one: that event)
            self._laast([a.id])
        return a

    def _fuldt(self, rows: Iterable[tuple]) -> list[tuple]:
        """The rows of a short find (_ANSAETTELSE_LAAST_KORT: the employment's columns alone;
        _ANSAETTELSER_TJNR_KORT: and the history's count) as the full one's: the institution's
        code from the copy of the reference data (read when not held: _husk_koder keeps it from
        a full find), the count as read (NULL where not: _en reads it after the lock), the
        reference version the login check read in this transaction."""
        ud: list[tuple] = []
        for r in rows:
            if not ud:
                version = self.session.login_version
                self.referencer.kendt(version)
            r = r if type(r) is tuple else tuple(r)
            iid = r[_INSTITUTION_ID_PLADS]
            kode = self.referencer.hent(("institutionskode", iid), partial(self._institutionskode, iid))
            # (the code, the history's count as read, the version: the last three columns)
            ud.append((*r[:_INSTITUTIONSKODE_PLADS], kode,
                       r[_INSTITUTIONSKODE_PLADS] if len(r) > _INSTITUTIONSKODE_PLADS else None, version))
        return ud

    def _husk_koder(self, rows) -> None:
        """The institutions' codes of a full locking find's rows kept in the copy for _fuldt (a
        process's first write is made by the full one: its login check is not yet from the copy)."""
        for r in rows:
            self.referencer.hent(("institutionskode", r[_INSTITUTION_ID_PLADS]),
                                 partial(_som_er, r[_INSTITUTIONSKODE_PLADS]))

    def _institutionskode(self, institution_id: int) -> str:
        return self.session.execute(_INSTITUTIONSKODE, {"iid": institution_id}).scalar_one()

    def af_haendelse_og_haendelse(self, haendelse_id: str) -> tuple[Ansaettelse | None, Haendelse | None]:
        """SQLite: `af_haendelse(haendelse_id, laas=True)` and `HaendelseRepository.hent` in one
        statement (under the write lock, which SQLite's writer holds before it reads: the same
        rows as the two reads one after the other). Both None when there is no such event."""
        r = self.session.execute(_AF_HAENDELSE_MED_HAENDELSEN, {"hid": haendelse_id}).first()
        if r is None:
            return None, None
        a = self._en(r, True)
        self._noter_tomme([r], haendelser=False)  # (it has one: that event)
        self._laast([a.id])
        return a, _haendelse_af(*r[_HAENDELSEN_FRA:])

    def _noter_tomme(self, rows, haendelser: bool = True) -> None:
        """What a locking read on SQLite (_MED_HAR) found its employments without, for the
        transaction's reads of stored postings, working times, events, and children and other
        employments of the person to skip (Kerne.tomme)."""
        tomme = self.session.tomme
        for r in rows:
            aid, har = r[_K["id"]], r[_HAR_PLADS]
            if haendelser and not har & _HAENDELSER_BIT:
                tomme.add(("haendelser", aid))
            if not har & _KVOTEPOSTER_BIT:
                tomme.add(("kvoteposter", aid))
            if not har & _MOEDETIDER_BIT:
                tomme.add(("moedetider", aid))
            if not har & _BOERN_BIT:
                tomme.add(("boern", r[_K["cpr"]]))

    def hent_mange(self, ids: Iterable[int]) -> dict[int, Ansaettelse]:
        ids = list(set(ids))
        if not ids:
            return {}
        rows = self.session.execute(self._select().where(AnsaettelseRow.id.in_(ids))).all()
        return {r.id: self._en(r) for r in rows}

    def laas(self, ansaettelse_id: int) -> None:
        """Serialise writers per employment: SELECT … FOR UPDATE on PostgreSQL. (On SQLite the
        write transaction already holds the database's write lock.) The reference data's version
        comes with it."""
        self.referencer.kendt(self.session.execute(_LAAS, {"aid": ansaettelse_id}).scalar())
        self._laast([ansaettelse_id])

    def laas_mange(self, ids: Sequence[int]) -> None:
        """`laas()` for many employments at once, in id order (as every writer takes them, so
        two such writers cannot deadlock)."""
        ids = sorted(set(ids))
        for i in range(0, len(ids), 5000):
            self.session.execute(_LAAS_MANGE, {"ids": ids[i:i + 5000]})
        self._laast(ids)

    def gem(self, institution_id: int, a: Ansaettelse, behold: Iterable[str] = (), foer: dict | None = None
            ) -> tuple[int, str, dict[str, object]]:
        """Upsert by CPR + løbenummer; returns the id, 'oprettet', 'aendret' or 'uaendret', and
        the relationship the row holds (FORHOLD). A new row gets the relationship of `a`; an
        existing one only its other fields (its relationship follows the history: saet_forhold).
        The fields in `behold` keep their stored values."""
        row = self.session.scalar(select(AnsaettelseRow).where(
            AnsaettelseRow.cpr == a.cpr, AnsaettelseRow.loebenummer == a.loebenummer))
        felter = dict(tjenestenummer=a.tjenestenummer, startdato=a.startdato, slutdato=a.slutdato,
                      fast_fridag=a.fast_fridag, feriepolitik=a.feriepolitik, postering=a.postering)
        if row is None:
            row = AnsaettelseRow(cpr=a.cpr, loebenummer=a.loebenummer, **felter,
                                 **forhold_af(institution_id, a))
            self.session.add(row)
            self.session.flush()
            return row.id, "oprettet", {k: getattr(row, k) for k in FORHOLD}
        felter = {k: v for k, v in felter.items() if k not in behold}
        if foer is not None:  # the change feed's before
            foer.update({k: getattr(row, k) for k in felter})
        udfald = "uaendret"
        if any(getattr(row, k) != v for k, v in felter.items()):
            for k, v in felter.items():
                setattr(row, k, v)
            self.session.flush()
            udfald = "aendret"
        return row.id, udfald, {k: getattr(row, k) for k in FORHOLD}

    def forhold_side(self, efter_id: int, antal: int) -> list[tuple[int, dict[str, object]]]:
        """Up to `antal` employments after `efter_id` (id order) with the relationship they hold."""
        q = (select(_A.c.id, *(_A.c[k] for k in FORHOLD)).where(_A.c.id > efter_id)
             .order_by(_A.c.id).limit(antal))
        return [(r.id, {k: getattr(r, k) for k in FORHOLD}) for r in self.session.execute(q)]

    def saet_forhold(self, ansaettelse_id: int, forhold: dict[str, object]) -> None:
        """The row's relationship: the one its history has in force today (what rights, lists and
        the calendar go by; the rules read the history by date)."""
        self.session.execute(update(_A).where(_A.c.id == ansaettelse_id).values(**forhold))

    def ider_ved(self, institution_kode: str, fra: date, til: date) -> list[int]:
        """The ids (in order) of every employment in force on some day of [fra, til] that belongs to
        the institution by its row or by a row of its history (the statistics' population: where it
        belonged on each day is then read from the history)."""
        return list(self.session.scalars(ider_ved(institution_kode, fra, til).order_by(_A.c.id)))

    def tjenestenummer_ejer(self, tjenestenummer: str) -> tuple[str, int] | None:
        r = self.session.execute(select(AnsaettelseRow.cpr, AnsaettelseRow.loebenummer).where(
            AnsaettelseRow.tjenestenummer == tjenestenummer)).first()
        return (r[0], r[1]) if r else None


class KontoHaendelse(NamedTuple):
    """An event as the accounts read it. A named tuple, not a frozen dataclass: a HentKvoter of
    1,000 employments reads thousands, and a frozen dataclass's __init__ sets each field through
    object.__setattr__."""

    id: str | None  # None read for the balances alone (kontohaendelser' `saldi`)
    ansaettelse_id: int
    kode: str
    fra: date
    til: date | None
    minutter: int | None
    barnenummer: int | None
    ferieaar: int | None
    afventer: bool = False  # awaits approval: drawn as planned absence (domain/godkendelse.py)

    @property
    def slut(self) -> date:
        return AABEN_SLUT if self.til is None else self.til


def _i_konto(r: tuple, koder: tuple[str, ...],
             ferieaar: tuple[tuple[str, ...], tuple[int, ...], date, date] | None) -> bool:
    """Whether a row of _HAENDELSER_OG_KONTO's read (`ferieaar` None) or _FERIEAAR's is of the
    account codes: the statements' `konto` condition. A code compares as PostgreSQL's
    (deterministic) and SQLite's text equality, a NULL ferieår is in no year."""
    if r[3] in koder:
        return True
    if ferieaar is None:
        return False
    ferie, aar, ferie_fra, ferie_til = ferieaar
    return r[3] in ferie and (r[8] in aar if r[8] is not None else r[4] >= ferie_fra and r[5] <= ferie_til)


class HaendelseRepository:
    def __init__(self, session: Session, samler: Samler):
        self.session = session
        self.samler = samler
        # i_perioden_og_konto's read: its statement, parameters, the keys of the two reads it
        # answers, and which of them have not yet taken their rows
        self._samlet: tuple[object, dict, tuple, tuple, set[str]] | None = None

    def i_perioden_og_konto(self, ansaettelse_id: int, fra: date, til: date, koder: Sequence[str],
                            ferieaar: tuple[Sequence[str], Iterable[int], date, date] | None = None,
                            uden: str | None = None) -> None:
        """Announce (Kerne.laes_sammen) `i_perioden([ansaettelse_id], fra, til, uden=uden)` and
        `kontohaendelser([ansaettelse_id], koder, ferieaar, uden=uden)` as one statement: each
        then takes its rows from it, once (after a write, or asked otherwise, each reads on its
        own)."""
        parametre: dict[str, object] = {"aid": ansaettelse_id, "fra": fra, "til": til}
        if ferieaar is None:
            q, parametre["koder"] = _HAENDELSER_OG_KONTO, list(koder)
            konto: tuple = (ansaettelse_id, tuple(koder), None, uden)
        else:
            ferie, aar, ferie_fra, ferie_til = ferieaar
            aar = list(aar)
            q = _HAENDELSER_OG_KONTO_FERIEAAR
            parametre.update(andre=list(koder), ferie=list(ferie), aar=aar, ferie_fra=ferie_fra,
                             ferie_til=ferie_til)
            konto = (ansaettelse_id, tuple(koder), (tuple(ferie), tuple(aar), ferie_fra, ferie_til), uden)
        if uden is not None:
            q, parametre["uden"] = _MED_UDEN[q], uden
        if getattr(self.session, "dialekt", None) == "postgresql":
            skrevet = _haendelser_og_konto_skrevet(
                tuple(koder), None if ferieaar is None else tuple(ferieaar[0]),
                None if ferieaar is None else tuple(parametre["aar"]),  # type: ignore[arg-type]
                uden is not None)
            if skrevet is not None:
                q = skrevet
                for navn in ("koder", "andre", "ferie", "aar"):
                    parametre.pop(navn, None)
        self._samlet = (q, parametre, (ansaettelse_id, fra, til, uden), konto, {"perioden", "konto"})
        self.session.execute(q, parametre)

    def _konto_fra_samlet(self, ansaettelse_ids: Sequence[int], koder: Sequence[str],
                          ferieaar: tuple[Sequence[str], Iterable[int], date, date] | None,
                          uden: str | None) -> list | None:
        if len(ansaettelse_ids) != 1:
            return None
        noegle = (next(iter(ansaettelse_ids)), tuple(koder), None if ferieaar is None else (
            tuple(ferieaar[0]), tuple(ferieaar[1]), ferieaar[2], ferieaar[3]), uden)
        samlet = self._samlet
        raekker = self._fra_samlet("konto", noegle)
        if raekker is None or samlet is None:
            return None
        # a row outside the rules' period was read for the accounts alone: only the period's
        # few are asked (the conditions in the worker, not columns of the statement: _I_PERIODEN)
        _, fra, til, _ = samlet[2]
        koder, ferie = noegle[1], noegle[2]
        return [_KONTOFELTER(r) for r in raekker
                if r[4] > til or r[5] < fra or _i_konto(r, koder, ferie)]

    def _fra_samlet(self, del_: str, noegle: tuple) -> list | None:
        """The rows of i_perioden_og_konto's read for its part `del_` (keyed `noegle`), or None."""
        samlet = self._samlet
        if samlet is None or del_ not in samlet[4] \
                or noegle != (samlet[2] if del_ == "perioden" else samlet[3]):
            return None
        tilbage = samlet[4]
        tilbage.discard(del_)
        if not tilbage:
            self._samlet = None
        return self.session.forudlaest(samlet[0], samlet[1], behold=bool(tilbage))

    def hent(self, haendelse_id: str) -> Haendelse | None:
        # by position, as the reads of many (a change's locked read: an unchanged event's two
        # times one object, which codec.haendelse_json writes once)
        row = self.session.execute(_HAENDELSE, {"hid": haendelse_id}).first()
        return _haendelse_af(*row) if row else None

    def i_perioden(self, ansaettelse_ids: Sequence[int], fra: date, til: date,
                   koder: Sequence[str] = (), uden: str | None = None) -> list[Haendelse]:
        """Events of these employments in force on some day of [fra, til], in date order; not
        the event `uden` (the caller's choice: one it holds already). Plain tuples rather than
        ORM instances or Rows (tupler): reads of many events are the hot path."""
        if self._samlet is not None and not koder and len(ansaettelse_ids) == 1:
            samlet = self._fra_samlet("perioden", (next(iter(ansaettelse_ids)), fra, til, uden))
            if samlet is not None:
                # (_I_PERIODEN: a row's dates are never NULL)
                return _haendelser_af(sorted([r for r in samlet if r[4] <= til and r[5] >= fra],
                                             key=_SAMLET_ORDEN))
        if _uden(self.session, "haendelser", ansaettelse_ids):
            return []
        parametre: dict[str, object] = {"ids": list(ansaettelse_ids), "fra": fra, "til": til}
        # one employment's without the ORDER BY where the database orders text as Python does
        # (as i_perioden_for_tjenestenummer's)
        kodepunkt = len(ansaettelse_ids) == 1 and self.session.kodepunktorden
        tekst = kodepunkt and self.session.dialekt == "sqlite"
        q, med_koder = _EN[kodepunkt, tekst]
        if koder:
            q, parametre["koder"] = med_koder, list(koder)
        if uden is not None:
            q, parametre["uden"] = _MED_UDEN[q], uden
        raekker = tupler(self.session.execute(q, parametre))
        return _haendelser_af(raekker if type(raekker) is list else list(raekker), kodepunkt, tekst)

    def i_perioden_for_tjenestenummer(self, tjenestenummer: str, fra: date, til: date,
                                      koder: Sequence[str] = ()) -> list[Haendelse]:
        """As i_perioden, of the employment with this tjenestenummer (a read can announce it with
        the read of that employment: laes_sammen)."""
        parametre: dict = {"tjnr": tjenestenummer, "fra": fra, "til": til}
        kodepunkt = self.session.kodepunktorden
        q, med_koder = _TJNR[kodepunkt]
        if koder:
            q, parametre["koder"] = med_koder, list(koder)
        raekker = tupler(self.session.execute(q, parametre))
        return _haendelser_af(raekker if type(raekker) is list else list(raekker), kodepunkt)

    def soeg_side(self, institution_kode: str, fra: date, til: date, koder: Sequence[str],
                  graense: datetime, efter: tuple[date, str] | None, antal: int) -> list[Haendelse]:
        """Up to `antal` events in force on some day of [fra, til] of the employments that belong
        to the institution then (ider_ved; the caller reads where each stood on the event's day),
        created at or before `graense`, after the key `efter`, in the order (fra_dato, id): a page
        of a keyset walk (SoegHaendelser), stable however many events are written meanwhile."""
        q = select(*_H.columns).where(
            _H.c.ansaettelse_id.in_(ider_ved(institution_kode, fra, til).scalar_subquery()),
            _H.c.fra_dato <= til, _H.c.til_dato >= fra, _H.c.oprettet <= _naiv(graense))
        if koder:
            q = q.where(_H.c.kode.in_(list(koder)))
        if efter is not None:
            q = q.where(or_(_H.c.fra_dato > efter[0], and_(_H.c.fra_dato == efter[0], _H.c.id > efter[1])))
        return [_haendelse(r) for r in self.session.execute(q.order_by(_H.c.fra_dato, _H.c.id).limit(antal))]

    def kontohaendelser(self, ansaettelse_ids: Sequence[int], koder: Sequence[str],
                        ferieaar: tuple[Sequence[str], Iterable[int], date, date] | None = None,
                        uden: str | None = None, saldi: bool = False) -> list[KontoHaendelse]:
        """All events of these codes (those that draw from accounts), as light records: the
        accounts of a thousand employments read tens of thousands of them. `ferieaar`: (more
        codes, ferieår, first day, last day): of those codes only the events of these ferieår, or
        without a ferieår of their own within those days. Not the event `uden` (the caller's
        choice: a change's accounts are judged without the event changed). `saldi`: for the
        balances alone (HentKvoter's read of many): without the events' ids (None), and one
        employment's events of the same first day in no particular order — the id, a text of 36,
        cost the driver more than a thousand instructions a row on SQLite, and their sort by it
        as much again (issue 13)."""
        afventer = Status.AFVENTER.value
        # unpacked by position (the statement's column order): a Row's attribute costs ten times more
        # each made by tuple.__new__ with every field given, as KontoHaendelse(...) without its
        # Python-level __new__
        raekker: Iterable[tuple] | None = (self._konto_fra_samlet(ansaettelse_ids, koder, ferieaar, uden)
                                           if self._samlet and not saldi else None)
        if raekker is None and _uden(self.session, "haendelser", ansaettelse_ids):
            return []
        if raekker is None:
            parametre: dict[str, object]
            if ferieaar is None:
                q, parametre = _KONTOHAENDELSER, {"ids": list(ansaettelse_ids), "koder": list(koder)}
            else:
                ferie, aar, fra, til = ferieaar
                q, parametre = _KONTOHAENDELSER_FERIEAAR, {
                    "ids": list(ansaettelse_ids), "andre": list(koder), "ferie": list(ferie),
                    "aar": list(aar), "fra": fra, "til": til}
            if uden is not None:
                q, parametre["uden"] = _MED_UDEN[q], uden
            if getattr(self.session, "dialekt", None) == "sqlite":
                skrevet = _kontohaendelser_med_koder(tuple(koder), None if ferieaar is None else tuple(ferie),
                                                     uden is not None, saldi)
                if skrevet is not None:
                    q = skrevet
                    for navn in ("koder", "andre", "ferie"):
                        parametre.pop(navn, None)
                    if saldi:  # (aid, noegle): _SALDI_NOEGLE's
                        ny, kendte = _NY_TUPEL, _saldo_af_noegle
                        return [ny(KontoHaendelse, (None, aid, *kendte(noegle)))
                                for aid, noegle in tupler(self.session.execute(q, parametre))]
                elif saldi:
                    q = _SALDI[q]
            elif saldi:
                q = _SALDI[q]
            raekker = tupler(self.session.execute(q, parametre))
            if saldi:  # in the statement's order (the employment, the first day) as it is
                return [_NY_TUPEL(KontoHaendelse, (None, aid, kode, fra, None if til == AABEN_SLUT else til,
                                                   minutter, barn, aar, status == afventer))
                        for aid, kode, fra, til, minutter, barn, aar, status in raekker]
        haendelser = [_NY_TUPEL(KontoHaendelse, (hid, aid, kode, fra, None if til == AABEN_SLUT else til,
                                                 minutter, barn, aar, status == afventer))
                      for hid, aid, kode, fra, til, minutter, barn, aar, status in raekker]
        # in (employment, first day, id) order: the statement orders by the first two, its index's
        # order, and one employment's events of the same day are put in id order here (SQLite's
        # sorting the rows by id too cost a fifth of the statement: 12 M instructions of a
        # HentKvoter of 1,000; the rows come almost in order, which a sort goes through once)
        haendelser.sort(key=_KONTOORDEN)
        return haendelser

    def kort_i_perioden(self, ansaettelse_ids: Sequence[int], fra: date, til: date
                        ) -> list[tuple[int, str, date, date | None, int | None]]:
        """Approved events of these employments in force on some day of [fra, til] as plain tuples
        (employment, code, fra, til or None when open, minutes): the statistics read a hundred
        thousand of them and need no more. A pending event is not counted (DOMAIN.md §17)."""
        return [(r[0], r[1], r[2], None if r[3] == AABEN_SLUT else r[3], r[4])
                for r in self.session.execute(_KORT, {"ids": list(ansaettelse_ids), "fra": fra, "til": til})]

    def tilfoej(self, h: Haendelse) -> None:
        """The event's row as _H_FORM's values: a mass registration's events wait as these,
        without a dict each (issue 15)."""
        self.samler.indsaet_raekke(_H_FORM, _vaerdier(h))

    def tilfoej_mange(self, haendelser: Sequence[Haendelse]) -> None:
        """Many events in one executemany (a history import's batch, test data): no rules here."""
        if haendelser:
            self.session.execute(insert(_H), [self._raekke(h) for h in haendelser])

    def hent_mange(self, ids: Iterable[str]) -> dict[str, Haendelse]:
        ids = list(set(ids))
        ud: dict[str, Haendelse] = {}
        for i in range(0, len(ids), 5000):  # within every driver's limit of bound parameters
            ud.update((r.id, _haendelse(r)) for r in self.session.execute(
                _HAENDELSE_IDER, {"hids": ids[i:i + 5000]}))
        return ud

    @staticmethod
    def _raekke(h: Haendelse) -> dict:
        return dict(zip(_H_FORM[1], _vaerdier(h), strict=True))

    def opdater(self, h: Haendelse, forrige_version: int, foer: Haendelse | None = None) -> bool:
        """Write a new version if the stored one is still `forrige_version` (`foer`, when given:
        the version read, whose dates are not written again if unchanged)."""
        res = self.session.execute(_RET_HAENDELSE, _ret(h, forrige_version, foer)[1])
        return res.rowcount == 1

    def slet(self, haendelse_id: str, version: int) -> bool:
        res = self.session.execute(_SLET_HAENDELSE, {"hid": haendelse_id, "version": version})
        return res.rowcount == 1

    @staticmethod
    def opdatering(h: Haendelse, forrige_version: int, foer: Haendelse | None = None) -> tuple[object, dict]:
        """`opdater` as a condition of `Samler.samlet(vilkaar)`: the statement and its parameters."""
        return _ret(h, forrige_version, foer)

    @staticmethod
    def sletning(haendelse_id: str, version: int) -> tuple[object, dict]:
        """`slet` as a condition of `Samler.samlet(vilkaar)`."""
        return _SLET_HAENDELSE_VILKAAR, {"hid": haendelse_id, "version": version}

    def afventende(self, institution_kode: str, enhed_ider: set[int] | None, maks: int) -> list[Haendelse]:
        """Up to `maks` + 1 events awaiting approval of the employments now at the institution
        (and in one of the units), in the order (fra_dato, id)."""
        q = (select(*_H.columns).join(_A, _A.c.id == _H.c.ansaettelse_id)
             .join(_I, _I.c.id == _A.c.institution_id)
             .where(_H.c.status == Status.AFVENTER.value, _I.c.kode == institution_kode))
        if enhed_ider is not None:
            q = q.where(_A.c.enhed_id.in_(sorted(enhed_ider)))
        q = q.order_by(_H.c.fra_dato, _H.c.id).limit(maks + 1)
        return [_haendelse(r) for r in self.session.execute(q)]

    def antal_med_kode(self, institution_kode: str, kode: str) -> int:
        """How many events of the code the employments now at the institution have."""
        return self.session.execute(
            select(func.count()).select_from(_H.join(_A, _A.c.id == _H.c.ansaettelse_id)
                                             .join(_I, _I.c.id == _A.c.institution_id))
            .where(_H.c.kode == kode, _I.c.kode == institution_kode)).scalar_one()


@dataclass(frozen=True)
class Transaktion:
    id: str
    operation: str
    indhold_hash: str
    svar: dict


class TransaktionRepository:
    def __init__(self, session: Session, samler: Samler):
        self.session = session
        self.samler = samler

    def hent(self, institutioner: Iterable[str], transaktions_id: str) -> Transaktion | None:
        """The write stored under this id at one of these institutions (an id is scoped per
        institution: issue 17 item 6). A prebuilt Core statement: every write with a
        TransaktionsID asks (the ORM's identity map cost a sixth of a write)."""
        institutioner = sorted(set(institutioner))
        if not institutioner:
            return None
        row = self.session.execute(_TRANSAKTION, {"tid": transaktions_id,
                                                  "institutioner": institutioner}).first()
        if row is None:
            return None
        return Transaktion(row.id, row.operation, row.indhold_hash, codec.loads(row.svar))

    def findes(self, institutioner: Iterable[str], transaktions_ider: Iterable[str]) -> set[str]:
        """Which of these ids are stored at one of these institutions (a batch asks once, not
        once per registration)."""
        ider, fundne = sorted(set(transaktions_ider)), set()
        institutioner = sorted(set(institutioner))
        for i in range(0, len(ider) if institutioner else 0, 5000):
            fundne |= set(self.session.scalars(_FINDES, {"ider": ider[i:i + 5000],
                                                          "institutioner": institutioner}))
        return fundne

    def gem(self, institution: str, t: Transaktion, tidspunkt: datetime) -> None:
        self.gem_skrevet(institution, t.id, t.operation, t.indhold_hash, codec.dumps(t.svar), tidspunkt)

    def gem_skrevet(self, institution: str, transaktions_id: str, operation: str, indhold_hash: str,
                    svar: str, tidspunkt: datetime) -> None:
        """`gem` of an answer already written as JSON (`codec.dumps`): a mass registration writes
        the event's JSON once for its log row and its answer."""
        self.samler.indsaet_raekke(_T_FORM, (transaktions_id, indhold_hash, institution, operation, svar,
                                             _naiv(tidspunkt)))


@dataclass(frozen=True)
class Logpost:
    id: int
    tidspunkt: datetime
    handling: str
    haendelse_id: str
    ansaettelse_id: int
    bruger: str
    transaktions_id: str | None
    foer: Haendelse | None
    efter: Haendelse | None


class HaendelseslogRepository:
    """The event log (HentHaendelseLog): the change feed's rows of kind Haendelse (migration 0013;
    written by service/aendringer.registrer_haendelse)."""

    def __init__(self, session: Session, samler: Samler):
        self.session = session
        self.samler = samler

    def registreret_af(self, haendelse_id: str) -> str | None:
        """The user who registered or last changed the event (its last Opret or Ret)."""
        ae = AendringRow.__table__
        # newest first: on SQLite, whose xid is always 0, by id alone (the rowid's order, read
        # backwards; migration 0018 dropped the index on (xid, id) there)
        orden = (ae.c.id.desc(),) if self.session.dialekt == "sqlite" else (ae.c.xid.desc(), ae.c.id.desc())
        return self.session.execute(
            select(ae.c.bruger).where(ae.c.art == "Haendelse", ae.c.noegle == haendelse_id,
                                      ae.c.handling.in_(("Opret", "Ret")))
            .order_by(*orden).limit(1)).scalar()

    def mellem(self, fra: datetime, til: datetime, maks: int,
               institutioner: Iterable[str]) -> tuple[list[Logpost], bool]:
        """Log posts in [fra, til] about employments of these institutions, oldest first."""
        ae = AendringRow.__table__
        rows = self.session.execute(
            select(ae)
            .join(_A, _A.c.id == ae.c.ansaettelse_id)
            .join(_I, _I.c.id == _A.c.institution_id)
            .where(ae.c.art == "Haendelse", ae.c.tidspunkt >= _naiv(fra), ae.c.tidspunkt <= _naiv(til),
                   _I.c.kode.in_(list(institutioner)))
            .order_by(ae.c.xid, ae.c.id).limit(maks + 1)
        ).all()
        poster = [
            Logpost(r.id, _utc(r.tidspunkt), r.handling, r.noegle, r.ansaettelse_id, r.bruger,
                    r.transaktions_id,
                    codec.haendelse_fra_dict(codec.loads(r.foer)) if r.foer else None,
                    codec.haendelse_fra_dict(codec.loads(r.efter)) if r.efter else None)
            for r in rows[:maks]
        ]
        return poster, len(rows) > maks


@dataclass(frozen=True)
class BrugerLogin:
    bruger: Bruger
    kodeord_hash: str
    kodeord_krypteret: str | None
    aktiv: bool


class BrugerRepository:
    def __init__(self, session: Session, referencer: Referencer):
        self.session = session
        self.referencer = referencer

    def login(self, navn: str) -> BrugerLogin | None:
        """The user with its rights: it is asked on every request, so from the process's copy
        (reference_cache) unless users or rights changed."""
        return self.referencer.hent(("login", navn), lambda: self._login(navn))

    def _login(self, navn: str) -> BrugerLogin | None:
        rows = self.session.execute(_LOGIN, {"navn": navn}).all()
        if not rows:
            return None
        r = rows[0]
        rettigheder = {x.institution_kode: Ret(x.ret) for x in rows if x.ret is not None}
        return BrugerLogin(Bruger(r.navn, rettigheder, r.administrator), r.kodeord_hash,
                           r.kodeord_krypteret, r.aktiv)

    def navn_for_certifikat(self, certifikat: str) -> str | None:
        """The name of the user whose client certificate has this subject (from the process's
        copy, as login)."""
        return self.referencer.hent(("certifikat", certifikat), lambda: self.session.execute(
            _CERTIFIKAT, {"certifikat": certifikat}).scalar())

    def saet_certifikat(self, navn: str, certifikat: str | None, nu: datetime) -> None:
        row = self.session.scalar(select(BrugerRow).where(BrugerRow.navn == navn))
        row.certifikat = certifikat
        row.aendret = _naiv(nu)
        self.session.flush()

    def certifikat_brugt_af(self, certifikat: str) -> str | None:
        return self.session.execute(_CERTIFIKAT, {"certifikat": certifikat}).scalar()

    def _bruger(self, row) -> Bruger:
        rettigheder = {kode: Ret(ret) for kode, ret in self.session.execute(
            select(_I.c.kode, _R.c.ret).join(_I, _I.c.id == _R.c.institution_id)
            .where(_R.c.bruger_id == row.id))}
        return Bruger(row.navn, rettigheder, row.administrator)

    def alle(self) -> list[tuple[Bruger, bool, bool]]:
        """Every user with whether it is active and set up for PasswordDigest."""
        rows = self.session.execute(select(*_B.columns).order_by(_B.c.navn)).all()
        return [(self._bruger(r), r.aktiv, r.kodeord_krypteret is not None) for r in rows]

    def gem(self, navn: str, kodeord_hash: str | None, kodeord_krypteret: str | None,
            administrator: bool | None, rettigheder: dict[int, Ret] | None, aktiv: bool | None,
            nu: datetime) -> bool:
        """Create or change a user; fields given as None are left as they are. True if created."""
        row = self.session.scalar(select(BrugerRow).where(BrugerRow.navn == navn))
        ny = row is None
        if ny:
            if kodeord_hash is None:
                raise ValueError("en ny bruger skal have et kodeord")
            row = BrugerRow(navn=navn, administrator=False, aktiv=True)
            self.session.add(row)
        if kodeord_hash is not None:
            row.kodeord_hash = kodeord_hash
            row.kodeord_krypteret = kodeord_krypteret
        if administrator is not None:
            row.administrator = administrator
        if aktiv is not None:
            row.aktiv = aktiv
        row.aendret = _naiv(nu)
        self.session.flush()
        if rettigheder is not None:
            self.session.execute(delete(_R).where(_R.c.bruger_id == row.id))
            for institution_id, ret in rettigheder.items():
                self.session.execute(insert(_R), {"bruger_id": row.id, "institution_id": institution_id,
                                                  "ret": ret.value})
        return ny

    def findes(self, navn: str) -> bool:
        return self.session.scalar(select(func.count()).select_from(_B).where(_B.c.navn == navn)) > 0


class NonceRepository:
    def __init__(self, session: Session):
        self.session = session

    def brug(self, nonce: str, udloeber: datetime, nu: datetime) -> bool:
        """Record a nonce; False if it was seen before (a replay). Expired ones are dropped."""
        self.session.execute(delete(_N).where(_N.c.udloeber < _naiv(nu)))
        dialekt = self.session.get_bind().dialect.name
        if dialekt == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert
            stmt = pg_insert(_N).on_conflict_do_nothing().returning(_N.c.nonce)
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert
            stmt = sqlite_insert(_N).on_conflict_do_nothing().returning(_N.c.nonce)
        # a row back means it was new (rowcount is not reliable)
        res = self.session.execute(stmt, {"nonce": nonce, "udloeber": _naiv(udloeber)})
        return res.first() is not None


_M = MoedetidRow.__table__
_MOEDETIDER_MANGE = select(_M.c.ansaettelse_id, _M.c.dato, _M.c.minutter).where(
    blandt(_M.c.ansaettelse_id, "ids"), _M.c.dato >= bindparam("fra"),
    _M.c.dato <= bindparam("til"))
_MOEDETIDER = select(*_M.columns).where(
    _M.c.ansaettelse_id == bindparam("aid"), _M.c.dato >= bindparam("fra"), _M.c.dato <= bindparam("til")
).order_by(_M.c.dato)


# The registered minutes over the span of the employment's account events (what
# regnskaber.arbejdstider reads once those events are known), bounds and all, in one statement a
# write can send with its other reads: its rows then serve `minutter_for_mange` for that span.
_KONTO_SPAN = (select(func.min(_H.c.fra_dato).label("fra"),
                      func.max(case((_H.c.til_dato == bindparam("aaben"), _H.c.fra_dato),
                                    else_=_H.c.til_dato)).label("til"))
               .where(_H.c.ansaettelse_id == bindparam("aid"), blandt(_H.c.kode, "koder"))
               .subquery("span"))
_MOEDETIDER_KONTO_SPAN = (select(_KONTO_SPAN.c.fra, _KONTO_SPAN.c.til, _M.c.dato, _M.c.minutter)
                          .select_from(_KONTO_SPAN.outerjoin(_M, and_(
                              _M.c.ansaettelse_id == bindparam("aid"), _M.c.dato >= _KONTO_SPAN.c.fra,
                              _M.c.dato <= _KONTO_SPAN.c.til))))


# The registered working times over the span of each employment's events in force in [fra, til]
# (what mange_koster reads once those events are known), bounds and all: a read sends it with the
# events themselves, and its rows then serve `i_perioden` for that span (issue 13).
# (a read by tjenestenummer reads the period's instead: _MOEDETIDER_PERIODE_TJNR)
_SPAN = (select(_H.c.ansaettelse_id.label("aid"), func.min(_H.c.fra_dato).label("fra"),
                func.max(case((_H.c.til_dato == bindparam("aaben"), _H.c.fra_dato),
                              else_=_H.c.til_dato)).label("til"))
         .where(_AF_TJNR[0], _H.c.fra_dato <= bindparam("til"), _H.c.til_dato >= bindparam("fra"))
         .group_by(_H.c.ansaettelse_id).subquery("span"))
_MOEDETIDER_HAENDELSESSPAN = (
    select(_SPAN.c.aid, _SPAN.c.fra, _SPAN.c.til, _M.c.dato, _M.c.minutter, _M.c.starttid, _M.c.sluttid)
    .select_from(_SPAN.outerjoin(_M, and_(_M.c.ansaettelse_id == _SPAN.c.aid, _M.c.dato >= _SPAN.c.fra,
                                          _M.c.dato <= _SPAN.c.til))))

# The registered working times in [fra, til] of the employment with this tjenestenummer (one row
# with no date where it has none): what HentHaendelser reads with its events. Their span is most
# often inside the period read; a span reaching outside it is then read on its own (i_perioden).
# Cheaper for the server than the span above (no aggregate over the events: ~92k instructions
# instead of ~229k a request).
_MOEDETIDER_PERIODE_TJNR = (
    select(_A.c.id.label("aid"), _M.c.dato, _M.c.minutter, _M.c.starttid, _M.c.sluttid)
    .select_from(_A.outerjoin(_M, and_(_M.c.ansaettelse_id == _A.c.id, _M.c.dato >= bindparam("fra"),
                                       _M.c.dato <= bindparam("til"))))
    .where(_A.c.tjenestenummer == bindparam("tjnr")))


# The same over many employments (HentKvoter): one span over all their account events, as
# regnskaber.arbejdstider reads it
_KONTO_SPAN_MANGE = (select(func.min(_H.c.fra_dato).label("fra"),
                            func.max(case((_H.c.til_dato == bindparam("aaben"), _H.c.fra_dato),
                                          else_=_H.c.til_dato)).label("til"))
                     .where(blandt(_H.c.ansaettelse_id, "ids"), blandt(_H.c.kode, "koder"))
                     .subquery("span"))
_MOEDETIDER_KONTO_SPAN_MANGE = (
    select(_KONTO_SPAN_MANGE.c.fra, _KONTO_SPAN_MANGE.c.til, _M.c.ansaettelse_id.label("aid"), _M.c.dato,
           _M.c.minutter)
    .select_from(_KONTO_SPAN_MANGE.outerjoin(_M, and_(
        blandt(_M.c.ansaettelse_id, "ids"), _M.c.dato >= _KONTO_SPAN_MANGE.c.fra,
        _M.c.dato <= _KONTO_SPAN_MANGE.c.til))))


def _uden(session, hvad: str, ider: Iterable[object]) -> bool:
    """Whether the transaction knows that none of these employments (persons, for "boern") has
    any `hvad` (Kerne.tomme: what a locking read on SQLite found, or on PostgreSQL the read right
    after it, until the transaction writes)."""
    tomme: set[tuple[str, object]] | None = getattr(session, "tomme", None)
    if not tomme:
        return False
    for i in ider:  # (a loop: a generator's frame cost more than the usual one or two lookups)
        if (hvad, i) not in tomme:
            return False
    return True


class MoedetidRepository:
    def __init__(self, session: Session):
        self.session = session
        self._konto_span: tuple[int, dict] | None = None
        self._konto_span_mange: dict | None = None
        self._haendelsesspan: tuple[object, dict] | None = None  # the span announced: statement, parameters
        # what that span read: by employment, its bounds and its working times
        self._spaend: dict[int, tuple[date, date, dict[date, Moedetid]]] | None = None

    def over_haendelsesspan(self, ansaettelse_ids: Sequence[int], fra: date, til: date) -> None:
        """Read (announced with the events of [fra, til]) each employment's working times over
        the span of those events, for `i_perioden` to be served from."""
        self._over_span(_MOEDETIDER_HAENDELSESSPAN,
                        {"ids": list(ansaettelse_ids), "fra": fra, "til": til, "aaben": AABEN_SLUT})

    def over_perioden_for_tjenestenummer(self, tjenestenummer: str, fra: date, til: date) -> None:
        """Read (announced with the read of the employment with this tjenestenummer) its working
        times in [fra, til], for `i_perioden` to be served from within that period."""
        self._over_span(_MOEDETIDER_PERIODE_TJNR, {"tjnr": tjenestenummer, "fra": fra, "til": til})

    def _over_span(self, q, parametre: dict) -> None:
        self._haendelsesspan, self._spaend = (q, parametre), None
        self.session.execute(q, parametre)

    def _fra_haendelsesspan(self, ansaettelse_id: int, fra: date, til: date) -> dict[date, Moedetid] | None:
        if self._haendelsesspan is not None:
            (q, parametre), self._haendelsesspan = self._haendelsesspan, None
            rows = self.session.forudlaest(q, parametre)
            if rows is not None:
                self._spaend = {}
                periode = q is _MOEDETIDER_PERIODE_TJNR  # (its bounds: the period read)
                for r in rows:
                    _, _, tider = self._spaend.setdefault(
                        r.aid, (parametre["fra"], parametre["til"], {}) if periode else (r.fra, r.til, {}))
                    if r.dato is not None:
                        tider[r.dato] = Moedetid(r.dato, r.minutter, r.starttid, r.sluttid)
        spaend = self._spaend.get(ansaettelse_id) if self._spaend is not None else None
        if spaend is None or not (spaend[0] <= fra and til <= spaend[1]):
            return None
        return {d: m for d, m in spaend[2].items() if fra <= d <= til}

    def over_kontospan(self, ansaettelse_id: int, koder: Sequence[str]) -> None:
        """Read (announced with a write's other reads) the employment's registered minutes over
        the span of its events of `koder`, for `minutter_for_mange` to be served from."""
        if _uden(self.session, "moedetider", (ansaettelse_id,)):
            return  # (minutter_for_mange then reads none either)
        parametre = {"aid": ansaettelse_id, "koder": list(koder), "aaben": AABEN_SLUT}
        self._konto_span = (ansaettelse_id, parametre)
        self.session.execute(_MOEDETIDER_KONTO_SPAN, parametre)

    def over_kontospan_mange(self, ansaettelse_ids: Sequence[int], koder: Sequence[str]) -> None:
        """As over_kontospan, for many employments (one span over all their events of `koder`)."""
        parametre = {"ids": list(ansaettelse_ids), "koder": list(koder), "aaben": AABEN_SLUT}
        self._konto_span_mange = parametre
        self.session.execute(_MOEDETIDER_KONTO_SPAN_MANGE, parametre)

    def _fra_kontospan_mange(self, ansaettelse_ids: Sequence[int], fra: date, til: date
                             ) -> dict[int, dict[date, int]] | None:
        parametre, self._konto_span_mange = self._konto_span_mange, None
        if parametre is None or not set(ansaettelse_ids) <= set(parametre["ids"]):
            return None
        rows = self.session.forudlaest(_MOEDETIDER_KONTO_SPAN_MANGE, parametre)
        if not rows or rows[0].fra is None or not (rows[0].fra <= fra and til <= rows[0].til):
            return None
        svar: dict[int, dict[date, int]] = {i: {} for i in ansaettelse_ids}
        for r in rows:
            if r.dato is not None and r.aid in svar and fra <= r.dato <= til:
                svar[r.aid][r.dato] = r.minutter
        return svar

    def _fra_kontospan(self, ansaettelse_ids: Sequence[int], fra: date, til: date
                       ) -> dict[int, dict[date, int]] | None:
        if self._konto_span is None or list(ansaettelse_ids) != [self._konto_span[0]]:
            return None
        aid, parametre = self._konto_span
        self._konto_span = None
        rows = self.session.forudlaest(_MOEDETIDER_KONTO_SPAN, parametre)
        if not rows or rows[0].fra is None or not (rows[0].fra <= fra and til <= rows[0].til):
            return None
        return {aid: {r.dato: r.minutter for r in rows if r.dato is not None and fra <= r.dato <= til}}

    def i_perioden(self, ansaettelse_id: int, fra: date, til: date) -> dict[date, Moedetid]:
        if self._haendelsesspan is not None or self._spaend is not None:
            if (laest := self._fra_haendelsesspan(ansaettelse_id, fra, til)) is not None:
                return laest
        if _uden(self.session, "moedetider", (ansaettelse_id,)):
            return {}
        rows = self.session.execute(_MOEDETIDER, {"aid": ansaettelse_id, "fra": fra, "til": til})
        return {r.dato: Moedetid(r.dato, r.minutter, r.starttid, r.sluttid) for r in rows}

    def minutter_for_mange(self, ansaettelse_ids: Sequence[int], fra: date, til: date
                           ) -> dict[int, dict[date, int]]:
        """The registered minutes of many employments in [fra, til], in one round trip."""
        if (laest := self._fra_kontospan(ansaettelse_ids, fra, til)) is not None:
            return laest
        if self._konto_span_mange is not None \
                and (laest := self._fra_kontospan_mange(ansaettelse_ids, fra, til)) is not None:
            return laest
        svar: dict[int, dict[date, int]] = {i: {} for i in ansaettelse_ids}
        if ansaettelse_ids and not _uden(self.session, "moedetider", ansaettelse_ids):
            for r in self.session.execute(_MOEDETIDER_MANGE, {"ids": list(ansaettelse_ids), "fra": fra,
                                                              "til": til}):
                svar[r.ansaettelse_id][r.dato] = r.minutter
        return svar

    def gem(self, ansaettelse_id: int, m: Moedetid, ny: bool) -> None:
        self._spaend = None
        vaerdier = {"minutter": m.minutter, "starttid": m.starttid, "sluttid": m.sluttid}
        if ny:
            self.session.execute(insert(_M), {"ansaettelse_id": ansaettelse_id, "dato": m.dato, **vaerdier})
        else:
            self.session.execute(update(_M).where(_M.c.ansaettelse_id == ansaettelse_id,
                                                  _M.c.dato == m.dato).values(**vaerdier))

    def slet(self, ansaettelse_id: int, dato: date) -> None:
        self._spaend = None
        self.session.execute(delete(_M).where(_M.c.ansaettelse_id == ansaettelse_id, _M.c.dato == dato))

    def log(self, tidspunkt: datetime, handling: str, ansaettelse_id: int, dato: date, bruger: str,
            transaktions_id: str | None, foer: int | None, efter: int | None) -> None:
        self.session.execute(insert(MoedetidslogRow.__table__), {
            "tidspunkt": _naiv(tidspunkt), "handling": handling, "ansaettelse_id": ansaettelse_id,
            "dato": dato, "bruger": bruger, "transaktions_id": transaktions_id,
            "foer_minutter": foer, "efter_minutter": efter})


_S = InstitutionSaerdagRow.__table__
_F = InstitutionFridagRow.__table__
_KALENDER_SAERDAGE = select(_S.c.maaned_dag, _S.c.regel).join(_I, _I.c.id == _S.c.institution_id).where(
    _I.c.kode == bindparam("kode"))
_KALENDER_FRIDAGE = select(_F.c.dato).join(_I, _I.c.id == _F.c.institution_id).where(
    _I.c.kode == bindparam("kode"))


class KalenderRepository:
    """Institutions' calendars: their rules for the special days and their extra days off."""

    def __init__(self, session: Session, referencer: Referencer):
        self.session = session
        self.referencer = referencer

    def for_institution(self, kode: str, fra: date, til: date) -> Kalender:
        """The institution's calendar (on the days [fra, til] and any other: its few extra days
        off are held whole, so the process's copy serves every period)."""
        return self.referencer.hent(("kalender", kode), lambda: self._kalender(kode))

    def _kalender(self, kode: str) -> Kalender:
        saerdage = {r.maaned_dag: SaerdagRegel(r.regel)
                    for r in self.session.execute(_KALENDER_SAERDAGE, {"kode": kode})}
        fridage = frozenset(r.dato for r in self.session.execute(_KALENDER_FRIDAGE, {"kode": kode}))
        return Kalender(saerdage, fridage)

    def saet_saerdag(self, institution_id: int, maaned_dag: str, regel: SaerdagRegel) -> str | None:
        """Set the rule; returns the rule it had (None: the default)."""
        foer = self.session.scalar(select(_S.c.regel).where(
            _S.c.institution_id == institution_id, _S.c.maaned_dag == maaned_dag))
        self.session.execute(delete(_S).where(_S.c.institution_id == institution_id,
                                              _S.c.maaned_dag == maaned_dag))
        self.session.execute(insert(_S), {"institution_id": institution_id, "maaned_dag": maaned_dag,
                                          "regel": regel.value})
        return foer

    def saet_fridag(self, institution_id: int, dato: date, fri: bool) -> bool:
        """Add or remove an extra day off; True if that changed anything."""
        findes = self.session.scalar(select(func.count()).select_from(_F).where(
            _F.c.institution_id == institution_id, _F.c.dato == dato)) > 0
        if fri and not findes:
            self.session.execute(insert(_F), {"institution_id": institution_id, "dato": dato})
        elif not fri and findes:
            self.session.execute(delete(_F).where(_F.c.institution_id == institution_id, _F.c.dato == dato))
        return fri != findes

    def log(self, tidspunkt: datetime, institution_id: int, bruger: str, hvad: str,
            foer: str | None, efter: str | None) -> None:
        self.session.execute(insert(KalenderlogRow.__table__), {
            "tidspunkt": _naiv(tidspunkt), "institution_id": institution_id, "bruger": bruger,
            "hvad": hvad, "foer": foer, "efter": efter})


class BoernRepository:
    """Children, by their parent's CPR number (a person's children follow every employment)."""

    def __init__(self, session: Session):
        self.session = session

    def for_personer(self, cprs: Iterable[str]) -> dict[str, dict[int, Barn]]:
        cprs = list(set(cprs))
        svar: dict[str, dict[int, Barn]] = {c: {} for c in cprs}
        if not cprs:
            return svar
        for foraelder, barnenummer, foedselsdato, cpr, fornavn, efternavn in map(
                _BARNEFELTER, self.session.execute(_BOERN, {"cprs": cprs})):
            svar[foraelder][barnenummer] = _barn(barnenummer, foedselsdato, cpr, fornavn, efternavn)
        return svar

    def med_flere(self, cprs: Iterable[str]) -> tuple[dict[str, dict[int, Barn]], list[str]]:
        """As for_personer, each child by its number and birth date alone (what the accounts and
        their rules ask of it; its CPR and names None), and those of these persons who have more
        than one employment (AnsaettelseRepository.med_flere), in one statement: a write's
        account reads, made after its employment's lock (a count read before it may be stale on
        PostgreSQL)."""
        cprs = list(set(cprs))
        svar: dict[str, dict[int, Barn]] = {c: {} for c in cprs}
        if not cprs or _uden(self.session, "boern", cprs):
            return svar, []
        flere = []
        for cpr, barnenummer, foedselsdato in tupler(self.session.execute(_BOERN_OG_FLERE, {"cprs": cprs})):
            if barnenummer is None:  # (a child has its number: a person with more employments)
                flere.append(cpr)
            else:
                svar[cpr][barnenummer] = _barn(barnenummer, foedselsdato, None, None, None)
        return svar, flere

    def gem(self, foraelder_cpr: str, b: Barn, foer: dict | None = None) -> str:
        """Upsert by parent and barnenummer; returns 'oprettet', 'aendret' or 'uaendret'."""
        return upsert(self.session, BarnRow, {"foraelder_cpr": foraelder_cpr, "barnenummer": b.barnenummer},
                      dict(cpr=b.cpr, fornavn=b.fornavn, efternavn=b.efternavn, foedselsdato=b.foedselsdato),
                      foer=foer)


def _barn(barnenummer: int, foedselsdato: date, cpr: str | None, fornavn: str | None,
          efternavn: str | None) -> Barn:
    """Barn(...) without its __init__, which sets each field through object.__setattr__ (frozen):
    the fields in one dict (a HentKvoter of 1,000 employments reads a child for each)."""
    b = _NY(Barn)
    _SAET(b, "__dict__", {"barnenummer": barnenummer, "foedselsdato": foedselsdato, "cpr": cpr,
                          "fornavn": fornavn, "efternavn": efternavn})
    return b


class KvotepostRepository:
    """Stored postings to accounts (adjustments and moves); append-only."""

    def __init__(self, session: Session):
        self.session = session

    def for_ansaettelser(self, ids: Iterable[int], saldi: bool = False) -> dict[int, list[Post]]:
        """Each employment's stored postings, in the order stored. `saldi`: for the balances
        alone (HentKvoter's read of many: Regnskab.kvoter_i_aar sums an account's postings by
        their day, kind and days): without their kilde, retstype and tekst (None, None, "") and
        in the index's order, not the order stored (no sort in SQLite: a temporary B-tree of
        every row), three values fewer per posting for the driver (a thousand instructions each
        on SQLite: issue 13)."""
        ids = list(set(ids))
        svar: dict[int, list[Post]] = {i: [] for i in ids}
        if not ids or _uden(self.session, "kvoteposter", ids):
            return svar
        # equal amounts as one Fraction (a thousand employments' postings are mostly a few values:
        # one made per value, and the answer writer knows a quota it has written by its fields' ids)
        broeker: dict[tuple[int, int], Fraction] = {}
        konti: dict[tuple, Konto] = {}  # likewise equal accounts as one Konto
        if saldi and getattr(self.session, "dialekt", None) == "sqlite":
            # (employment, one text of the rest: _KVOTEPOSTER_SALDI_TEKST), a posting made once per
            # distinct text: without kilde, retstype and tekst alike ones are the same posting
            ens: dict[str, Post] = {}
            for aid, noegle in tupler(self.session.execute(_KVOTEPOSTER_SALDI_TEKST, {"ids": ids})):
                post = ens.get(noegle)
                if post is None:
                    post = ens[noegle] = _saldopost(noegle, broeker, konti)
                svar[aid].append(post)
            return svar
        for (aid, kvotetype, aar, kontoretstype, barnenummer, dato, art, taeller, naevner, *resten) in tupler(
                self.session.execute(_KVOTEPOSTER_SALDI if saldi else _KVOTEPOSTER, {"ids": ids})):
            kilde, retstype, tekst = resten or _UDEN_KILDE
            dage = broeker.get((taeller, naevner))
            if dage is None:
                dage = broeker[taeller, naevner] = Fraction(taeller, naevner)
            konto = konti.get((kvotetype, aar, kontoretstype, barnenummer))
            if konto is None:
                konto = konti[kvotetype, aar, kontoretstype, barnenummer] = Konto(
                    _KVOTETYPER[kvotetype], aar, kontoretstype, barnenummer)
            # every field given (kode None, afventer False): the tuple as Post(...) makes it, without
            # its Python-level __new__
            svar[aid].append(_NY_TUPEL(Post, (konto, dato, _ARTER[art], dage, kilde, retstype, None,
                                              tekst or "", False)))
        return svar

    def tilfoej(self, ansaettelse_id: int, poster: Iterable[Post], bruger: str, tidspunkt: datetime) -> None:
        self.session.execute(_INDSAET_KVOTEPOST, [{
            "ansaettelse_id": ansaettelse_id, "kvotetype": p.konto.type.value, "aar": p.konto.aar,
            "kontoretstype": p.konto.retstype, "barnenummer": p.konto.barnenummer, "dato": p.dato,
            "art": p.art.value, "taeller": p.dage.numerator, "naevner": p.dage.denominator,
            "kilde": p.kilde, "retstype": p.retstype, "tekst": p.tekst or None, "bruger": bruger,
            "oprettet": _naiv(tidspunkt)} for p in poster])


# the stored values' members by a dict (an Enum's call costs a Python-level lookup per row)
_KVOTETYPER = {t.value: t for t in KvoteType}
_ARTER = {a.value: a for a in Art}
_BOERN = select(*BarnRow.__table__.columns).where(
    blandt(BarnRow.__table__.c.foraelder_cpr, "cprs"))
_KP = KvotepostRow.__table__.c
# the columns a posting is made of, in its order (a column read costs a HentKvoter of 1,000 more
# than a row's unpacking: the driver's per-value work)
_KVOTEPOSTER = select(
    _KP.ansaettelse_id, _KP.kvotetype, _KP.aar, _KP.kontoretstype, _KP.barnenummer, _KP.dato, _KP.art,
    _KP.taeller, _KP.naevner, _KP.kilde, _KP.retstype, _KP.tekst,
).where(blandt(_KP.ansaettelse_id, "ids")).order_by(_KP.id)
# for the balances alone (for_ansaettelser's `saldi`): the columns before kilde, unordered
_KVOTEPOSTER_SALDI = select(*_KVOTEPOSTER.selected_columns[:9]).where(blandt(_KP.ansaettelse_id, "ids"))
_UDEN_KILDE = (None, None, None)  # its rows' kilde, retstype and tekst
# the same on SQLite as the employment and one text of the rest, '|' between (a NULL as ''):
# two values a row for the driver, not nine (some 900 instructions each; _SALDI_NOEGLE's way)
_KVOTEPOSTER_SALDI_TEKST = select(_KP.ansaettelse_id, literal_column(
    "printf('%s|%s|%s|%s|%s|%s|%s|%s', " + ", ".join(
        f"{KvotepostRow.__tablename__}.{c.name}" for c in _KVOTEPOSTER.selected_columns[1:9]) + ")"
).label("noegle")).where(blandt(_KP.ansaettelse_id, "ids"))


def _saldopost(noegle: str, broeker: dict[tuple[int, int], Fraction], konti: dict[tuple, Konto]) -> Post:
    """A _KVOTEPOSTER_SALDI_TEKST text as for_ansaettelser(saldi=True) makes its posting: equal
    amounts and accounts the read's one object."""
    kvotetype, aar_, kontoretstype_, barnenummer_, dato, art, taeller_, naevner_ = noegle.split("|")
    aar, kontoretstype, barnenummer = (int(v) if v else None for v in (aar_, kontoretstype_, barnenummer_))
    taeller, naevner = int(taeller_), int(naevner_)
    dage = broeker.get((taeller, naevner))
    if dage is None:
        dage = broeker[taeller, naevner] = Fraction(taeller, naevner)
    konto = konti.get((kvotetype, aar, kontoretstype, barnenummer))
    if konto is None:
        konto = konti[kvotetype, aar, kontoretstype, barnenummer] = Konto(
            _KVOTETYPER[kvotetype], aar, kontoretstype, barnenummer)
    return _NY_TUPEL(Post, (konto, dato_af_tekst(dato), _ARTER[art], dage, None, None, None, "", False))
# the children's rows (only the columns the accounts use: a column read costs a HentKvoter of
# 1,000 a thousand instructions a row on SQLite, the driver's per-value work), then one row per
# person with more than one employment, its CPR in the parent's place and no child's number
# (barnenummer is NOT NULL: a column of its own to tell them apart cost a value a row;
# BoernRepository.med_flere: one statement for two of the accounts' reads)
_BA = BarnRow.__table__.c
_BOERN_OG_FLERE = union_all(
    select(_BA.foraelder_cpr, _BA.barnenummer, _BA.foedselsdato).where(blandt(_BA.foraelder_cpr, "cprs")),
    select(_MED_FLERE.selected_columns[0], null().label("barnenummer"), null().label("foedselsdato"))
    .where(blandt(_A.c.cpr, "cprs")).group_by(_A.c.cpr).having(func.count() > 1))
# the rows by position (a Row's attribute costs ten times its index; HentKvoter reads thousands)
_BARNEFELTER = operator.itemgetter(*(list(_BOERN.selected_columns.keys()).index(f) for f in (
    "foraelder_cpr", "barnenummer", "foedselsdato", "cpr", "fornavn", "efternavn")))
_INDSAET_KVOTEPOST = insert(KvotepostRow.__table__)
