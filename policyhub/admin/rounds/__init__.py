"""Round editing in the back office (issue 6): list, clone, parameters, categories, score sheets, criteria
with a JsonLogic editor, funding, targets and deadlines, diff, preview against the policy test cases, and
publish. `init_admin` calls `register(admin, app)`.

Every page is scoped to the official's jurisdictions; every change is a checked, audited save of a draft
round with optimistic concurrency (see `service.py`); published rounds are immutable.
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
TRANSLATIONS = HERE / "translations"


def register(admin, app) -> None:
    """Add the round editors to the back office (their catalog arrives through the translations hook)."""
    from .views import RoundsView

    admin.add_view(RoundsView())


__all__ = ["register"]
