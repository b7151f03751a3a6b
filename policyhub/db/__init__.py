"""Persistence: Flask-SQLAlchemy over plain SQLAlchemy models.

`db` (the Flask-SQLAlchemy extension) is created on first use, so that command-line tools reading the
database through plain SQLAlchemy (policyhub.db.standalone) do not import Flask.
"""
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .models import Base
from . import signin_models  # noqa: F401 - its tables join Base.metadata

_db = None


def __getattr__(name: str):
    global _db
    if name == "db":
        if _db is None:
            from flask_sqlalchemy import SQLAlchemy

            _db = SQLAlchemy(model_class=Base)
        return _db
    raise AttributeError(name)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record):
    """SQLite enforces foreign keys only when asked, on every connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()
