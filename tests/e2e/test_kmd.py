"""The KMD-compatible endpoint (issue 16) over HTTP: zeep clients built from KMD's own WSDL files
(wsdl/kmd/, unchanged) with only the address pointed at the running server, as a KMD client such
as OS2Ferie would be; every answer validated against the schema of its WSDL."""

from __future__ import annotations

import urllib.request
from datetime import date
from pathlib import Path

import pytest
import requests
import zeep
from lxml import etree
from requests.adapters import HTTPAdapter
from zeep.plugins import Plugin
from zeep.transports import Transport

from tests.conftest import ny_pg_database
from tests.e2e.conftest import zeep_klient
from tests.server import DEMO_BRUGER, DEMO_KODEORD, Server

ROD = Path(__file__).resolve().parents[2]
KMD = "urn:kmd.dk:LPT:VACAB:external"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
HEADER = "X-Klientcertifikat"
BETROET = "127.0.0.2"  # the TLS front's address: the tests connect from it to be trusted
SUBJEKT = "CN=os2ferie.demo.dk,O=Demokommunen,C=DK"
FE_FRA, FE_TIL = "2027-06-07", "2027-06-11"


class KmdSkemaKontrol(Plugin):
    """Every answer's body must validate against the schema embedded in the operation's WSDL."""

    def __init__(self, operation: str):
        from fravaer.soap.kmd import kmd_skema

        self.skema = kmd_skema(operation)
        self.svar: list[etree._Element] = []

    def ingress(self, envelope, http_headers, operation):
        body = envelope.find(f"{{{SOAP_ENV}}}Body")[0]
        assert body.tag != f"{{{SOAP_ENV}}}Fault", etree.tostring(body)
        assert self.skema.validate(body), f"{self.skema.error_log}\n{etree.tostring(body)[:2000]!r}"
        # KMD's children are unqualified: no element below the message is in a namespace
        assert all(
            etree.QName(e).namespace is None for e in body.iterdescendants() if isinstance(e.tag, str)
        ), etree.tostring(body)
        self.svar.append(body)
        return envelope, http_headers


class FraAdresse(HTTPAdapter):
    """Connections from a given local address (the trusted proxy's)."""

    def __init__(self, adresse: str):
        self.adresse = adresse
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.adresse, 0)
        super().init_poolmanager(*args, **kwargs)


def kmd_klient(server, operation: str, session: requests.Session | None = None, sap_sti: bool = False):
    """zeep from wsdl/kmd/<operation>.wsdl, only the address overridden."""
    if session is None:
        session = requests.Session()
        session.auth = (DEMO_BRUGER, DEMO_KODEORD)
    kontrol = KmdSkemaKontrol(operation)
    c = zeep.Client(
        str(ROD / "wsdl" / "kmd" / f"{operation}.wsdl"),
        plugins=[kontrol],
        transport=Transport(session=session),
    )
    adresse = (
        (
            f"{server.url}/XISOAPAdapter/MessageServlet?senderParty=&senderService=KMD_LPT_VACAB_Service"
            f"&receiverParty=&receiverService=&interface={operation}"
            f"&interfaceNamespace=urn%3Akmd.dk%3ALPT%3AVACAB%3Aexternal"
        )
        if sap_sti
        else f"{server.url}/soap/kmd/{operation}"
    )
    tjeneste = c.create_service(f"{{{KMD}}}{operation}Binding", adresse)
    tjeneste.kontrol = kontrol
    return tjeneste


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def kmd_server(request, tmp_path_factory):
    mappe = tmp_path_factory.mktemp(f"kmd-{request.param}")
    miljoe = {"FRAVAER_CERTIFIKAT_HEADER": HEADER, "FRAVAER_BETROEDE_PROXYER": BETROET}
    if request.param == "sqlite":
        s = Server(f"sqlite:///{mappe / 'kmd.sqlite'}", mappe / "server.log", miljoe=miljoe)
        yield s
        s.stop()
    else:
        with ny_pg_database() as url:
            s = Server(url, mappe / "server.log", miljoe=miljoe)
            yield s
            s.stop()


