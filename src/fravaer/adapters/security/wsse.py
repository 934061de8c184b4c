"""Reading a WS-Security UsernameToken (OASIS WSS 1.0 UsernameToken Profile) from SOAP headers.
Only reading: whether it is valid is decided in service/autentificering.py."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from fravaer.domain.dataklasser import hurtig_init, hurtig_ny
from fravaer.errors import FravaerError
from fravaer.namespaces import WSSE, WSSE_USERNAME_PROFIL, WSU

PROFIL = WSSE_USERNAME_PROFIL
TEKST, DIGEST = PROFIL + "#PasswordText", PROFIL + "#PasswordDigest"
# Clients send 16 bytes. The replay check stores 'user:base64(nonce)' in nonce.nonce
# (200 characters; user names up to 100): a longer nonce is refused before the database.
MAKS_NONCE_BYTES = 64


class UgyldigToken(FravaerError, ValueError):
    """The header is there but not a readable UsernameToken."""


@hurtig_init  # one a request, read a few times
@dataclass(frozen=True)
class UsernameToken:
    brugernavn: str
    kodeord: str
    digest: bool
    nonce: bytes | None
    created: str | None  # as sent: the digest is computed over this exact text

    def created_tidspunkt(self) -> datetime | None:
        if self.created is None:
            return None
        try:
            return datetime.fromisoformat(self.created.replace("Z", "+00:00"))
        except ValueError:
            raise UgyldigToken("wsu:Created er ikke et tidspunkt") from None


_SECURITY, _TOKEN = f"{{{WSSE}}}Security", f"{{{WSSE}}}UsernameToken"
_USERNAME, _PASSWORD, _NONCE = f"{{{WSSE}}}Username", f"{{{WSSE}}}Password", f"{{{WSSE}}}Nonce"
_CREATED = f"{{{WSU}}}Created"


def find_token(header_elementer) -> UsernameToken | None:
    """The UsernameToken in the soap:Header's children, or None when there is no wsse:Security."""
    for e in header_elementer or ():
        if e.tag == _SECURITY:
            return laes_token(e)
    return None


def laes_token(security) -> UsernameToken:
    """The UsernameToken of a wsse:Security element (find_token's, where the caller found the
    element already: soap/envelope.del_konvolut)."""
    # the first child of each name, read in one walk over the token's children (lxml's find and
    # findtext each build a path and walk again: a fifth of a request's reading, issue 13); each
    # tag compared as it is (lxml builds a new text for each: no hashing it for a dict)
    t = None
    for e in security:
        if e.tag == _TOKEN:
            t = e
            break
    if t is None:
        raise UgyldigToken("wsse:Security har intet wsse:UsernameToken")
    navn_e = kodeord_e = nonce_e = created_e = None
    for e in t:
        tag = e.tag
        if tag == _USERNAME:
            if navn_e is None:
                navn_e = e
        elif tag == _PASSWORD:
            if kodeord_e is None:
                kodeord_e = e
        elif tag == _NONCE:
            if nonce_e is None:
                nonce_e = e
        elif tag == _CREATED and created_e is None:
            created_e = e
    navn = ((navn_e.text or "") if navn_e is not None else "").strip()
    if not navn or kodeord_e is None:
        raise UgyldigToken("wsse:Username og wsse:Password skal være udfyldt")
    type_ = kodeord_e.get("Type") or TEKST
    if type_ not in (TEKST, DIGEST):
        raise UgyldigToken("ukendt Password Type")
    nonce_tekst = nonce_e.text if nonce_e is not None else None
    try:
        nonce = base64.b64decode(nonce_tekst.strip(), validate=True) if nonce_tekst else None
    except (binascii.Error, ValueError):
        raise UgyldigToken("wsse:Nonce er ikke base64") from None
    if nonce is not None and len(nonce) > MAKS_NONCE_BYTES:
        raise UgyldigToken(f"wsse:Nonce må højst være {MAKS_NONCE_BYTES} bytes")
    created = created_e.text if created_e is not None else None
    return _NY_TOKEN(navn, kodeord_e.text or "", type_ == DIGEST, nonce,
                     created.strip() if created else None)


# the token made as hurtig_init's __init__ makes it, without the class's call through type_call
# and slot_tp_init to it (one a request)
_NY_TOKEN = hurtig_ny(UsernameToken)
