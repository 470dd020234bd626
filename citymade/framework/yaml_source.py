"""Reading YAML while remembering where every element came from (file and line).

Errors about a framework or an answers file name the file and the line of the element at fault;
this module keeps a map from element path (``("dimensions", 0, "criteria", 2)``) to that place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from citymade.errors import CitymadeError, Location
from citymade.i18n import _

__all__ = ["SourceMap", "format_path", "read_yaml"]

# libyaml's loader when available: the same results, several times faster
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each element of a loaded document sits: path → (file, line)."""

    places: dict[PathKey, tuple[str, int]] = field(default_factory=dict)
    default_file: str | None = None

    def locate(self, path: Sequence[str | int]) -> Location:
        """The closest known place of ``path`` (its own line, else its parent's)."""
        key = tuple(path)
        while key:
            if key in self.places:
                file, line = self.places[key]
                return Location(file=file, line=line, field=format_path(path))
            key = key[:-1]
        return Location(file=self.default_file, field=format_path(path) or None)

    def where(self, path: Sequence[str | int]) -> str:
        """``file:line [path]`` as text, for messages listing several problems."""
        return str(self.locate(path))

    def record(self, node: yaml.Node, prefix: PathKey, file: str) -> None:
        self.places[prefix] = (file, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    self.record(value_node, (*prefix, str(key_node.value)), file)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.record(item, (*prefix, index), file)


def format_path(path: Sequence[str | int]) -> str:
    """``dimensions[0].criteria[2].questions[1]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def read_yaml(path: Path, *, display: str | None = None) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML file into Python data and its node tree; a syntax error names the line."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CitymadeError(_("File not found."), location=Location(file=name)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CitymadeError(
            _("Cannot read the file: %(reason)s") % {"reason": exc}, location=Location(file=name)
        ) from None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise CitymadeError(
            _("This is not valid YAML: %(problem)s") % {"problem": problem},
            location=Location(file=name, line=line),
        ) from None
    return data, node
