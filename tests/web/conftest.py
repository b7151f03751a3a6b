"""Fixtures for the portal and API tests: an app on small fixture policies (tests/web/policies), so the
tests do not depend on the details of the bundled plugins' data."""
from __future__ import annotations

from pathlib import Path

import pytest

POLICIES = Path(__file__).resolve().parent / "policies"

# Records of the fixture targets scheme (test-coverage), kept in the registry the dashboard reads.
RECORDS = [
    {"name": "甲机构", "kind": "comprehensive", "level": "prefecture", "region": "990100", "established": "2024-03-01"},
    {"name": "乙机构", "kind": "comprehensive", "level": "county", "region": "990101", "established": "2024-06-01"},
    {"name": "丙窗口", "kind": "window", "level": "county", "region": "990201", "established": "2024-06-01"},
]


@pytest.fixture(scope="session")
def web_policyset():
    from policyhub.hub import Hub

    return Hub.from_folders([POLICIES]).policyset


@pytest.fixture
def fixture_hub(web_policyset):
    from policyhub.hub import Hub

    return Hub(web_policyset)


def make_web_app(db_url: str, policyset, *, records: bool = True, registry: str = "test-institutions", **config):
    """The app on the fixture policies; with `records`, the targets scheme's registry is filled."""
    from policyhub.app import create_app
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry
    from policyhub.db.store import save_policyset

    app = create_app({"POLICYHUB_MODE": "testing", "TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url,
                      "POLICYHUB_ENTRY_POINTS": False, **config})
    with app.app_context():
        db.create_all()
        save_policyset(db.session, policyset)
        if records:
            for rec in RECORDS:
                entry = RegistryEntry(jurisdiction_code="990000", name=rec["name"], data=dict(rec))
                setattr(entry, _registry_attribute(), registry)
                db.session.add(entry)
        db.session.commit()
    return app


def _registry_attribute() -> str:
    """The mapped attribute of the `registry` column (its Python name has changed once already)."""
    from policyhub.db.models import RegistryEntry

    return RegistryEntry.__mapper__.get_property_by_column(RegistryEntry.__table__.c.registry).key


@pytest.fixture(scope="session")
def web_app(tmp_path_factory, web_policyset):
    """One app for the session: the pages and the API only read. Tests that change configuration or data
    build their own with make_web_app."""
    return make_web_app(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}", web_policyset)


@pytest.fixture
def web_client(web_app):
    return web_app.test_client()
