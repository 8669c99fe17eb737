"""The planning boards' forms."""

from django import forms

from recipes.models import Guardrail, Persofail
from workshop.forms import ModelForm


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
