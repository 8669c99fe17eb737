"""The asset audit's and the barriers board's forms."""

from django import forms

from barriers.models import Asset, Barrier
from workshop.forms import Form, ModelForm
from workshop.models import Participant, Workshop


class AssetForm(ModelForm):
    class Meta:
        model = Asset
        fields = ["category", "name", "status", "note"]
        widgets = {
            "name": forms.TextInput(attrs={"placeholder": "e.g. Product tags by life stage"}),
            "note": forms.TextInput(attrs={"placeholder": "What we know about it (optional)"}),
        }

    def __init__(self, *args, **kwargs):
        # Its own ids: the barrier form on the same page has fields of the same names.
        kwargs.setdefault("auto_id", "asset-%s")
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Choose a category")] + Asset.Category.choices
        self.fields["status"].choices = [("", "Do we have it?")] + Asset.Status.choices


class AssetEditForm(AssetForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssetStatusForm(Form):
    status = forms.ChoiceField(choices=Asset.Status.choices)


class BarrierForm(ModelForm):
    """A barrier with its owner (someone in the room, or a typed name) and commitment."""

    class Meta:
        model = Barrier
        fields = ["category", "description", "severity", "owner", "owner_name", "next_step", "due"]
        labels = {"owner": "Owner", "next_step": "Next step"}
        widgets = {
            "description": forms.TextInput(
                attrs={"placeholder": "e.g. Nobody owns the product taxonomy"}
            ),
            "owner_name": forms.TextInput(attrs={"placeholder": "Name and team"}),
            "next_step": forms.TextInput(
                attrs={"placeholder": "e.g. Book a metadata workshop with content ops"}
            ),
            "due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, workshop: Workshop, **kwargs):
        kwargs.setdefault("auto_id", "barrier-%s")
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Choose a category")] + Barrier.Category.choices
        self.fields["severity"].choices = [("", "How bad is it?")] + Barrier.Severity.choices
        owner = self.fields["owner"]
        owner.queryset = Participant.objects.filter(workshop=workshop, removed_at__isnull=True)
        owner.empty_label = "Nobody yet"
        owner.label_from_instance = lambda person: f"{person.name} · {person.get_role_display()}"
        owner.error_messages["invalid_choice"] = "Choose someone in this workshop's room."
        self.fields["due"].error_messages["invalid"] = "Give the date as a day, like 2027-03-31."

    def clean(self):
        data = super().clean()
        if data.get("owner") and data.get("owner_name"):
            self.add_error("owner_name", "Choose someone in the room or type a name, not both.")
        return data


class BarrierEditForm(BarrierForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta(BarrierForm.Meta):
        fields = [*BarrierForm.Meta.fields, "status"]


class BarrierStatusForm(Form):
    status = forms.ChoiceField(choices=Barrier.Status.choices)
