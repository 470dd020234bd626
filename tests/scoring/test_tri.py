"""The engine's compiled conditions (``citymade.scoring.tri``) give the framework's verdicts.

Every condition of the default framework, and every part of one, is evaluated both ways on the
same units: random answers (products included, so a product question read at company level has
several answers), and random derived values, scores, flags, model strengths and stage ranges.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from citymade.framework.conditions import UNKNOWN, compile_condition
from citymade.framework.model import STRENGTHS, Condition
from citymade.scoring.compiled import compiled
from citymade.scoring.tri import compile_tri
from citymade.scoring.units import UnitContext, known_only
from tests.scoring.test_properties import FRAMEWORK, answers_strategy


def _walk(cond: Condition) -> list[Condition]:
    found = [cond]
    for child in (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ is not None else []):
        found.extend(_walk(child))
    return found


def _conditions() -> list[Condition]:
    roots: list[Condition] = [q.condition for q in FRAMEWORK.questions() if q.condition is not None]
    roots += [flag.when for flag in FRAMEWORK.red_flags]
    for model in FRAMEWORK.circular_models:
        for rule in model.evidence:
            roots.append(rule.when)
            if rule.excluded_by is not None:
                roots.append(rule.excluded_by)
    roots += [rec.when for rec in FRAMEWORK.recommendations]
    roots += [stage.when for stage in FRAMEWORK.maturity.stages if stage.when is not None]
    return [part for root in roots for part in _walk(root)]


CONDITIONS = _conditions()
PAIRS = [(compile_tri(c), compile_condition(c)) for c in CONDITIONS]
REFS = {kind: sorted({ref for c in CONDITIONS for k, ref in c.references() if k == kind}) for kind in ("derived", "score", "flag", "model")}
CF = compiled(FRAMEWORK)

_numbers = st.one_of(st.just(UNKNOWN), st.floats(-50, 1_000_000, allow_nan=False), st.integers(-5, 200))
_range = st.tuples(st.integers(0, len(STRENGTHS) - 1), st.integers(0, len(STRENGTHS) - 1)).map(lambda t: (STRENGTHS[min(t)], STRENGTHS[max(t)]))
state_strategy = st.fixed_dictionaries(
    {
        "derived": st.fixed_dictionaries({ref: _numbers for ref in REFS["derived"]}),
        "scores": st.fixed_dictionaries({ref: st.one_of(st.none(), st.floats(0, 100)) for ref in REFS["score"]}),
        "flags": st.sets(st.sampled_from(REFS["flag"])) if REFS["flag"] else st.just(set()),
        "models": st.fixed_dictionaries({ref: _range for ref in REFS["model"]}),
        "stage": st.one_of(st.just(UNKNOWN), st.tuples(st.integers(0, 5), st.integers(0, 5)).map(lambda t: (min(t), max(t)))),
    }
)


def _units(answers: Any, state: dict[str, Any]) -> list[UnitContext]:
    entity = known_only({**answers.company, **answers.site})
    products = [known_only(p) for p in answers.products]
    units = [UnitContext(CF, entity=entity, products=products)]
    units += [UnitContext(CF, entity=entity, product=p) for p in products]
    for unit in units:
        unit.derived_values.update({k: v for k, v in state["derived"].items()})
        unit.scores.update(state["scores"])
        unit.flags |= state["flags"]
        unit.models.update(state["models"])
        unit.stage_number = state["stage"]
    return units


def test_the_framework_has_conditions_of_every_kind() -> None:
    """The comparison below covers combinators and every kind of subject (it is not vacuous)."""
    assert len(CONDITIONS) > 100
    for attribute in ("all", "any", "not_", "question", "derived", "score", "flag", "model", "stage"):
        assert any(getattr(c, attribute) is not None for c in CONDITIONS), attribute


@settings(max_examples=150, deadline=None)
@given(answers_strategy, state_strategy)
def test_every_condition_gives_the_framework_verdict(answers: Any, state: dict[str, Any]) -> None:
    for unit in _units(answers, state):
        for cond, (tri, closure) in zip(CONDITIONS, PAIRS, strict=True):
            expected = closure(unit)
            found = tri.test(unit)
            assert found is expected, (cond.model_dump(exclude_none=True), found, expected)
