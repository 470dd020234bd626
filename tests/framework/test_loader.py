"""Loading the framework and refusing broken ones with errors a person can act on."""

import pytest

from citymade.errors import CitymadeError
from citymade.framework import load_framework
from citymade.framework.model import LEVELS


def test_default_framework_loads_and_is_cached():
    framework = load_framework()
    assert framework.version == "2026.3"
    assert load_framework() is framework
    assert [d.level for d in framework.dimensions][:2] == ["product", "product"]


def test_default_covers_every_section_a_to_i():
    framework = load_framework()
    sections = {d.section for d in framework.dimensions}
    assert {"A", "B", "C", "D", "E", "F", "G", "H"} <= sections
    assert len(framework.recommendations) >= 15  # section I
    assert {m.number for m in framework.circular_models} == {1, 2, 3, 4}
    assert [s.number for s in framework.maturity.stages] == list(range(7))


def test_every_level_has_questions_with_units():
    framework = load_framework()
    for level in LEVELS:
        assert framework.questions_for_level(level)
    units = {q.unit for q in framework.questions() if q.unit}
    assert {"kg", "m²", "dB(A)", "kWh", "FTE", "€", "%"} <= units


def test_question_lookup():
    framework = load_framework()
    question = framework.question("p_noise_boundary")
    assert question.unit == "dB(A)" and question.type == "number"
    assert framework.level_of("s_zone") == "site"
    with pytest.raises(KeyError):
        framework.question("nope")


def test_a_folder_copy_loads_like_the_default(framework_copy):
    assert load_framework(framework_copy.root).version == load_framework().version


def _problems(path) -> str:
    with pytest.raises(CitymadeError) as caught:
        load_framework(path)
    return str(caught.value)


def test_unknown_question_referenced_by_a_rule(framework_copy):
    framework_copy.edit("50-derived-and-flags.yaml", "when: {question: p_hazard_classes, contains: explosive}", "when: {question: p_hazard_class, contains: explosive}")
    line = framework_copy.line_of("50-derived-and-flags.yaml", "p_hazard_class,")
    message = _problems(framework_copy.root)
    assert f"50-derived-and-flags.yaml:{line}" in message
    assert "unknown question “p_hazard_class”" in message


def test_duplicate_question_id(framework_copy):
    framework_copy.edit("10-product.yaml", "- id: p_largest_dimension", "- id: p_unit_mass")
    line = framework_copy.line_of("10-product.yaml", "- id: p_unit_mass\n".strip()) + 0
    message = _problems(framework_copy.root)
    assert "duplicate question id “p_unit_mass”" in message
    assert "10-product.yaml:" in message and str(line) in message


def test_missing_translation(framework_copy):
    framework_copy.edit("40-site.yaml", 'label: {fr: "Mutualisation", nl: "Delen van middelen", en: "Sharing"}', 'label: {fr: "Mutualisation", en: "Sharing"}')
    line = framework_copy.line_of("40-site.yaml", 'fr: "Mutualisation"')
    message = _problems(framework_copy.root)
    assert f"40-site.yaml:{line}" in message
    assert "missing translation “nl”" in message


def test_weights_that_do_not_add_up(framework_copy):
    framework_copy.edit("20-company.yaml", "      - id: training\n        weight: 40", "      - id: training\n        weight: 45")
    message = _problems(framework_copy.root)
    assert "criterion weights add up to 105; they must add up to 100" in message
    assert "dimensions[" in message and "20-company.yaml" in message


def test_unreachable_condition(framework_copy):
    framework_copy.edit("10-product.yaml", "condition: {question: p_hazardous_waste, equals: true}", "condition: {question: p_hazardous_waste, equals: maybe}")
    message = _problems(framework_copy.root)
    assert "unreachable condition: “p_hazardous_waste” can never have that answer" in message


def test_condition_on_a_later_question_is_refused(framework_copy):
    framework_copy.edit("10-product.yaml", "condition: {question: p_hazardous_waste, equals: true}", "condition: {question: p_recycled_input, gte: 10}")
    assert "asked earlier at the same level" in _problems(framework_copy.root)


