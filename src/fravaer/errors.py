"""The base of every error fravaer raises on purpose, so a caller (the CLI, a WSGI host, a test) can
tell the project's errors from a bug with one `except FravaerError`."""


class FravaerError(Exception):
    """An error fravaer raised on purpose: a broken rule, a bad setting, a database that is down…"""
