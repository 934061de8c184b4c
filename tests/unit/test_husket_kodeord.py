"""The remembered form of a passed password check (Autentificering._noegle): the keyed BLAKE2b
is made once and copied for each digest (issue 13) — the digest of a fresh keyed BLAKE2b, and
another for every other user, password or stored hash."""

from __future__ import annotations

import hashlib

from sqlalchemy import create_engine

from fravaer.service.autentificering import Autentificering

# an engine that is never connected: the constructor reads only its dialect's name
_ENGINE = create_engine("sqlite://")


def test_the_digest_is_the_keyed_blake2b_of_the_three():
    a = Autentificering(_ENGINE)
    sete = set()
    for navn, kode, gemt in (("bench", "kodeord", "$scrypt$x"), ("bench", "kodeord2", "$scrypt$x"),
                             ("bench", "kodeord", "$scrypt$y"), ("bench2", "kodeord", "$scrypt$x"),
                             ("b", "enchkodeord", "$scrypt$x"), ("æ", "\udcff", "")):
        data = "\0".join((str(len(navn)), navn, str(len(kode)), kode, gemt))
        forventet = hashlib.blake2b(data.encode("utf-8", "surrogatepass"), key=a._peber,
                                    digest_size=32).digest()
        assert a._noegle(navn, kode, gemt) == a._noegle(navn, kode, gemt) == forventet
        sete.add(forventet)
    assert len(sete) == 6
    assert Autentificering(_ENGINE)._noegle("bench", "kodeord", "$scrypt$x") not in sete
