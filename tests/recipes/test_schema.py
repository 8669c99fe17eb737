"""RecipeSpec, the one validator of a recipe: each field's rules, errors that name their
field, the ids a recipe cites checked against its workshop, and the published JSON
Schema, checked by an independent validator."""

import json

import jsonschema
import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from recipes.schema import RecipeSpec, context_for, errors_by_field

# The example from the design: what engineering receives.
EXAMPLE = {
    "trigger": "user_opened_app", "audience": "inactive_14_days",
    "condition": "last_session > 14_days_ago", "action": "show_onboarding_carousel",
    "content": "highlight_new_features", "success_metric": "engaged_session_length > 5_minutes",
    "owner": "product_team", "launch": "2027-Q1",
}


def problems(data: dict, context: dict | None = None) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        RecipeSpec.model_validate(data, context=context)
    return errors_by_field(error.value)


def test_the_designs_example_is_a_valid_recipe_with_defaults_for_the_rest():
    recipe = RecipeSpec.model_validate(EXAMPLE)
    assert recipe.launch == "2027-Q1" and recipe.touchpoint == "other"
    assert recipe.data_needed == [] and recipe.goal is None


def test_text_is_trimmed_and_a_quarter_is_read_loosely():
    recipe = RecipeSpec.model_validate({**EXAMPLE, "trigger": "  cart abandoned ",
                                        "launch": " 2027-q3 "})
    assert (recipe.trigger, recipe.launch) == ("cart abandoned", "2027-Q3")


@pytest.mark.parametrize("field, value, words", [
    ("trigger", "", "This field is required."),
    ("trigger", "   ", "This field is required."),
    ("audience", "x" * 161, "at most 160 characters"),
    ("content", "x" * 301, "at most 300 characters"),
    ("owner", "x" * 61, "at most 60 characters"),
    ("launch", "2027-Q5", "a quarter, like 2027-Q1"),
    ("launch", "Q1 2027", "a quarter, like 2027-Q1"),
    ("launch", 2027, "a quarter, like 2027-Q1"),
    ("touchpoint", "billboard", "A touchpoint is one of: email, app, web, push, in_store"),
    ("trigger", "a\x00b", "Remove the control character U+0000"),
    ("owner", "ops\x1b[31m", "Remove the control character U+001B"),
    ("content", "one\ntwo", "Remove the control character U+000A"),
    ("data_needed", ["tags", "x\x7f"], "Remove the control character U+007F"),
    ("data_needed", ["x" * 81], "at most 80 characters"),
    ("data_needed", ["tags"] * 13, "at most 12 items"),
    ("guardrails", ["first"], "valid integer"),
    ("goal", "the big one", "valid integer"),
])
def test_each_field_refuses_what_does_not_fit_and_says_so_beside_it(field, value, words):
    found = problems({**EXAMPLE, field: value})
    assert list(found) == [field]
    assert words in found[field][0]


def test_a_missing_field_and_an_unknown_one_are_named():
    data = {key: value for key, value in EXAMPLE.items() if key != "action"}
    found = problems({**data, "channel": "email"})
    assert found == {"action": ["This field is required."],
                     "channel": ["Extra inputs are not permitted"]}


def test_guardrails_goals_and_barriers_must_be_the_workshops_own():
    context = context_for(guardrails=[1, 2], goals=[7], barriers=[30])
    ok = RecipeSpec.model_validate(
        {**EXAMPLE, "guardrails": [2], "goal": 7, "blocked_by": [30]}, context=context
    )
    assert ok.guardrails == [2]
    found = problems({**EXAMPLE, "guardrails": [2, 99], "goal": 8, "blocked_by": [31]}, context)
    assert found == {
        "guardrails": ["No guardrail of this workshop has the id 99."],
        "goal": ["No goal of this workshop has the id 8."],
        "blocked_by": ["No barrier of this workshop has the id 31."],
    }


def test_the_published_schema_validates_lists_of_recipes_with_an_independent_validator(db):
    response = Client().get("/recipes/schema.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    schema = response.json()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    exported = json.loads(RecipeSpec.model_validate(EXAMPLE).model_dump_json())
    assert list(validator.iter_errors([exported, exported])) == []
    assert validator.is_valid([])
    assert not validator.is_valid(exported)  # one recipe is not the file
    for wrong in ({"launch": "2027-Q5"}, {"touchpoint": "billboard"}, {"trigger": "x" * 161},
                  {"trigger": "a\x00b"}):
        assert not validator.is_valid([exported, {**exported, **wrong}])


def test_the_single_recipes_schema_is_published_as_one_of_its_defs(db):
    schema = Client().get("/recipes/schema.json").json()
    assert schema["type"] == "array"
    assert schema["items"] == {"$ref": "#/$defs/RecipeSpec"}
    recipe = {**schema["$defs"]["RecipeSpec"], "$defs": schema["$defs"]}
    validator = jsonschema.Draft202012Validator(recipe)
    assert validator.is_valid(json.loads(RecipeSpec.model_validate(EXAMPLE).model_dump_json()))


words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1, max_size=40,
)
recipes = st.builds(
    dict,
    trigger=words, audience=words, condition=st.one_of(st.just(""), words), action=words,
    content=words, success_metric=words, owner=st.one_of(st.just(""), words),
    launch=st.builds("{}-Q{}".format, st.integers(2024, 2040), st.integers(1, 4)),
    touchpoint=st.sampled_from(["email", "app", "web", "push", "in_store", "other"]),
    data_needed=st.lists(words, max_size=4),
    guardrails=st.lists(st.integers(1, 10_000), max_size=4),
    goal=st.one_of(st.none(), st.integers(1, 10_000)),
    blocked_by=st.lists(st.integers(1, 10_000), max_size=4),
)


@settings(max_examples=150, deadline=None)
@given(recipes)
def test_a_recipe_exported_as_json_and_imported_again_is_the_same_recipe(data):
    recipe = RecipeSpec.model_validate(data)
    again = RecipeSpec.model_validate_json(recipe.model_dump_json())
    assert again == recipe and again.model_dump() == data
