"""The planning boards' forms."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from pydantic import ValidationError

from barriers.models import Barrier
from goals.models import Goal
from recipes.models import Guardrail, Persofail
from recipes.schema import (
    LAUNCH_IS_A_QUARTER, TOUCHPOINT_CHOICES, TOUCHPOINTS, RecipeSpec, context_for,
    errors_by_field,
)
from workshop.forms import Form, ModelForm
from workshop.models import Workshop


class PersofailForm(ModelForm):
    class Meta:
        model = Persofail
        fields = ["text", "hurt", "kind"]
        widgets = {
            "text": forms.TextInput(
                attrs={"placeholder": "e.g. A birthday offer for a customer who just lost their partner"}
            ),
            "hurt": forms.TextInput(attrs={"placeholder": "e.g. A grieving customer, hurt again"}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "persofail-%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "What kind of fail?")] + Persofail.Kind.choices


class GuardrailForm(ModelForm):
    class Meta:
        model = Guardrail
        fields = ["text"]
        labels = {"text": "The guardrail"}
        help_texts = {"text": "A short rule every recipe can cite, like “at most one nudge a week”."}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "guardrail-%s")
        super().__init__(*args, **kwargs)


class RecipeForm(Form):
    """The recipe builder. Its fields are the spec's, and its check is the spec's own
    (RecipeSpec, with the workshop's guardrails, goals and barriers as what a recipe may
    cite): each error lands beside its field."""

    trigger = forms.CharField(label="When", max_length=160, widget=forms.TextInput(
        attrs={"placeholder": "a customer opens the app", "list": "recipe-triggers"}))
    audience = forms.CharField(label="for", max_length=160, widget=forms.TextInput(
        attrs={"placeholder": "customers inactive for 14 days", "list": "recipe-audiences"}))
    condition = forms.CharField(label="where", max_length=200, required=False,
                                widget=forms.TextInput(attrs={"placeholder": "(optional) they have not seen it"}))
    action = forms.CharField(label="do", max_length=200, widget=forms.TextInput(
        attrs={"placeholder": "show the onboarding carousel"}))
    content = forms.CharField(label="with", max_length=300, widget=forms.TextInput(
        attrs={"placeholder": "the three features added since their last visit"}))
    success_metric = forms.CharField(label="success is", max_length=160, widget=forms.TextInput(
        attrs={"placeholder": "sessions over 5 minutes in the next 30 days"}))
    owner = forms.CharField(label="owned by", max_length=60, required=False,
                            widget=forms.TextInput(attrs={"placeholder": "Product team"}))
    launch = forms.CharField(label="launching", max_length=7, widget=forms.TextInput(
        attrs={"placeholder": "2027-Q1", "size": 8}),
        error_messages={"max_length": LAUNCH_IS_A_QUARTER})
    touchpoint = forms.ChoiceField(label="on", choices=list(TOUCHPOINTS.items()), initial="other",
                                   required=False,
                                   error_messages={"invalid_choice": TOUCHPOINT_CHOICES})
    data_needed = forms.CharField(
        label="relying on", required=False, max_length=400,
        help_text="The data or metadata it needs, separated by commas.",
        widget=forms.TextInput(attrs={"placeholder": "product tags, purchase history",
                                      "list": "recipe-data"}),
    )
    goal = forms.TypedChoiceField(
        label="serving the goal", coerce=int, required=False, empty_value=None,
        error_messages={"invalid_choice": "No goal of this workshop has the id %(value)s."},
    )
    guardrails = forms.TypedMultipleChoiceField(
        label="respecting", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "No guardrail of this workshop has the id %(value)s."},
    )
    blocked_by = forms.TypedMultipleChoiceField(
        label="blocked by", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "No barrier of this workshop has the id %(value)s."},
    )

    def __init__(self, *args, workshop: Workshop, **kwargs):
        kwargs.setdefault("auto_id", "recipe-%s")
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        # The spec refuses control characters, NUL among them, in the words an import
        # gets too; Django's own NUL check would speak first, in other words.
        for field in self.fields.values():
            field.validators = [v for v in field.validators
                                if not isinstance(v, ProhibitNullCharactersValidator)]
        self.fields["goal"].choices = [("", "No goal yet")] + list(
            Goal.objects.filter(workshop=workshop).values_list("pk", "text")
        )
        self.fields["guardrails"].choices = list(
            Guardrail.objects.filter(workshop=workshop).values_list("pk", "text")
        )
        self.fields["blocked_by"].choices = list(
            Barrier.objects.filter(workshop=workshop).values_list("pk", "description")
        )

    def clean(self):
        data = super().clean()
        if "data_needed" in data:
            data["data_needed"] = [item.strip() for item in data["data_needed"].split(",")
                                   if item.strip()]
        context = context_for(
            guardrails=[pk for pk, _ in self.fields["guardrails"].choices],
            goals=[pk for pk, _ in self.fields["goal"].choices if pk != ""],
            barriers=[pk for pk, _ in self.fields["blocked_by"].choices],
        )
        # Left out, the spec's own defaults apply (a touchpoint of "other").
        spec_data = {name: value for name, value in data.items()
                     if name != "version" and not (name == "touchpoint" and not value)}
        try:
            self.spec = RecipeSpec.model_validate(spec_data, context=context)
        except ValidationError as error:
            # What the form refused already has its message; the spec adds the rest.
            for field, messages in errors_by_field(error).items():
                if field in self.errors:
                    continue
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data

    @classmethod
    def initial_for(cls, recipe) -> dict:
        return {
            **{name: getattr(recipe, name) for name in (
                "trigger", "audience", "condition", "action", "content", "success_metric",
                "owner", "launch", "touchpoint")},
            "data_needed": ", ".join(recipe.data_needed),
            "goal": recipe.goal_id,
            "guardrails": [g.pk for g in recipe.guardrails.all()],
            "blocked_by": [b.pk for b in recipe.blocked_by.all()],
        }


class RecipeEditForm(RecipeForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ChoiceForm(Form):
    why = forms.CharField(
        label="Why this one first?", max_length=160,
        error_messages={"required": "Say why in one line: the roadmap leads with it."},
        widget=forms.TextInput(attrs={
            "placeholder": "Biggest win for the least effort; the data is ready",
            "autocomplete": "off",
        }),
    )
