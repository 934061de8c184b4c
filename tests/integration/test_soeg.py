"""SoegHaendelser's use case against real databases (SQLite and PostgreSQL): the hits by the history
(a move between units, a move to another institution), a unit subtree, PKAT and codes, rights and
the request's checks, the token, the totals of the whole result on every page, and a walk of
20,000 hits with inserts between its pages that neither skips nor repeats an event."""

from __future__ import annotations

import random
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest

from fravaer.adapters.db.unit_of_work import UnitOfWork
from fravaer.adapters.stamdata import laes_csv
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import Haendelse, HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.soegning import Soegning, Total
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.soeg import soeg_haendelser
from fravaer.service.stamdata import importer
from tests.integration.test_statistik import ANSAETTELSER, ENHEDER, HISTORIK

KATALOG = standardkatalog()
LAESER = Bruger("laeser", {"STA": Ret.LAES})
SKRIVER = Bruger("skriver", {"STA": Ret.REGISTRER, "AND": Ret.REGISTRER})
MARTS = (date(2026, 3, 1), date(2026, 3, 31))
START = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def ur():
    return START


@pytest.fixture
def sta(engine):
    for art, fil in (("enheder", ENHEDER), ("ansaettelser", ANSAETTELSER), ("historik", HISTORIK)):
        assert importer(engine, laes_csv(art, fil), alt_eller_intet=True).fejl == []
    h = Haendelsestjeneste(engine, KATALOG, lambda: START - timedelta(hours=1))
    for tjnr, kode, fra, til in (("S1", "100", "2026-03-02", "2026-03-06"),  # 5 days, HR1
                                 ("S6", "100", "2026-03-09", "2026-03-10"),  # part-time, SALG
                                 ("S7", "100", "2026-03-12", "2026-03-19"),  # begins in SALG, then HR1
                                 ("S7", "100", "2026-03-23", "2026-03-23"),  # in HR1
                                 ("S8", "100", "2026-03-18", "2026-03-19"),  # after S8 left STA
                                 ("S9", "100", "2026-03-02", "2026-03-03"),  # another institution's
                                 ("S5", "100", "2026-02-26", "2026-03-03"),  # begins before March
                                 ("S2", "500", "2026-03-23", "2026-03-27")):  # vacation, 5 days
        h.opret(HaendelseAnmodning(AnsaettelsesIdent(tjnr), HaendelseData(
            kode, date.fromisoformat(fra), date.fromisoformat(til))), SKRIVER)
    return engine


def soeg(engine, token=None, bruger=LAESER, side=1000, klokke=ur, **kw):
    s = Soegning(**{"institution": "STA", "fra": MARTS[0], "til": MARTS[1], **kw})
    return soeg_haendelser(engine, KATALOG, s, token, bruger, klokke, side)


def hvem(side):
    return [(a.tjenestenummer, h.data.fra.isoformat()) for h, a, _ in side.hits]


def test_institution_by_the_history_in_key_order(sta):
    s = soeg(sta)
    assert sorted(hvem(s)) == [("S1", "2026-03-02"), ("S2", "2026-03-23"), ("S5", "2026-02-26"),
                               ("S6", "2026-03-09"), ("S7", "2026-03-12"), ("S7", "2026-03-23")]
    noegler = [(h.data.fra, h.id) for h, _, _ in s.hits]
    assert noegler == sorted(noegler)  # (fra_dato, HaendelseID): a tie goes by the id
    assert s.fortsaettelse is None
    omk = {(a.tjenestenummer, h.data.fra): o for h, a, o in s.hits}
    assert omk[("S1", date(2026, 3, 2))].dage == 5 and omk[("S1", date(2026, 3, 2))].minutter == 5 * 444
    assert s.totaler == (Total("100", Fraction(5 + 2 + 6 + 1 + 4), (5 + 6 + 1 + 4) * 444 + 2 * 222, 5),
                         Total("500", Fraction(5), 5 * 444, 1))


@pytest.mark.parametrize("kw, ventet", [
    ({"enhed": "HR"}, {"S1", "S5", "S2", "S7:23"}),  # S7's first spell began in SALG
    ({"enhed": "SALG"}, {"S6", "S7:12"}),
    ({"pkat": ("240",)}, {"S1", "S6", "S7:12", "S7:23", "S2"}),  # 0240 is 240
    ({"pkat": ("553", "9999")}, {"S5"}),
    ({"koder": ("500",)}, {"S2"}),
    ({"enhed": "HR1", "koder": ("100",), "pkat": ("0240",)}, {"S1", "S7:23"}),
    ({"fra": date(2026, 3, 20)}, {"S2", "S7:23"}),
])
def test_filters(sta, kw, ventet):
    fundne = {t if t != "S7" else f"S7:{d[-2:]}" for t, d in hvem(soeg(sta, **kw))}
    assert fundne == ventet


@pytest.mark.parametrize("kw, kode", [
    ({"bruger": Bruger("anden", {"AND": Ret.LAES})}, "F088"),
    ({"institution": "NIX", "bruger": Bruger("nix", {"NIX": Ret.LAES})}, "F088"),
    ({"enhed": "NIX"}, "F089"),
    ({"fra": date(2026, 4, 1)}, "F003"),
    ({"token": "ikke-et-token"}, "F180"),
    ({"token": "eyJnIjoxfQ"}, "F180"),  # JSON, but no walk of ours
])
def test_refused(sta, kw, kode):
    with pytest.raises(Afvist) as e:
        soeg(sta, **kw)
    assert [m.kode for m in e.value.meddelelser] == [kode]