@pytest.fixture(scope="module")
def certifikatbruger(kmd_server):
    from fravaer.adapters.db.engine import make_engine
    from fravaer.service.brugere import gem_bruger

    e = make_engine(kmd_server.database_url)
    gem_bruger(e, "os2ferie", None, registrer=["DEMO"], certifikat=SUBJEKT)
    gem_bruger(e, "kun-laes", "kun-laes-kodeord", laes=["DEMO"])
    e.dispose()
    return SUBJEKT


def saet(klient, **felter):
    return klient.SetAbsenceAttendance_OS_SI(PersonnelNumber="10000001", **felter)


def laes(server, fra="2027-01-01", til="2027-12-31", tjenestenummer="10000001", **kw):
    k = kmd_klient(server, "GetAbsenceAttendanceByPeriod_OS_SI", **kw)
    svar = k.GetAbsenceAttendanceByPeriod_OS_SI(StartDate=fra, EndDate=til, PersonnelNumber=tjenestenummer)
    assert [i.StatusType for i in svar.ReturnStatus.item] == ["S"], svar.ReturnStatus
    return svar.AbsenceAttendance.item if svar.AbsenceAttendance else []


def hent(server, fra: date, til: date):
    """The employment's events through the native FravaerService."""
    return (
        zeep_klient(server).HentHaendelser(
            Ansaettelse=[{"Tjenestenummer": "10000001"}], FraDato=fra, TilDato=til
        )
        or []
    )


def fe(poster, fra=None):
    return [
        p for p in poster if p.Key.AbsenceAttendanceType == "FE" and (fra is None or p.Item.StartDate == fra)
    ]


# ---------------------------------------------------------------- the cycle of an FE absence


def test_ins_mod_del_af_ferie_med_laesning_og_fravaersservice(kmd_server):
    k = kmd_klient(kmd_server, "SetAbsenceAttendance_OS_SI")
    svar = saet(k, Operation="INS", AbsenceAttendanceType="FE", StartDate=FE_FRA, EndDate=FE_TIL)
    assert svar.StatusType == "S", svar
    [post] = fe(laes(kmd_server), FE_FRA)
    assert (post.Item.StartDate, post.Item.EndDate, post.Item.StartTime) == (FE_FRA, FE_TIL, None)
    assert post.Item.AbsenceAttendanceDays == "5.00" and post.Item.AbsenceAttendanceCalendarDays == "5"
    assert post.Key.PersonnelNumber == "10000001"

    # the same event through the native FravaerService: one event of 500, the same days and id
    native = hent(kmd_server, date(2027, 6, 1), date(2027, 6, 30))
    [h] = [h for h in native if h.FastAarsagskode == "500"]
    assert (h.HaendelseID, h.FraDato, h.TilDato, h.Dage) == (
        post.Key.ObjectId,
        date(2027, 6, 7),
        date(2027, 6, 11),
        post.Item.AbsenceAttendanceDays and h.Dage,
    )
    assert str(h.Dage) == post.Item.AbsenceAttendanceDays

    # MOD by the original key: the same event, one version on, new dates
    svar = saet(
        k,
        Operation="MOD",
        AbsenceAttendanceType="FE",
        StartDate="2027-06-08",
        EndDate=FE_TIL,
        OriginalAbsenceAttendanceType="FE",
        OriginalStartDate=FE_FRA,
        OriginalEndDate=FE_TIL,
    )
    assert svar.StatusType == "S", svar
    [ny] = fe(laes(kmd_server))
    assert (ny.Item.StartDate, ny.Item.EndDate, ny.Key.ObjectId, ny.Key.RecordNumber) == (
        "2027-06-08",
        FE_TIL,
        post.Key.ObjectId,
        "2",
    )
    assert ny.Item.AbsenceAttendanceDays == "4.00"

    # DEL by type, start and end
    assert (
        saet(
            k, Operation="DEL", AbsenceAttendanceType="FE", StartDate="2027-06-08", EndDate=FE_TIL
        ).StatusType
        == "S"
    )
    assert fe(laes(kmd_server)) == []
    assert not [
        h for h in hent(kmd_server, date(2027, 6, 1), date(2027, 6, 30)) if h.FastAarsagskode == "500"
    ]
    # the native log holds the three writes by the KMD caller
    log = zeep_klient(kmd_server).HentHaendelseLog(
        FraTidspunkt="2000-01-01T00:00:00Z", TilTidspunkt="2100-01-01T00:00:00Z"
    )
    handlinger = [p.Handling for p in log.Logpost if p.HaendelseID == post.Key.ObjectId]
    assert handlinger == ["Opret", "Ret", "Slet"]


