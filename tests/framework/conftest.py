"""A writable copy of the default framework folder, to break on purpose."""

import shutil
from pathlib import Path

import pytest

from citymade.framework.loader import DEFAULT_FRAMEWORK_DIR


class FrameworkCopy:
    def __init__(self, root: Path) -> None:
        self.root = root

    def edit(self, name: str, old: str, new: str) -> Path:
        """Replace ``old`` (must be present once) by ``new`` in one file of the copy."""
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} found {text.count(old)} times in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    def line_of(self, name: str, text: str) -> int:
        lines = (self.root / name).read_text(encoding="utf-8").splitlines()
        return next(i for i, line in enumerate(lines, 1) if text in line)


@pytest.fixture
def framework_copy(tmp_path):
    root = tmp_path / "framework"
    shutil.copytree(DEFAULT_FRAMEWORK_DIR, root)
    return FrameworkCopy(root)


@pytest.fixture(autouse=True)
def english():
    """Messages in English unless a test picks another language."""
    from citymade.i18n import use_language

    with use_language("en"):
        yield
