"""The SOAP face: spyne services behind the hand-written WSDL and XSD files."""
