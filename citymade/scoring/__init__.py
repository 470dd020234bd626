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

The hot modules are compiled with mypyc by ``make install`` and used only while they match the
sources; ``CITYMADE_PURE_PYTHON=1`` runs the pure-Python engine (see :mod:`citymade.scoring.native`).
"""

from citymade.scoring.native import activate

# before any other submodule: the compiled (mypyc) modules, only if they match the sources
activate(__path__)

from citymade.scoring.comparison import Change, Comparison, apply_changes, compare, what_if  # noqa: E402
from citymade.scoring.engine import evaluate  # noqa: E402
from citymade.scoring.markdown import render_markdown  # noqa: E402
from citymade.scoring.results import Assessment  # noqa: E402

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
