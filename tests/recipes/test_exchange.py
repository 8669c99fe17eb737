"""Recipes out to engineering as JSON and CSV, and back in as JSON: the export validates
against the published schema with an independent validator; an import saves every recipe
or none, and says which item and field is wrong."""

import csv
import io
import json
import re
from html import unescape

import jsonschema
import pytest
from django.core.management import call_command
from django.urls import reverse

from goals.models import Goal
from recipes import services
from recipes.models import Guardrail, Recipe
from recipes.schema import RecipeSpec
from tests.conftest import open_board
from tests.recipes.test_schema import EXAMPLE
from workshop.models import Activity


@pytest.fixture
def recipes(workshop, bob):
    guardrail = Guardrail.objects.create(workshop=workshop, text="At most one nudge a week")
    goal = Goal.objects.create(workshop=workshop, text="Fewer repeat calls", department="data",
                               success_metric="Repeat contacts")
    services.recipe_create(workshop=workshop, author=bob, spec=RecipeSpec.model_validate(
        {**EXAMPLE, "guardrails": [guardrail.pk], "goal": goal.pk,
         "data_needed": ["purchase history", "product tags"], "touchpoint": "app"}))
    services.recipe_create(workshop=workshop, author=None, spec=RecipeSpec.model_validate(
        {**EXAMPLE, "trigger": "a parcel is delivered", "launch": "2027-Q3"}))
    return Recipe.objects.all()


def export(client, workshop, suffix="json"):
    return client.get(reverse(f"recipes_{suffix}", args=[workshop.code]))


def post(client, workshop, body, content_type="application/json"):
    return client.post(reverse("recipes_json", args=[workshop.code]), body,
                       content_type=content_type)


def test_the_json_export_is_valid_against_the_published_schema(
    bob_client, alice_client, workshop, recipes
):
    response = export(bob_client, workshop)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{workshop.code}-recipes.json"'
    exported = json.loads(response.content)
    schema = alice_client.get("/recipes/schema.json").json()
    # The file as a whole, as engineering's tools validate it.
    jsonschema.validate(exported, schema, cls=jsonschema.Draft202012Validator)
    assert len(exported) == 2
    assert [item["trigger"] for item in exported] == ["user_opened_app", "a parcel is delivered"]
    assert exported[0]["data_needed"] == ["purchase history", "product tags"]