def test_gentaget_ins_gemmer_en_haendelse(kmd_server):
    k = kmd_klient(kmd_server, "SetAbsenceAttendance_OS_SI", sap_sti=True)
    felter = dict(Operation="INS", AbsenceAttendanceType="FE", StartDate="2027-08-02", EndDate="2027-08-04")
    foerste, anden = saet(k, **felter), saet(k, **felter)
    assert foerste.StatusType == "S" and anden.StatusType == "S"
    assert "A032" in anden.MessageText
    assert len(fe(laes(kmd_server), "2027-08-02")) == 1
    assert (
        len([h for h in hent(kmd_server, date(2027, 8, 1), date(2027, 8, 31)) if h.FastAarsagskode == "500"])
        == 1
    )
    assert (
        saet(
            k, Operation="DEL", AbsenceAttendanceType="FE", StartDate="2027-08-02", EndDate="2027-08-04"
        ).StatusType
        == "S"
    )


def test_halv_dag_i_starten_deles_og_laeses_samlet(kmd_server):
    k = kmd_klient(kmd_server, "SetAbsenceAttendance_OS_SI")
    svar = saet(
        k,
        Operation="INS",
        AbsenceAttendanceType="FE",
        StartDate="2027-09-06",
        EndDate="2027-09-08",
        StartTime="12:00:00",
    )
    assert svar.StatusType == "S" and "A033" in svar.MessageText, svar
    [post] = fe(laes(kmd_server), "2027-09-06")
    assert (post.Item.EndDate, post.Item.StartTime, post.Item.AbsenceAttendanceDays) == (
        "2027-09-08",
        "12:00:00",
        "2.50",
    )
    dele = sorted(
        (h.FraDato, h.TilDato, h.TimerPrDag, h.MinutterPrDag)
        for h in hent(kmd_server, date(2027, 9, 1), date(2027, 9, 30))
        if h.FastAarsagskode == "500"
    )
    assert dele == [
        (date(2027, 9, 6), date(2027, 9, 6), 3, 42),
        (date(2027, 9, 7), date(2027, 9, 8), None, None),
    ]
    assert (
        saet(
            k, Operation="DEL", AbsenceAttendanceType="FE", StartDate="2027-09-06", EndDate="2027-09-08"
        ).StatusType
        == "S"
    )
    assert fe(laes(kmd_server), "2027-09-06") == []


def test_halv_omsorgsdag(kmd_server):
    """OS with the child's number: a half day is 615 for a child born after 1 October 2005."""
    k = kmd_klient(kmd_server, "SetAbsenceAttendance_OS_SI")
    svar = saet(
        k,
        Operation="INS",
        AbsenceAttendanceType="OS",
        StartDate="2027-03-01",
        EndDate="2027-03-01",
        StartTime="12:00:00",
        AdditionalData="02",
    )
    assert svar.StatusType == "S", svar
    [post] = [p for p in laes(kmd_server) if p.Key.AbsenceAttendanceType == "OS"]
    assert (post.Item.StartDate, post.Item.StartTime, post.Item.CompLeave.Item[0].ChildNumber) == (
        "2027-03-01",
        "12:00:00",
        "02",
    )
    assert [
        (h.FastAarsagskode, h.Barnenummer) for h in hent(kmd_server, date(2027, 3, 1), date(2027, 3, 1))
    ] == [("615", 2)]
    assert (
        saet(
            k,
            Operation="DEL",
            AbsenceAttendanceType="OS",
            StartDate="2027-03-01",
            EndDate="2027-03-01",
            AdditionalData="02",
        ).StatusType
        == "S"
    )


# ---------------------------------------------------------------- KMD's error habits


