"""Support types (and their families), circular models and maturity stages with their ``{fr, nl, en}`` labels.

They are read from the diagnostic framework (``citymade/framework/default``), never redefined here,
so the cluster renames a support type or a model in one place. When the framework does not validate
(while it is being edited) the same keys are read from its YAML files as they are.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from citymade.i18n import resolve

__all__ = ["circular_models", "family_of", "family_types", "label", "stages", "support_families", "support_types"]

Labels = dict[str, dict[str, str]]
#: ``{family id: (label {fr, nl, en}, [support type ids])}``
Families = dict[str, tuple[dict[str, str], list[str]]]


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[Labels, Labels, dict[int, dict[str, str]], Families]:
    try:
        from citymade.framework.loader import load_framework

        framework = load_framework()
        support = {k: dict(v) for k, v in framework.support_types.items()}
        models = {m.id: dict(m.label) for m in framework.circular_models}
        stage_labels = {s.number: dict(s.label) for s in framework.maturity.stages}
        families = {k: (dict(f.label), list(f.types)) for k, f in framework.support_families.items()}
        return support, models, stage_labels, families
    except Exception:  # the framework is being edited and does not validate: read its raw keys
        return _from_yaml()


def _from_yaml() -> tuple[Labels, Labels, dict[int, dict[str, str]], Families]:
    from citymade.framework.loader import DEFAULT_FRAMEWORK_DIR

    data: dict[str, Any] = {}
    for path in sorted(DEFAULT_FRAMEWORK_DIR.glob("*.yaml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("support_types", "support_families", "circular_models", "maturity"):
            if key in content:
                data[key] = content[key]
    support = {k: dict(v) for k, v in (data.get("support_types") or {}).items()}
    models = {m["id"]: dict(m.get("label") or {}) for m in data.get("circular_models") or []}
    stage_labels = {int(s["number"]): dict(s.get("label") or {}) for s in (data.get("maturity") or {}).get("stages") or []}
    families = {
        str(k): (dict(f.get("label") or {}), [str(t) for t in f.get("types") or []])
        for k, f in (data.get("support_families") or {}).items()
        if isinstance(f, dict)
    }
    return support, models, stage_labels, families


def support_types() -> Labels:
    """``{type id: {fr, nl, en}}`` in the framework's order."""
    return _vocabulary()[0]


def support_families() -> Families:
    """``{family id: (label, [support type ids])}`` — individual support and simple advice."""
    return _vocabulary()[3]


def family_types() -> dict[str, list[str]]:
    """``{family id: [support type ids]}``, as :func:`~citymade.portfolio.review.compute_review` takes them."""
    return {k: list(types) for k, (_label, types) in support_families().items()}


def family_of(type_id: str) -> str:
    """The family of a support type (empty when it is in none)."""
    return next((k for k, (_label, types) in support_families().items() if type_id in types), "")


def circular_models() -> Labels:
    return _vocabulary()[1]


def stages() -> dict[int, dict[str, str]]:
    """``{stage number: {fr, nl, en}}``; stage numbers 0–6 by default."""
    return _vocabulary()[2]


def label(kind: str, key: Any, language: str | None = None) -> str:
    """The label of a support type, support family, circular model or stage in ``language`` (the key when unknown)."""
    families = {k: text for k, (text, _types) in support_families().items()}
    table: dict[Any, dict[str, str]] = {"support": support_types(), "family": families, "model": circular_models(), "stage": stages()}[kind]  # type: ignore[assignment]
    found = table.get(key)
    return resolve(found, language) if found else str(key)
