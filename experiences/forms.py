"""The connected-experiences board's forms."""

from django import forms

from experiences.models import Experience
from workshop.forms import Form, ModelForm


class ExperienceForm(ModelForm):
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


class ExperienceEditForm(ExperienceForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RatingForm(Form):
    """One or both of a card's ratings; a rating left out keeps its earlier score."""

    value = forms.IntegerField(min_value=1, max_value=5, required=False)
    feasibility = forms.IntegerField(min_value=1, max_value=5, required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("value") is None and data.get("feasibility") is None:
            raise forms.ValidationError("Choose a score from 1 to 5.")
        return data
