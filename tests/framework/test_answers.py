"""Answers: validation naming each bad question, "don't know" everywhere, conditions, schema."""

import json

import pytest

from citymade.errors import CitymadeError
from citymade.framework import (
    DONT_KNOW,
    answers_schema,
    check_answers,
    load_answers,
    load_framework,
    parse_answers,
    visible_questions,
)


@pytest.fixture(scope="module")
def framework():
    return load_framework()


def _refusal(framework, data) -> str:
    with pytest.raises(CitymadeError) as caught:
        parse_answers(framework, data)
    return "\n".join(caught.value.problems)


def test_dont_know_is_accepted_for_every_question(framework):
    data = {
        "company": {q.id: DONT_KNOW for q in framework.questions_for_level("company")},
        "site": {q.id: DONT_KNOW for q in framework.questions_for_level("site")},
        "products": [{q.id: DONT_KNOW for q in framework.questions_for_level("product")}],
    }
    answers = parse_answers(framework, data)
    assert answers.company["c_turnover"] == "?"
    assert len(answers.products[0]) == len(framework.questions_for_level("product"))


def test_valid_answers_are_normalised_and_json_serialisable(framework):
    answers = parse_answers(
        framework,
        {
            "framework": "2026.3",
            "company": {"c_repair_offer": "yes", "c_ready_team": 4, "c_savings": ["energy", "energy"]},
            "products": [{"name": "Chair", "p_floor_area": "120 m2", "p_noise_boundary": "55 dB(A)"}],
            "site": {"s_zone": "mixed"},
        },
    )
    assert answers.company["c_repair_offer"] is True
    assert answers.company["c_savings"] == ["energy"]
    assert answers.products[0]["p_floor_area"] == 120
    assert answers.products[0]["name"] == "Chair"
    dumped = answers.model_dump(mode="json")
    assert json.loads(json.dumps(dumped)) == dumped


def test_unknown_question_is_named_with_a_suggestion(framework):
    message = _refusal(framework, {"company": {"c_turnovr": 1000}})
    assert "company.c_turnovr" in message and "did you mean “c_turnover”" in message


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"company": {"c_human_hours_share": 140}}, "between 0 and 100"),
        ({"company": {"c_machine_role": "robots"}}, "one of: assist, mixed, replace"),
        ({"company": {"c_repair_offer": "perhaps"}}, "yes or no"),
        ({"company": {"c_ready_team": 4.5}}, "a whole number"),
        ({"company": {"c_savings": "energy"}}, "a list of: material, energy, water"),
        ({"products": [{"p_floor_area": "120 kg"}]}, "wrong unit “kg”: expected a number in m²"),
        ({"products": [{"p_unit_mass": True}]}, "a number in kg"),
    ],
)
def test_wrong_answers_say_what_is_expected(framework, answer, expected):
    assert expected in _refusal(framework, answer)


def test_answer_at_the_wrong_level_says_where_it_belongs(framework):
    message = _refusal(framework, {"company": {"p_unit_mass": 3}})
    assert "“p_unit_mass” is a product question: put it under “products”" in message


def test_unknown_section_and_bad_products(framework):
    message = _refusal(framework, {"compagny": {}, "products": {"p_unit_mass": 3}})
    assert "unknown section “compagny”" in message
    assert "“products” must be a list" in message


def test_load_answers_names_file_and_line(framework, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("company:\n  c_turnover: 1000\n  c_machine_role: robots\nproducts: []\n", encoding="utf-8")
    with pytest.raises(CitymadeError) as caught:
        load_answers(path, framework)
    assert f"{path}:3 [company.c_machine_role]" in caught.value.problems[0]
    assert caught.value.exit_code == 2


def test_load_answers_reports_yaml_errors_with_line(framework, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("company:\n  c_turnover: [1000\n", encoding="utf-8")
    with pytest.raises(CitymadeError) as caught:
        load_answers(path, framework)
    assert caught.value.location is not None and caught.value.location.line is not None


def test_check_answers_for_one_step(framework):
    assert check_answers(framework, "site", {"s_zone": "mixed", "s_floor_area": 200}) == {}
    problems = check_answers(framework, "product", {"p_unit_mass": -3, "p_nope": 1})
    assert set(problems) == {"p_unit_mass", "p_nope", "p_durable", "p_nature"}
    assert "answer is required" in problems["p_durable"]
    assert check_answers(framework, "product", {"p_nature": DONT_KNOW, "p_durable": DONT_KNOW}) == {}
    # what the product is settles whether it is durable: that answer is then neither asked nor required
    assert check_answers(framework, "product", {"p_nature": "food"}) == {}


def test_an_option_fills_in_the_answers_it_settles(framework):
    from citymade.framework import parse_answers

    parsed = parse_answers(framework, {"company": {}, "site": {}, "products": [{"p_nature": "food", "p_durable": True}]})
    assert parsed.products[0]["p_durable"] is False, "food is not a durable good, whatever was answered before"
    ids = {q.id for q in visible_questions(framework, "product", {"p_nature": "durable"})}
    assert "p_durable" not in ids and {"p_repairability", "p_take_back"} <= ids
    ids = {q.id for q in visible_questions(framework, "product", {"p_nature": "material"})}
    assert "p_durable" in ids, "a material may or may not be durable: the question stays"


def test_visible_questions_apply_conditions(framework):
    def ids(answers):
        return {q.id for q in visible_questions(framework, "product", answers)}

    assert "p_repairability" not in ids({})
    assert "p_repairability" not in ids({"p_durable": DONT_KNOW})
    assert "p_repairability" not in ids({"p_durable": False})
    assert "p_repairability" in ids({"p_durable": True})
    assert "p_hazardous_waste_channel" in ids({"p_hazardous_waste": True})


def test_schema_describes_every_question(framework):
    schema = answers_schema(framework)
    company = schema["properties"]["company"]["properties"]
    assert set(company) == {q.id for q in framework.questions_for_level("company")}
    role = company["c_machine_role"]["anyOf"]
    assert role[0]["enum"] == ["assist", "mixed", "replace"]
    assert role[1]["const"] == DONT_KNOW
    share = company["c_human_hours_share"]["anyOf"][0]
    assert (share["minimum"], share["maximum"]) == (0, 100)
    assert "name" in schema["properties"]["products"]["items"]["properties"]
    assert schema["additionalProperties"] is False
