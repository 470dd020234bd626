"""Loading a framework from YAML: one file, or a folder of files merged in name order.

``load_framework()`` with no argument returns the default framework shipped in
``citymade/framework/default/`` (loaded once and cached). A folder's files are merged: list-valued
top-level keys (``dimensions``, ``recommendations`` …) are concatenated, mapping-valued ones merged,
and a scalar key may appear in one file only. Every problem is collected and raised at once as a
:class:`~citymade.errors.CitymadeError` naming file, line, element path, what is wrong and what is
allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from citymade.errors import CitymadeError, Location
from citymade.framework.model import Framework
from citymade.framework.validation import check_framework
from citymade.framework.yaml_source import SourceMap, read_yaml
from citymade.i18n import _

__all__ = ["DEFAULT_FRAMEWORK_DIR", "load_framework", "framework_from_data"]

DEFAULT_FRAMEWORK_DIR = Path(__file__).resolve().parent / "default"


def load_framework(path: str | Path | None = None) -> Framework:
    """Load and validate a framework file or folder (``None`` = the shipped default, cached)."""
    if path is None:
        return _default_framework()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_framework() -> Framework:
    return _load(DEFAULT_FRAMEWORK_DIR)


def _load(path: Path) -> Framework:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:
            raise CitymadeError(
                _("This folder holds no framework file (*.yaml)."), location=Location(file=str(path))
            )
    elif path.exists():
        files = [path]
    else:
        raise CitymadeError(_("File not found."), location=Location(file=str(path)))
    data, sources = _merge(files)
    sources.default_file = str(path)
    return framework_from_data(data, sources)


def _merge(files: Sequence[Path]) -> tuple[dict[str, Any], SourceMap]:
    merged: dict[str, Any] = {}
    sources = SourceMap(default_file=str(files[0]))
    owner: dict[str, str] = {}
    problems: list[str] = []
    for file in files:
        data, node = read_yaml(file)
        if data is None:
            continue
        if not isinstance(data, dict) or node is None:
            raise CitymadeError(
                _("A framework file must be a mapping of sections (version, dimensions …)."),
                location=Location(file=str(file), line=1),
            )
        offsets: dict[str, int] = {}
        for key, value in data.items():
            if isinstance(value, list):
                offsets[key] = len(merged.get(key, []))
                merged.setdefault(key, [])
                if not isinstance(merged[key], list):
                    problems.append(_conflict(key, file, owner))
                    continue
                merged[key].extend(value)
            elif isinstance(value, dict) and key in merged and isinstance(merged[key], dict):
                merged[key].update(value)
            elif key in merged:
                problems.append(_conflict(key, file, owner))
            else:
                merged[key] = value
            owner.setdefault(key, str(file))
        _record(node, offsets, sources, str(file))
    if problems:
        raise CitymadeError(_("The framework files contradict each other."), problems=problems)
    return merged, sources


def _conflict(key: str, file: Path, owner: dict[str, str]) -> str:
    return _("“%(key)s” is defined in %(file)s and again in %(other)s; define it once.") % {
        "key": key,
        "file": owner.get(key, "?"),
        "other": file,
    }


def _record(node: Any, offsets: dict[str, int], sources: SourceMap, file: str) -> None:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in offsets and isinstance(value_node, yaml.SequenceNode):
            sources.places[(key,)] = (file, value_node.start_mark.line + 1)
            for index, item in enumerate(value_node.value):
                sources.record(item, (key, offsets[key] + index), file)
        else:
            sources.record(value_node, (key,), file)


def framework_from_data(data: Any, sources: SourceMap | None = None) -> Framework:
    """Build and validate a framework from already-parsed data (what the YAML files hold)."""
    sources = sources or SourceMap()
    if not isinstance(data, dict):
        raise CitymadeError(
            _("A framework must be a mapping of sections (version, dimensions …)."),
            location=sources.locate(()),
        )
    try:
        framework = Framework.model_validate(data)
    except ValidationError as exc:
        problems = [_structure_problem(err, sources) for err in exc.errors()]
        raise CitymadeError(
            _("The framework is not valid: %(count)d problem(s).") % {"count": len(problems)},
            location=Location(file=sources.default_file),
            problems=problems,
        ) from None
    problems = check_framework(framework, data, sources)
    if problems:
        raise CitymadeError(
            _("The framework is not valid: %(count)d problem(s).") % {"count": len(problems)},
            location=Location(file=sources.default_file),
            problems=problems,
        )
    return framework


def _structure_problem(error: Any, sources: SourceMap) -> str:
    loc = [part for part in error["loc"] if isinstance(part, (str, int))]
    # pydantic adds the tag of tuple/union members to the path; keep the element's own path.
    where = sources.where(loc)
    kind = error.get("type", "")
    if kind == "missing":
        what = _("this field is required")
    elif kind == "extra_forbidden":
        what = _("unknown field (check its spelling in docs/framework.md)")
    else:
        what = str(error.get("msg", kind))
    return f"{where}: {what}"
