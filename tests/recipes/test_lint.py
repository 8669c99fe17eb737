"""Recipe lint, rule by rule: a case that fires each warning and one that does not.
Lint is a pure function of the workshop's data, so these need no database."""

import datetime

import pytest

from recipes.lint import BarrierFacts, Facts, RecipeFacts, lint, quarter_end

CLEAN = dict(
    trigger="a purchase is delivered", audience="customers who bought a sofa",
    action="ask how it went", content="a two-question survey", launch="2027-Q2",
    success_metric="Reviews left within 14 days", owner="Care team", goal=1,
)


def recipe(id=1, **changes) -> RecipeFacts:
    return RecipeFacts(id=id, **{**CLEAN, **changes})


def rules(facts: Facts, recipe_id: int = 1) -> list[str]:
    return [warning.rule for warning in lint(facts).get(recipe_id, [])]


def test_a_recipe_with_nothing_wrong_has_no_warnings():
    assert lint(Facts(recipes=[recipe()])) == {}


@pytest.mark.parametrize("other, collides", [
    (dict(audience="customers who bought a sofa"), True),      # the same people
    (dict(audience="all customers"), True),                     # everyone includes them
    (dict(audience="Customers who bought a sofa in 2026"), True),  # a narrower group of them
    (dict(trigger="A purchase is delivered."), True),          # the same trigger, said so
    (dict(audience="customers who bought a bed"), False),      # other people
    (dict(trigger="a purchase is returned"), False),            # another moment
])
def test_two_recipes_with_one_trigger_for_overlapping_audiences_collide(other, collides):
    facts = Facts(recipes=[recipe(1), recipe(2, **{**other, "action": "offer cushions"})])
    assert ("collision" in rules(facts, 1)) is collides
    assert ("collision" in rules(facts, 2)) is collides
    if collides:
        warning = lint(facts)[1][0]
        assert "offer cushions" in warning.why and "Narrow one audience" in warning.fix


@pytest.mark.parametrize("changes, guardrails, fires", [
    (dict(trigger="every Monday", action="remind them of their goal"), {}, True),
    (dict(action="send a weekly nudge"), {7: "Never mention a customer's salary"}, True),
    (dict(action="send a weekly nudge", guardrails=(7,)), {7: "At most one nudge a week"}, False),
    (dict(action="send a weekly nudge", guardrails=(7,)), {7: "No more than 2 emails a month"},
     False),
    (dict(action="ask how it went"), {}, False),
])
def test_a_repeating_nudge_needs_a_guardrail_that_caps_it(changes, guardrails, fires):
    facts = Facts(recipes=[recipe(**changes)], guardrails=guardrails)
    assert ("uncapped" in rules(facts)) is fires


@pytest.mark.parametrize("changes, fires, kind", [
    (dict(data_needed=("Monthly income estimate",)), True, "finance"),
    (dict(audience="parents of young children"), True, "children"),
    (dict(condition="their GPS location is near a branch"), True, "location"),
    (dict(data_needed=("Prescription history",)), True, "health"),
    (dict(data_needed=("Monthly income estimate",), guardrails=(3,)), False, None),
    (dict(data_needed=("Purchase history",)), False, None),
])
def test_sensitive_data_without_a_guardrail_is_a_persofail_waiting(changes, fires, kind):
    facts = Facts(recipes=[recipe(**changes)], guardrails={3: "Never infer pay from deposits"})
    assert ("sensitive" in rules(facts)) is fires
    if kind:
        assert kind in lint(facts)[1][0].why


@pytest.mark.parametrize("metric, fires", [
    ("Email opens", True), ("Clicks on the banner", True), ("Page views of the offer", True),
    ("Churn among flagged customers", False), ("Repeat contacts within 7 days", False),
    ("Clicks that turn into a booked call (conversion)", False),
])
def test_a_success_metric_of_clicks_opens_or_views_only(metric, fires):
    assert ("attention-metric" in rules(Facts(recipes=[recipe(success_metric=metric)]))) is fires


@pytest.mark.parametrize("launch, due, resolved, fires", [
    ("2027-Q1", datetime.date(2027, 4, 15), False, True),    # the quarter ends before the fix
    ("2027-Q2", datetime.date(2027, 4, 15), False, False),   # the fix is due within it
    ("2027-Q1", datetime.date(2027, 4, 15), True, False),    # already fixed
    ("2027-Q1", None, False, False),                         # no commitment to compare with
])
def test_a_launch_before_the_fix_of_a_barrier_that_blocks_it(launch, due, resolved, fires):
    facts = Facts(
        recipes=[recipe(launch=launch, blocked_by=(9,))],
        barriers={9: BarrierFacts("No consent record", due=due, resolved=resolved,
                                  owner="Dana")},
    )
    assert ("launch-before-fix" in rules(facts)) is fires
    if fires:
        assert "15 April 2027 (Dana)" in lint(facts)[1][0].why


def test_quarters_end_on_their_last_day():
    assert [quarter_end(f"2027-Q{n}") for n in (1, 2, 3, 4)] == [
        datetime.date(2027, 3, 31), datetime.date(2027, 6, 30), datetime.date(2027, 9, 30),
        datetime.date(2027, 12, 31),
    ]


@pytest.mark.parametrize("status, fires", [
    ("missing", True), ("partial", True), ("have", False), (None, False),
])
def test_data_the_asset_audit_marks_missing_or_partial(status, fires):
    assets = {} if status is None else {"product tags by life stage": status}
    facts = Facts(recipes=[recipe(data_needed=("Product tags by life-stage",))], assets=assets)
    assert ("data-gap" in rules(facts)) is fires


@pytest.mark.parametrize("changes, rule, fires", [
    (dict(owner=""), "no-owner", True), (dict(owner="  "), "no-owner", True),
    (dict(owner="Care team"), "no-owner", False),
    (dict(goal=None), "no-goal", True), (dict(goal=4), "no-goal", False),
])
def test_a_recipe_needs_an_owner_and_a_goal(changes, rule, fires):
    assert (rule in rules(Facts(recipes=[recipe(**changes)]))) is fires


def test_every_warning_says_why_and_how_to_fix_it():
    facts = Facts(recipes=[
        recipe(1, owner="", goal=None, success_metric="Opens", action="remind them daily",
               data_needed=("Salary", "Tags"), blocked_by=(9,), launch="2027-Q1"),
        recipe(2),
    ], assets={"tags": "missing"},
        barriers={9: BarrierFacts("No tags", due=datetime.date(2027, 6, 1))})
    found = lint(facts)
    assert {warning.rule for warning in found[1]} == {
        "collision", "uncapped", "sensitive", "attention-metric", "launch-before-fix",
        "data-gap", "no-owner", "no-goal",
    }
    assert all(warning.why.strip() and warning.fix.strip() for warning in found[1])


def test_a_recipe_colliding_with_many_gets_one_warning_that_counts_them():
    facts = Facts(recipes=[recipe(n, action=f"offer {n}") for n in range(1, 5)])
    for recipe_id in range(1, 5):
        collisions = [w for w in lint(facts)[recipe_id] if w.rule == "collision"]
        assert len(collisions) == 1 and "and 2 more" in collisions[0].why
