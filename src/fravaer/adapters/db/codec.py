"""JSON snapshots of events, for the event log (before/after) and stored first answers; and how
timestamps are stored."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, date, datetime
from functools import cache
from json.encoder import encode_basestring as _json_tekst  # what dumps writes a string as
from typing import overload

from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.godkendelse import Status
from fravaer.domain.haendelse import Haendelse, HaendelseData


def haendelse_til_dict(h: Haendelse) -> dict:
    d = h.data
    return {
        "id": h.id, "ansaettelse_id": h.ansaettelse_id, "version": h.version,
        "kode": d.kode, "fra": d.fra.isoformat(), "til": d.til.isoformat() if d.til else None,
        "minutter": d.minutter, "barnenummer": d.barnenummer, "ferieaar": d.ferieaar,
        "bemaerkning": d.bemaerkning, "barselssag_id": d.barselssag_id,
        "arbejdsskadesag": d.arbejdsskadesag, "tjenestefriaarsag": d.tjenestefriaarsag,
        "oprettet": h.oprettet.isoformat(), "aendret": h.aendret.isoformat(),
        "status": h.status.value if hasattr(h.status, "value") else h.status,
        **({"begrundelse": h.begrundelse} if h.begrundelse is not None else {}),
    }


def haendelse_json(h: Haendelse) -> str:
    """dumps(haendelse_til_dict(h)), the same text, written directly (its keys in dumps' sorted
    order): a mass registration writes one per registration (issue 15), and the dict and the
    encoder's sorting of it cost twice this. An absent field is written without a call (most
    are absent), a string or int field by json's C writer or int's repr at once (_vaerdi for any
    other type), the status by identity (a StrEnum's hash is a Python call), and the times by
    _tid (an unchanged event's Aendret is its Oprettet, written once)."""
    d = h.data
    a, b, bs, be, fe, mi, til, tf = (d.arbejdsskadesag, d.barnenummer, d.barselssag_id, d.bemaerkning,
                                     d.ferieaar, d.minutter, d.til, d.tjenestefriaarsag)
    s = h.status
    status: str | None = _GODKENDT_JSON
    if s is not _GODKENDT:
        status = _STATUS_JSON.get(s)
        if status is None:
            status = _vaerdi(s.value if hasattr(s, "value") else s)
    o, ae, hid, aid, kode, version = h.oprettet, h.aendret, h.id, h.ansaettelse_id, d.kode, h.version
    oprettet = _tid(o)
    aendret = oprettet if ae is o else _tid(ae)
    begrundelse = "" if h.begrundelse is None else f'"begrundelse":{_vaerdi(h.begrundelse)},'
    return (f'{{"aendret":{aendret},'
            f'"ansaettelse_id":{int.__repr__(aid) if type(aid) is int else _vaerdi(aid)},'
            f'"arbejdsskadesag":{"null" if a is None else _vaerdi(a)},'
            f'"barnenummer":{"null" if b is None else _vaerdi(b)},'
            f'"barselssag_id":{"null" if bs is None else _vaerdi(bs)},{begrundelse}'
            f'"bemaerkning":{"null" if be is None else _vaerdi(be)},'
            f'"ferieaar":{"null" if fe is None else _vaerdi(fe)},"fra":{_datotekst(d.fra)},'
            f'"id":{_json_tekst(hid) if type(hid) is str else _vaerdi(hid)},'
            f'"kode":{_json_tekst(kode) if type(kode) is str else _vaerdi(kode)},'
            f'"minutter":{"null" if mi is None else _vaerdi(mi)},'
            f'"oprettet":{oprettet},"status":{status},'
            f'"til":{"null" if til is None else _datotekst(til)},'
            f'"tjenestefriaarsag":{"null" if tf is None else _vaerdi(tf)},'
            f'"version":{int.__repr__(version) if type(version) is int else _vaerdi(version)}}}')


_STATUS_JSON = {s: _json_tekst(s.value) for s in Status}
_GODKENDT = Status.GODKENDT
_GODKENDT_JSON = _STATUS_JSON[_GODKENDT]
# the last two timestamps written and their texts: a write's one `nu` is its event's Oprettet and
# Aendret (a batch writes it twice per registration); a change writes the new version's Aendret
# (`nu`) and Oprettet, then the old version's Oprettet (and Aendret) again
_sidste_tider: tuple[datetime | None, str, datetime | None, str] = (None, "", None, "")
_TO_CIFRE = tuple(f"{i:02d}" for i in range(100))


def _tid(t: datetime) -> str:
    """A timestamp's isoformat as dumps writes it, the last two kept (by identity)."""
    global _sidste_tider
    sidste = _sidste_tider
    if sidste[0] is t:
        return sidste[1]
    if sidste[2] is t:
        return sidste[3]
    if type(t) is datetime and t.tzinfo is UTC:
        # isoformat's text of a UTC time from its fields (isoformat formats through printf and
        # asks the tzinfo for its offset: twice this); only digits and ASCII signs, no escapes
        cifre = _TO_CIFRE
        aar, us = t.year, t.microsecond
        tekst = (f'"{aar:04d}-{cifre[t.month]}-{cifre[t.day]}T{cifre[t.hour]}:{cifre[t.minute]}:'
                 f'{cifre[t.second]}{f".{us:06d}" if us else ""}+00:00"')
    else:
        tekst = _vaerdi(t.isoformat())
    _sidste_tider = (t, tekst, sidste[0], sidste[1])  # one tuple, swapped whole: safe for threads
    return tekst


def data_json(d: HaendelseData) -> str:
    """felter_json(d) of a HaendelseData, written without a call per field (a mass registration
    digests each registration's data: issue 15)."""
    a, b, bs, be, fe, mi, til, tf = (d.arbejdsskadesag, d.barnenummer, d.barselssag_id, d.bemaerkning,
                                     d.ferieaar, d.minutter, d.til, d.tjenestefriaarsag)
    return (f'{{"arbejdsskadesag":{"null" if a is None else _vaerdi(a)},'
            f'"barnenummer":{"null" if b is None else _vaerdi(b)},'
            f'"barselssag_id":{"null" if bs is None else _vaerdi(bs)},'
            f'"bemaerkning":{"null" if be is None else _vaerdi(be)},'
            f'"ferieaar":{"null" if fe is None else _vaerdi(fe)},"fra":{_vaerdi(d.fra)},'
            f'"kode":{_vaerdi(d.kode)},"minutter":{"null" if mi is None else _vaerdi(mi)},'
            f'"til":{"null" if til is None else _vaerdi(til)},'
            f'"tjenestefriaarsag":{"null" if tf is None else _vaerdi(tf)}}}')


def ident_json(i: AnsaettelsesIdent) -> str:
    """felter_json(i) of an AnsaettelsesIdent, written without a call per field."""
    c, lb, tj = i.cpr, i.loebenummer, i.tjenestenummer
    return (f'{{"cpr":{"null" if c is None else _vaerdi(c)},'
            f'"loebenummer":{"null" if lb is None else _vaerdi(lb)},'
            f'"tjenestenummer":{"null" if tj is None else _vaerdi(tj)}}}')


def felter_json(v) -> str:
    """dumps of a record's fields as a dict ({name: value} of every dataclass field), the same
    text, written directly: the content digest of a mass registration's every registration."""
    klasse: type = type(v)
    return "{" + ",".join(noegle + _vaerdi(getattr(v, navn)) for navn, noegle in _noegler(klasse)) + "}"


@cache
def _noegler(klasse: type) -> tuple[tuple[str, str], ...]:
    return tuple((navn, f"{_json_tekst(navn)}:") for navn in sorted(f.name for f in fields(klasse)))


def _vaerdi(v) -> str:
    """One value as dumps writes it (the common types at once, any other by dumps itself)."""
    if v is None:
        return "null"
    t = type(v)
    if t is str:
        return _json_tekst(v)
    if t is int:
        return int.__repr__(v)
    if t is date:
        return _datotekst(v)
    return dumps(v)


# the JSON texts of the dates written, kept (bounded, emptied when full): date.isoformat formats
# through printf, 3,000 instructions, and a write digests and stores the same few days
_DATOTEKSTER: dict[date, str] = {}
_DATOTEKSTER_MAKS = 8192


def _datotekst(d: date) -> str:
    """dumps(d.isoformat()) of a date (its text as dumps writes it)."""
    tekst = _DATOTEKSTER.get(d)
    if tekst is None:
        if len(_DATOTEKSTER) >= _DATOTEKSTER_MAKS:
            _DATOTEKSTER.clear()
        tekst = _DATOTEKSTER[d] = f'"{d.isoformat()}"'
    return tekst


def haendelse_fra_dict(v: dict) -> Haendelse:
    data = HaendelseData(
        kode=v["kode"], fra=date.fromisoformat(v["fra"]),
        til=date.fromisoformat(v["til"]) if v["til"] else None,
        minutter=v["minutter"], barnenummer=v["barnenummer"], ferieaar=v["ferieaar"],
        bemaerkning=v["bemaerkning"], barselssag_id=v.get("barselssag_id"),
        arbejdsskadesag=v.get("arbejdsskadesag"), tjenestefriaarsag=v.get("tjenestefriaarsag"),
    )
    return Haendelse(v["id"], v["ansaettelse_id"], v["version"], data,
                     datetime.fromisoformat(v["oprettet"]), datetime.fromisoformat(v["aendret"]),
                     Status(v.get("status", Status.GODKENDT)), v.get("begrundelse"))


def _json_default(v):
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    raise TypeError(f"kan ikke gemme {type(v).__name__} som JSON")


# json.dumps with arguments builds a new encoder per call; the same encoder, built once, writes
# the same text (a mass registration writes three per registration: issue 15)
_KODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_default)


def _c_koder():
    """json's C encoder with _KODER's settings, built once: JSONEncoder.encode builds it anew for
    every call, which costs a third of encoding a small dict (a mass registration encodes three
    per registration). No circular check: what is stored is built of plain dicts and lists.
    None where json has no C encoder, or where it does not write what _KODER writes."""
    from json import encoder

    lav = getattr(encoder, "c_make_encoder", None)
    if lav is None:
        return None
    try:
        koder = lav(None, _json_default, encoder.encode_basestring, None, ":", ",", True, False, True)
        proeve = {"b": [1, 2.5, None, True, "æ\"\n"], "a": date(2025, 1, 2), "c": {"y": 1, "x": "z"}}
        if "".join(koder(proeve, 0)) != _KODER.encode(proeve):
            return None
    except (TypeError, ValueError):
        return None
    return koder


_C_KODER = _c_koder()


def dumps(v) -> str:
    if _C_KODER is None or isinstance(v, str):  # (a string alone is encoded by encode() itself)
        return _KODER.encode(v)
    return "".join(_C_KODER(v, 0))


def loads(s: str):
    return json.loads(s)


@overload
def naiv_utc(dt: datetime) -> datetime: ...
@overload
def naiv_utc(dt: datetime | None) -> datetime | None: ...
def naiv_utc(dt: datetime | None) -> datetime | None:
    """Timestamps are stored as naive UTC (the same on SQLite and PostgreSQL); None stays None."""
    global _sidste
    if dt is None:
        return None
    sidste = _sidste
    if sidste[0] is dt:
        return sidste[1]
    naiv = dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt
    _sidste = (dt, naiv)  # one tuple, swapped whole: safe for threads and greenlets
    return naiv


# the last conversion: a write stores its one `nu` in several rows and columns (a mass
# registration four times per registration, issue 15)
_sidste: tuple[datetime | None, datetime | None] = (None, None)