def test_regelbrud_er_E_med_dansk_tekst_og_http_200(kmd_server):
    k = kmd_klient(kmd_server, "SetAbsenceAttendance_OS_SI")
    # a care day for a child the employee does not have: the native rule's F047, as E
    svar = saet(
        k,
        Operation="INS",
        AbsenceAttendanceType="OS",
        StartDate="2027-03-02",
        EndDate="2027-03-02",
        AdditionalData="07",
    )
    assert svar.StatusType == "E"
    assert "F047" in svar.MessageText and "barnenummer 7" in svar.MessageText
    # an unknown type, and DEL of nothing
    svar = saet(k, Operation="INS", AbsenceAttendanceType="XX", StartDate="2027-03-02", EndDate="2027-03-02")
    assert svar.StatusType == "E" and "F181" in svar.MessageText
    svar = saet(k, Operation="DEL", AbsenceAttendanceType="FE", StartDate="2027-10-04", EndDate="2027-10-05")
    assert svar.StatusType == "E" and "F184" in svar.MessageText
    # HTTP 200 and no fault, seen on the wire
    krop = (
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns:urn="{KMD}"><soapenv:Body>'
        "<urn:SetAbsenceAttendanceRequest_MT><StartDate>2027-03-02</StartDate><EndDate>2027-03-01</EndDate>"
        "<Operation>INS</Operation><PersonnelNumber>10000001</PersonnelNumber>"
        "<AbsenceAttendanceType>FE</AbsenceAttendanceType></urn:SetAbsenceAttendanceRequest_MT>"
        "</soapenv:Body></soapenv:Envelope>"
    ).encode()
    r = requests.post(
        f"{kmd_server.url}/soap/kmd/SetAbsenceAttendance_OS_SI",
        data=krop,
        auth=(DEMO_BRUGER, DEMO_KODEORD),
        headers={
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": '"http://sap.com/xi/WebService/soap1.1"',
        },
    )
    assert r.status_code == 200 and b"<StatusType>E</StatusType>" in r.content and b"F186" in r.content


def test_laesning_med_fejl_giver_items_med_nummer(kmd_server):
    k = kmd_klient(kmd_server, "GetAbsenceAttendanceByPeriod_OS_SI")
    svar = k.GetAbsenceAttendanceByPeriod_OS_SI(
        StartDate="2027-01-01", EndDate="2027-12-31", PersonnelNumber="99999999"
    )
    [item] = svar.ReturnStatus.item
    assert (item.StatusType, item.MessageNumber) == ("E", "F030") and "findes ikke" in item.MessageText


def test_skemabrud_er_soap_fault(kmd_server):
    krop = (
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns:urn="{KMD}"><soapenv:Body>'
        "<urn:GetChildrenRequest_MT><Ukendt>1</Ukendt></urn:GetChildrenRequest_MT>"
        "</soapenv:Body></soapenv:Envelope>"
    ).encode()
    r = requests.post(
        f"{kmd_server.url}/soap/kmd/GetChildren_OS_SI",
        data=krop,
        auth=(DEMO_BRUGER, DEMO_KODEORD),
        headers={"Content-Type": "text/xml; charset=utf-8"},
    )
    assert r.status_code == 500 and b"soap:Client" in r.content and b"X001" in r.content


# ---------------------------------------------------------------- the reads


