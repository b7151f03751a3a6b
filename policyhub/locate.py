"""Where a problem is in a policy file: the line and column of a dotted key, read from the YAML node marks."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOKEN = re.compile(r"\[([^\]]*)\]|\.?([^.\[\]\s]+)")
Position = tuple[int, int]                      # 1-based line and column


def _child(node: yaml.Node, token: str, index: bool) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and index and token.isdigit():
        i = int(token)
        return node.value[i] if i < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == token:
                return k if isinstance(v, yaml.ScalarNode) and not index else v
        if index:                               # criteria[young]: the mapping below with `key: young`
            return _keyed(node, token)
    if isinstance(node, yaml.SequenceNode) and index:
        return _keyed(node, token)
    return None


def _keyed(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == "key" and isinstance(v, yaml.ScalarNode) and v.value == key:
                return node
        children = [v for _, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
    else:
        return None
    for child in children:
        found = _keyed(child, key)
        if found is not None:
            return found
    return None


def position_in(text: str, dotted: str) -> Position | None:
    """The line and column of `dotted` (`a.b[0].c`, `criteria[key].rule`) in YAML text: of the key when the
    path ends at a scalar, else of the value; of the deepest part of the path that exists."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    best = node
    for index, name in _TOKEN.findall(dotted.split(" ", 1)[0]):
        nxt = _child(best, index or name, bool(index))
        if nxt is None:
            break
        best = nxt
    mark = best.start_mark
    return mark.line + 1, mark.column + 1


def mark_position(error: yaml.YAMLError) -> Position | None:
    """The line and column a YAML parser error points at."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def locate(problems: list[tuple[str, str, str]], known: dict[int, Position] | None = None
           ) -> list[Position | None]:
    """The position of each (file, dotted path, message) problem; `known` gives some by index already."""
    known = known or {}
    texts: dict[str, str | None] = {}
    out: list[Position | None] = []
    for i, (source, dotted, _) in enumerate(problems):
        if i in known:
            out.append(known[i])
            continue
        if source not in texts:
            path = Path(source)
            try:
                texts[source] = path.read_text(encoding="utf-8") if path.suffix == ".yaml" else None
            except (OSError, UnicodeDecodeError):
                texts[source] = None
        text = texts[source]
        out.append(position_in(text, dotted) if text is not None and dotted else None)
    return out
