"""The workshop, its three phase sessions and their activities, and the people in the
room. Each board's own items live in the board's app."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

# Six characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S,
# 6/G, 8/B), so a code read off a projector from the back of a room is typed right.
JOIN_CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
JOIN_CODE_LENGTH = 6

# A room of 40 with room to spare; the facilitator raises it, up to a size the live room
# is measured at (benchmarks/live_room.py).
DEFAULT_PARTICIPANT_LIMIT = 60
MAX_PARTICIPANT_LIMIT = 1000


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


class Workshop(models.Model):
    class Ambition(models.TextChoices):
        """How far the team means to take personalization: the Personalization Pyramid's
        four levels, from one function to the whole product."""

        FUNCTION = "function", "Function personalization"
        FEATURE = "feature", "Feature personalization"
        EXPERIENCE = "experience", "Experience personalization"
        PRODUCT = "product", "Product personalization"

    organisation = models.CharField(max_length=120)
    title = models.CharField(max_length=160)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workshops"
    )
    code = models.CharField("join code", max_length=JOIN_CODE_LENGTH, unique=True)
    share_token = models.CharField(max_length=64, unique=True, default=new_share_token)
    # When the facilitator published the share link; empty while it is not published (or
    # was revoked, which also replaces the token, so an old link never works again).
    shared_at = models.DateTimeField(null=True, blank=True)
    current_activity = models.ForeignKey(
        "Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    timer_seconds = models.PositiveIntegerField(null=True, blank=True)
    # The north star: set by the facilitator on its board; it heads the room and the roadmap.
    ambition = models.CharField(max_length=16, choices=Ambition.choices, blank=True)
    north_star = models.CharField("north star", max_length=160, blank=True)
    # Set once, when the workshop is created: whether its facilitator sees who wrote the
    # items written on an anonymous board. Everybody else never does.
    facilitator_sees_names = models.BooleanField(
        "the facilitator sees who wrote anonymous items", default=False
    )
    # How many participants may be in the room at once: a code copied to the wrong chat
    # fills no room without the facilitator's say. The facilitator raises it.
    participant_limit = models.PositiveIntegerField(
        "participants at most",
        default=DEFAULT_PARTICIPANT_LIMIT,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTICIPANT_LIMIT)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("room", args=[self.code])

    def join_url(self) -> str:
        return reverse("join_workshop", args=[self.code])

    @property
    def ambition_explained(self) -> str:
        return AMBITIONS.get(self.ambition, "")

    @property
    def has_north_star(self) -> bool:
        return bool(self.ambition or self.north_star)


# One line for each level of the pyramid, on screen wherever the level is chosen.
AMBITIONS = {
    Workshop.Ambition.FUNCTION: "One function adapts to each customer: a search ranking, a "
    "reminder, a recommendation slot.",
    Workshop.Ambition.FEATURE: "A whole feature is built on what we know about each customer, "
    "like rows of “because you watched…”.",
    Workshop.Ambition.EXPERIENCE: "Journeys adapt end to end: onboarding, messages and screens "
    "change with each customer.",
    Workshop.Ambition.PRODUCT: "Personalization is the product itself, like Spotify’s DJ or a "
    "feed made for one person.",
}


class PhaseSession(models.Model):
    class Phase(models.TextChoices):
        KICKSTART = "kickstart", "Kickstart"
        PLANNING = "planning", "Planning"
        EXECUTION = "execution", "Execution"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        LIVE = "live", "Live"
        DONE = "done", "Done"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(max_length=16, choices=Phase.choices)
    position = models.PositiveSmallIntegerField()
    date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "phase"], name="one_session_per_phase")
        ]

    def __str__(self) -> str:
        return self.get_phase_display()


class Activity(models.Model):
    class Kind(models.TextChoices):
        TEAM = "team", "Team"
        NORTH_STAR = "north_star", "North star"
        EXPERIENCES = "experiences", "Connected experiences"
        GOALS = "goals", "Goals grid"
        BARRIERS = "barriers", "Assets & barriers"
        PERSOFAILS = "persofails", "Persofails"
        RECIPES = "recipes", "Recipes"
        PRIORITISE = "prioritise", "Prioritise"
        ROADMAP = "roadmap", "Roadmap"

    session = models.ForeignKey(
        PhaseSession, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=80)
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    position = models.PositiveSmallIntegerField()
    locked = models.BooleanField(default=False)
    # While on, new cards are seen only by their author and the facilitator until
    # the facilitator reveals them all at once.
    hide_new_cards = models.BooleanField(default=False)
    # While on, items written are anonymous for good: others see the author's role,
    # never their name.
    anonymous = models.BooleanField(default=False)

    class Meta:
        ordering = ["session__position", "position"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title

    @property
    def prompt(self) -> str:
        return ACTIVITY_PROMPTS[self.kind]


# What each activity asks of the room, shown under its title.
ACTIVITY_PROMPTS = {
    Activity.Kind.TEAM: "Join with the code, pick your role, and see who is in the room.",
    Activity.Kind.NORTH_STAR: "How ambitious are we: function, feature, experience or product "
    "personalization? One line that heads the room and the roadmap.",
    Activity.Kind.EXPERIENCES: "Add experiences you admire, then rate each for value to our "
    "customers and feasibility for us. Could we build this, and how hard would it be?",
    Activity.Kind.GOALS: "Place goals on the 2x2, name the department that wants each one and "
    "a success metric that is more than clicks.",
    Activity.Kind.BARRIERS: "Audit what we have, then log what stands in the way, with an owner "
    "and a commitment for each barrier.",
    Activity.Kind.PERSOFAILS: "How could personalization go creepy or wrong here? Each one "
    "becomes a guardrail our recipes must respect.",
    Activity.Kind.RECIPES: "Draft if-then recipes: trigger, audience, condition, action, "
    "content, success metric, owner and launch quarter.",
    Activity.Kind.PRIORITISE: "Spend your dots on the recipes worth doing first, then place "
    "them on value and effort.",
    Activity.Kind.ROADMAP: "The chosen recipes by launch quarter, with owners, metrics, and the "
    "barriers and commitments that stand between us and launch.",
}


class Participant(models.Model):
    class Role(models.TextChoices):
        PRODUCT = "product", "Product"
        ENGINEERING = "engineering", "Engineering"
        DATA = "data", "Data"
        MARKETING = "marketing", "Marketing"
        SUPPORT = "support", "Support"
        DESIGN = "design", "Design"
        LEADERSHIP = "leadership", "Leadership"
        LEGAL = "legal", "Legal"
        OTHER = "other", "Other"

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(max_length=60)
    role = models.CharField(max_length=16, choices=Role.choices)
    joined_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    ready_for = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class PresenceLease(models.Model):
    """One server process's hold on a participant's open sockets. They are online while
    some process's lease on them runs: each process renews all of its leases at once, a
    few times per lease, and one that dies (killed, unplugged) simply stops renewing, so
    nobody stays "online" for ever in a process that is gone (workshop.relay)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="presence_leases"
    )
    holder = models.CharField(max_length=64)  # the server process, named when it starts
    sockets = models.PositiveIntegerField(default=1)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "holder"], name="one_lease_per_process")
        ]

    def __str__(self) -> str:
        return f"{self.participant} held by {self.holder} until {self.expires_at}"


class DotVote(models.Model):
    """A dot vote on one activity's items, which any board with votable items offers:
    each participant spends up to `budget` dots, the counts hidden until the reveal.
    Opening a new vote on the activity replaces this one."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="dot_vote"
    )
    budget = models.PositiveSmallIntegerField(
        "dots each", default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    one_per_item = models.BooleanField("at most one dot per item", default=False)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Dot vote on {self.activity}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None


class Dot(models.Model):
    """One dot a participant gave an item; the item is the board's own (a goal, a card),
    named by its primary key, as the core names no board."""

    vote = models.ForeignKey(DotVote, on_delete=models.CASCADE, related_name="dots")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    item_id = models.PositiveIntegerField()
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["vote", "participant"]),
            models.Index(fields=["vote", "item_id"]),
        ]

    def __str__(self) -> str:
        return f"Dot on item {self.item_id}"
