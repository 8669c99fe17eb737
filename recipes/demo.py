"""How `seed_demo` fills the planning boards: the persofails board (the method's example
with its guardrail, persofails of every kind from the room, two more guardrails, and a
revealed vote on which are scariest), recipes that trip every lint rule, and their
prioritising: a revealed vote, places on the value/effort grid, two chosen with why."""

from django.utils import timezone

from barriers.models import Barrier
from goals.models import Goal
from recipes import selectors, services
from recipes.models import Guardrail, Recipe
from recipes.schema import RecipeSpec
from workshop import services as workshop_services
from workshop.models import Activity, Participant, Workshop

DEMO_PERSOFAILS = [
    # role, what happens, who is hurt, kind, guardrail (or none)
    ("marketing", "A birthday offer reaches a customer whose partner has just died.",
     "A grieving customer, hurt again by our automation.", "wrong",
     "Pause life-event offers when a bereavement is on file."),
    ("data", "We mention a customer's salary rise before they have told anyone.",
     "The customer, who feels watched.", "creepy", None),
    ("support", "The same savings nudge three days in a row.",
     "Customers who tune us out, and then miss what matters.", "repetitive",
     "At most one nudge a week per customer."),
    ("legal", "A lending offer keyed to a customer's gambling transactions.",
     "A vulnerable customer, and the bank's licence.", "privacy", None),
    ("design", "Only app users see the better rate.",
     "Older customers who bank in branches.", "exclusionary", None),
]


def fill_persofails(*, workshop: Workshop, activity: Activity, people: list[Participant]) -> None:
    by_role = {person.role: person for person in people}
    services.starter_add(workshop=workshop)
    for role, text, hurt, kind, guardrail in DEMO_PERSOFAILS:
        persofail = services.persofail_create(
            workshop=workshop, author=by_role.get(role), text=text, hurt=hurt, kind=kind
        )
        if guardrail:
            services.guardrail_create(
                workshop=workshop, author=by_role.get(role), text=guardrail, persofail=persofail
            )
    items = selectors.vote_items(workshop=workshop)
    ranked = sorted(items)  # in the order they were written
    workshop_services.vote_open(activity=activity, budget=2, one_per_item=True)
    for number, person in enumerate(people):
        for pick in (1, 3 + number % 3):
            workshop_services.dot_give(
                activity=activity, participant=person, item_id=ranked[pick % len(ranked)],
                items=items,
            )
    workshop_services.vote_reveal(activity=activity)


# Some of them trip each lint rule, as drafts in a real room do: the first and fourth
# collide, the first counts sessions, the third has no owner and needs data the audit
# marks partial, the fourth serves no goal, the fifth nudges every week unguarded and
# reads income, the sixth launches this quarter before its blocking barrier is fixed.
THIS_QUARTER = "this quarter"
DEMO_RECIPES = [
    # trigger, audience, condition, action, content, metric, owner, launch, touchpoint,
    # data, goal's words, guardrail's words, barrier's words
    ("a customer opens the app", "customers inactive for 14 days",
     "they have not seen what is new", "show the onboarding carousel",
     "the three features added since their last visit", "sessions over 5 minutes in 30 days",
     "Product team", "2027-Q1", "app", ["Transaction history, 7 years"],
     "Onboarding that skips", "At most one nudge a week", None),
    ("a flagged customer's balance falls two months running", "customers the churn model flags",
     "", "offer a call with an adviser", "a short note and a booking link",
     "Churn among flagged customers", "Retention team", "2027-Q2", "email",
     ["Customer data platform"], "Spot a customer about to leave", None, None),
    ("a customer reads a help article twice", "customers in their first 90 days", "",
     "suggest the matching how-to video", "the video for that article's topic",
     "Repeat contacts within 7 days", "", "2027-Q2", "web",
     ["Article topics in the help centre"], "Fewer customers call twice", None, None),
    ("a customer opens the app", "all customers", "", "show this week's savings tip",
     "one tip picked from their spending", "Customers who start a savings goal",
     "Marketing", "2027-Q1", "app", ["Transaction history, 7 years"], None, None, None),
    ("every Monday morning", "customers with a savings goal", "",
     "remind them how far they are from it", "their progress and one suggested transfer",
     "Savings goals reached within a year", "Savings squad", "2027-Q2", "push",
     ["Monthly income estimate"], "Offers that fit where each customer", None, None),
    ("a customer's life stage changes", "customers who have just moved home or had a baby",
     "", "offer the products that fit the new stage",
     "three products, each with why it fits", "Products held per customer after 6 months",
     "Product team", THIS_QUARTER, "email", ["Product tags by life stage"],
     "Offers that fit where each customer", "Pause life-event offers",
     "Product tags by life stage"),
]


def fill_recipes(*, workshop: Workshop, activity: Activity, people: list[Participant]) -> None:
    by_role = {person.role: person for person in people}
    today = timezone.localdate()
    this_quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    for (trigger, audience, condition, action, content, metric, owner, launch, touchpoint,
         data, goal, guardrail, barrier) in DEMO_RECIPES:
        spec = RecipeSpec(
            trigger=trigger, audience=audience, condition=condition, action=action,
            content=content, success_metric=metric, owner=owner,
            launch=this_quarter if launch == THIS_QUARTER else launch,
            touchpoint=touchpoint, data_needed=data,
            goal=next(iter(_ids(Goal, workshop, text__startswith=goal)), None),
            guardrails=_ids(Guardrail, workshop, text__startswith=guardrail),
            blocked_by=_ids(Barrier, workshop, description__startswith=barrier),
        )
        services.recipe_create(workshop=workshop, author=by_role.get("product"), spec=spec)


def _ids(model, workshop: Workshop, **words) -> list[int]:
    """The ids of a workshop's items that start with these words; none for no words."""
    if None in words.values():
        return []
    return list(model.objects.filter(workshop=workshop, **words).order_by("pk")
                .values_list("pk", flat=True))


# Where the room put each recipe (effort, value), in DEMO_RECIPES' order; the facilitator
# chose the second and the first, and said why.
DEMO_PLACES = [(-0.7, 0.65), (0.05, 0.7), (-0.7, -0.1), (-0.6, -0.7), (0.55, -0.45),
               (0.75, 0.45)]
DEMO_CHOICES = [
    (1, "Churn is the board's first worry; the model and the platform are live, so it "
        "ships in one quarter."),
    (0, "Quick to build on data we have; the nudge cap is already agreed."),
]


def fill_prioritise(*, workshop: Workshop, activity: Activity, people: list[Participant]) -> None:
    recipes = list(Recipe.objects.filter(workshop=workshop).order_by("pk"))
    items = selectors.recipe_vote_items(workshop=workshop)
    workshop_services.vote_open(activity=activity, budget=3, one_per_item=True)
    for number, person in enumerate(people):
        for pick in (1, 0, 2 + number % 4):
            workshop_services.dot_give(activity=activity, participant=person,
                                       item_id=recipes[pick % len(recipes)].pk, items=items)
    workshop_services.vote_reveal(activity=activity)
    for recipe, (effort, value) in zip(recipes, DEMO_PLACES):
        services.recipe_move(recipe=recipe, x=effort, y=value, final=True)
    for index, why in DEMO_CHOICES:
        services.recipe_choose(recipe=recipes[index], why=why)
