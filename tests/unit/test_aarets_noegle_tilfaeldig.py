"""A randomised differential test of Regnskab.kvoter_i_aar's shared lists (HentKvoter's read):
many employments of one read share `husk`; every list must equal the list worked out without
`husk`, and the balances the same events give when booked as day postings."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from fravaer.adapters.db.repository import KontoHaendelse
from fravaer.domain.ansaettelse import Loenform
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.kvoter import Art, Barn, Konto, KvoteType, Post, Regnskab
from fravaer.domain.politik import politik_for
from fravaer.service.regnskaber import tilfoej_haendelser
from tests.unit.test_brug import KATALOG, ansat

D = date
KONTI = [Konto(KvoteType.FERIE, 2023), Konto(KvoteType.FERIE, 2024), Konto(KvoteType.FERIE, 2025),
         Konto(KvoteType.SAERLIGE_FERIEDAGE, 2023), Konto(KvoteType.SAERLIGE_FERIEDAGE, 2024),
         Konto(KvoteType.FRIHEDSBANK, None, 4), Konto(KvoteType.OMSORGSDAGE, None, 3)]
EVENTS = [("500", D(2024, 6, 17), D(2024, 6, 21), None, None, 2024),
          ("500", D(2024, 12, 23), D(2025, 1, 3), None, None, 2024),
          ("520", D(2024, 4, 29), D(2024, 5, 3), None, None, None),
          ("600", D(2024, 3, 4), D(2024, 3, 4), None, 1, None),
          ("600", D(2024, 3, 5), D(2024, 3, 5), None, 2, None),
          ("804", D(2024, 12, 30), D(2025, 1, 3), None, None, None),
          ("500", D(2025, 2, 3), D(2025, 2, 7), None, None, 2024),
          ("500", D(2024, 6, 17), D(2024, 6, 17), 120, None, 2024)]


def _tilfaeldig(rng: random.Random, priser: dict | None, seed_state) -> tuple[Regnskab, Regnskab]:
    rng.setstate(seed_state)
    start = D(2016, 1, 1) + timedelta(days=rng.randrange(365 * 10))
    slut = None if rng.random() < 0.6 else start + timedelta(days=rng.randrange(365 * 6))
    a = ansat(start=start, slut=slut, fridag=rng.choice([None, None, 4]))
    a = replace(a, loenform=rng.choice([Loenform.MAANEDSLOEN, Loenform.MAANEDSLOEN, Loenform.TIMELOEN]),
                postering=rng.choice([None, "primo", "ultimo"]),
                feriepolitik=rng.choice([None, "stat", "kun_optjent", "forskud", "forskud_5", "egen_fridag"]),
                pkat=rng.choice([None, "0051", "2720"]), klasse=rng.choice([None, "62", "90"]),
                ugentlige_minutter=rng.choice([2220, 1110]))
    boern = {}
    for nr in rng.sample([1, 2, 3], rng.randrange(3)):
        boern[nr] = Barn(nr, D(2014, 1, 1) + timedelta(days=rng.randrange(365 * 12)))
    poster = [Post(rng.choice(KONTI), D(2023, 1, 1) + timedelta(days=rng.randrange(900)),
                   rng.choice([Art.REGULERET, Art.OVERFOERT]),
                   Fraction(rng.randrange(-4, 9), rng.choice([1, 2])),
                   kilde=f"r{i}", afventer=rng.random() < 0.1)
              for i in range(rng.randrange(3))]
    hs = [(*h, rng.random() < 0.15) for h in rng.sample(EVENTS, rng.randrange(len(EVENTS)))]
    politik = politik_for(a)
    tid = Arbejdstid(a)
    r = Regnskab(a, politik, boern, list(poster))
    tilfoej_haendelser(r, KATALOG, [KontoHaendelse(None, 1, *h) for h in hs], tid, priser)
    dag = Regnskab(a, politik, boern, list(poster))
    tilfoej_haendelser(dag, KATALOG, [KontoHaendelse(f"h{i}", 1, *h) for i, h in enumerate(hs)], tid)
    return r, dag


def test_random_reads_share_lists_correctly():
    rng = random.Random(4711)
    fejl = []
    delte = 0
    for runde in range(40):
        priser: dict = {}
        husk: dict = {}
        dato = D(2023, 1, 1) + timedelta(days=rng.randrange(1000))
        laest = []
        tilstande = [rng.getstate() for _ in range(60) if not rng.random() > 2]
        for i, tilstand in enumerate(tilstande):
            tilstand = random.Random(runde * 1000 + i % 25).getstate()  # repeats: alike employments
            r, dag = _tilfaeldig(random.Random(), priser, tilstand)
            laest.append(r)
            foer = sum(1 for k in husk if len(k) == 9)
            delt, alene, dage = r.kvoter_i_aar(dato, husk), r.kvoter_i_aar(dato), dag.kvoter_i_aar(dato)
            delte += r.brug != [] and sum(1 for k in husk if len(k) == 9) == foer and bool(foer)
            if delt != alene or [k[:9] for k in alene] != [k[:9] for k in dage]:
                fejl.append((runde, i, dato))
    assert not fejl, fejl[:5]
    assert delte > 200, delte  # (lists really shared)
