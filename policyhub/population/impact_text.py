"""`policyhub population impact` in words: the impact's JSON as lines in the reader's language (catalog codes)."""

from __future__ import annotations

from typing import Any, Iterator

from ..i18n import M_, Message, amount, render

_EXAMPLE = {"gain": M_("population.impact.gain_example"), "lose": M_("population.impact.lose_example")}


def impact_lines(data: dict[str, Any], population: str, lang: str) -> Iterator[str]:
    """The summary, the counts by region and category, the funding change and the examples."""
    yield render(Message("population.impact.head", scheme=data["scheme"], draft=data["draft"],
                         against=data["against"], population=population, total=data["total"],
                         engine=data["engine"]), lang)
    yield "  " + render(Message("population.impact.counts", gain=data["gain"], lose=data["lose"]), lang)
    for g in data["by_region_category"]:
        where = " / ".join(str(x) for x in (g["region"], g["category"]) if x is not None) or render(
            Message("population.impact.not_given"), lang)
        yield f"    {where}: +{g['gain']} -{g['lose']}"
    funding = data.get("funding")
    if funding:
        unit = funding.get("unit")
        yield "  " + render(Message(
            "population.impact.funding",
            against=amount(funding["against"]["committed"], unit), draft=amount(funding["draft"]["committed"], unit),
            change=signed(funding["change"]["committed"], unit),
            most_against=amount(funding["against"]["max_total"], unit),
            most_draft=amount(funding["draft"]["max_total"], unit),
            most_change=signed(funding["change"]["max_total"], unit)), lang)
    for change in ("gain", "lose"):
        for ex in data["examples"].get(change, []):
            yield "  " + render(Message(_EXAMPLE[change], id=ex["id"], reasons=reason(ex["reason"])), lang)


def reason(r: dict[str, Any]) -> list[dict[str, str]] | Message:
    """Why an enterprise gains or loses: the criteria that changed, else its score under each round."""
    if r.get("labels"):
        return list(r["labels"])
    return Message("population.impact.score", before=r.get("against_score"), after=r.get("draft_score"))


def signed(value: float, unit: Any) -> dict[str, Any] | Message:
    """A change of money with its sign: +200,000 元, −100,000 元, 0."""
    if value > 0:
        return Message("population.impact.more", amount=amount(value, unit))
    if value < 0:
        return Message("population.impact.less", amount=amount(-value, unit))
    return amount(0, unit)


__all__ = ["impact_lines", "reason", "signed"]
