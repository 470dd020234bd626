"""Checks a framework beyond its shape: ids, references, translations, weights, reachable conditions.

Each check returns messages ``file:line [path]: what is wrong — what is allowed`` in the active
language, so whoever edits the YAML can fix it without reading Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from citymade.framework.model import SUPPORT_FAMILIES, Condition, Framework, Question
from citymade.framework.yaml_source import SourceMap
from citymade.i18n import LANGUAGES, _
from citymade.indicators.registry import INDICATORS

__all__ = ["check_framework", "TEXT_KEYS"]

TEXT_KEYS = frozenset({"label", "help", "title", "text", "description"})
WEIGHT_TOTAL = 100.0
CHOICE_TYPES = ("choice", "multi_choice")


def check_framework(framework: Framework, data: dict[str, Any], sources: SourceMap) -> list[str]:
    """Every problem found in ``framework`` (already shaped by pydantic); empty when it is sound."""
    checker = _Checker(framework, sources)
    checker.translations(data, ())
    for key in ("red_flag_families", "support_types"):
        for name, text in (data.get(key) or {}).items():
            checker.language_map(text, (key, name))
    checker.support_families()
    checker.questions()
    checker.weights()
    checker.derived()
    checker.rules()
    checker.maturity_and_cohabitation()
    checker.kinds_and_implications()
    return checker.problems


def _uses_stage(cond: Condition) -> bool:
    children = (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else [])
    return cond.stage is not None or any(_uses_stage(c) for c in children)


class _Checker:
    def __init__(self, framework: Framework, sources: SourceMap) -> None:
        self.fw = framework
        self.sources = sources
        self.problems: list[str] = []
        self.score_ids = {d.id for d in framework.dimensions} | {
            f"{d.id}.{c.id}" for d in framework.dimensions for c in d.criteria
        }

    def add(self, path: Iterable[str | int], message: str) -> None:
        self.problems.append(f"{self.sources.where(list(path))}: {message}")

    # -- translations ---------------------------------------------------------------------------
    def translations(self, node: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in TEXT_KEYS:
                    self.language_map(value, (*path, key))
                else:
                    self.translations(value, (*path, key))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                self.translations(item, (*path, index))

    def language_map(self, value: Any, path: tuple[str | int, ...]) -> None:
        if not isinstance(value, dict):
            self.add(path, _("a text must be a language map with fr, nl and en"))
            return
        for lang in LANGUAGES:
            if not str(value.get(lang) or "").strip():
                self.add(path, _("missing translation “%(lang)s” (every text needs fr, nl and en)") % {"lang": lang})
        for lang in value:
            if lang not in LANGUAGES:
                self.add(path, _("unknown language “%(lang)s” (allowed: fr, nl, en)") % {"lang": lang})

    def support_families(self) -> None:
        """The review's two families exist, and every support type belongs to exactly one of them."""
        families = self.fw.support_families
        allowed = ", ".join(SUPPORT_FAMILIES)
        for name in families:
            if name not in SUPPORT_FAMILIES:
                self.add(("support_families", name), _("unknown support family “%(id)s” (allowed: %(allowed)s)") % {"id": name, "allowed": allowed})
        for name in SUPPORT_FAMILIES:
            if name not in families:
                self.add(("support_families",), _("the support family “%(id)s” is missing (needed: %(allowed)s)") % {"id": name, "allowed": allowed})
        seen: dict[str, str] = {}
        for name, family in families.items():
            for i, type_id in enumerate(family.types):
                if type_id not in self.fw.support_types:
                    self.add(("support_families", name, "types", i), _("unknown support type “%(id)s” (allowed: %(allowed)s)") % {"id": type_id, "allowed": ", ".join(self.fw.support_types)})
                elif type_id in seen:
                    self.add(("support_families", name, "types", i), _("the support type “%(id)s” is already in the family “%(family)s”") % {"id": type_id, "family": seen[type_id]})
                seen.setdefault(type_id, name)
        for type_id in self.fw.support_types:
            if families and type_id not in seen:
                self.add(("support_types", type_id), _("the support type “%(id)s” belongs to no support family (allowed: %(allowed)s)") % {"id": type_id, "allowed": allowed})

    # -- questions ------------------------------------------------------------------------------
    def questions(self) -> None:
        seen: dict[str, str] = {}
        order: dict[str, int] = {}
        self._unique([d.id for d in self.fw.dimensions], ("dimensions",), _("dimension"))
        for di, dim in enumerate(self.fw.dimensions):
            self._unique([c.id for c in dim.criteria], ("dimensions", di, "criteria"), _("criterion"))
            for ci, crit in enumerate(dim.criteria):
                for qi, q in enumerate(crit.questions):
                    path = ("dimensions", di, "criteria", ci, "questions", qi)
                    if q.id in seen:
                        self.add((*path, "id"), _("duplicate question id “%(id)s” (already used in %(where)s); ids must be unique across the framework") % {"id": q.id, "where": seen[q.id]})
                        continue
                    seen[q.id] = self.sources.where(path)
                    order[q.id] = len(order)
                    self._question_shape(q, path)
                    if q.condition is not None:
                        self._question_condition(q, dim.level, order, (*path, "condition"))

    def _question_shape(self, q: Question, path: tuple[str | int, ...]) -> None:
        if q.type in CHOICE_TYPES and not q.options:
            self.add(path, _("a %(type)s question needs options") % {"type": q.type})
        if q.type not in CHOICE_TYPES and q.options:
            self.add((*path, "options"), _("only choice and multi_choice questions take options"))
        self._unique([o.value for o in q.options], (*path, "options"), _("option value"))
        if q.min is not None and q.max is not None and q.min > q.max:
            self.add(path, _("min is greater than max"))
        if q.type == "scale" and (q.min is None or q.max is None):
            self.add(path, _("a scale question needs min and max (for example 1 and 5)"))
        self._levels(q, path)
        if q.weight <= 0:
            return
        if q.type == "text":
            self.add((*path, "weight"), _("a text question cannot be scored; remove its weight"))
        elif q.type in CHOICE_TYPES:
            for oi, option in enumerate(q.options):
                if option.points is None:
                    self.add((*path, "options", oi), _("a scored question needs points (0–100) on every option"))
        elif q.type == "yes_no" and (q.yes_points is None or q.no_points is None):
            self.add(path, _("a scored yes/no question needs yes_points and no_points (0–100)"))
        elif q.type == "number" and not q.bands:
            self.add(path, _("a scored number question needs bands: [[value, points], …]"))
        if q.bands:
            self._bands(q.bands, (*path, "bands"))

    def _levels(self, q: Question, path: tuple[str | int, ...]) -> None:
        if not q.levels:
            return
        if q.type != "scale" or q.min is None or q.max is None:
            self.add((*path, "levels"), _("levels describe the steps of a scale with min and max"))
            return
        wanted = set(range(int(q.min), int(q.max) + 1))
        if set(q.levels) != wanted:
            self.add((*path, "levels"), _("levels must describe every step from %(low)s to %(high)s") % {"low": int(q.min), "high": int(q.max)})
        for level, text in q.levels.items():
            self.language_map(text, (*path, "levels", level))

    def _bands(self, bands: list[tuple[float, float]], path: tuple[str | int, ...]) -> None:
        xs = [x for x, _p in bands]
        if xs != sorted(xs) or len(set(xs)) != len(xs):
            self.add(path, _("band values must be strictly increasing"))
        if any(not 0 <= p <= 100 for _x, p in bands):
            self.add(path, _("band points must lie between 0 and 100"))

    def _question_condition(self, q: Question, level: str, order: dict[str, int], path: tuple[str | int, ...]) -> None:
        cond = q.condition
        assert cond is not None
        if cond.question is None:
            self.add(path, _("a question's condition must test another question (question: …)"))
            return
        target_id = cond.question
        if not self.fw.has_question(target_id):
            self.add(path, _("unknown question “%(id)s” referenced") % {"id": target_id})
            return
        if self.fw.level_of(target_id) != level or target_id not in order or target_id == q.id:
            self.add(path, _("the condition must test a question asked earlier at the same level (%(level)s)") % {"level": level})
            return
        if not self._reachable(cond, self.fw.question(target_id)):
            self.add(path, _("unreachable condition: “%(id)s” can never have that answer") % {"id": target_id})

    def _reachable(self, cond: Condition, target: Question) -> bool:
        values = [o.value for o in target.options]
        wanted = ([cond.equals] if cond.equals is not None else []) + list(cond.in_ or [])
        if target.type in CHOICE_TYPES:
            if cond.contains is not None:
                wanted.append(cond.contains)
            return all(w in values for w in wanted)
        if target.type == "yes_no":
            return all(isinstance(w, bool) for w in wanted)
        if target.type in ("number", "scale"):
            low = target.min if target.min is not None else float("-inf")
            high = target.max if target.max is not None else float("inf")
            if (cond.gt is not None and cond.gt >= high) or (cond.gte is not None and cond.gte > high):
                return False
            if (cond.lt is not None and cond.lt <= low) or (cond.lte is not None and cond.lte < low):
                return False
            return all(isinstance(w, (int, float)) and low <= w <= high for w in wanted)
        return True

    def _unique(self, ids: list[str], path: tuple[str | int, ...], what: str) -> None:
        seen: set[str] = set()
        for index, item in enumerate(ids):
            if item in seen:
                self.add((*path, index), _("duplicate %(what)s id “%(id)s”") % {"what": what, "id": item})
            seen.add(item)

    # -- weights --------------------------------------------------------------------------------
    def weights(self) -> None:
        for di, dim in enumerate(self.fw.dimensions):
            total = sum(c.weight for c in dim.criteria)
            if abs(total - WEIGHT_TOTAL) > 1e-6:
                self.add(("dimensions", di, "criteria"), _("criterion weights add up to %(total)g; they must add up to 100") % {"total": total})
            for ci, crit in enumerate(dim.criteria):
                inner = sum(q.weight for q in crit.questions) + sum(i.weight for i in crit.indicators)
                if crit.weight > 0 and abs(inner - WEIGHT_TOTAL) > 1e-6:
                    self.add(("dimensions", di, "criteria", ci), _("question and indicator weights add up to %(total)g; they must add up to 100") % {"total": inner})
                for ii, ind in enumerate(crit.indicators):
                    ipath = ("dimensions", di, "criteria", ci, "indicators", ii)
                    if ind.derived not in {d.id for d in self.fw.derived}:
                        self.add(ipath, _("unknown derived value “%(id)s” referenced") % {"id": ind.derived})
                    self._bands(ind.bands, (*ipath, "bands"))

    # -- derived values -------------------------------------------------------------------------
    def derived(self) -> None:
        known = set()
        self._unique([d.id for d in self.fw.derived], ("derived",), _("derived value"))
        for index, item in enumerate(self.fw.derived):
            path = ("derived", index)
            spec = INDICATORS.get(item.indicator)
            if spec is None:
                self.add((*path, "indicator"), _("unknown indicator “%(name)s” (allowed: %(allowed)s)") % {"name": item.indicator, "allowed": ", ".join(sorted(INDICATORS))})
                continue
            for param, source in item.inputs.items():
                if param not in spec.params:
                    self.add((*path, "inputs", param), _("indicator “%(name)s” has no input “%(param)s” (allowed: %(allowed)s)") % {"name": item.indicator, "param": param, "allowed": ", ".join(spec.params)})
                if isinstance(source, (int, float)):
                    continue
                for ref in [source] if isinstance(source, str) else source:
                    if not self.fw.has_question(ref) and ref not in known:
                        self.add((*path, "inputs", param), _("unknown question “%(id)s” referenced") % {"id": ref})
                    elif self.fw.has_question(ref) and item.level != "product" and self.fw.level_of(ref) == "product":
                        self.add((*path, "inputs", param), _("a %(level)s value cannot read the product question “%(id)s”; derive it per product instead") % {"level": item.level, "id": ref})
            missing = [p for p in spec.required if p not in item.inputs]
            if missing:
                self.add((*path, "inputs"), _("indicator “%(name)s” needs the inputs: %(missing)s") % {"name": item.indicator, "missing": ", ".join(missing)})
            known.add(item.id)

    # -- rules ----------------------------------------------------------------------------------
    def condition(self, cond: Condition, path: tuple[str | int, ...]) -> None:
        derived = {d.id for d in self.fw.derived}
        flags = {f.id for f in self.fw.red_flags} | set(self.fw.red_flag_families)
        models = {m.id for m in self.fw.circular_models}
        for kind, ref in cond.references():
            ok = {
                "question": self.fw.has_question(ref),
                "derived": ref in derived,
                "score": ref in self.score_ids,
                "flag": ref in flags,
                "model": ref in models,
            }[kind]
            if not ok:
                self.add(path, _("unknown %(kind)s “%(id)s” referenced") % {"kind": kind, "id": ref})

    def rules(self) -> None:
        criteria = {f"{d.id}.{c.id}": d.level for d in self.fw.dimensions for c in d.criteria}
        self._unique([f.id for f in self.fw.red_flags], ("red_flags",), _("red flag"))
        for index, flag in enumerate(self.fw.red_flags):
            path = ("red_flags", index)
            if flag.criterion not in criteria:
                self.add((*path, "criterion"), _("unknown criterion “%(id)s” (write dimension.criterion)") % {"id": flag.criterion})
            elif criteria[flag.criterion] != flag.level:
                self.add((*path, "criterion"), _("the capped criterion must be at the flag's level (%(level)s)") % {"level": flag.level})
            late = [ref for kind, ref in flag.when.references() if kind in ("score", "flag", "model")]
            if late or _uses_stage(flag.when):
                self.add((*path, "when"), _("a red flag can only test answers and derived values (scores, flags, models and the stage come later)"))
            if flag.family not in self.fw.red_flag_families:
                self.add((*path, "family"), _("unknown red flag family “%(id)s” (allowed: %(allowed)s)") % {"id": flag.family, "allowed": ", ".join(self.fw.red_flag_families)})
            self.condition(flag.when, (*path, "when"))
        self._unique([m.id for m in self.fw.circular_models], ("circular_models",), _("circular model"))
        for mi, model in enumerate(self.fw.circular_models):
            limits = [model.thresholds.get(k) for k in ("emerging", "established", "leading")]
            if None in limits or limits != sorted(limits):  # type: ignore[type-var]
                self.add(("circular_models", mi, "thresholds"), _("thresholds need emerging ≤ established ≤ leading"))
            for ei, rule in enumerate(model.evidence):
                self.condition(rule.when, ("circular_models", mi, "evidence", ei, "when"))
                if rule.excluded_by is not None:
                    self.condition(rule.excluded_by, ("circular_models", mi, "evidence", ei, "excluded_by"))
        for ki, check in enumerate(self.fw.consistency):
            for qi, question_id in enumerate([*check.questions, *([check.total] if check.total else [])]):
                if not self.fw.has_question(question_id):
                    self.add(("consistency", ki, "questions", qi), _("unknown question “%(id)s” referenced") % {"id": question_id})
                elif self.fw.level_of(question_id) != check.level:
                    self.add(("consistency", ki, "questions", qi), _("the question must be at the rule's level (%(level)s)") % {"level": check.level})
            if check.kind == "parts_at_most_total" and check.total is None:
                self.add(("consistency", ki, "total"), _("a parts_at_most_total rule needs its total"))
        self._unique([r.id for r in self.fw.recommendations], ("recommendations",), _("recommendation"))
        for ri, rec in enumerate(self.fw.recommendations):
            path = ("recommendations", ri)
            if rec.support not in self.fw.support_types:
                self.add((*path, "support"), _("unknown support type “%(id)s” (allowed: %(allowed)s)") % {"id": rec.support, "allowed": ", ".join(self.fw.support_types)})
            for score in rec.scores:
                if score not in self.score_ids:
                    self.add((*path, "scores"), _("unknown score “%(id)s” referenced") % {"id": score})
            self.condition(rec.when, (*path, "when"))
        mins = [g.min for g in self.fw.grades]
        if mins != sorted(mins, reverse=True) or [g.grade for g in self.fw.grades] != ["A", "B", "C", "D", "E"]:
            self.add(("grades",), _("grades must list A to E with decreasing minimum scores"))
        settings = self.fw.settings
        dims = {d.id for d in self.fw.dimensions}
        named = [settings.urban_fit_dimension, settings.manufacture_dimension, settings.local_value_dimension]
        for dim_id in [*named, *settings.eco_design_dimensions.values()]:
            if dim_id is not None and dim_id not in dims:
                self.add(("settings",), _("unknown dimension “%(id)s” referenced") % {"id": dim_id})
        derived_ids = {d.id for d in self.fw.derived}
        for did in (settings.mci, settings.integration, settings.value_added_share, settings.value_added_per_m2, settings.occupancy_share):
            if did is not None and did not in derived_ids:
                self.add(("settings",), _("unknown derived value “%(id)s” referenced") % {"id": did})
        cohab = self.fw.cohabitation
        if cohab.grade_dimension is not None and cohab.grade_dimension not in dims:
            self.add(("cohabitation", "grade_dimension"), _("unknown dimension “%(id)s” referenced") % {"id": cohab.grade_dimension})
        for qid in [*settings.value_chain_steps, settings.site_zone_question, settings.dwelling_distance_question, cohab.floor_area_question]:
            if qid is not None and not self.fw.has_question(qid):
                self.add(("settings",), _("unknown question “%(id)s” referenced") % {"id": qid})
        weight_q = self.fw.settings.product_weight_question
        if weight_q is not None and not self.fw.has_question(weight_q):
            self.add(("settings", "product_weight_question"), _("unknown question “%(id)s” referenced") % {"id": weight_q})

    def maturity_and_cohabitation(self) -> None:
        mat = self.fw.maturity
        numbers = [s.number for s in mat.stages]
        if numbers != list(range(len(numbers))):
            self.add(("maturity", "stages"), _("stages must be numbered 0, 1, 2 … in order"))
        for si, stage in enumerate(mat.stages):
            if stage.when is not None:
                self.condition(stage.when, ("maturity", "stages", si, "when"))
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("maturity", "readiness", i, "question"), a.question) for i, a in enumerate(mat.readiness)
        ]
        refs += [(("maturity", "employees_series", i), q) for i, q in enumerate(mat.employees_series)]
        if mat.turnover_growth is not None and mat.turnover_growth not in {d.id for d in self.fw.derived}:
            self.add(("maturity", "turnover_growth"), _("unknown derived value “%(id)s” referenced") % {"id": mat.turnover_growth})
        refs.append((("maturity", "age_question"), mat.age_question))
        cohab = self.fw.cohabitation
        categories = [c.id for c in cohab.categories]
        for ci, comp in enumerate(cohab.components):
            path: tuple[str | int, ...] = ("cohabitation", "components", ci)
            refs += [((*path, "questions", qi), q) for qi, q in enumerate(comp.questions)]
            refs += [((*path, "partial", qi), q) for qi, q in enumerate(comp.partial)]
            cats = [c for _v, c in comp.thresholds] + list(comp.choices.values())
            for cat in cats:
                if cat not in categories:
                    self.add(path, _("unknown category “%(id)s” (allowed: %(allowed)s)") % {"id": cat, "allowed": ", ".join(categories)})
            values = [v for v, _c in comp.thresholds]
            if values != sorted(values):
                self.add((*path, "thresholds"), _("threshold values must be increasing"))
            choice_questions = [q for q in (*comp.questions, *comp.partial) if self.fw.has_question(q) and self.fw.question(q).options]
            options = {o.value for q in choice_questions for o in self.fw.question(q).options}
            for value in comp.choices:
                if value not in options:
                    self.add((*path, "choices", value), _("“%(value)s” is not an option of “%(id)s”") % {"value": value, "id": ", ".join(choice_questions) or comp.id})
        for zi, zone in enumerate(cohab.zones):
            for zone_cat in (zone.max_category, zone.conditional_category):
                if zone_cat is not None and zone_cat not in categories:
                    self.add(("cohabitation", "zones", zi), _("unknown category “%(id)s” (allowed: %(allowed)s)") % {"id": zone_cat, "allowed": ", ".join(categories)})
        components = {c.id for c in cohab.components}
        for mi, mitigation in enumerate(cohab.mitigations):
            if mitigation.component not in components:
                self.add(("cohabitation", "mitigations", mi, "component"), _("unknown nuisance component “%(id)s”") % {"id": mitigation.component})
        for ref_path, ref in refs:
            if not self.fw.has_question(ref):
                self.add(ref_path, _("unknown question “%(id)s” referenced") % {"id": ref})

    def kinds_and_implications(self) -> None:
        """Kinds name existing questions; an option's implied answers are valid answers to later
        questions of its own level (so filling them in can never store a wrong answer)."""
        from citymade.framework.answers import normalise_answer

        for name, kind in self.fw.kinds.items():
            if name not in ("quick", "full"):
                self.add(("kinds", name), _("unknown kind “%(id)s” (allowed: %(allowed)s)") % {"id": name, "allowed": "quick, full"})
            for key in ("questions", "detail"):
                for i, qid in enumerate(getattr(kind, key)):
                    if not self.fw.has_question(qid):
                        self.add(("kinds", name, key, i), _("unknown question “%(id)s” referenced") % {"id": qid})
        order = {q.id: i for i, q in enumerate(self.fw.questions())}
        for q in self.fw.questions():
            for option in q.options:
                for target, value in option.implies.items():
                    path = ("questions", q.id, "options", option.value, "implies", target)
                    if not self.fw.has_question(target):
                        self.add(path, _("unknown question “%(id)s” referenced") % {"id": target})
                        continue
                    if self.fw.level_of(target) != self.fw.level_of(q.id) or order[target] <= order[q.id]:
                        self.add(path, _("an implied answer must be to a question asked later at the same level (%(level)s)") % {"level": self.fw.level_of(q.id)})
                        continue
                    try:
                        normalise_answer(self.fw.question(target), value)
                    except ValueError as exc:
                        self.add(path, str(exc))
