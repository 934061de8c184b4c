"""Passwords: stored as scrypt hashes (a standard, memory-hard KDF from the standard library).

WS-Security's PasswordDigest needs the server to know the password itself
(digest = base64(sha1(nonce + created + password))); for users enabled for digest the password
is therefore also kept encrypted (AES-GCM) under the server's key, FRAVAER_SECRET_KEY. Without
that key there is no digest, only PasswordText (over TLS). docs/SECURITY.md explains the trade."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
NOEGLE_MILJOE = "FRAVAER_SECRET_KEY"


def hash_kodeord(kodeord: str) -> str:
    salt = secrets.token_bytes(16)
    h = hashlib.scrypt(kodeord.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(h)}"


def kontroller_kodeord(kodeord: str, gemt: str) -> bool:
    try:
        navn, n, r, p, salt, h = gemt.split("$")
    except ValueError:
        return False
    if navn != "scrypt":
        return False
    beregnet = hashlib.scrypt(kodeord.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                              p=int(p), dklen=32)
    return hmac.compare_digest(beregnet, base64.b64decode(h))


def digest(nonce: bytes, created: str, kodeord: str) -> str:
    return _b64(hashlib.sha1(nonce + created.encode() + kodeord.encode()).digest())


def ny_noegle() -> str:
    return _b64(secrets.token_bytes(32))


def _noegle() -> bytes | None:
    v = os.environ.get(NOEGLE_MILJOE)
    if not v:
        return None
    noegle = base64.b64decode(v)
    if len(noegle) != 32:
        raise ValueError(f"{NOEGLE_MILJOE} skal være 32 bytes i base64")
    return noegle


def har_noegle() -> bool:
    return _noegle() is not None


def krypter(kodeord: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    noegle = _noegle()
    if noegle is None:
        raise ValueError(f"PasswordDigest kræver {NOEGLE_MILJOE}")
    iv = secrets.token_bytes(12)
    return _b64(iv + AESGCM(noegle).encrypt(iv, kodeord.encode(), b"fravaer-kodeord"))


def dekrypter(krypteret: str) -> str | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    noegle = _noegle()
    if noegle is None:
        return None
    data = base64.b64decode(krypteret)
    try:
        return AESGCM(noegle).decrypt(data[:12], data[12:], b"fravaer-kodeord").decode()
    except InvalidTag:
        return None


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()
