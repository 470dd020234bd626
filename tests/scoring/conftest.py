"""Shared fixtures for the scoring tests: the default framework and the example answer files."""

from pathlib import Path

import pytest

from citymade.framework import load_answers, load_framework
from citymade.i18n import use_language

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "answers"


@pytest.fixture(autouse=True)
def english():
    with use_language("en"):
        yield


@pytest.fixture(scope="session")
def framework():
    return load_framework()


@pytest.fixture(scope="session")
def example(framework):
    def load(name: str):
        return load_answers(EXAMPLES / f"{name}.yaml", framework)

    return load
