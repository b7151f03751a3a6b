"""Persistence: Flask-SQLAlchemy over plain SQLAlchemy models."""
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .models import Base
from . import signin_models  # noqa: F401 - its tables join Base.metadata

db = SQLAlchemy(model_class=Base)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record):
    """SQLite enforces foreign keys only when asked, on every connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()
