"""The remembered form of a passed password check (Autentificering._noegle): the keyed BLAKE2b
is made once and copied for each digest (issue 13) — the digest of a fresh keyed BLAKE2b, and
another for every other user, password or stored hash; a user's remembered check started from
the BLAKE2b that has taken the user and the stored hash (_forberedt), which it keeps."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine

from fravaer.adapters.security.wsse import UsernameToken
from fravaer.service.autentificering import Autentificering

# an engine that is never connected: the constructor reads only its dialect's name
_ENGINE = create_engine("sqlite://")


def test_the_digest_is_the_keyed_blake2b_of_the_three():
    a = Autentificering(_ENGINE)
    sete = set()
    for navn, kode, gemt in (("bench", "kodeord", "$scrypt$x"), ("bench", "kodeord2", "$scrypt$x"),
                             ("bench", "kodeord", "$scrypt$y"), ("bench2", "kodeord", "$scrypt$x"),
                             ("b", "enchkodeord", "$scrypt$x"), ("æ", "\udcff", "")):
        data = f"{len(navn)}\0{navn}\0{len(gemt)}\0{gemt}\0{kode}"
        forventet = hashlib.blake2b(data.encode("utf-8", "surrogatepass"), key=a._peber,
                                    digest_size=32).digest()
        assert a._noegle(navn, kode, gemt) == a._noegle(navn, kode, gemt) == forventet
        assert a._noegle(navn, kode, gemt, a._forberedt(navn, gemt)) == forventet
        sete.add(forventet)
    assert len(sete) == 6
    assert Autentificering(_ENGINE)._noegle("bench", "kodeord", "$scrypt$x") not in sete


def _token(navn: str, kode: str) -> UsernameToken:
    return UsernameToken(navn, kode, False, None, None)


@pytest.mark.parametrize("navn, kode, gemt, husket", [
    ("bench", "kodeord", "$scrypt$x", True),
    ("bench", "kodeord2", "$scrypt$x", False),  # another password
    ("bench", "kodeord", "$scrypt$y", False),  # the stored hash changed (a new password set)
    ("bench", "kodeord", "$scrypt$x" + "\0", False),
    ("bench2", "kodeord", "$scrypt$x", False),  # another user
    ("benc", "hkodeord", "$scrypt$x", False),
])
def test_a_remembered_check_holds_for_the_same_user_password_and_stored_hash_only(navn, kode, gemt, husket):
    """What _kodeord_passer remembers after a passed scrypt check (the user's stored hash, the
    prepared BLAKE2b and the digest) lets _husket pass the same three and nothing else."""
    a = Autentificering(_ENGINE)
    forberedt = a._forberedt("bench", "$scrypt$x")
    a._kontrolleret["bench"] = ("$scrypt$x", forberedt, a._noegle("bench", "kodeord", "$scrypt$x", forberedt))
    assert a._husket(_token(navn, kode), gemt) is husket
    assert a._husket(_token(navn, kode), gemt) is husket  # the kept BLAKE2b not changed by a use


def test_the_remembered_checks_are_bounded(monkeypatch):
    """Past _MAKS_HUSKET users the memory starts over: never more than that many kept."""
    from fravaer.service import autentificering as modul

    monkeypatch.setattr(modul, "_MAKS_HUSKET", 3)
    a = Autentificering(_ENGINE)
    monkeypatch.setattr(modul.passwords, "kontroller_kodeord", lambda kode, gemt: kode == "rigtigt")
    login = SimpleNamespace(aktiv=True, kodeord_hash="$scrypt$x", kodeord_krypteret=None)
    for i in range(10):
        assert a._kodeord_passer(_token(f"bruger{i}", "rigtigt"), login)
        assert len(a._kontrolleret) <= 3
        assert a._husket(_token(f"bruger{i}", "rigtigt"), "$scrypt$x")
    assert not a._kodeord_passer(_token("bruger9", "forkert"), login)
