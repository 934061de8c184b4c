// Loads every XSD named on the command line with the JDK's default SchemaFactory (secure
// processing as the JDK ships it: maxOccurs above 5,000 is refused), as a Java client or
// service validating against the contract would. Prints "ok NAME" or "fejl NAME: reason";
// exits 1 if any failed.
import java.io.File;
import javax.xml.XMLConstants;
import javax.xml.validation.SchemaFactory;

public class LaesSkemaer {
    public static void main(String[] args) {
        int fejl = 0;
        for (String navn : args) {
            try {
                SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new File(navn));
                System.out.println("ok " + navn);
            } catch (Exception e) {
                System.out.println("fejl " + navn + ": " + e.getMessage());
                fejl++;
            }
        }
        System.exit(fejl == 0 ? 0 : 1);
    }
}
