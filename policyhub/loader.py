"""The strict loader: policy folders of YAML files into a checked PolicySet."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import ValidationError

from .definitions.error_messages import message_of

from .definitions import KINDS, Cases, Document, Jurisdiction, Regions, Round, Scheme, WorkdaySchedule, dump
from .errors import LoadError
from .locate import locate, mark_position
from .policyset import PolicySet
from .validation import check_policyset


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def parse_document(data: Any, source: str) -> tuple[Any, list[tuple[str, str, str]]]:
    """One YAML document into its model, or the problems with dotted paths."""
    if not isinstance(data, dict):
        return None, [(source, "", "a policy file must be a mapping with a `kind:` key")]
    kind = data.get("kind")
    model = KINDS.get(kind)
    if model is None:
        return None, [(source, "kind", f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")]
    try:
        return model.model_validate(data), []
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and (p.startswith("function-")
                                                                             or p in ("ParamRef", "int", "float"))))
            problems.append((source, _dotted(loc), message_of(err)))
        return None, problems


def policy_files(folders: Iterable[Path]) -> list[Path]:
    files = []
    for folder in folders:
        folder = Path(folder)
        if folder.is_file():
            files.append(folder)
        else:
            files.extend(sorted(p for p in folder.rglob("*.yaml") if p.is_file()))
    return files


def add(ps: PolicySet, obj: Any, source: str, problems: list) -> None:
    """Put one parsed document into the set, refusing clashes."""
    if isinstance(obj, Jurisdiction):
        old = ps.jurisdictions.get(obj.code)
        if old is not None:
            merged = _merge_jurisdiction(old, obj)
            if merged is None:
                problems.append((source, "code", f"jurisdiction {obj.code} is declared differently in "
                                                 f"{ps.sources.get(('jurisdiction', obj.code))}"))
                return
            obj = merged
        ps.jurisdictions[obj.code] = obj
        ps.sources.setdefault(("jurisdiction", obj.code), source)
    elif isinstance(obj, Document):
        _unique(ps, ps.documents, "document", obj.number, obj, source, problems)
    elif isinstance(obj, Scheme):
        _unique(ps, ps.schemes, "scheme", obj.key, obj, source, problems)
    elif isinstance(obj, Round):
        _unique(ps, ps.rounds, "round", (obj.scheme, obj.key), obj, source, problems)
    elif isinstance(obj, Regions):
        _unique(ps, ps.regions, "regions", obj.key, obj, source, problems)
    elif isinstance(obj, WorkdaySchedule):
        _unique(ps, ps.workdays, "workdays", obj.year, obj, source, problems)
    elif isinstance(obj, Cases):
        ps.cases.append(obj)
        ps.sources[("cases", f"{obj.scheme}:{len(ps.cases) - 1}")] = source


def _unique(ps, table, kind, key, obj, source, problems):
    if key in table:
        problems.append((source, "", f"{kind} {key!r} is already defined in {ps.sources[(kind, key)]}"))
        return
    table[key] = obj
    ps.sources[(kind, key)] = source


def _merge_jurisdiction(a: Jurisdiction, b: Jurisdiction) -> Jurisdiction | None:
    """Two declarations of one jurisdiction agree on identity; parameters are pooled, conflicts refused."""
    ident = lambda j: (j.key, dump(j.name), j.level, j.parent)  # noqa: E731
    if ident(a) != ident(b):
        return None
    params = dict(a.parameters)
    for name, p in b.parameters.items():
        if name in params and dump(params[name]) != dump(p):
            return None
        params[name] = p
    return a.model_copy(update={"parameters": params})


def load_folders(folders: Iterable[Path], *, operators=None, check: bool = True) -> PolicySet:
    """Read every policy file under the folders; raise LoadError listing every problem."""
    ps = PolicySet()
    problems: list[tuple[str, str, str]] = []
    marks: dict[int, tuple[int, int]] = {}
    for path in policy_files(folders):
        source = str(path)
        try:
            data = _read(path)
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            if isinstance(e, yaml.YAMLError) and mark_position(e):
                marks[len(problems)] = mark_position(e)
            problems.append((source, "", f"not valid YAML: {_yaml_problem(e)}"))
            continue
        obj, errs = parse_document(data, source)
        problems.extend(errs)
        if obj is not None:
            add(ps, obj, source, problems)
    if problems:
        raise LoadError(problems, locate(problems, marks))
    if check:
        problems = check_policyset(ps, operators=operators)
        if problems:
            raise LoadError(problems, locate(problems))
    return ps


def _yaml_problem(e: Exception) -> str:
    """What a YAML error says, without the mark lines PyYAML appends (the position is given apart)."""
    if isinstance(e, yaml.MarkedYAMLError) and e.problem:
        return f"{e.context}: {e.problem}" if e.context else e.problem
    return str(e)


def _read(path: Path) -> Any:
    from .yamlio import load_yaml
    return load_yaml(path.read_text(encoding="utf-8"))
