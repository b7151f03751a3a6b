"""The core's check messages (English, from policyhub.validation, the rules package and pydantic) shown to
officials in their language. Known shapes are recognised and translated; anything else is shown as it is."""
from __future__ import annotations

import re
from typing import Callable

from flask_babel import gettext

_N = r"(-?[\d.]+)"
_Q = r"'([^']*)'"


def _patterns() -> list[tuple[re.Pattern, Callable[..., str]]]:
    return [
        (re.compile(rf"^subgroup {_Q} is worth {_N} but its indicators add up to {_N}$"),
         lambda k, a, b: gettext("Subgroup %(key)s is worth %(max)s points but its indicators add up to "
                                 "%(sum)s.", key=k, max=a, sum=b)),
        (re.compile(rf"^group {_Q} is worth {_N} but its subgroups add up to {_N}$"),
         lambda k, a, b: gettext("Group %(key)s is worth %(max)s points but its subgroups add up to %(sum)s.",
                                 key=k, max=a, sum=b)),
        (re.compile(rf"^sheet {_Q} totals {_N} but its groups add up to {_N}$"),
         lambda k, a, b: gettext("Score sheet %(key)s totals %(max)s points but its groups add up to "
                                 "%(sum)s.", key=k, max=a, sum=b)),
        (re.compile(rf"^Unknown fact {_Q} \(read as {_Q}\)\.$"),
         lambda k, _r: gettext("Unknown fact %(name)s: the round declares no such fact.", name=k)),
        (re.compile(rf"^Unknown operator {_Q}; it is not on the allow-list\.$"),
         lambda k: gettext("Unknown operator %(name)s: it is not one of the allowed JsonLogic operators.",
                           name=k)),
        (re.compile(rf"^{_Q} takes (.+) arguments?, got (\d+)\.$"),
         lambda op, n, got: gettext("Wrong number of arguments: %(op)s takes %(n)s, got %(got)s.", op=op, n=n,
                                    got=got)),
        (re.compile(rf"^parameter {_Q} is not declared in the round or its jurisdictions$"),
         lambda k: gettext("Parameter %(name)s is not declared in the round or its jurisdictions.", name=k)),
        (re.compile(rf"^fact {_Q} is not declared$"),
         lambda k: gettext("Fact %(name)s is not declared in the round.", name=k)),
        (re.compile(rf"^unknown category {_Q}$"),
         lambda k: gettext("Unknown category %(key)s.", key=k)),
        (re.compile(rf"^duplicate criterion key {_Q}$"),
         lambda k: gettext("The criterion key %(key)s is used more than once.", key=k)),
        (re.compile(rf"^duplicate indicator key {_Q}$"),
         lambda k: gettext("The indicator key %(key)s is used more than once in the sheet.", key=k)),
        (re.compile(rf"^value {_N} is below the minimum {_N}$"),
         lambda v, m: gettext("%(value)s is below the allowed minimum %(min)s.", value=v, min=m)),
        (re.compile(rf"^value {_N} is above the maximum {_N}$"),
         lambda v, m: gettext("%(value)s is above the allowed maximum %(max)s.", value=v, max=m)),
        (re.compile(r"^a configured assumption needs a note saying why the value was chosen$"),
         lambda: gettext("An assumption needs a note saying why the value was chosen.")),
        (re.compile(r"^must not be empty$"),
         lambda: gettext("Must not be empty (both Chinese and English are required).")),
        (re.compile(rf"^expert fact {_Q} needs a maximum of at most {_N} points$"),
         lambda k, n: gettext("The expert fact %(name)s needs a maximum of at most %(n)s points.", name=k, n=n)),
        (re.compile(r"^the largest possible total (.+) exceeds the cap (.+?)(?:; lower the amounts or raise the "
                    r"cap)?$"),
         lambda total, cap: gettext("The largest possible total %(total)s exceeds the cap %(cap)s; lower the "
                                    "amounts or raise the cap.", total=total, cap=cap)),
        (re.compile(rf"^result {_Q} stops funding, so the amount it leads to must be 0, not (.+)$"),
         lambda k, v: gettext("Result %(key)s stops funding, so the amount after it must be 0, not %(value)s.",
                              key=k, value=v)),
        (re.compile(r"^this policyhub has no (\w+) mechanism$"),
         lambda name: gettext("This installation cannot evaluate the %(name)s section yet.", name=name)),
    ]


def translate(message: str) -> str:
    """`message` in the official's language when its shape is known; otherwise unchanged."""
    text = (message or "").strip()
    for pattern, make in _patterns():
        m = pattern.match(text)
        if m:
            try:
                return make(*m.groups())
            except (TypeError, ValueError, KeyError):
                break
    return message


def problem_list(problems) -> list[dict[str, str]]:
    """[(path, message)] as the templates show them."""
    return [{"path": p, "message": translate(m), "original": m} for p, m in problems]
