"""Forms at the boundary: every field a person types is validated here first.

Every form of Prepwork builds on `Form` or `ModelForm` below, so that a refused value
is never echoed back longer than its field allows (a megabyte pasted into a title comes
back as the first 120 characters, with the error beside it).
"""

from django import forms

from workshop import text
from workshop.models import JOIN_CODE_LENGTH, MAX_PARTICIPANT_LIMIT, Participant, Workshop


class CappedBoundField(forms.BoundField):
    def value(self):
        value = super().value()
        limit = getattr(self.field, "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            return value[:limit]
        return value


class Form(forms.Form):
    bound_field_class = CappedBoundField


class ModelForm(forms.ModelForm):
    bound_field_class = CappedBoundField


class NameField(forms.CharField):
    """A name the room reads on every screen: bidirectional controls are taken out, and
    one made only of invisible characters (zero-width spaces…) is as blank as spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        return text.readable_name(value) if value else value


class WorkshopForm(Form):
    organisation = NameField(max_length=120)
    title = NameField(max_length=160, initial="Prepersonalization workshop")
    kickstart_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Kickstart"
    )
    planning_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Planning"
    )
    execution_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Execution"
    )
    facilitator_sees_names = forms.BooleanField(
        required=False, label="Let me see who wrote items on anonymous boards",
        help_text="Participants are told either way. It cannot be changed later.",
    )

    def clean(self):
        data = super().clean()
        dates = [data.get(f"{phase}_date") for phase in ("kickstart", "planning", "execution")]
        known = [day for day in dates if day]
        if known != sorted(known):
            raise forms.ValidationError(
                "The phases run in order: kickstart, then planning, then execution."
            )
        return data


class JoinCodeForm(Form):
    code = forms.CharField(
        label="Workshop code",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        if len(code) != JOIN_CODE_LENGTH:
            raise forms.ValidationError(
                f"A workshop code has {JOIN_CODE_LENGTH} letters and digits, like K7DXM4."
            )
        return code


class JoinForm(ModelForm):
    name = NameField(
        label="Your name", max_length=Participant._meta.get_field("name").max_length,
        error_messages={"required": "Tell the room who you are."},
    )

    class Meta:
        model = Participant
        fields = ["name", "role"]
        labels = {"name": "Your name", "role": "Your role"}
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio list has no use for the model field's blank "---------" choice.
        self.fields["role"].choices = Participant.Role.choices


class ParticipantLimitForm(Form):
    participant_limit = forms.IntegerField(
        label="Participants at most", min_value=1, max_value=MAX_PARTICIPANT_LIMIT,
        error_messages={
            "min_value": f"A room takes from 1 to {MAX_PARTICIPANT_LIMIT} participants.",
            "max_value": f"A room takes from 1 to {MAX_PARTICIPANT_LIMIT} participants.",
            "required": f"A room takes from 1 to {MAX_PARTICIPANT_LIMIT} participants.",
            "invalid": f"A room takes from 1 to {MAX_PARTICIPANT_LIMIT} participants.",
        },
    )


class TimerForm(Form):
    minutes = forms.IntegerField(min_value=1, max_value=180)


class NorthStarForm(Form):
    """The facilitator's north star: how far the team aims, and the line it aims for.
    Either may stay empty while the room is still deciding."""

    ambition = forms.ChoiceField(
        choices=Workshop.Ambition.choices, required=False, widget=forms.RadioSelect
    )
    north_star = forms.CharField(
        label="North star",
        max_length=Workshop._meta.get_field("north_star").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="One line the room agrees on, e.g. “Every returning customer picks up "
        "where they left off.”",
    )

    @classmethod
    def of(cls, workshop: Workshop) -> "NorthStarForm":
        return cls(initial={"ambition": workshop.ambition, "north_star": workshop.north_star})


class VoteForm(Form):
    budget = forms.IntegerField(min_value=1, max_value=20, initial=3, label="Dots each")
    one_per_item = forms.BooleanField(required=False, label="One dot per item")


class DotForm(Form):
    item = forms.IntegerField(min_value=1)
    change = forms.ChoiceField(choices=[("give", "Give a dot"), ("take", "Take back a dot")])
