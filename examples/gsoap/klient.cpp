// A C++ client of fravaer generated with gSOAP from all four services at once (see ./byg). gSOAP
// collects the bindings of one namespace into one proxy, FravaerServiceBindingProxy, whose default
// address is the first imported port's (FravaerService's): point it at /soap, which answers every
// operation, and FravaerService's and KvoteService's operations go through the one proxy.
// WS-Security UsernameToken by gSOAP's wsse plugin; a refused request is read as a SOAP 1.1
// Client fault with its FravaerFejl detail.
//
//   examples/gsoap/byg http://127.0.0.1:8000/soap?wsdl /tmp/gsoap-klient
//   /tmp/gsoap-klient/klient http://127.0.0.1:8000/soap demo demo-kodeord
#include <cstdio>

#include "soapFravaerServiceBindingProxy.h"
#include "FravaerServiceBinding.nsmap"
#include "wsseapi-lite.h"

// Each call sends a new header: gSOAP clears it after a call.
static void logind(FravaerServiceBindingProxy &proxy, const char *bruger, const char *kodeord) {
    soap_wsse_add_UsernameTokenText(proxy.soap, "Bruger", bruger, kodeord);  // PasswordText: use TLS
}

// Prints "fejl <faultcode> <Kode>..." from a fault's FravaerFejl detail.
static void skriv_fejl(struct soap *soap) {
    std::printf("fejl %s", *soap_faultcode(soap));
    SOAP_ENV__Detail *detalje = soap->fault ? soap->fault->detail : NULL;
    if (detalje && detalje->f__FravaerFejl)
        for (f__MeddelelseType *m : detalje->f__FravaerFejl->Meddelelse)
            std::printf(" %s", m->Kode.c_str());
    std::printf("\n");
}

int main(int argc, char **argv) {
    if (argc != 4) {
        std::fprintf(stderr, "brug: %s ADRESSE BRUGER KODEORD\n", argv[0]);
        return 2;
    }
    // SOAP_XML_STRICT: every answer is checked against the schema as gSOAP reads it
    FravaerServiceBindingProxy proxy(SOAP_XML_STRICT);
    proxy.soap_endpoint = argv[1];  // http://HOST/soap: every operation of every service

    f__AnsaettelseType ansaettelse;
    std::string tjenestenummer = "10000001";
    ansaettelse.Tjenestenummer = &tjenestenummer;

    _f__HentBoern boern;
    boern.Ansaettelse = &ansaettelse;
    _f__HentBoernSvar boernsvar;
    logind(proxy, argv[2], argv[3]);
    if (proxy.HentBoern(&boern, boernsvar) != SOAP_OK) {
        skriv_fejl(proxy.soap);
        return 1;
    }
    std::printf("HentBoern %zu\n", boernsvar.Barn.size());

    _f__HentKvoter kvoter;  // KvoteService's operation, through the same proxy and address
    kvoter.Ansaettelse.push_back(&ansaettelse);
    kvoter.Dato = "2026-07-01";
    _f__HentKvoterSvar kvotesvar;
    logind(proxy, argv[2], argv[3]);
    if (proxy.HentKvoter(&kvoter, kvotesvar) != SOAP_OK) {
        skriv_fejl(proxy.soap);
        return 1;
    }
    std::printf("HentKvoter %zu\n", kvotesvar.MedarbejderKvoter.at(0)->Kvote.size());

    _f__OpretHaendelse haendelse;  // a reason code that does not exist: refused (F001)
    haendelse.Ansaettelse = &ansaettelse;
    haendelse.FastAarsagskode = "999";
    haendelse.FraDato = "2026-03-02";
    _f__OpretHaendelseSvar haendelsessvar;
    logind(proxy, argv[2], argv[3]);
    if (proxy.OpretHaendelse(&haendelse, haendelsessvar) != SOAP_OK)
        skriv_fejl(proxy.soap);
    proxy.destroy();
    return 0;
}
