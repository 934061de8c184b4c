"""Every XML namespace the service reads or writes, once."""

TNS = "urn:fravaer:1"  # the contract's own (schemas/*.xsd, wsdl/*.wsdl)
STAMDATA = "urn:fravaer:stamdata:1"  # the import/export XML of master data
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"  # SOAP 1.1
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
WSSE_USERNAME_PROFIL = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
