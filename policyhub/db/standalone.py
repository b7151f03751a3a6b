"""The configured database through plain SQLAlchemy, without a Flask app: for command-line tools that only
read policies (they start in a fraction of the time the web app needs)."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, inspect
from sqlalchemy.orm import Session


def instance_path() -> Path:
    """The folder Flask picks as the app's instance folder (its rule, without importing Flask): beside the
    package, or <prefix>/var/policyhub.app-instance when the package is installed under sys.prefix."""
    package_root = Path(__file__).resolve().parent.parent.parent
    prefix = Path(os.path.abspath(sys.prefix))
    if package_root.is_relative_to(prefix):
        return prefix / "var" / "policyhub.app-instance"
    return package_root / "instance"


def database_url() -> str:
    """POLICYHUB_DATABASE_URL, else the SQLite file `policyhub init` creates in the instance folder."""
    return os.environ.get("POLICYHUB_DATABASE_URL") or "sqlite:///" + str(instance_path() / "policyhub.db")


@contextmanager
def reading_session(url: str | None = None) -> Iterator[Session | None]:
    """A read-only session on the database, or None when it has no policy tables yet."""
    engine = create_engine(url or database_url())
    try:
        if not inspect(engine).has_table("round"):
            yield None
            return
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()
