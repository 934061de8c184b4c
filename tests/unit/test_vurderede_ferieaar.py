"""kvoteregler.vurderede_ferieaar: a vacation event judged against the accounts with only those
ferieår's events booked is judged exactly as against all of them (laes_regnskaber's `ferieaar`)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from fravaer.adapters.db.repository import KontoHaendelse
from fravaer.domain.ansaettelse import Ansaettelse, Loenform
from fravaer.domain.arbejdstid import Arbejdstid
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import Regnskab, haendelsens_ferieaar
from fravaer.domain.kvoteregler import vurderede_ferieaar
from fravaer.domain.meddelelser import Afvist
from fravaer.domain.politik import feriepolitikker, politik_for
from fravaer.domain.vurdering import Grundlag, vurder_haendelse
from fravaer.service.regnskaber import tilfoej_haendelser

KATALOG = standardkatalog()
A = Ansaettelse(7, "DEMO", "0101801234", 1, "1", "0240", "1100", Loenform.MAANEDSLOEN, 2220,
                date(2019, 3, 1), None)


def _historik(rnd: random.Random) -> list[KontoHaendelse]:
    ud, d, n = [], date(2019, 5, 6), 0
    while d < date(2026, 6, 1):
        if d.weekday() < 5 and rnd.random() < 0.06:
            til = d + timedelta(days=rnd.choice([0, 0, 1, 4, 40]))
            kode = rnd.choice(["500", "500", "500", "505", "520", "110", "600"])
            aar = rnd.choice([None, None, d.year, d.year + 1]) if kode in ("500", "505") else None
            n += 1
            barn = 1 if kode == "600" else None
            ud.append(KontoHaendelse(f"h{n}", A.id, kode, d, til, None, barn, aar, False))
            d = til
        d += timedelta(days=1)
    return ud


def _udfald(data: HaendelseData, regnskab: Regnskab, tid: Arbejdstid):
    try:
        return vurder_haendelse(data, "ny", KATALOG, Grundlag(A, date(2025, 1, 1), tid, [], None, regnskab))
    except Afvist as e:
        return e.meddelelser


def test_som_med_alle_ferieaar():
    rnd = random.Random(15)
    tid = Arbejdstid(A)
    sammenlignet = forskellige = 0
    for politik in feriepolitikker().values():
        a = replace(A, feriepolitik=politik.navn)
        historik = _historik(rnd)
        for _ in range(60):
            fra = date(2024, 1, 1) + timedelta(days=rnd.randrange(900))
            til = fra + timedelta(days=rnd.choice([0, 0, 3, 12, 45]))
            data = HaendelseData(rnd.choice(["500", "505"]), fra, til,
                                 ferieaar=rnd.choice([None, None, fra.year, fra.year + 1]))
            aar = vurderede_ferieaar(data, KATALOG.kode(data.kode))
            assert aar is not None
            alle = Regnskab(a, politik_for(a))
            tilfoej_haendelser(alle, KATALOG, historik, tid)
            nogle = Regnskab(a, politik_for(a))
            valgte = [h for h in historik
                      if (y := haendelsens_ferieaar(KATALOG.kode(h.kode), h.fra, h.til, h.ferieaar)) is None
                      or y in aar]
            forskellige += len(valgte) < len(historik)
            tilfoej_haendelser(nogle, KATALOG, valgte, tid)
            assert _udfald(data, nogle, tid) == _udfald(data, alle, tid), (politik.navn, data)
            sammenlignet += 1
    assert sammenlignet >= 200 and forskellige >= sammenlignet // 2  # the filter left events out


def test_ingen_for_andre_koder_og_aabne():
    for kode in ("100", "520", "600", "801", "999"):
        assert vurderede_ferieaar(HaendelseData(kode, date(2025, 10, 1), date(2025, 10, 1)),
                                  KATALOG.kode(kode)) is None
    assert vurderede_ferieaar(HaendelseData("500", date(2025, 10, 1), None), KATALOG.kode("500")) is None
    assert vurderede_ferieaar(HaendelseData("500", date(2025, 10, 1), date(2025, 10, 1)),
                              KATALOG.kode("500")) == {2025, 2026}
    assert vurderede_ferieaar(HaendelseData("500", date(2025, 3, 3), date(2025, 3, 3), ferieaar=2026),
                              KATALOG.kode("500")) == {2025, 2026}
    assert haendelsens_ferieaar(KATALOG.kode("500"), date(2025, 3, 3), date(2025, 3, 3), None) == 2025
    assert haendelsens_ferieaar(KATALOG.kode("500"), date(2025, 10, 3), date(2025, 10, 3), None) == 2025
    assert haendelsens_ferieaar(KATALOG.kode("505"), date(2025, 10, 3), None, 2026) == 2026
    assert haendelsens_ferieaar(KATALOG.kode("520"), date(2025, 10, 3), date(2025, 10, 3), None) is None


def test_laesningen_begraenset_til_ferieaarenes_dage(demo_engine):
    """laes_regnskaber's `ferieaar` bounds the read itself (regnskaber.kontohaendelser: the
    vacation codes' events of those ferieår, or without one within ferieaarenes_dage): it books
    exactly what filtering every event read booked; what it leaves out more is vacation that
    books nothing (no ferieår: long, or open)."""
    from datetime import datetime

    from fravaer.adapters.db.unit_of_work import UnitOfWork
    from fravaer.domain.ansaettelse import AnsaettelsesIdent
    from fravaer.domain.haendelse import Haendelse
    from fravaer.domain.kvoter import afvikling
    from fravaer.service.regnskaber import kontohaendelser, laes_regnskaber

    rnd = random.Random(7)
    with UnitOfWork(demo_engine, skriv=True) as uow:
        a = uow.ansaettelser.find(AnsaettelsesIdent("10000001"))[0]
        nu = datetime(2026, 1, 1)
        historik = [*_historik(rnd),  # and vacation without a ferieår that books nothing
                    KontoHaendelse("lang", a.id, "500", date(2020, 6, 1), date(2021, 2, 1), None, None, None,
                                   False),
                    KontoHaendelse("aaben", a.id, "505", date(2019, 6, 3), None, None, None, None, False)]
        uow.haendelser.tilfoej_mange([
            Haendelse(h.id, a.id, 1, HaendelseData(h.kode, h.fra, h.til, barnenummer=h.barnenummer,
                                                   ferieaar=h.ferieaar), nu, nu) for h in historik])
        uow.commit()
    tid = Arbejdstid(a)
    with UnitOfWork(demo_engine) as uow:
        alle = uow.haendelser.kontohaendelser([a.id], KATALOG.kontokoder())
        assert len(alle) == len(historik)
        udeladt = 0
        for _ in range(80):
            fra = date(2019, 6, 1) + timedelta(days=rnd.randrange(2400))
            data = HaendelseData(rnd.choice(["500", "505"]), fra,
                                 fra + timedelta(days=rnd.choice([0, 3, 40])),
                                 ferieaar=rnd.choice([None, fra.year, fra.year + 1]))
            aar = vurderede_ferieaar(data, KATALOG.kode(data.kode))
            assert aar
            laest = kontohaendelser(uow, KATALOG, [a.id], aar)
            assert set(laest) <= set(alle)

            def bogfoert(h, aar=aar):
                kode = KATALOG.kode(h.kode)
                return not (kode is not None and kode.traekker_paa_ferieaar) or \
                    haendelsens_ferieaar(kode, h.fra, h.til, h.ferieaar) in aar
            # the events filtered from every one read (as before): those left out book nothing
            foer = [h for h in alle if (y := haendelsens_ferieaar(KATALOG.kode(h.kode), h.fra, h.til,
                                                                  h.ferieaar)) is None or y in aar]
            for h in foer:
                if not bogfoert(h):
                    assert afvikling(h.id, KATALOG.kode(h.kode), h.fra, h.til, None, h.ferieaar, None,
                                     tid) == []
            assert [h for h in laest if bogfoert(h)] == [h for h in foer if bogfoert(h)]
            udeladt += len(laest) < len(alle) - 20
            r = laes_regnskaber(uow, KATALOG, [a], ferieaar=aar)[a.id]
            med_alle = Regnskab(a, politik_for(a), r.boern, [])
            tilfoej_haendelser(med_alle, KATALOG, foer, tid)
            assert sorted(map(repr, r.poster)) == sorted(map(repr, med_alle.poster))
        assert udeladt >= 60  # the read left other years' vacation out
