"""The API's OpenAPI 3.1 document (openapi.yaml beside this module) and validators for its schemas."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT = Path(__file__).resolve().parent / "openapi.yaml"
BASE = "urn:policyhub:openapi"


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _registry() -> Registry:
    return Registry().with_resource(BASE, Resource.from_contents(document(), default_specification=DRAFT202012))


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    """A validator for `#/components/schemas/<name>`, with references resolved inside the document."""
    if name not in document()["components"]["schemas"]:
        raise KeyError(f"no schema '{name}' in {DOCUMENT.name}")
    return pointer_validator(f"/components/schemas/{name}")


def pointer_validator(pointer: str) -> Draft202012Validator:
    """A validator for the schema at a JSON pointer into the document (e.g. a response's schema). The pointer
    is resolved once here, not on every validation; references inside resolve from the document."""
    resolved = _registry().resolver(BASE).lookup(f"{BASE}#{pointer}")
    return Draft202012Validator(resolved.contents, registry=_registry(), format_checker=FormatChecker(),
                                _resolver=resolved.resolver)


def errors(name: str, instance: Any, prefix: str = "") -> list[dict[str, str]]:
    """Every violation of a component schema as {path, message}, paths slash-separated."""
    out = []
    for e in sorted(validator(name).iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path]):
        parts = [prefix] if prefix else []
        parts += [str(p) for p in e.absolute_path]
        if e.validator == "additionalProperties" and isinstance(e.instance, dict):
            known = set((e.schema.get("properties") or {}))
            for extra in sorted(set(e.instance) - known):
                out.append({"path": "/".join(parts + [extra]), "message": f"unknown field '{extra}'"})
            continue
        out.append({"path": "/".join(parts), "message": e.message})
    return out
