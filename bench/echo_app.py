"""A trivial spyne echo service, served exactly like fravaer's services (same protocol class with
XSD validation, same gunicorn settings): the baseline of the benchmark."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from spyne import Application, ComplexModel, ServiceBase, Unicode, rpc
from spyne.protocol.soap import Soap11
from spyne.server.wsgi import WsgiApplication

from fravaer.soap.protocol import ValiderendeSoap11
from fravaer.soap.schemas import sikker_parser

TNS = "urn:fravaer:1"


class Ekko(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "Ekko"
    _type_info = [("Tekst", Unicode)]


class EkkoSvar(ComplexModel):
    __namespace__ = TNS
    __type_name__ = "EkkoSvar"
    _type_info = [("Tekst", Unicode)]


class EkkoService(ServiceBase):
    @rpc(Ekko, _body_style="bare", _in_message_name="Ekko", _out_message_name="EkkoSvar",
         _returns=EkkoSvar)
    def Ekko(ctx, r):
        return EkkoSvar(Tekst=r.Tekst)


def lav_app():
    skema = etree.XMLSchema(etree.parse(str(Path(__file__).with_name("echo.xsd")), sikker_parser()))
    app = Application([EkkoService], tns=TNS, name="EkkoService",
                      in_protocol=ValiderendeSoap11(skema, {f"{{{TNS}}}Ekko"}),
                      out_protocol=Soap11(cleanup_namespaces=True))
    return WsgiApplication(app, max_content_length=1024 * 1024)
