import re, uuid
from tests.integration.test_statements import klient, _opret, _ans  # noqa
import pytest

@pytest.mark.postgres
def test_vis(klient):
    if klient.engine.dialect.name != "postgresql":
        pytest.skip()
    def vis(navn, op, body):
        from fravaer.adapters.db import statements as S
        kontekster = []
        gammel = S.StatementTaeller._execute
        def _ex(self, conn, cursor, statement, parameters, context, executemany):
            kontekster.append("F" if context is S.FOLDET else "-")
            return gammel(self, conn, cursor, statement, parameters, context, executemany)
        S.StatementTaeller._execute = _ex
        try:
            svar, o = klient.kald_optalt(op, body)
        finally:
            S.StatementTaeller._execute = gammel
        o.tekster = [k + " " + t for k, t in zip(kontekster, o.tekster)]
        print(f"\n== {navn}: rt={o.rundture('postgresql')} st={o.statements} begins={o.begins} commits={o.commits} rb={o.rollbacks} pings={o.pings} foldede={o.foldede}")
        for t in o.tekster: print("   ", t)
        return svar
    vis("Opret 100", "Opret", _opret("100", "2025-02-10"))
    svar = vis("Opret 500", "Opret", _opret("500", "2025-03-10"))
    hid = re.search(rb"HaendelseID>([^<]+)<", svar).group(1).decode()
    vis("Ret", "Ret", (
        f"<f:RetHaendelse><f:HaendelseID>{hid}</f:HaendelseID><f:Version>1</f:Version>{_ans('10000001')}"
        "<f:FastAarsagskode>500</f:FastAarsagskode><f:FraDato>2025-03-11</f:FraDato>"
        f"<f:TilDato>2025-03-11</f:TilDato><f:TransaktionsID>{uuid.uuid4()}</f:TransaktionsID>"
        "</f:RetHaendelse>"))
    vis("Slet", "Slet", (
        f"<f:SletHaendelse><f:HaendelseID>{hid}</f:HaendelseID><f:Version>2</f:Version>"
        f"<f:TransaktionsID>{uuid.uuid4()}</f:TransaktionsID></f:SletHaendelse>"))
