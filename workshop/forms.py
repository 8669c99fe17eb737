"""Forms at the boundary: every field a person types is validated here first."""

from django import forms

from workshop.models import JOIN_CODE_LENGTH, Experience, ExperienceRating, Participant


class WorkshopForm(forms.Form):
    organisation = forms.CharField(max_length=120)
    title = forms.CharField(max_length=160, initial="Prepersonalization workshop")
    kickstart_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Kickstart"
    )
    planning_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Planning"
    )
    execution_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Execution"
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


class JoinCodeForm(forms.Form):
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


class JoinForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "role"]
        labels = {"name": "Your name", "role": "Your role"}
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio list has no use for the model field's blank "---------" choice.
        self.fields["role"].choices = Participant.Role.choices

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Tell the room who you are.")
        return name


class ExperienceForm(forms.ModelForm):
    link = forms.URLField(
        label="Link (optional)", required=False, max_length=500, assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Experience
        fields = ["title", "company", "description", "link"]
        labels = {"title": "The experience", "company": "Who does it"}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
            "title": forms.TextInput(attrs={"placeholder": "e.g. Rows that reorder themselves"}),
            "company": forms.TextInput(attrs={"placeholder": "e.g. Netflix"}),
        }

    def clean(self):
        data = super().clean()
        for field in ("title", "company", "description"):
            if field in data and not data[field].strip():
                self.add_error(field, "This can't be only spaces.")
        return data


class ExperienceEditForm(ExperienceForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RatingForm(forms.Form):
    dimension = forms.ChoiceField(choices=ExperienceRating.Dimension.choices)
    score = forms.IntegerField(min_value=1, max_value=5)


class TimerForm(forms.Form):
    minutes = forms.IntegerField(min_value=1, max_value=180)
