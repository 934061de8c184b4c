"""fravaer: a SOAP/XML service for Danish public employees' absence and vacation."""

from fravaer import _spyne_kompat

__version__ = "0.1.0"

_spyne_kompat.installer()  # before anything imports spyne (Python 3.12+)
