"""Failures that are not the caller's fault (the SOAP layer turns them into soap:Server faults)."""

from fravaer.errors import FravaerError


class LagerUtilgaengeligt(FravaerError):
    """The database could not be reached or failed; the transaction was rolled back."""
