"""One log format for the server (gunicorn) and the application: plain lines for a terminal, or one
JSON object per line (setting log_format), each with the request id of the request it belongs to.

The request id (telemetry.py) is taken from a sane X-Request-ID header or made here, answered in the
same header, and kept in a context variable that a logging filter copies into every record."""

from __future__ import annotations

import json
import logging
import logging.config
from contextvars import ContextVar
from datetime import UTC, datetime

REQUEST_ID: ContextVar[str] = ContextVar("fravaer_request_id", default="-")

PLAIN = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

# Even at DEBUG: SQLAlchemy would log statement parameters and spyne whole request bodies, and both
# hold CPR numbers.
_STILLE = {"sqlalchemy": "WARNING", "spyne": "CRITICAL", "alembic": "WARNING"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        d = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "pid": record.process,
            "message": record.getMessage(),
        }
        if record.exc_info:
            d["exception"] = self.formatException(record.exc_info)
        return json.dumps(d, ensure_ascii=False)


def dict_config(level: str = "INFO", fmt: str = "plain", access_log: bool = True) -> dict:
    """A logging.config.dictConfig dictionary; gunicorn takes the same one as `logconfig_dict`,
    so its error and access logs come out in the application's format."""
    formatter = ({"()": JsonFormatter} if fmt == "json"
                 else {"format": PLAIN, "datefmt": "%Y-%m-%d %H:%M:%S"})
    handler = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "fravaer",
               "filters": ["request_id"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"fravaer": formatter},
        "handlers": {"fravaer": handler},
        "root": {"level": level, "handlers": ["fravaer"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["fravaer"], "propagate": False},
            # gunicorn writes an access line at INFO for every request once it has a log config
            "gunicorn.access": {"level": "INFO" if access_log else "WARNING", "handlers": ["fravaer"],
                                "propagate": False},
            **{navn: {"level": niveau} for navn, niveau in _STILLE.items()},
        },
    }


def opsaet(level: str = "INFO", fmt: str = "plain") -> None:
    logging.config.dictConfig(dict_config(level, fmt))


def opsaet_hvis_ingen(level: str = "INFO", fmt: str = "plain") -> None:
    """Ours unless the process already logs somewhere (a host, or a test runner's capture): then
    only the level, and the loggers that must stay quiet."""
    rod = logging.getLogger()
    if not rod.handlers:
        opsaet(level, fmt)
        return
    rod.setLevel(level)
    for navn, niveau in _STILLE.items():
        logging.getLogger(navn).setLevel(niveau)
