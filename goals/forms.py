"""The goals board's forms."""

from django import forms

from goals.models import EDGE, Goal
from workshop.forms import Form, ModelForm
from workshop.models import Participant


class GoalForm(ModelForm):
    class Meta:
        model = Goal
        fields = ["text", "department", "success_metric"]
        labels = {"text": "The goal", "department": "Who wants it"}
        help_texts = {
            "success_metric": "How we would know it worked: retention, trust or satisfaction "
            "say more than clicks.",
        }
        widgets = {
            "text": forms.TextInput(
                attrs={"placeholder": "e.g. Fewer customers call twice about one problem"}
            ),
            "success_metric": forms.TextInput(
                attrs={"placeholder": "e.g. Repeat contacts within 7 days"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "Choose a team")] + Participant.Role.choices


class GoalEditForm(GoalForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveForm(Form):
    """A place on the grid, from -1 to 1 on each axis; both empty puts the goal back in
    the tray. `final`: the drop (or the last key press), always kept and pushed."""

    x = forms.FloatField(min_value=-EDGE, max_value=EDGE, required=False)
    y = forms.FloatField(min_value=-EDGE, max_value=EDGE, required=False)
    final = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and (data.get("x") is None) != (data.get("y") is None):
            raise forms.ValidationError("A place on the grid needs both x and y.")
        return data