def test_misspelt_field_is_named(framework_copy):
    framework_copy.edit("70-maturity.yaml", "  long_standing_min_years: 5", "  long_standing_min_year: 5")
    message = _problems(framework_copy.root)
    assert "maturity.long_standing_min_year" in message and "unknown field" in message


def test_unknown_indicator_and_support_type(framework_copy):
    framework_copy.edit("50-derived-and-flags.yaml", "indicator: lm3,", "indicator: lm4,")
    framework_copy.edit("90-recommendations.yaml", "  - id: r_hazardous_waste\n    support: advice", "  - id: r_hazardous_waste\n    support: coaching")
    message = _problems(framework_copy.root)
    assert "unknown indicator “lm4”" in message
    assert "unknown support type “coaching”" in message


def test_yaml_syntax_error_names_file_and_line(framework_copy):
    path = framework_copy.edit("00-framework.yaml", 'version: "2026.3"', 'version: "2026.3\nbroken: [')
    message = _problems(framework_copy.root)
    assert str(path) in message and "not valid YAML" in message


def test_one_file_framework_and_missing_file(tmp_path):
    with pytest.raises(CitymadeError, match="File not found"):
        load_framework(tmp_path / "missing.yaml")
    single = tmp_path / "tiny.yaml"
    single.write_text("version: '1'\n", encoding="utf-8")
    message = _problems(single)
    assert "tiny.yaml" in message and "this field is required" in message


def test_problems_are_translated(framework_copy):
    from citymade.i18n import compile_catalogs, use_language

    compile_catalogs()
    framework_copy.edit("40-site.yaml", 'label: {fr: "Mutualisation", nl: "Delen van middelen", en: "Sharing"}', 'label: {fr: "Mutualisation", en: "Sharing"}')
    with use_language("fr"):
        assert "traduction « nl » manquante" in _problems(framework_copy.root)


def test_numbers_written_without_quotes_are_read_as_names(framework_copy):
    framework_copy.edit("00-framework.yaml", 'version: "2026.3"', "version: 2027.1")
    framework_copy.edit("80-cohabitation.yaml", '''- id: mixed
      max_category: "2"
      conditional_category: "3.1"''', "- id: mixed\n      max_category: 2\n      conditional_category: 3.1")
    framework = load_framework(framework_copy.root)
    assert framework.version == "2027.1"
    mixed = next(z for z in framework.cohabitation.zones if z.id == "mixed")
    assert (mixed.max_category, mixed.conditional_category) == ("2", "3.1")


def test_company_value_cannot_read_a_product_question(framework_copy):
    framework_copy.edit("50-derived-and-flags.yaml", "inputs: {part: c_waste_input_t, total: c_inflow_total_t}", "inputs: {part: p_unit_mass, total: c_inflow_total_t}")
    assert "a company value cannot read the product question “p_unit_mass”" in _problems(framework_copy.root)


def test_red_flag_cannot_test_a_score(framework_copy):
    framework_copy.edit("50-derived-and-flags.yaml", "when: {question: p_hazard_storage_kg, gte: 10000}", "when: {score: urban_fit, lt: 10}")
    assert "a red flag can only test answers and derived values" in _problems(framework_copy.root)


def test_every_support_type_belongs_to_exactly_one_known_family(framework_copy):
    name = "00-framework.yaml"
    framework_copy.edit(name, "    types: [networking, advice]", "    types: [networking, advice, rd_subsidy, coaching]")
    framework_copy.edit(name, "types: [account_management, rd_subsidy,", "types: [rd_subsidy,")
    message = _problems(framework_copy.root)
    assert "the support type “rd_subsidy” is already in the family “individual”" in message
    assert "unknown support type “coaching”" in message
    assert "the support type “account_management” belongs to no support family" in message


def test_the_two_support_families_are_needed_and_named_in_every_language(framework_copy):
    name = "00-framework.yaml"
    framework_copy.edit(name, "  advice:\n    label:", "  advise:\n    label:")
    framework_copy.edit(name, 'en: "Individual support"}', "}")
    message = _problems(framework_copy.root)
    assert "unknown support family “advise”" in message
    assert "the support family “advice” is missing" in message
    assert "missing translation “en”" in message
