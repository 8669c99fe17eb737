"""How `seed_demo` fills the persofails board: the method's example with its guardrail,
persofails of every kind from the room, two more guardrails, and a revealed vote on
which are scariest."""

from recipes import selectors, services
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
     ["Article topics in the help centre"], "Fewer customers call twice", None,
     "Product tags by life stage"),
]


def fill_recipes(*, workshop: Workshop, activity: Activity, people: list[Participant]) -> None:
    from barriers.models import Barrier
    from goals.models import Goal
    from recipes.models import Guardrail
    from recipes.schema import RecipeSpec

    by_role = {person.role: person for person in people}
    for (trigger, audience, condition, action, content, metric, owner, launch, touchpoint,
         data, goal, guardrail, barrier) in DEMO_RECIPES:
        spec = RecipeSpec(
            trigger=trigger, audience=audience, condition=condition, action=action,
            content=content, success_metric=metric, owner=owner, launch=launch,
            touchpoint=touchpoint, data_needed=data,
            goal=Goal.objects.filter(workshop=workshop, text__startswith=goal)
            .values_list("pk", flat=True).first(),
            guardrails=list(Guardrail.objects.filter(workshop=workshop, text__startswith=guardrail)
                            .values_list("pk", flat=True)) if guardrail else [],
            blocked_by=list(Barrier.objects.filter(workshop=workshop, description__startswith=barrier)
                            .values_list("pk", flat=True)) if barrier else [],
        )
        services.recipe_create(workshop=workshop, author=by_role.get("product"), spec=spec)
