"""New ids for what the service stores: random UUIDs (version 4) as text."""

from __future__ import annotations

import os


def nyt_id() -> str:
    """The text of a new random UUID, exactly as str(uuid.uuid4()) writes it (16 random bytes,
    version 4, the RFC 4122 variant) without building a UUID object: a mass registration makes
    ten thousand (issue 15), and the object cost three times the bytes."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"