def test_boern_barselssager_aarsager_og_arbejdsskadesager(kmd_server):
    boern = kmd_klient(kmd_server, "GetChildren_OS_SI").GetChildren_OS_SI(PersonnelNumber="10000001")
    assert boern.ReturnStatus.StatusType == "S"
    assert [(b.ChildNumber, b.FirstName) for b in boern.Child.Item] == [("01", "Alma"), ("02", "Bo")]

    native = zeep_klient(kmd_server)
    native.OpretBarselssag(
        Ansaettelse={"Tjenestenummer": "10000001"},
        Noegle="KMD-B-1",
        Type="02",
        GyldigFra=date(2027, 4, 1),
        GyldigTil=date(2027, 5, 31),
    )
    native.OpretArbejdsskadesag(
        Ansaettelse={"Tjenestenummer": "10000001"}, Sagsnummer="AS-KMD-1", Ulykkesdato=date(2027, 2, 3)
    )
    sager = kmd_klient(kmd_server, "GetMaternityCases_OS_SI").GetMaternityCases_OS_SI(
        PersonnelNumber="10000001"
    )
    assert sager.ReturnStatus.StatusType == "S"
    [sag] = [s for s in sager.MaternityCase.Item if s.MaternityCaseKey == "KMD-B-1"]
    assert (sag.ValidStartDate, sag.ValidEndDate, sag.MaternityType, sag.PersonnelNumber) == (
        "2027-04-01",
        "2027-05-31",
        "02",
        "10000001",
    )
    assert sag.MaternityTypeText
    skader = kmd_klient(kmd_server, "GetWorkAccidentCases_OS_SI").GetWorkAccidentCases_OS_SI(
        PersonnelNumber="10000001"
    )
    assert [(s.AccidentNumber, s.AccidentDate) for s in skader.AccidentCase.Item] == [
        ("AS-KMD-1", "2027-02-03")
    ]

    aarsager = kmd_klient(kmd_server, "GetReasons_OS_SI").GetReasons_OS_SI(
        PersonnelNumber="10000001", leaveType="770"
    )
    assert aarsager.ReturnStatus.StatusType == "S"
    assert ("TM01", "Eget bryllup") in [(a.ReasonCode, a.ReasonCodeText) for a in aarsager.Reason.Item]


# ---------------------------------------------------------------- who may call


def _post(server, **kw):
    krop = (
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns:urn="{KMD}"><soapenv:Body>'
        "<urn:GetChildrenRequest_MT><PersonnelNumber>10000001</PersonnelNumber></urn:GetChildrenRequest_MT>"
        "</soapenv:Body></soapenv:Envelope>"
    ).encode()
    session = kw.pop("session", None) or requests.Session()
    return session.post(
        f"{server.url}/soap/kmd/GetChildren_OS_SI",
        data=krop,
        headers={"Content-Type": "text/xml; charset=utf-8", **kw.pop("headers", {})},
        **kw,
    )


def test_uden_legitimation_afvises(kmd_server):
    r = _post(kmd_server)
    assert r.status_code == 401 and b"F187" in r.content and r.headers["WWW-Authenticate"].startswith("Basic")
    r = _post(kmd_server, auth=(DEMO_BRUGER, "forkert"))
    assert r.status_code == 401 and b"W002" in r.content


def test_certifikat_fra_betroet_proxy(kmd_server, certifikatbruger):
    session = requests.Session()
    session.mount("http://", FraAdresse(BETROET))
    session.headers[HEADER] = certifikatbruger
    boern = kmd_klient(kmd_server, "GetChildren_OS_SI", session=session).GetChildren_OS_SI(
        PersonnelNumber="10000001"
    )
    assert boern.ReturnStatus.StatusType == "S" and len(boern.Child.Item) == 2
    # an unknown subject from the trusted proxy is refused
    r = _post(kmd_server, session=session, headers={HEADER: "CN=ukendt"})
    assert r.status_code == 401 and b"F188" in r.content


def test_certifikat_fra_ikke_betroet_adresse_ignoreres(kmd_server, certifikatbruger):
    # 127.0.0.1 is no trusted proxy: the header is ignored, so the request has no credentials
    r = _post(kmd_server, headers={HEADER: certifikatbruger})
    assert r.status_code == 401 and b"F187" in r.content
    # ... and with Basic as well, the caller is the Basic user, not the certificate's
    r = _post(kmd_server, headers={HEADER: certifikatbruger}, auth=("kun-laes", "kun-laes-kodeord"))
    assert r.status_code == 200
    k = kmd_klient(
        kmd_server,
        "SetAbsenceAttendance_OS_SI",
        session=_session(HEADER, certifikatbruger, ("kun-laes", "kun-laes-kodeord")),
    )
    svar = saet(k, Operation="INS", AbsenceAttendanceType="FE", StartDate="2027-10-11", EndDate="2027-10-12")
    assert svar.StatusType == "E" and "R001" in svar.MessageText  # kun-laes may only read


