"""The one shape of a personalization recipe: when a trigger fires, for an audience,
where a condition holds, do an action with some content; success is a metric; someone
owns it and it launches in a quarter.

`RecipeSpec` is the single validator. The recipe builder's form, a JSON import and the
JSON export all go through it, and its JSON Schema is published at /recipes/schema.json
for engineering to validate against. Strings are trimmed and length-limited; every
error names its field, in the same words the builder's form uses, so an import and the
form refuse the same things the same way. Text holds no control characters (NUL and the
like, which PostgreSQL cannot store and nobody means to type). The guardrails, goal and
barriers a recipe cites are ids, checked against the workshop's own when a validation
context names them (`context_for`).
"""

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter,
    ValidationError, ValidationInfo, field_validator,
)

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
Touchpoint = Literal["email", "app", "web", "push", "in_store", "other"]
TOUCHPOINTS: dict[str, str] = {
    "email": "Email", "app": "App", "web": "Web", "push": "Push notification",
    "in_store": "In store", "other": "Other",
}


# The C0 and C1 control characters and DEL, as a JSON Schema pattern and for Python.
CONTROL = "\u0000-\u001f\u007f-\u009f"
CONTROL_CHARACTER = re.compile(f"[{CONTROL}]")
REQUIRED = "This field is required."
LAUNCH_IS_A_QUARTER = "A launch is a quarter, like 2027-Q1."
TOUCHPOINT_CHOICES = "A touchpoint is one of: email, app, web, push, in_store, other."


def control_character_refused(value: str) -> str:
    found = CONTROL_CHARACTER.search(value)
    if found:
        raise ValueError(
            f"Remove the control character U+{ord(found.group()):04X}: "
            "only printable characters can be saved."
        )
    return value


def text(limit: int, *, required: bool = True):
    return Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1 if required else 0,
                               max_length=limit),
        AfterValidator(control_character_refused),
        Field(json_schema_extra={"pattern": f"^[^{CONTROL}]*$"}),
    ]


class RecipeSpec(BaseModel):
    """An if-then personalization recipe, as engineering and analytics receive it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    trigger: text(160) = Field(description="What the customer does or what happens: the when.")
    audience: text(160) = Field(description="Who it is for.")
    condition: text(200, required=False) = Field(
        default="", description="What must also hold, if anything."
    )
    action: text(200) = Field(description="What we do.")
    content: text(300) = Field(description="What we show or send.")
    success_metric: text(160) = Field(description="How we know it worked.")
    owner: text(60, required=False) = Field(default="", description="Who makes it happen.")
    launch: str = Field(description="The quarter it launches, like 2027-Q1.",
                        pattern=QUARTER.pattern, json_schema_extra={"examples": ["2027-Q1"]})
    touchpoint: Touchpoint = Field(default="other", description="Where the customer meets it.")
    data_needed: list[text(80)] = Field(
        default_factory=list, max_length=12,
        description="The data or metadata it relies on, as the asset audit names them.",
    )
    guardrails: list[int] = Field(default_factory=list, max_length=20,
                                  description="Ids of the workshop's guardrails it respects.")
    goal: int | None = Field(default=None, description="Id of the workshop's goal it serves.")
    blocked_by: list[int] = Field(default_factory=list, max_length=20,
                                  description="Ids of the workshop's barriers that block it.")

    @field_validator("launch", mode="before")
    @classmethod
    def _quarter(cls, value):
        value = value.strip().upper() if isinstance(value, str) else value
        if not isinstance(value, str) or not QUARTER.match(value):
            raise ValueError(LAUNCH_IS_A_QUARTER)
        return value

    @field_validator("touchpoint", mode="before")
    @classmethod
    def _touchpoint(cls, value):
        if value not in TOUCHPOINTS:
            raise ValueError(TOUCHPOINT_CHOICES)
        return value

    @field_validator("guardrails", "blocked_by", "goal")
    @classmethod
    def _of_this_workshop(cls, value, info: ValidationInfo):
        known = (info.context or {}).get(info.field_name)
        if known is None or value is None:
            return value
        wanted = value if isinstance(value, list) else [value]
        strangers = [item for item in wanted if item not in known]
        if strangers:
            noun = {"guardrails": "guardrail", "blocked_by": "barrier", "goal": "goal"}
            raise ValueError(
                f"No {noun[info.field_name]} of this workshop has the id "
                f"{', '.join(map(str, strangers))}."
            )
        return value


def context_for(*, guardrails=(), goals=(), barriers=()) -> dict:
    """What a recipe may cite: the ids of one workshop's guardrails, goals and barriers."""
    return {"guardrails": set(guardrails), "goal": set(goals), "blocked_by": set(barriers)}


def published_schema() -> dict:
    """The JSON Schema of what the export writes and the import reads: a list of
    recipes, the single recipe's schema under `$defs`."""
    return TypeAdapter(list[RecipeSpec]).json_schema()


def errors_by_field(error: ValidationError) -> dict[str, list[str]]:
    """Each field's problems, in words, for the form or an import's report: a missing
    or too long text is said as the builder's form says it."""
    fields: dict[str, list[str]] = {}
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "__all__"
        fields.setdefault(field, []).append(_in_words(problem))
    return fields


def _in_words(problem) -> str:
    if problem["type"] == "missing" or (
        problem["type"] == "string_too_short" and problem["ctx"]["min_length"] == 1
    ):
        return REQUIRED
    if problem["type"] == "string_too_long":
        limit, length = problem["ctx"]["max_length"], len(problem["input"].strip())
        return f"Ensure this value has at most {limit} characters (it has {length})."
    return problem["msg"].removeprefix("Value error, ")
