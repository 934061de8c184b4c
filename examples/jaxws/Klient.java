// A Java client of fravaer generated with JAX-WS wsimport from all four services at once (see
// ./byg): one Service class, Fravaer, with a port per service; WS-Security UsernameToken added
// by a SOAPHandler (the JAX-WS reference implementation has no WS-Security of its own); a refused
// request read as FravaerFejl_Exception with its Meddelelse.
//
//   examples/jaxws/byg http://127.0.0.1:8000/soap?wsdl /tmp/jaxws-klient
//   java -cp /tmp/jaxws-klient/classes:/usr/share/java/jaxws-rt.jar Klient \
//        http://127.0.0.1:8000/soap?wsdl demo demo-kodeord
import dk.fravaer.klient.AnsaettelseType;
import dk.fravaer.klient.Fravaer;
import dk.fravaer.klient.FravaerFejl_Exception;
import dk.fravaer.klient.FravaerServicePortType;
import dk.fravaer.klient.KvoteServicePortType;
import dk.fravaer.klient.MedarbejderKvoterType;
import dk.fravaer.klient.MeddelelseType;
import java.net.URL;
import java.util.List;
import java.util.Set;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.namespace.QName;
import javax.xml.soap.SOAPElement;
import javax.xml.soap.SOAPEnvelope;
import javax.xml.soap.SOAPHeader;
import javax.xml.ws.BindingProvider;
import javax.xml.ws.handler.Handler;
import javax.xml.ws.handler.MessageContext;
import javax.xml.ws.handler.soap.SOAPHandler;
import javax.xml.ws.handler.soap.SOAPMessageContext;

public class Klient {
    static final String WSSE =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String TEKST = "http://docs.oasis-open.org/wss/2004/01/"
        + "oasis-200401-wss-username-token-profile-1.0#PasswordText";

    /** Puts wsse:Security with a UsernameToken (PasswordText: use TLS) in every request's header. */
    static class UsernameToken implements SOAPHandler<SOAPMessageContext> {
        private final String bruger, kodeord;

        UsernameToken(String bruger, String kodeord) { this.bruger = bruger; this.kodeord = kodeord; }

        public boolean handleMessage(SOAPMessageContext ctx) {
            if (!(Boolean) ctx.get(MessageContext.MESSAGE_OUTBOUND_PROPERTY)) return true;
            try {
                SOAPEnvelope env = ctx.getMessage().getSOAPPart().getEnvelope();
                SOAPHeader header = env.getHeader() != null ? env.getHeader() : env.addHeader();
                SOAPElement token = header.addChildElement("Security", "wsse", WSSE)
                    .addChildElement("UsernameToken", "wsse");
                token.addChildElement("Username", "wsse").addTextNode(bruger);
                token.addChildElement("Password", "wsse").addAttribute(new QName("Type"), TEKST)
                    .addTextNode(kodeord);
            } catch (javax.xml.soap.SOAPException e) {
                throw new RuntimeException(e);
            }
            return true;
        }

        public boolean handleFault(SOAPMessageContext ctx) { return true; }
        public void close(MessageContext ctx) { }
        public Set<QName> getHeaders() { return Set.of(new QName(WSSE, "Security")); }
    }

    static void logind(Object port, String bruger, String kodeord) {
        List<Handler> kaede = List.of(new UsernameToken(bruger, kodeord));
        ((BindingProvider) port).getBinding().setHandlerChain(kaede);
    }

    static AnsaettelseType ansaettelse(String tjenestenummer) {
        AnsaettelseType a = new AnsaettelseType();
        a.setTjenestenummer(tjenestenummer);
        return a;
    }

    public static void main(String[] args) throws Exception {
        Fravaer tjenester = new Fravaer(new URL(args[0]));  // the served aggregate: every port's address
        FravaerServicePortType fravaer = tjenester.getFravaerServicePort();
        KvoteServicePortType kvoter = tjenester.getKvoteServicePort();
        logind(fravaer, args[1], args[2]);
        logind(kvoter, args[1], args[2]);

        System.out.println("HentBoern " + fravaer.hentBoern(ansaettelse("10000001")).size());
        List<MedarbejderKvoterType> mk = kvoter.hentKvoter(List.of(ansaettelse("10000001")),
            DatatypeFactory.newInstance().newXMLGregorianCalendar("2026-07-01"), null);
        System.out.println("HentKvoter " + mk.get(0).getKvote().size());
        try {
            fravaer.hentBoern(ansaettelse("99999999"));  // no such employment: refused (F030)
        } catch (FravaerFejl_Exception f) {
            StringBuilder koder = new StringBuilder("fejl");
            for (MeddelelseType m : f.getFaultInfo().getMeddelelse()) koder.append(' ').append(m.getKode());
            System.out.println(koder);
        }
    }
}
