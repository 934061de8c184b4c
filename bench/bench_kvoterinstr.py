"""HentKvoter's instructions per request on bench_kvoter.py's data (three events, a child and an
adjustment per employment; `--forskellige`: each employment its own dates), counted by callgrind
in process as bench_instruktioner.py counts them, on SQLite. The data is made once into `--fil`
(kept, so that two trees count the same rows: run with PYTHONPATH set to each); `--svar DIR`
writes the answers of HentKvoter 1, 100 and 1,000 at several dates instead, to compare two trees'
bytes.

    PYTHONPATH=src .venv/bin/python bench/bench_kvoterinstr.py --fil /tmp/k.sqlite [--forskellige]
                                                               [--svar DIR]
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import operationer as op
from bench_instruktioner import _instruktioner, _marker
from bench_kvoter import forbered, hent_kvoter

ANTAL = {1: 40, 100: 4, 1000: 2}
DATOER = ("2025-11-15", "2025-06-15", "2025-01-02", "2026-03-01", "2024-12-31", "2025-09-01")


def _kald(database: str):
    proc = op.Inprocess(database)
    return proc, lambda krop: proc.kald("KvoteService", krop)


def _barn(database: str) -> None:
    from fravaer.server import GC_GEN0

    proc, kald = _kald(database)
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_GEN0, *gc.get_threshold()[1:])
    for antal, n in ANTAL.items():
        krop = hent_kvoter(antal)
        for _ in range(5):
            kald(krop)
        _marker()
        for _ in range(n):
            kald(krop)
        _marker()
    proc.engine.dispose()


def _svar(database: str, mappe: Path) -> None:
    import bench_kvoter

    _, kald = _kald(database)
    mappe.mkdir(parents=True, exist_ok=True)
    for dato in DATOER:
        bench_kvoter.DATO = dato
        for antal in ANTAL:
            krop = hent_kvoter(antal)
            (mappe / f"{dato}-{antal}.xml").write_bytes(kald(krop))
            (mappe / f"{dato}-{antal}-igen.xml").write_bytes(kald(krop))  # warm: caches filled


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--fil", required=True, help="the SQLite file (made when missing)")
    p.add_argument("--forskellige", action="store_true")
    p.add_argument("--svar", help="write the answers to this directory (no callgrind)")
    p.add_argument("--barn", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args()
    database = f"sqlite:///{a.fil}"
    if a.barn:
        _barn(database)
        return
    if not Path(a.fil).exists():
        forbered(database, a.forskellige)
    if a.svar:
        _svar(database, Path(a.svar))
        return
    with tempfile.TemporaryDirectory() as mappe:
        subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=getppid",
                        f"--callgrind-out-file={mappe}/cg.out", sys.executable, __file__,
                        "--fil", a.fil, "--barn"], check=True, stderr=subprocess.DEVNULL)
        dumps = sorted(Path(mappe).glob("cg.out.*"), key=lambda f: int(f.suffix[1:]))
        print(f"HentKvoter instructions per request, in process, warm (SQLite, bench_kvoter's data"
              f"{', each its own dates' if a.forskellige else ''})")
        for i, (antal, n) in enumerate(ANTAL.items()):
            print(f"HentKvoter {antal:<5d} {_instruktioner(dumps[2 * i + 1]) / n:14,.0f}")


if __name__ == "__main__":
    main()
