"""The scoring engine: answers → a full, explained assessment against a framework.

Public interface (stable; the web layer builds on it):

* :func:`evaluate` ``(framework, answers) -> Assessment`` — deterministic; ``answers`` is an
  :class:`~citymade.framework.Answers` or a raw mapping (validated first).
* :class:`Assessment` — ``model_dump(mode="json")`` is the stored snapshot with the keys
  ``framework_version``, ``dimensions``, ``products``, ``circular_models``, ``maturity``,
  ``cohabitation``, ``recommendations``, ``unknowns`` and also ``eco_design``, ``manufacture``,
  ``value_chain``, ``local_value``, ``red_flags``, ``indicators``, ``confidence``. Every score has
  ``value`` (0–100 or None), ``confidence`` (0–1), ``grade`` (A–E) and ``explanation`` (question,
  answer, points, rule, text).
* :func:`compare` ``(before, after) -> Comparison`` and
  :func:`what_if` ``(framework, answers, changes) -> Comparison``.
* :func:`render_markdown` ``(assessment, language=None, framework=None) -> str`` — a readable
  report, with the answers behind every criterion.
"""

from citymade.scoring.comparison import Change, Comparison, apply_changes, compare, what_if
from citymade.scoring.engine import evaluate
from citymade.scoring.markdown import render_markdown
from citymade.scoring.results import Assessment

__all__ = [
    "Assessment",
    "Change",
    "Comparison",
    "apply_changes",
    "compare",
    "evaluate",
    "render_markdown",
    "what_if",
]
