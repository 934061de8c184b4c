"""fravaer: a SOAP/XML service for Danish public employees' absence and vacation."""

__version__ = "0.1.0"
