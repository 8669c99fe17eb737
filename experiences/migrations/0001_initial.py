"""Takes over the experience tables the core created and renamed (workshop.0002): state
only, so every row stays where it is."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Admin permissions and history follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("experience", "experiencerating"):
        if not ContentType.objects.filter(app_label="experiences", model=model).exists():
            ContentType.objects.filter(app_label="workshop", model=model).update(
                app_label="experiences"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("workshop", "0002_experiences_move_to_their_own_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Experience",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("title", models.CharField(max_length=120)),
                        ("company", models.CharField(max_length=80, verbose_name="who does it")),
                        ("description", models.TextField(max_length=1000, validators=[django.core.validators.MaxLengthValidator(1000)], verbose_name="what makes it admirable")),
                        ("link", models.URLField(blank=True, max_length=500)),
                        ("hidden", models.BooleanField(default=False)),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("author", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="workshop.participant")),
                        ("workshop", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="experiences", to="workshop.workshop")),
                    ],
                    options={"ordering": ["-created_at", "-pk"]},
                ),
                migrations.CreateModel(
                    name="ExperienceRating",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("value", models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                        ("feasibility", models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                        ("experience", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="ratings", to="experiences.experience")),
                        ("participant", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="workshop.participant")),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(fields=("experience", "participant"), name="one_rating_per_person"),
                            models.CheckConstraint(condition=models.Q(("value__isnull", True), ("value__range", (1, 5)), _connector="OR"), name="value_from_1_to_5"),
                            models.CheckConstraint(condition=models.Q(("feasibility__isnull", True), ("feasibility__range", (1, 5)), _connector="OR"), name="feasibility_from_1_to_5"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
