"""Register, read, change and delete an absence event with zeep, and read the vacation quota it
draws from, against a running fravaer.

    fravaer serve --demo          # in another terminal
    python examples/zeep_klient.py [http://127.0.0.1:8000 [user password]]
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

import zeep
from zeep.wsse.username import UsernameToken

WSDL = Path(__file__).resolve().parents[1] / "wsdl" / "FravaerService.wsdl"
KVOTE_WSDL = WSDL.with_name("KvoteService.wsdl")


def main(basis: str = "http://127.0.0.1:8000", bruger: str = "demo",
         kodeord: str = "demo-kodeord") -> None:
    klient = zeep.Client(str(WSDL), wsse=UsernameToken(bruger, kodeord, use_digest=True))
    fravaer = klient.create_service("{urn:fravaer:1}FravaerServiceBinding",
                                    f"{basis}/soap/FravaerService")
    ansaettelse = {"Tjenestenummer": "10000001"}  # or {"CPRNummer": ..., "Loebenummer": 1}

    svar = fravaer.OpretHaendelse(Ansaettelse=ansaettelse, FastAarsagskode="500",
                                  FraDato="2026-07-06", TilDato="2026-07-24",
                                  Bemaerkning="Sommerferie", TransaktionsID=str(uuid.uuid4()))
    h = svar.Haendelse
    print("oprettet:", h.HaendelseID, h.FastAarsagskode, h.FraDato, h.TilDato, "version", h.Version)

    for x in fravaer.HentHaendelser(Ansaettelse=[ansaettelse], FraDato="2026-07-01",
                                    TilDato="2026-07-31"):
        print("hentet:", x.HaendelseID, x.FastAarsagskode, x.Aarsagstekst, x.FraDato, x.TilDato)

    kvoter = zeep.Client(str(KVOTE_WSDL), wsse=UsernameToken(bruger, kodeord, use_digest=True)
                         ).create_service("{urn:fravaer:1}KvoteServiceBinding", f"{basis}/soap/KvoteService")
    [medarbejder] = kvoter.HentKvoter(Ansaettelse=[ansaettelse], Dato="2026-08-01")
    for k in medarbejder.Kvote:
        print("kvote:", k.KvoteType, k.Retstype or "", k.Barnenummer or "", k.PeriodeFra,
              "optjent", k.Optjent, "afholdt", k.Afholdt, "planlagt", k.Planlagt,
              "disponibel", k.Disponibel, k.Enhed)

    rettet = fravaer.RetHaendelse(HaendelseID=h.HaendelseID, Version=h.Version,
                                  Ansaettelse=ansaettelse, FastAarsagskode="500",
                                  FraDato="2026-07-06", TilDato="2026-07-17").Haendelse
    print("rettet: til", rettet.TilDato, "version", rettet.Version)

    try:  # a sick day during the vacation is refused: the fault lists every problem
        fravaer.OpretHaendelse(Ansaettelse=ansaettelse, FastAarsagskode="100",
                               FraDato="2026-07-08", TilDato="2026-07-08")
    except zeep.exceptions.Fault as fejl:
        for kode in fejl.detail.iter("{urn:fravaer:1}Meddelelse"):
            print("afvist:", kode.findtext("{urn:fravaer:1}Kode"), kode.findtext("{urn:fravaer:1}Tekst"))

    print("slettet:", fravaer.SletHaendelse(HaendelseID=rettet.HaendelseID, Version=rettet.Version))
    print("årsagskoder:", len(fravaer.HentAarsagskoder(Type="Fravaer")))

    # the change feed: follow the cursor until this event's three changes have come (on PostgreSQL a
    # change comes once every transaction begun before it has ended: poll, it is never skipped)
    fortsaettelse, mine, frist = None, [], time.monotonic() + 120
    while len(mine) < 3 and time.monotonic() < frist:
        side = fravaer.HentAendringer(Fortsaettelse=fortsaettelse, Art=["Haendelse"], MaksAntal=5000)
        mine += [a.Handling for a in side.Aendring if a.Noegle == h.HaendelseID]
        fortsaettelse = side.Fortsaettelse
        if not side.Flere:
            time.sleep(0.2)
    print("ændringer:", " ".join(mine))


if __name__ == "__main__":
    main(*sys.argv[1:])
