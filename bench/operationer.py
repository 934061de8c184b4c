"""The operations the benchmark measures (issue 13), as SOAP requests against the data that
`forbered` stores, and an in-process driver that counts the statements each one sends."""

from __future__ import annotations

import io
import re
import uuid
from datetime import date, timedelta

ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
BRUGER, KODEORD = "bench", "bench-kodeord"
SIKKERHED = (f'<s:Header><wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken>'
             f"<wsse:Username>{BRUGER}</wsse:Username><wsse:Password>{KODEORD}</wsse:Password>"
             "</wsse:UsernameToken></wsse:Security></s:Header>")
ANSATTE = 1000  # bench employments B0000000 … B0000999, all of institution BENCH
HENT20, HENT200 = "10000001", "10000002"  # demo employments with 20 and 200 events in 2021


def envelope(indhold: str, sikkerhed: bool = True) -> bytes:
    return (f'<s:Envelope xmlns:s="{ENV}" xmlns:f="urn:fravaer:1">{SIKKERHED if sikkerhed else ""}'
            f"<s:Body>{indhold}</s:Body></s:Envelope>").encode()


def _ans(tjnr: str) -> str:
    return f"<f:Ansaettelse><f:Tjenestenummer>{tjnr}</f:Tjenestenummer></f:Ansaettelse>"


def ekko() -> list[bytes]:
    return [envelope("<f:Ekko><f:Tekst>hej</f:Tekst></f:Ekko>", sikkerhed=False)]


def opret(n: int, ansatte: int = 500, aar: int = 2025) -> list[bytes]:
    """n creations, each a new day of 500 (ferie uden løn… a plain absence) for one of the
    employments: all accepted, so each is a full write."""
    start = date(aar, 1, 1)
    return [envelope(
        f"<f:OpretHaendelse>{_ans('B%07d' % (i % ansatte))}<f:FastAarsagskode>500</f:FastAarsagskode>"
        f"<f:FraDato>{start + timedelta(days=i // ansatte)}</f:FraDato>"
        f"<f:TilDato>{start + timedelta(days=i // ansatte)}</f:TilDato>"
        f"<f:TransaktionsID>{uuid.uuid4()}</f:TransaktionsID></f:OpretHaendelse>")
        for i in range(n)]


def ret(haendelser: list[tuple[str, str, date]]) -> list[bytes]:
    """One change of each (id, tjenestenummer, day) event from version 1: its day gets a remark."""
    return [envelope(
        f"<f:RetHaendelse><f:HaendelseID>{hid}</f:HaendelseID><f:Version>1</f:Version>{_ans(tjnr)}"
        f"<f:FastAarsagskode>500</f:FastAarsagskode><f:FraDato>{dag}</f:FraDato><f:TilDato>{dag}</f:TilDato>"
        f"<f:Bemaerkning>rettet</f:Bemaerkning><f:TransaktionsID>{uuid.uuid4()}</f:TransaktionsID>"
        "</f:RetHaendelse>") for hid, tjnr, dag in haendelser]


def slet(haendelser: list[tuple[str, int]]) -> list[bytes]:
    return [envelope(f"<f:SletHaendelse><f:HaendelseID>{hid}</f:HaendelseID><f:Version>{v}</f:Version>"
                     f"<f:TransaktionsID>{uuid.uuid4()}</f:TransaktionsID></f:SletHaendelse>")
            for hid, v in haendelser]


def hent(tjnr: str = HENT20) -> list[bytes]:
    return [envelope(f"<f:HentHaendelser>{_ans(tjnr)}<f:FraDato>2021-01-01</f:FraDato>"
                     "<f:TilDato>2021-12-31</f:TilDato></f:HentHaendelser>")]


def hent_kvoter(antal: int) -> list[bytes]:
    return [envelope(f"<f:HentKvoter>{''.join(_ans('B%07d' % i) for i in range(antal))}"
                     "<f:Dato>2025-06-15</f:Dato></f:HentKvoter>")]


