"""`policyhub new-plugin`: a working plugin package written from the templates in `plugin/` beside this module.

Template files end in `.tmpl` and use `$name` placeholders (string.Template); path parts `__package__`,
`__name__`, `__scheme__` and `__year__` are replaced too. Everything a skeleton says is in those files.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from string import Template

from ..errors import PolicyError
from ..policyset import PolicySet

TEMPLATES = Path(__file__).resolve().parent / "plugin"
DEFAULTS = Path(__file__).resolve().parent / "defaults.yaml"
NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
UNSAFE = re.compile(r"""[{}\[\],:#"'&*!|>%@`\\\n]""")       # would need quoting inside a YAML flow mapping


@dataclass(frozen=True)
class Skeleton:
    """The values a plugin skeleton is written with."""

    name: str
    package: str
    distribution: str
    code: str
    parent: str
    level: str
    name_zh: str
    name_en: str
    scheme: str
    document: str
    year: str
    dependencies: str = '["policyhub"]'       # a TOML array: policyhub and the parent's plugin, if one declares it


def plan(ps: PolicySet, name: str, parent: str, *, code: str | None = None, level: str | None = None,
         name_zh: str | None = None, name_en: str | None = None, year: int | None = None, pm=None) -> Skeleton:
    """Check the request against the known jurisdictions and fill in what was not given; with the plugin
    manager `pm`, the plugin that declares the parent becomes a dependency of the new one."""
    from ..yamlio import load_yaml

    if not NAME.match(name):
        raise PolicyError(f"plugin name '{name}': use lower-case letters, digits and single hyphens "
                          "(for example tianhe or nansha-district)")
    if parent not in ps.jurisdictions:
        known = ", ".join(sorted(ps.jurisdictions)) or "none"
        raise PolicyError(f"unknown parent jurisdiction '{parent}' (known codes: {known}; "
                          "`policyhub jurisdictions` lists them)")
    for label, value in (("--name-zh", name_zh), ("--name-en", name_en)):
        if value is not None and (not value.strip() or UNSAFE.search(value)):
            raise PolicyError(f"{label} '{value}': give a plain name without {{}}[],:#\"' and similar marks")
    if code is None:
        code = _free_code(ps, parent)
    elif code in ps.jurisdictions:
        raise PolicyError(f"jurisdiction code '{code}' is already declared ({ps.jurisdictions[code].key})")
    defaults = load_yaml(DEFAULTS.read_text(encoding="utf-8"))
    if level is None:
        level = defaults["levels_below"].get(ps.jurisdictions[parent].level, "district")
    year = str(year or dt.date.today().year)
    zh, en = name_zh or name, name_en or name.replace("-", " ").title()
    document = Template(defaults["document_number"]).substitute(name_zh=zh, year=year)
    deps = ["policyhub"]
    source = ps.sources.get(("jurisdiction", parent))
    parent_dist = declaring_distribution(pm, source) if pm is not None and source else None
    if parent_dist:
        deps.append(parent_dist)
    return Skeleton(name=name, package="policyhub_" + name.replace("-", "_"), distribution="policyhub-" + name,
                    code=code, parent=parent, level=level, name_zh=zh, name_en=en, scheme=f"{name}-example",
                    document=document, year=year, dependencies=json.dumps(deps))


def declaring_distribution(pm, source: str) -> str | None:
    """The distribution of the installed plugin whose policy folder holds `source` (a policy file), if any."""
    path = Path(source).resolve()
    dists = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    for impl in pm.hook.policyhub_policy_paths.get_hookimpls():
        folders = [Path(f).resolve() for f in impl.function() or []]
        module = getattr(impl.plugin, "__file__", None)
        if module:
            folders.append(Path(module).resolve().parent / "policies")
        dist = dists.get(id(impl.plugin))
        if dist is not None and any(folder in path.parents for folder in folders):
            return dist.metadata["Name"]
    for plugin, dist in pm.list_plugin_distinfo():  # plugins found by convention, without the hook
        module = getattr(plugin, "__file__", None)
        if module and Path(module).resolve().parent / "policies" in path.parents:
            return dist.metadata["Name"]
    return None


def _free_code(ps: PolicySet, parent: str) -> str:
    """The first code below `parent` nobody declares, in the pattern of administrative division codes
    (440000 → 440100, 440100 → 440101); other codes get a two-digit suffix."""
    if re.fullmatch(r"\d{6}", parent) and parent.endswith("00"):
        step = 100 if parent.endswith("0000") else 1
        candidates = (str(int(parent) + step * i) for i in range(1, 100))
    else:
        candidates = (f"{parent}{i:02d}" for i in range(1, 100))
    for code in candidates:
        if code not in ps.jurisdictions:
            return code
    raise PolicyError(f"no free code below '{parent}': give one with --code")


def write_skeleton(skeleton: Skeleton, dest: Path) -> list[Path]:
    """Write the plugin package into dest/<distribution>/ (which must not exist); the files written."""
    root = Path(dest) / skeleton.distribution
    if root.exists():
        raise PolicyError(f"{root} already exists")
    values = asdict(skeleton)
    parts = {"__package__": skeleton.package, "__name__": skeleton.name, "__scheme__": skeleton.scheme,
             "__year__": skeleton.year}
    written = []
    for template in sorted(TEMPLATES.rglob("*.tmpl")):
        rel = str(template.relative_to(TEMPLATES).with_suffix(""))
        for part, value in parts.items():
            rel = rel.replace(part, value)
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(template.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
        written.append(target)
    return written
