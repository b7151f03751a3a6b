"""Test helper: the made-up institutions of tests/data/directory_rows.csv (12 published, 1 draft) imported into an
app's database through the plugin's importer (each kept by the jurisdiction of its region)."""
from __future__ import annotations

from pathlib import Path

ROWS = Path(__file__).resolve().parent / "data" / "directory_rows.csv"
REGISTRY = "guangdong-institutions"
DRAFT = "揭阳市知识产权公共服务中心（筹建，示例）"


def load_rows(app, policyset) -> dict[str, int]:
    """Import the rows; {name: entry id}."""
    from sqlalchemy import select

    from policyhub.db import db
    from policyhub.db.models import RegistryEntry
    from policyhub.registries import Registries
    from policyhub_guangdong import importer

    with app.app_context():
        assert importer.import_institutions(db.session, ROWS, spec=importer.spec_of(policyset),
                                            registries=Registries(policyset)) == 13
        rows = db.session.execute(select(RegistryEntry.name, RegistryEntry.id)
                                  .where(RegistryEntry.registry_name == REGISTRY))
        return {name: id_ for name, id_ in rows}
