"""Recipe lint: what would go wrong if a recipe launched as written, caught while the
room can still fix it. Each warning says why and how to fix it.

`lint(facts)` is a pure function of a workshop's data (`Facts`, read by `facts_of` in
a fixed number of queries, however many recipes there are), so that every rule has a
test that fires it and one that does not, and so that it can run on every change.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from goals.models import needs_better_metric

# Words that tell a recipe repeats: it nudges again and again.
REPEATING = re.compile(
    r"\b(every|each (day|week|month|time|visit)|daily|weekly|monthly|whenever|again|"
    r"remind\w*|nudge\w*|repeat\w*|recurring|follow[- ]?ups?|drip)\b",
    re.IGNORECASE,
)
# Words of a guardrail that caps how often.
FREQUENCY_CAP = re.compile(
    r"\b(at most|no more than|not more than|once an?|once per|per (day|week|month)|"
    r"an? (day|week|month|fortnight)|cap\w*|frequency|limit\w*|max(imum)?|cool[- ]?down)\b",
    re.IGNORECASE,
)
# Data whose misuse hurts people: health, money, where they are, children, beliefs.
SENSITIVE_KINDS = {
    "health": r"health|medic\w*|pregnan\w*|illness|diagnos\w*|prescription\w*|disabilit\w*",
    "finance": r"financ\w*|salary|salaries|income|debts?|credit scores?|loans?|overdrafts?|"
               r"gambl\w*|arrears|bankrupt\w*",
    "location": r"locations?|gps|geo\w*|whereabouts|home address\w*",
    "children": r"child\w*|kids?|minors?|under[- ]?(?:13|16|18)s?|teen\w*",
    "beliefs_or_identity": r"religio\w*|ethnic\w*|sexual\w*|politic\w*|biometric\w*",
    "bereavement": r"bereave\w*|grief|griev\w*|death|deceased",
}
# One pass finds them all; the group that matched names the kind.
SENSITIVE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{kind}>{words})" for kind, words in SENSITIVE_KINDS.items())
    + r")\b",
    re.IGNORECASE,
)
# Words that say nothing about who is in an audience.
FILLER = {"a", "an", "the", "all", "any", "every", "our", "of", "in", "on", "who", "whose",
          "with", "and", "for", "their", "they", "that", "customer", "customers", "user",
          "users", "people", "everyone", "members", "clients", "shoppers"}


# Each rule in a few words, for lists that name the warnings without explaining them.
RULES = {
    "collision": "Collides with another recipe",
    "uncapped": "Repeats with no frequency cap",
    "sensitive": "Sensitive data without a guardrail",
    "attention-metric": "Measures attention only",
    "launch-before-fix": "Launches before its blocker is fixed",
    "data-gap": "Needs data the audit lacks",
    "no-owner": "No owner",
    "no-goal": "No goal",
}


@dataclass(frozen=True)
class Warning:
    rule: str
    why: str
    fix: str

    @property
    def title(self) -> str:
        return RULES[self.rule]


@dataclass(frozen=True)
class RecipeFacts:
    id: int
    trigger: str
    audience: str
    action: str
    success_metric: str
    launch: str
    condition: str = ""
    content: str = ""
    owner: str = ""
    goal: int | None = None
    data_needed: tuple[str, ...] = ()
    guardrails: tuple[int, ...] = ()
    blocked_by: tuple[int, ...] = ()


@dataclass(frozen=True)
class BarrierFacts:
    description: str
    due: datetime.date | None = None
    resolved: bool = False
    owner: str = ""


@dataclass(frozen=True)
class Facts:
    recipes: list[RecipeFacts]
    guardrails: dict[int, str] = field(default_factory=dict)
    # The asset audit: each asset's name, folded, and its status (have, partial, missing).
    assets: dict[str, str] = field(default_factory=dict)
    barriers: dict[int, BarrierFacts] = field(default_factory=dict)


def lint(facts: Facts) -> dict[int, list[Warning]]:
    """Every recipe's warnings, by recipe id; a recipe with none is left out."""
    found: dict[int, list[Warning]] = defaultdict(list)
    for recipe_id, warning in _collisions(facts.recipes):
        found[recipe_id].append(warning)
    for recipe in facts.recipes:
        for check in CHECKS:
            found[recipe.id].extend(check(recipe, facts))
    return {recipe.id: found[recipe.id] for recipe in facts.recipes if found[recipe.id]}


# --- The rules ---------------------------------------------------------------------------


def fold(words: str) -> str:
    """Words compared as words: case, punctuation and spacing aside."""
    return " ".join(re.findall(r"[\w']+", words.casefold()))


def _audience_words(audience: str) -> frozenset[str]:
    return frozenset(word for word in fold(audience).split() if word not in FILLER)


