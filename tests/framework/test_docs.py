"""docs/framework.md stays honest: every framework field, indicator, command and result key."""

from pathlib import Path

import pytest
from pydantic import BaseModel

import citymade.framework.model as model
from citymade.indicators.registry import INDICATORS
from citymade.scoring.results import Assessment

DOC = (Path(__file__).resolve().parents[2] / "docs" / "framework.md").read_text(encoding="utf-8")
MODELS = [
    cls
    for cls in vars(model).values()
    if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == model.__name__ and not cls.__name__.startswith("_")
]


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_every_framework_field_is_documented(cls):
    missing = [f.alias or name for name, f in cls.model_fields.items() if f"`{f.alias or name}`" not in DOC]
    assert not missing, f"{cls.__name__}: document {missing} in docs/framework.md"


def test_every_indicator_and_result_key_is_documented():
    assert not [name for name in INDICATORS if f"`{name}`" not in DOC]
    assert not [key for key in Assessment.model_fields if f"`{key}`" not in DOC]


@pytest.mark.parametrize("command", ["citymade framework validate", "citymade framework show", "citymade framework schema", "citymade assess"])
def test_every_command_is_documented(command):
    assert f"`{command}" in DOC
