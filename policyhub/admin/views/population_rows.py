"""The rows of the population download: one per enterprise, in the official's language (names and labels,
never codes of criteria or facts)."""
from __future__ import annotations

from typing import Any, Callable

from flask_babel import gettext

from policyhub.i18n import render_value

FIELDS = ("id", "region_code", "region", "category", "status", "score", "failing", "missing")


def download_rows(hub, run, region_name: Callable, category_name: Callable,
                  statuses: dict[str, str]) -> tuple[tuple[str, ...], list[str], list[dict[str, Any]]]:
    """(fields, headers, rows) of the download of a `Figures` run."""
    from policyhub.population.impact import criterion_labels

    rnd = hub.round(run.scheme, run.round)
    labels = criterion_labels(hub, run.scheme, run.round)
    facts = {k: f.label.model_dump() for k, f in rnd.facts.items()}
    headers = [gettext("Enterprise"), gettext("Division code"), gettext("Region"), gettext("Category"),
               gettext("Status"), gettext("Score"), gettext("Criteria not met"), gettext("Information missing")]
    rows = []
    for r in run.rows:
        rows.append({
            "id": r["id"],
            "region_code": r["region"],
            "region": region_name(r["region"]),
            "category": category_name(r["category"]),
            "status": statuses[r["status"]],
            "score": r["score"],
            "failing": render_value([labels.get(k, k) for k in r["failing"]]),
            "missing": render_value([facts.get(k, k) for k in r["missing"]]),
        })
    return FIELDS, headers, rows


__all__ = ["FIELDS", "download_rows"]