def _collisions(recipes: list[RecipeFacts]):
    """Recipes with one trigger whose audiences overlap: someone can be in both, as when
    one audience is the other narrowed ("customers", "customers in their first 90 days")
    or they are the same. One warning per recipe, naming the first it collides with."""
    by_trigger: dict[str, dict[frozenset[str], list[RecipeFacts]]] = defaultdict(
        lambda: defaultdict(list))
    for recipe in recipes:
        by_trigger[fold(recipe.trigger)][_audience_words(recipe.audience)].append(recipe)
    for audiences in by_trigger.values():
        # Compared audience by audience, not recipe by recipe: many share one.
        for mine, recipes_of_mine in audiences.items():
            meeting = [recipe for theirs, group in audiences.items()
                       if mine <= theirs or theirs <= mine for recipe in group]
            for recipe in recipes_of_mine:
                if len(meeting) > 1:
                    first = meeting[1] if meeting[0] is recipe else meeting[0]
                    yield recipe.id, _collision(first, len(meeting) - 2)


def _collision(first: RecipeFacts, more: int) -> Warning:
    more = f" and {more} more" if more else ""
    return Warning(
        "collision",
        f"Collides with “When {first.trigger}, for {first.audience}, {first.action}”"
        f"{more}: the same trigger for an overlapping audience, so a customer in both "
        "gets both.",
        "Narrow one audience so the two cannot meet, or merge them into one recipe.",
    )


def _uncapped_repetition(recipe: RecipeFacts, facts: Facts):
    words = " ".join((recipe.trigger, recipe.condition, recipe.action, recipe.content))
    if not REPEATING.search(words):
        return
    if any(FREQUENCY_CAP.search(facts.guardrails.get(pk, "")) for pk in recipe.guardrails):
        return
    yield Warning(
        "uncapped",
        "It nudges again and again with no cap on how often: the same message until the "
        "customer tunes out, a persofail waiting to happen.",
        "Cite a guardrail that caps it, like “At most one nudge a week”.",
    )


def _unguarded_sensitive_data(recipe: RecipeFacts, facts: Facts):
    words = " ".join((recipe.trigger, recipe.audience, recipe.condition, *recipe.data_needed))
    kinds = sorted({match.lastgroup.replace("_", " ") for match in SENSITIVE.finditer(words)})
    if not kinds or recipe.guardrails:
        return
    yield Warning(
        "sensitive",
        f"It uses sensitive data ({', '.join(kinds)}) with no guardrail: a persofail "
        "waiting to happen.",
        "Cite a guardrail that says what it will never do with that data, or add one on "
        "the persofails board.",
    )


def _attention_metric(recipe: RecipeFacts, facts: Facts):
    if needs_better_metric(recipe.success_metric):
        yield Warning(
            "attention-metric",
            f"“{recipe.success_metric}” counts attention only: clicks, opens or views "
            "rise even when the customer is no better off.",
            "Measure what should change for the customer or the business: retention, "
            "repeat contacts, conversion, satisfaction.",
        )


def quarter_end(launch: str) -> datetime.date | None:
    match = re.fullmatch(r"(\d{4})-Q([1-4])", launch)
    if not match:
        return None
    year, quarter = int(match[1]), int(match[2])
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)


def _launch_before_fix(recipe: RecipeFacts, facts: Facts):
    ends = quarter_end(recipe.launch)
    for pk in recipe.blocked_by:
        barrier = facts.barriers.get(pk)
        if barrier is None or barrier.resolved or barrier.due is None or ends is None:
            continue
        if ends < barrier.due:
            who = f" ({barrier.owner})" if barrier.owner else ""
            yield Warning(
                "launch-before-fix",
                f"It launches in {recipe.launch}, but “{barrier.description}” that blocks "
                f"it is committed only for {barrier.due.day} {barrier.due:%B %Y}{who}.",
                "Move the launch to a later quarter, or agree an earlier date for the "
                "barrier with its owner.",
            )


def _data_not_there(recipe: RecipeFacts, facts: Facts):
    for name in recipe.data_needed:
        status = facts.assets.get(fold(name))
        if status in ("missing", "partial"):
            state = "missing" if status == "missing" else "only partly there"
            yield Warning(
                "data-gap",
                f"It needs “{name}”, which the asset audit marks {state}.",
                "Make the gap a barrier with an owner and a date and cite it, or build the "
                "recipe on data the audit says we have.",
            )


def _no_owner(recipe: RecipeFacts, facts: Facts):
    if not recipe.owner.strip():
        yield Warning("no-owner", "Nobody owns it, so nobody will build it.",
                      "Name the team or person who will build and run it.")


def _no_goal(recipe: RecipeFacts, facts: Facts):
    if recipe.goal is None:
        yield Warning("no-goal", "It serves none of the workshop's goals.",
                      "Choose the goal from the kickstart that it moves forward.")


CHECKS = [_uncapped_repetition, _unguarded_sensitive_data, _attention_metric,
          _launch_before_fix, _data_not_there, _no_owner, _no_goal]
