"""The import shim that lets spyne 2.14 import on Python 3.12+ (fravaer/_spyne_kompat.py). Each
case runs in a fresh interpreter: the import system's state is what is tested."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _koer(kode: str) -> subprocess.CompletedProcess:
    miljoe = dict(os.environ, PYTHONPATH=SRC)
    return subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True, env=miljoe,
                          timeout=60)


def test_spyne_importerer_og_moves_er_de_rigtige_moduler():
    r = _koer(
        "import collections.abc, http.cookies, urllib.parse\n"
        "spec = collections.abc.__spec__\n"
        "import fravaer\n"
        "from spyne.util.six.moves.collections_abc import MutableSet\n"
        "from spyne.util.six.moves.urllib.parse import urlparse\n"
        "from spyne.util.six.moves.http_cookies import SimpleCookie\n"
        "import spyne.server.wsgi, spyne.protocol.soap\n"
        "assert MutableSet is collections.abc.MutableSet\n"
        "assert urlparse is urllib.parse.urlparse and SimpleCookie is http.cookies.SimpleCookie\n"
        # the real module keeps its own spec: the shim must not rename collections.abc
        "assert collections.abc.__spec__ is spec, collections.abc.__spec__\n"
        "print('ok')\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"


def test_ukendte_navne_under_moves_findes_ikke():
    r = _koer("import fravaer, spyne\n"
              "try:\n"
              "    import spyne.util.six.moves.findes_ikke\n"
              "except ModuleNotFoundError:\n"
              "    print('nej')\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "nej"


def test_installer_er_idempotent():
    r = _koer("import sys, fravaer\n"
              "from fravaer import _spyne_kompat\n"
              "_spyne_kompat.installer(); _spyne_kompat.installer()\n"
              "print(sum(isinstance(f, _spyne_kompat.SixMovesFinder) for f in sys.meta_path))\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "1"


@pytest.mark.skipif(sys.version_info < (3, 12), reason="spyne's own importer still works on 3.11")
def test_uden_shim_importerer_spyne_ikke():
    """Why the shim exists: without it spyne 2.14 does not import on 3.12+. If this starts to pass,
    spyne or Python changed and the shim may be dropped."""
    r = _koer("import spyne")
    assert r.returncode != 0
    assert "spyne.util.six.moves" in r.stderr