def test_pages_carry_the_walk_and_the_totals(sta):
    foerste = soeg(sta, side=2)
    sider, token = [foerste], foerste.fortsaettelse
    while token:
        sider.append(soeg(sta, token=token, side=2))
        token = sider[-1].fortsaettelse
    assert [len(s.hits) for s in sider] == [2, 2, 2]
    assert [x for s in sider for x in hvem(s)] == hvem(soeg(sta))
    assert {s.totaler for s in sider} == {soeg(sta).totaler}
    with pytest.raises(Afvist) as e:  # the token of another search
        soeg(sta, token=foerste.fortsaettelse, side=2, koder=("100",))
    assert e.value.meddelelser[0].kode == "F180"


def _haendelser(ids: list[int], antal: int, oprettet: datetime, rnd: random.Random) -> list[Haendelse]:
    dage = [MARTS[0] + timedelta(days=i) for i in range(31)]
    return [Haendelse(str(uuid.UUID(int=rnd.getrandbits(128), version=4)), rnd.choice(ids), 1,
                      HaendelseData(rnd.choice(("100", "500", "230")), d, d), oprettet, oprettet)
            for d in (rnd.choice(dage) for _ in range(antal))]


def _fyld(engine, antal: int, oprettet: datetime, rnd: random.Random) -> tuple[list[int], set[str]]:
    """STA's employments in March (but S8, who left) and the ids of the fixture's six hits and of
    `antal` - 6 more events written in bulk: `antal` hits in all."""
    fandtes = {h.id for h, _, _ in soeg(engine).hits}
    with UnitOfWork(engine, skriv=True) as uow:
        ansaettelser = uow.ansaettelser.hent_mange(uow.ansaettelser.ider_ved("STA", *MARTS))
        ider = [i for i, a in ansaettelser.items() if a.tjenestenummer != "S8"]
        mange = _haendelser(ider, antal - len(fandtes), oprettet, rnd)
        uow.haendelser.tilfoej_mange(mange)
        uow.commit()
    return ider, fandtes | {h.id for h in mange}


def _gaa(engine, side: int, klokke=ur, mellem=lambda n: None) -> tuple[list[str], list[tuple[Total, ...]]]:
    """A whole walk through the use case: every hit's id in order, and each page's totals."""
    ider, totaler, token, n = [], [], None, 0
    while True:
        s = soeg(engine, token=token, side=side, klokke=klokke)
        ider += [h.id for h, _, _ in s.hits]
        totaler.append(s.totaler)
        if (token := s.fortsaettelse) is None:
            return ider, totaler
        n += 1
        mellem(n)


def test_inserts_between_pages_all_over_the_keys_are_not_part_of_the_walk(sta):
    rnd = random.Random(15)
    ider, fandtes = _fyld(sta, 3000, START - timedelta(minutes=5), rnd)

    def skriv(n):  # 97 events between each two pages, before and after where the walk stands
        with UnitOfWork(sta, skriv=True) as uow:
            uow.haendelser.tilfoej_mange(_haendelser(ider, 97, START + timedelta(seconds=n), rnd))
            uow.commit()

    gaaet, totaler = _gaa(sta, 200, mellem=skriv)
    assert len(totaler) == 15 and len(set(totaler)) == 1
    assert len(gaaet) == len(set(gaaet)) == 3000 and set(gaaet) == fandtes
    assert sum(t.forloeb for t in totaler[0]) == 3000


def test_20000_hits_with_concurrent_inserts_neither_skipped_nor_repeated(sta):
    """The acceptance of issue 15 item 4: a writer inserts all the while, by the real clock; the walk
    (by the real clock too) gives every event that existed when it began once, and the totals of
    that result on every page. An event written in the walk's first second may be in it or not:
    it did not exist when the walk began (DOMAIN.md §15)."""
    rnd = random.Random(20_000)
    nu = datetime.now(UTC).replace(microsecond=0)
    ider, fandtes = _fyld(sta, 20_000, nu - timedelta(minutes=5), rnd)
    skrevet: dict[str, datetime] = {}
    faerdig = threading.Event()
    begyndte: list[datetime] = []

    def klokke():  # the real clock; the first page reads it once, for the walk's bound
        begyndte.append(datetime.now(UTC).replace(microsecond=0))
        return begyndte[-1]

    def skriver():
        r = random.Random(1)
        while not faerdig.is_set():
            nye = _haendelser(ider, 50, datetime.now(UTC).replace(microsecond=0), r)
            with UnitOfWork(sta, skriv=True) as uow:
                uow.haendelser.tilfoej_mange(nye)
                uow.commit()
            skrevet.update((h.id, h.oprettet) for h in nye)
            time.sleep(0.01)

    traad = threading.Thread(target=skriver)
    traad.start()
    try:
        gaaet, totaler = _gaa(sta, 1000, klokke=klokke)
    finally:
        faerdig.set()
        traad.join()
    assert len(skrevet) >= 50  # the writer did write while the walk went on
    assert len(gaaet) == len(set(gaaet))  # none repeated
    assert fandtes <= set(gaaet)  # none skipped
    assert len(begyndte) == 1 and all(skrevet[i] <= begyndte[0] for i in set(gaaet) - fandtes)
    assert any(t > begyndte[0] for t in skrevet.values())  # some were written after it began
    assert len(totaler) >= 20 and len(set(totaler)) == 1
    assert sum(t.forloeb for t in totaler[0]) >= 20_000
