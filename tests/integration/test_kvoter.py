"""KvoteService's use cases against real databases: the same requests give the same balances on
SQLite and PostgreSQL, a thousand employments in one HentKvoter agree with one at a time,
adjustments are idempotent and audited, children are imported."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from fravaer.adapters.db.engine import make_engine
from fravaer.adapters.db.migrate import upgrade
from fravaer.adapters.db.tables import KvotepostRow
from fravaer.adapters.stamdata import laes, laes_boern
from fravaer.domain.ansaettelse import AnsaettelsesIdent
from fravaer.domain.brugere import Bruger, Ret
from fravaer.domain.haendelse import HaendelseData
from fravaer.domain.katalog import standardkatalog
from fravaer.domain.kvoter import Konto, KvoteType
from fravaer.domain.meddelelser import Afvist
from fravaer.service.demo import indlaes_demo
from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
from fravaer.service.kvoter import Kvotetjeneste
from fravaer.service.stamdata import importer_ansaettelser, importer_boern
from tests.conftest import ny_pg_database

BRUGER = Bruger("test", {"DEMO": Ret.REGISTRER, "DEMO2": Ret.REGISTRER})
LAESER = Bruger("laeser", {"DEMO": Ret.LAES})
T1 = AnsaettelsesIdent(tjenestenummer="10000001")
KATALOG = standardkatalog()


def ur():
    return datetime(2025, 11, 3, 9, 0, tzinfo=UTC)


def tjenester(engine):
    return Haendelsestjeneste(engine, KATALOG, ur), Kvotetjeneste(engine, KATALOG, ur)


def opret(h: Haendelsestjeneste, kode, fra, til, ident=T1, **andet):
    return h.opret(HaendelseAnmodning(ident, HaendelseData(kode, date.fromisoformat(fra),
                                                           date.fromisoformat(til), **andet)), BRUGER)


def scenarie(engine) -> list:
    """The same requests, the same order: vacation in two ferieår, a care day, special days,
    the time bank, an adjustment and a move. Returns every balance, exactly."""
    indlaes_demo(engine)
    h, k = tjenester(engine)
    opret(h, "500", "2025-06-16", "2025-07-11")  # 20 days of ferieår 2025
    opret(h, "500", "2025-09-01", "2025-09-05")  # the old year's last 5
    assert opret(h, "500", "2025-10-06", "2025-10-08").haendelse.data.ferieaar == 2026
    opret(h, "610", "2025-03-03", "2025-03-03", barnenummer=1)
    opret(h, "520", "2025-05-05", "2025-05-06")
    k.reguler(T1, KvoteType.FRIHEDSBANK, 2025, 4, Fraction(3, 2), date(2025, 1, 2), None, None, BRUGER)
    opret(h, "804", "2025-02-03", "2025-02-03", minutter=222)
    k.reguler(T1, KvoteType.FERIE, 2025, 9, Fraction(2), date(2025, 9, 1), "lægeerklæring", None, BRUGER)
    k.flyt_ferie(T1, 2025, Fraction(2), None, BRUGER)
    svar = []
    for dato in (date(2025, 3, 1), date(2025, 10, 31), date(2025, 12, 31), date(2026, 8, 31)):
        for a, kvoter in k.hent_kvoter([T1, AnsaettelsesIdent(tjenestenummer="10000002")], dato, BRUGER):
            svar.append((dato, a.tjenestenummer, [(q.konto, q.periode, q.afholdelse, q.optjent, q.overfoert,
                                                   q.reguleret, q.loentraek, q.afholdt, q.planlagt)
                                                  for q in kvoter]))
    return svar


def test_the_same_requests_give_the_same_balances_on_sqlite_and_postgresql(tmp_path):
    sqlite = make_engine(f"sqlite:///{tmp_path / 'k.sqlite'}")
    upgrade(sqlite)
    paa_sqlite = scenarie(sqlite)
    with ny_pg_database() as url:
        pg = make_engine(url)
        upgrade(pg)
        try:
            paa_pg = scenarie(pg)
        finally:
            pg.dispose()
    assert paa_sqlite == paa_pg
    ferie_2025 = {konto: vaerdier for _, tjnr, kvoter in paa_sqlite if tjnr == "10000001"
                  for konto, *vaerdier in kvoter}
    assert len(paa_sqlite) == 8 and ferie_2025  # the scenario produced balances to compare


def test_scenario_balances(engine):
    raekker = {(dato, tjnr): {konto: v for konto, *v in kvoter} for dato, tjnr, kvoter in scenarie(engine)}
    nytaar = raekker[(date(2025, 12, 31), "10000001")]
    _, _, optjent, overfoert, reguleret, _, afholdt, planlagt = nytaar[Konto(KvoteType.FERIE, 2025)]
    # 25 earned, 25 used, +2 replacement days, moved on to 2026 (on 3 November)
    assert (optjent, reguleret, overfoert, afholdt, planlagt) == (25, 2, -2, 25, 0)
    ny = nytaar[Konto(KvoteType.FERIE, 2026)]
    assert (ny[2], ny[3], ny[6]) == (Fraction(25, 3), 2, 3)  # Sep–Dec earned, 2 moved in, 3 taken
    oktober = raekker[(date(2025, 10, 31), "10000001")]
    assert oktober[Konto(KvoteType.FERIE, 2025)][3] == 0  # the move is not there yet
    bank = oktober[Konto(KvoteType.FRIHEDSBANK, None, 4)]
    assert (bank[4], bank[6]) == (Fraction(3, 2), Fraction(1, 2))
    omsorg = raekker[(date(2025, 3, 1), "10000001")][Konto(KvoteType.OMSORGSDAGE, 2025, None, 1)]
    assert (omsorg[2], omsorg[7]) == (2, 1)  # 2 a year; the 610 on 3 March is planned


def test_hent_kvoter_for_a_thousand_employments_agrees_with_one_at_a_time(engine):
    linjer = ["institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
              "ugentlig_arbejdstid,startdato,slutdato,feriepolitik"]
    politikker = ["", "kun_optjent", "forskud", "loentraek"]
    for i in range(1000):
        start = date(2023 + i % 3, 1 + i % 12, 1 + i % 28)
        linjer.append(f"DEMO,Demostyrelsen,0101{80 + i % 20:02d}{i:04d},1,M{i:06d},0240,1100,"
                      f"{'3' if i % 50 == 0 else '1'},37,{start},,{politikker[i % 4]}")
    r = importer_ansaettelser(engine, laes("\n".join(linjer).encode()))
    assert (r.oprettet, r.fejl) == (1000, [])
    h, k = tjenester(engine)
    for i in range(0, 1000, 7):
        try:
            opret(h, "500", "2025-10-13", "2025-10-15", ident=AnsaettelsesIdent(tjenestenummer=f"M{i:06d}"))
        except Afvist:
            pass  # only-earned policies refuse some: that is fine here
    idents = [AnsaettelsesIdent(tjenestenummer=f"M{i:06d}") for i in range(1000)]
    samlet = k.hent_kvoter(idents, date(2025, 11, 1), BRUGER)
    assert [a.tjenestenummer for a, _ in samlet] == [i.tjenestenummer for i in idents]
    for i in range(0, 1000, 37):
        [(_, alene)] = k.hent_kvoter([idents[i]], date(2025, 11, 1), BRUGER)
        assert alene == samlet[i][1]
    assert any(q.afholdt for _, kvoter in samlet for q in kvoter)


def test_an_adjustment_with_a_transaktions_id_is_stored_once(demo_engine):
    _, k = tjenester(demo_engine)
    tid = str(uuid.uuid4())
    foerste = k.reguler(T1, KvoteType.FRIHEDSBANK, 2025, 1, Fraction(1), date(2025, 3, 1), None, tid, BRUGER)
    igen = k.reguler(T1, KvoteType.FRIHEDSBANK, 2025, 1, Fraction(1), date(2025, 3, 1), None, tid, BRUGER)
    assert foerste == igen
    with demo_engine.connect() as c:
        raekker = c.execute(select(KvotepostRow.bruger, KvotepostRow.retstype)).all()
    assert raekker == [("test", 1)]  # who, which retstype
    with pytest.raises(Afvist) as e:
        k.reguler(T1, KvoteType.FRIHEDSBANK, 2025, 1, Fraction(2), date(2025, 3, 1), None, tid, BRUGER)
    assert [m.kode for m in e.value.meddelelser] == ["F022"]


def test_writes_need_the_right_to_register_and_a_period_of_the_employment(demo_engine):
    _, k = tjenester(demo_engine)
    with pytest.raises(Afvist) as e:
        k.reguler(T1, KvoteType.FRIHEDSBANK, 2025, 1, Fraction(1), None, None, None, LAESER)
    assert [m.kode for m in e.value.meddelelser] == ["R001"]
    with pytest.raises(Afvist) as e:
        k.reguler(T1, KvoteType.FERIE, 2010, 3, Fraction(1), None, None, None, BRUGER)
    assert [m.kode for m in e.value.meddelelser] == ["F059"]
    with demo_engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(KvotepostRow)) == 0


def test_children_import_is_idempotent_and_reports_bad_lines(demo_engine):
    fil = (b"foraelder_cpr,barnenummer,cpr,foedselsdato,fornavn,efternavn\n"
           b"0202851234,1,,2020-05-05,Ida,Test\n"
           b"0202851234,2,1201214321,,Ole,Test\n"
           b"0202851234,x,,2020-05-05,,\n"
           b"12345,1,,2020-05-05,,\n")
    r = importer_boern(demo_engine, laes_boern(fil))
    assert (r.oprettet, [f.nummer for f in r.fejl]) == (2, [4, 5])
    assert importer_boern(demo_engine, laes_boern(fil)).uaendret == 2
    _, k = tjenester(demo_engine)
    d = k.hent_detaljer(AnsaettelsesIdent(tjenestenummer="10000002"), KvoteType.OMSORGSDAGE, date(2021, 6, 1),
                        BRUGER, barnenummer=2)
    assert d.kvote.optjent == 2  # born 12 January 2021 (from the CPR number)


def test_hent_kvoter_answers_many_employments_with_the_text_of_each_alone(engine):
    # the answer writer reuses a quota's text by its account and the ids of its amounts (shared
    # objects): each employment's part of a batch answer must be, byte for byte, its own answer,
    # in days and in hours, with amounts that are equal, different, whole and not across employments
    import io
    import re

    from fravaer.config import Indstillinger
    from fravaer.service.brugere import gem_bruger
    from fravaer.soap.wsgi import FravaerApp

    n = 60
    linjer = ["institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
              "ugentlig_arbejdstid,startdato,slutdato"]
    boern = ["foraelder_cpr,barnenummer,foedselsdato"]
    for i in range(n):
        cpr = f"0101{80 + i % 20:02d}{i:04d}"
        linjer.append(f"DEMO,Demostyrelsen,{cpr},1,S{i:06d},0240,1100,1,{37 if i % 5 else 30},"
                      f"{date(2023 + i % 2, 1 + i % 12, 1)},")
        if i % 3:
            boern.append(f"{cpr},1,2021-0{1 + i % 9}-15")
    importer_ansaettelser(engine, laes("\n".join(linjer).encode()))
    importer_boern(engine, laes_boern("\n".join(boern).encode()))
    gem_bruger(engine, "batch", "batch-kodeord", registrer=["DEMO"])
    h, k = tjenester(engine)
    for i in range(n):
        ident = AnsaettelsesIdent(tjenestenummer=f"S{i:06d}")
        if i % 4:
            start = date(2025, 6, 16 + i % 4)
            opret(h, "500", str(start), str(date(2025, 6, 20 + i % 7)), ident=ident)
        if i % 6 == 1:
            opret(h, "520", "2025-05-12", "2025-05-12", ident=ident)
        if i % 2:
            k.reguler(ident, KvoteType.FRIHEDSBANK, 2025, 4, Fraction(3, 2) if i % 3 else Fraction(i, 7),
                      date(2025, 1, 2), None, None, BRUGER)
    app = FravaerApp(Indstillinger(login_frie_forsoeg_bruger=10**9, login_frie_forsoeg_adresse=10**9),
                     engine=engine)

    def hent(tjnrs: list[str], enhed: str) -> bytes:
        krop = ('<?xml version="1.0" encoding="UTF-8"?><s:Envelope '
                'xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:f="urn:fravaer:1"><s:Header>'
                '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/'
                'oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken>'
                "<wsse:Username>batch</wsse:Username><wsse:Password>batch-kodeord</wsse:Password>"
                "</wsse:UsernameToken></wsse:Security></s:Header><s:Body><f:HentKvoter>"
                + "".join(f"<f:Ansaettelse><f:Tjenestenummer>{t}</f:Tjenestenummer></f:Ansaettelse>"
                          for t in tjnrs)
                + f"<f:Dato>2025-11-15</f:Dato><f:Enhed>{enhed}</f:Enhed></f:HentKvoter>"
                "</s:Body></s:Envelope>").encode()
        status: list[str] = []
        svar = b"".join(app({"REQUEST_METHOD": "POST", "PATH_INFO": "/soap/KvoteService",
                             "SERVER_NAME": "localhost", "SERVER_PORT": "80", "wsgi.url_scheme": "http",
                             "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": "text/xml; charset=utf-8",
                             "CONTENT_LENGTH": str(len(krop)), "wsgi.input": io.BytesIO(krop)},
                            lambda s, _h, *a: status.append(s)))
        assert status[0].startswith("200") and b"Fault>" not in svar, svar[:500]
        return svar

    def dele(svar: bytes) -> list[bytes]:
        return re.findall(rb"<t:MedarbejderKvoter>.*?</t:MedarbejderKvoter>", svar, re.S)

    tjnrs = [f"S{i:06d}" for i in range(n)]
    for enhed in ("Dage", "Timer"):
        samlet = dele(hent(tjnrs + tjnrs[:3], enhed))  # one asked twice, too
        assert len(samlet) == n + 3
        for i, t in enumerate(tjnrs):
            assert samlet[i] == dele(hent([t], enhed))[0], (enhed, t)
        assert samlet[n:] == samlet[:3]
        # the quotas both repeat across employments and differ (what the writer's reuse is about)
        kvoter = re.findall(rb"<t:Kvote>.*?</t:Kvote>", b"".join(samlet[:n]), re.S)
        assert 10 < len(set(kvoter)) < len(kvoter) // 2
    assert b"<t:Reguleret>" in b"".join(samlet)


def test_an_employments_account_events_of_one_day_come_in_id_order(demo_engine):
    """kontohaendelser gives the events by employment, first day and id: the statement orders by
    the first two (its index's order), the events of one day are put in id order after it."""
    from fravaer.adapters.db.unit_of_work import UnitOfWork
    from fravaer.domain.haendelse import Haendelse

    t = datetime(2025, 6, 2, 8, tzinfo=UTC)
    with UnitOfWork(demo_engine, skriv=True) as uow:
        a = uow.ansaettelser.find(AnsaettelsesIdent(tjenestenummer="10000001"))[0]
        # inserted, and by their last day, in an order that is not their ids'
        uow.haendelser.tilfoej_mange([
            Haendelse(hid, a.id, 1, HaendelseData("500", date(2031, 8, fra), date(2031, 8, til)), t, t)
            for hid, fra, til in (("orden-c", 4, 5), ("orden-a", 4, 6), ("orden-d", 1, 1),
                                  ("orden-b", 4, 4))])
        uow.commit()
    with UnitOfWork(demo_engine) as uow:
        fundne = [h.id for h in uow.haendelser.kontohaendelser([a.id], ["500"]) if h.id.startswith("orden-")]
    assert fundne == ["orden-d", "orden-a", "orden-b", "orden-c"]


def test_the_reads_for_the_balances_alone_are_the_full_reads_without_ids_texts_and_order(demo_engine):
    """HentKvoter's reads of many (`saldi`) give the same events and stored postings as the full
    reads, but for what the balances do not read: the events' ids, the postings' kilde, retstype
    and tekst, and their order within an employment (an awaiting, an approved and a rejected
    event's status, minutes, child and ferieår as read)."""
    from fravaer.adapters.db.unit_of_work import UnitOfWork
    from fravaer.domain.godkendelse import Status
    from fravaer.domain.haendelse import Haendelse
    from fravaer.domain.kvoter import Art, Post

    t = datetime(2025, 6, 2, 8, tzinfo=UTC)
    with UnitOfWork(demo_engine, skriv=True) as uow:
        a = uow.ansaettelser.find(T1)[0]
        b = uow.ansaettelser.find(AnsaettelsesIdent(tjenestenummer="10000002"))[0]
        uow.haendelser.tilfoej_mange([
            Haendelse("saldi-a", a.id, 1,
                      HaendelseData("500", date(2031, 8, 4), date(2031, 8, 5), ferieaar=2031), t, t,
                      Status.AFVENTER),
            Haendelse("saldi-b", a.id, 1,
                      HaendelseData("804", date(2031, 8, 4), date(2031, 8, 4), minutter=90), t, t),
            Haendelse("saldi-c", b.id, 1, HaendelseData("610", date(2031, 3, 3), None, barnenummer=1), t, t,
                      Status.AFVIST),
            Haendelse("saldi-d", b.id, 1, HaendelseData("520", date(2031, 1, 2), date(2031, 1, 2)), t, t)])
        for aid, poster in ((a.id, [Post(Konto(KvoteType.FRIHEDSBANK, None, 4), date(2031, 1, 2),
                                         Art.REGULERET, Fraction(3, 2), "k1", 4, None, "en tekst"),
                                    Post(Konto(KvoteType.FERIE, 2031), date(2031, 2, 1), Art.OVERFOERT,
                                         Fraction(-2), "k2", None)]),
                            (b.id, [Post(Konto(KvoteType.OMSORGSDAGE, 2031, None, 1), date(2031, 3, 1),
                                         Art.REGULERET, Fraction(1), "k3", 1)])):
            uow.kvoteposter.tilfoej(aid, poster, "test", t)
        uow.commit()
    ids = [b.id, a.id]
    with UnitOfWork(demo_engine) as uow:
        fulde = uow.haendelser.kontohaendelser(ids, KATALOG.kontokoder())
        saldi = uow.haendelser.kontohaendelser(ids, KATALOG.kontokoder(), saldi=True)
        # (without one event, and of the vacation codes only one ferieår's: the other statements)
        uden = uow.haendelser.kontohaendelser(ids, KATALOG.kontokoder(), uden="saldi-b", saldi=True)
        andre, ferie = KATALOG.kontokoder_delt()
        aaret = (ferie, [2031], date(2030, 9, 1), date(2031, 8, 31))
        ferieaaret = uow.haendelser.kontohaendelser(ids, andre, aaret, saldi=True)
        fulde_ferieaaret = uow.haendelser.kontohaendelser(ids, andre, aaret)
        fulde_poster = uow.kvoteposter.for_ansaettelser(ids)
        saldi_poster = uow.kvoteposter.for_ansaettelser(ids, saldi=True)
    assert {h.id for h in fulde} >= {"saldi-a", "saldi-b", "saldi-c", "saldi-d"}
    assert all(h.id is None for h in saldi)
    assert sorted(saldi) == sorted(h._replace(id=None) for h in fulde)
    # (by employment and first day, as the full read)
    assert [(h.ansaettelse_id, h.fra) for h in saldi] == [(h.ansaettelse_id, h.fra) for h in fulde]
    assert [h.afventer for h in saldi if h.fra == date(2031, 8, 4) and h.kode == "500"] == [True]
    assert sorted(uden) == sorted(h._replace(id=None) for h in fulde if h.id != "saldi-b")
    assert sorted(ferieaaret) == sorted(h._replace(id=None) for h in fulde_ferieaaret)
    assert any(h.kode == "500" and h.ferieaar == 2031 for h in ferieaaret)
    # minutes, a child, an open event: as read by the full read, field for field
    assert {(h.kode, h.minutter, h.barnenummer, h.til) for h in saldi} >= {
        ("804", 90, None, date(2031, 8, 4)), ("610", None, 1, None)}
    assert set(saldi_poster) == set(fulde_poster) == set(ids)
    for aid in ids:
        assert len(fulde_poster[aid]) == (2 if aid == a.id else 1)
        assert any(p.kilde and p.tekst for p in fulde_poster[a.id])
        assert sorted(saldi_poster[aid]) == sorted(p._replace(kilde=None, retstype=None, tekst="")
                                                   for p in fulde_poster[aid])
