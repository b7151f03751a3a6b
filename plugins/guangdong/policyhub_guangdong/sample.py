"""Sample rows for trying policyhub out (never for production): `data/sample_institutions.csv`, a handful of
made-up institutions (names marked 示例, phone numbers of zeros) across several cities, one of them a draft,
so that the public directory, its filters and the coverage report have something to show.

    from policyhub_guangdong.sample import load_sample_institutions
    load_sample_institutions(db.session, hub.policyset)      # imported like any CSV (importer.py), committed
"""
from __future__ import annotations

from pathlib import Path

from policyhub.registries import Registries

from . import importer

SAMPLE = Path(__file__).resolve().parent / "data" / "sample_institutions.csv"


def load_sample_institutions(session, policyset, *, replace: bool = False) -> int:
    """Import the sample rows into the registry (all or nothing); returns how many were written."""
    return importer.import_institutions(session, SAMPLE, replace=replace, spec=importer.spec_of(policyset),
                                        registries=Registries(policyset))