def test_the_csv_export_has_a_column_a_field_and_a_row_a_recipe(bob_client, workshop, recipes):
    response = export(bob_client, workshop, "csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == list(RecipeSpec.model_fields)
    assert rows[0]["data_needed"] == "purchase history; product tags"
    assert rows[1]["launch"] == "2027-Q3" and rows[1]["goal"] == ""


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_no_cell_of_the_csv_export_runs_as_a_formula_in_a_spreadsheet(
    bob_client, bob, workshop, start
):
    formula = f'{start}HYPERLINK("http://evil.example","x")'
    services.recipe_create(workshop=workshop, author=bob, spec=RecipeSpec.model_validate(
        {**EXAMPLE, "trigger": formula, "data_needed": [formula, "tags"], "owner": formula}))
    response = export(bob_client, workshop, "csv")
    [row] = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["trigger"] == row["owner"] == "'" + formula
    assert row["data_needed"] == f"'{formula}; tags"
    assert not [cell for cell in row.values() if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_strangers_get_nothing_and_only_the_facilitator_imports(
    dave_client, bob_client, workshop, recipes
):
    assert export(dave_client, workshop).status_code == 403
    assert post(bob_client, workshop, json.dumps([EXAMPLE])).status_code == 403
    assert Recipe.objects.count() == 2


def test_an_export_imported_again_gives_back_the_same_recipes(alice_client, workshop, recipes):
    exported = export(alice_client, workshop).content
    response = post(alice_client, workshop, exported)
    assert response.status_code == 201 and response.json() == {"imported": 2}
    again = json.loads(export(alice_client, workshop).content)
    assert again[2:] == again[:2]


def test_one_bad_recipe_and_nothing_is_imported_with_each_error_by_index_and_field(
    alice_client, workshop, other_workshop
):
    theirs = Guardrail.objects.create(workshop=other_workshop, text="Theirs")
    items = [EXAMPLE, {**EXAMPLE, "launch": "2027-Q5", "touchpoint": "billboard"},
             {**EXAMPLE, "guardrails": [theirs.pk]}]
    response = post(alice_client, workshop, json.dumps(items))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(e["index"], e["field"]) for e in errors} == {
        (1, "launch"), (1, "touchpoint"), (2, "guardrails")
    }
    assert not Recipe.objects.exists()


@pytest.mark.parametrize("body, words", [
    (b"{not json", "That is not JSON"),
    (json.dumps({"recipes": []}).encode(), "Send a JSON list of recipes"),
    (b"[" * 100_000 + b"]" * 100_000, "nests too deep"),
    (b" " * 1_000_001, "at most 1,000,000 bytes"),
    (json.dumps([EXAMPLE] * 501).encode(), "at most 500 recipes"),
])
def test_an_import_that_is_not_a_list_of_recipes_is_refused_with_why(
    alice_client, workshop, body, words
):
    response = post(alice_client, workshop, body)
    assert response.status_code == 400
    assert words in response.json()["errors"][0]["message"]
    assert not Recipe.objects.exists()


def test_export_recipes_writes_the_same_json(workshop, recipes, alice_client, tmp_path):
    out = tmp_path / "recipes.json"
    call_command("export_recipes", workshop.code.lower(), "-o", str(out))
    written = json.loads(out.read_text())
    assert written == json.loads(export(alice_client, workshop).content)
    schema = alice_client.get("/recipes/schema.json").json()
    jsonschema.validate(written, schema, cls=jsonschema.Draft202012Validator)


def form_errors(html: str) -> dict[str, list[str]]:
    """Each field's errors as the builder shows them beside the field."""
    found = re.findall(r'id="recipe-(\w+)_error">([^<]*)<', html)
    return {field: [unescape(m) for f, m in found if f == field] for field, _ in found}


@pytest.mark.parametrize("field, typed, imported", [
    ("trigger", "a parcel\x00 is delivered", "a parcel\x00 is delivered"),
    ("audience", "new\x01customers", "new\x01customers"),
    ("owner", "ops\x1b[31m", "ops\x1b[31m"),
    ("content", "the tour\x7f", "the tour\x7f"),
    ("condition", "after\x85checkout", "after\x85checkout"),
    ("data_needed", "tags, consent\x00", ["tags", "consent\x00"]),
    ("action", "", ""),
    ("content", "x" * 301, "x" * 301),
    ("launch", "2027-Q9", "2027-Q9"),
    ("launch", "2027-Q10", "2027-Q10"),
    ("touchpoint", "billboard", "billboard"),
    ("goal", "999999", 999999),
])
def test_the_import_refuses_what_the_builder_refuses_in_the_same_words(
    alice_client, bob_client, workshop, field, typed, imported
):
    open_board(workshop, Activity.Kind.RECIPES)
    builder = bob_client.post(reverse("recipe_list", args=[workshop.code]),
                              {**EXAMPLE, field: typed}, headers={"HX-Request": "true"})
    assert builder.status_code == 422
    said = form_errors(builder.content.decode())
    response = post(alice_client, workshop, json.dumps([{**EXAMPLE, field: imported}]))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["index"], e["field"]) for e in errors] == [(0, field)]
    assert said == {field: [errors[0]["message"]]}
    assert not Recipe.objects.exists()


def test_a_nul_in_an_imported_recipe_is_refused_beside_its_field(alice_client, workshop):
    response = post(alice_client, workshop, json.dumps([EXAMPLE, {**EXAMPLE, "owner": "a\x00"}]))
    assert response.status_code == 400
    assert response.json()["errors"] == [{
        "index": 1, "field": "owner",
        "message": "Remove the control character U+0000: only printable characters can be saved.",
    }]
    assert not Recipe.objects.exists()