def hent_medarbejdere(maks: int = 500) -> list[bytes]:
    return [envelope("<f:HentMedarbejdere><f:Institution>BENCH</f:Institution>"
                     "<f:Omraade>Persondata</f:Omraade><f:Omraade>Organisation</f:Omraade>"
                     f"<f:MaksAntal>{maks}</f:MaksAntal></f:HentMedarbejdere>")]


def optael() -> list[bytes]:
    return [envelope(f"<f:OptaelFravaer>{_ans(HENT20)}<f:FraDato>2021-01-01</f:FraDato>"
                     "<f:TilDato>2021-12-31</f:TilDato></f:OptaelFravaer>")]


STI = {"FravaerService": "/soap/FravaerService", "KvoteService": "/soap/KvoteService",
       "MedarbejderService": "/soap/MedarbejderService"}


def forbered(database: str, ansatte: int = ANSATTE) -> None:
    """Migrate, load the demo data, add `ansatte` employments of BENCH (each with a person) and
    the events HentHaendelser reads: 20 for 10000001 and 200 for 10000002 in 2021."""
    from fravaer.adapters.db.engine import make_engine
    from fravaer.adapters.db.migrate import upgrade
    from fravaer.adapters.stamdata import laes
    from fravaer.domain.ansaettelse import AnsaettelsesIdent
    from fravaer.domain.brugere import Bruger, Ret
    from fravaer.domain.haendelse import HaendelseData
    from fravaer.domain.katalog import standardkatalog
    from fravaer.service.brugere import gem_bruger
    from fravaer.service.demo import indlaes_demo
    from fravaer.service.haendelser import HaendelseAnmodning, Haendelsestjeneste
    from fravaer.service.stamdata import importer_ansaettelser

    e = make_engine(database)
    upgrade(e)
    indlaes_demo(e)
    linjer = ["institution_kode,institution_navn,cpr,loebenummer,tjenestenummer,pkat,stiko,loenform,"
              "ugentlig_arbejdstid,startdato,slutdato"]
    linjer += [f"BENCH,Benchstyrelsen,{1 + i % 28:02d}{1 + i // 28 % 12:02d}90{i:04d},1,B{i:07d},"
               "0240,1100,1,37,2020-01-01," for i in range(max(ansatte, 1))]
    importer_ansaettelser(e, laes("\n".join(linjer).encode()))
    gem_bruger(e, BRUGER, KODEORD, registrer=["DEMO", "BENCH"])
    t = Haendelsestjeneste(e, standardkatalog())
    bruger = Bruger("bench", {"DEMO": Ret.REGISTRER})
    for tjnr, antal, skridt in ((HENT20, 20, 14), (HENT200, 200, 1)):
        dag = date(2021, 1, 4)
        while antal:
            if dag.weekday() < 5:
                t.opret(HaendelseAnmodning(AnsaettelsesIdent(tjnr), HaendelseData("100", dag, dag)), bruger)
                antal -= 1
            dag += timedelta(days=skridt)
    e.dispose()


class Inprocess:
    """The WSGI application called directly (no HTTP), to count what a request sends."""

    def __init__(self, database: str):
        from fravaer.adapters.db.engine import make_engine
        from fravaer.config import Indstillinger
        from fravaer.soap.wsgi import FravaerApp

        self.engine = make_engine(database)
        self.app = FravaerApp(Indstillinger(database_url=database), engine=self.engine)

    def kald(self, tjeneste: str, krop: bytes) -> bytes:
        status = []
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": STI[tjeneste], "SERVER_NAME": "localhost",
                   "SERVER_PORT": "80", "wsgi.url_scheme": "http", "CONTENT_TYPE": "text/xml; charset=utf-8",
                   "CONTENT_LENGTH": str(len(krop)), "wsgi.input": io.BytesIO(krop)}
        svar = b"".join(self.app(environ, lambda s, h, *a: status.append(s)))
        if not status[0].startswith("200") or b"Fault>" in svar:
            raise RuntimeError(f"{tjeneste} fejlede: {status[0]} {svar[:600]!r}")
        return svar


def haendelse_id(svar: bytes) -> str:
    return re.search(rb"HaendelseID>([^<]+)<", svar).group(1).decode()