def _session(header: str, vaerdi: str, auth) -> requests.Session:
    s = requests.Session()
    s.headers[header] = vaerdi
    s.auth = auth
    return s


def test_wsdl_er_kmds_egen_med_vores_adresse(kmd_server):
    for operation in ("SetAbsenceAttendance_OS_SI", "GetReasons_OS_SI"):
        original = (ROD / "wsdl" / "kmd" / f"{operation}.wsdl").read_bytes()
        for sti in (
            f"/soap/kmd/{operation}?wsdl",
            f"/XISOAPAdapter/MessageServlet?senderParty=&interface={operation}&wsdl",
        ):
            with urllib.request.urlopen(f"{kmd_server.url}{sti}") as r:
                served = r.read()
            assert f'location="{kmd_server.url}/soap/kmd/{operation}"'.encode() in served
            assert served.replace(f"{kmd_server.url}/soap/kmd/{operation}".encode(), b"") == original.replace(
                original.split(b'location="')[1].split(b'"')[0], b""
            )


@pytest.mark.parametrize(
    "krop, content_type, status, kode",
    [
        ((ROD / "tests/fjendtligt/billion_laughs.xml").read_bytes(), "text/xml", 500, b"X003"),
        ((ROD / "tests/fjendtligt/xxe_fil.xml").read_bytes(), "text/xml", 500, b"X003"),
        (b"ikke xml", "text/xml", 500, b"X002"),
        (
            f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Body><f:HentAarsagskoder xmlns:f="urn:fravaer:1"/></s:Body>'
            "</s:Envelope>".encode(),
            "text/xml",
            500,
            b"X005",
        ),
        (
            f'<s:Envelope xmlns:s="{SOAP_ENV}" xmlns:k="{KMD}"><s:Body><k:GetReasonsRequest_MT/>'
            "<k:GetReasonsRequest_MT/></s:Body></s:Envelope>".encode(),
            "text/xml",
            500,
            b"X007",
        ),
        (b"<x/>", "application/soap+xml", 415, b"X006"),
    ],
)
def test_fjendtlige_anmodninger_faar_en_fault(kmd_server, krop, content_type, status, kode):
    r = requests.post(
        f"{kmd_server.url}/soap/kmd/GetReasons_OS_SI",
        data=krop,
        auth=(DEMO_BRUGER, DEMO_KODEORD),
        headers={"Content-Type": content_type},
    )
    assert r.status_code == status and b"soap:Fault" in r.content and kode in r.content
    assert b"root:" not in r.content  # no file's content
    assert requests.get(f"{kmd_server.url}/soap/kmd/GetReasons_OS_SI").status_code == 405
    assert requests.get(f"{kmd_server.url}/soap/kmd/Ukendt_OS_SI?wsdl").status_code == 404


def test_samtidige_gentagne_ins_gemmer_en_haendelse(kmd_server):
    """Two copies of one INS at once (a client's retry racing the first): the employment's lock
    makes them take turns, and the second finds the first's events."""
    from concurrent.futures import ThreadPoolExecutor

    felter = dict(Operation="INS", AbsenceAttendanceType="FE", StartDate="2027-11-08", EndDate="2027-11-10")
    klienter = [kmd_klient(kmd_server, "SetAbsenceAttendance_OS_SI") for _ in range(4)]
    with ThreadPoolExecutor(4) as pulje:
        svar = list(pulje.map(lambda k: saet(k, **felter), klienter))
    assert [s.StatusType for s in svar] == ["S"] * 4
    assert sum("A032" in (s.MessageText or "") for s in svar) == 3
    assert (
        len(
            [h for h in hent(kmd_server, date(2027, 11, 1), date(2027, 11, 30)) if h.FastAarsagskode == "500"]
        )
        == 1
    )


def test_eksemplet_koerer(kmd_server, capsys):
    import runpy

    runpy.run_path(str(ROD / "examples" / "kmd_klient.py"))["main"](kmd_server.url)
    ud = capsys.readouterr().out
    assert "INS: S A033" in ud and "læst: FE 2027-06-07 12:00:00 – 2027-06-11: 4.50 dage" in ud
    assert "afvist: E F181" in ud and "DEL: S" in ud
