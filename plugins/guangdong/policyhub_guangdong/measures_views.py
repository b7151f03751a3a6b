"""Back office: the plan's twenty-two measures (一)…(二十二) tracked like an action plan's tasks, with a report by
city beside the report by unit.

The page is the core's task progress page (`policyhub.admin.task_progress.TaskProgressPage`) on the registry
"guangdong-measures" (scheme `guangdong-ip-public-service-measures`), with one more field: the city whose bureau
reports (the round's `progress` fact has `city`). The report by city lists, for each prefecture-level city, the
latest report its bureau recorded on each measure and its part in the pairing of (十九), read from
`data/assistance_pairs.yaml` (the pairs are the notice's; the cities of each area are an assumption).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from flask_babel import gettext, lazy_gettext
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from policyhub.admin.jurisdiction_pages import tr
from policyhub.admin.task_progress import WORDS, TaskProgressPage

from .importer import SCHEME as COVERAGE_SCHEME

REGISTRY = "guangdong-measures"
PAIRS = Path(__file__).resolve().parent / "data" / "assistance_pairs.yaml"


@lru_cache(maxsize=1)
def assistance_pairs() -> dict[str, Any]:
    """`data/assistance_pairs.yaml`: the pairs of (十九), their citation and the assumption on the areas' cities."""
    with PAIRS.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def pairing_of(code: str) -> dict[str, Any] | None:
    """The city's part in the pairing: {"role": "helper", "area", "cities"} or {"role": "helped", "area",
    "helper"}; None for a city outside it."""
    for pair in assistance_pairs()["pairs"]:
        if pair["helper"] == code:
            return {"role": "helper", "area": pair["area"], "cities": list(pair["cities"])}
        if code in pair["cities"]:
            return {"role": "helped", "area": pair["area"], "helper": pair["helper"]}
    return None


def prefectures(policyset) -> list[Any]:
    """The province's prefecture-level cities, from the divisions file of the coverage round."""
    rnd = policyset.round(COVERAGE_SCHEME)
    return [r for r in policyset.regions[rnd.targets.regions].regions if r.level == "prefecture"]


def city_report(policyset, plan, reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per city: its name, its pairing (names resolved) and the latest report of its bureau on each measure."""
    cities = prefectures(policyset)
    names = {r.code: r.name for r in cities}
    out = []
    for city in cities:
        latest: dict[int, dict[str, Any]] = {}
        for r in reports:                                   # in recording order: a later report wins
            rep = r["report"]
            if rep.get("city") != city.code:
                continue
            old = latest.get(rep["task"])
            if old is None or int(rep.get("year") or 0) >= int(old.get("year") or 0):
                latest[rep["task"]] = rep
        pairing = pairing_of(city.code)
        if pairing is not None:
            pairing = {**pairing, "helper_name": names.get(pairing.get("helper", "")),
                       "city_names": [names[c] for c in pairing.get("cities", []) if c in names]}
        out.append({"code": city.code, "name": city.name, "pairing": pairing,
                    "reports": [{**latest[n], "label": plan.tasks[n].label} for n in sorted(latest)
                                if n in plan.tasks]})
    return out


class MeasureProgressView(TaskProgressPage):
    """/admin/guangdong/measures/: record progress on a measure (by unit, and by city for a city bureau); the
    reports by unit and by city. Open to the province's officials."""

    registry = REGISTRY
    template = "policyhub_guangdong/measures.html"
    page_name = lazy_gettext("Measure progress")
    words = {**WORDS, "page_title": lazy_gettext("Measure progress")}
    page_endpoint = "guangdong_measures"
    page_url = "/admin/guangdong/measures"
    EXTRA_FIELDS = ("city",)

    def form_class(self, plan):
        from policyhub.webhub import current_hub

        base = super().form_class(plan)
        label = (((plan.round.facts.get("progress").items or {}).get("properties") or {}).get("city") or {}) \
            .get("x-label")
        choices = [SelectChoice("", gettext("Not a city bureau’s report"))] + \
            [SelectChoice(r.code, tr(r.name)) for r in prefectures(current_hub().policyset)]

        class MeasureForm(base):
            city = SelectField(tr(label) if label else gettext("City"), choices=choices)

        return MeasureForm

    def extra_context(self, hub, plan, section, reports) -> dict[str, Any]:
        return {"cities": city_report(hub.policyset, plan, reports), "pairs": assistance_pairs()}
