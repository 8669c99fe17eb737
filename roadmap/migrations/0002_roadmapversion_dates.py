"""Each version keeps its own dates for calendars.

Versions finalised before this kept none, and what their boards held then is gone: they
get the dates the boards hold when this migration runs, read as roadmap.calendar.dates
reads them (open commitments with a day, then the chosen recipes' launches). From then on
they stay as they are.
"""

from django.db import migrations, models

from roadmap.calendar import commitment_date, launch_date


def fill_dates(apps, schema_editor):
    RoadmapVersion = apps.get_model("roadmap", "RoadmapVersion")
    Barrier = apps.get_model("barriers", "Barrier")
    Recipe = apps.get_model("recipes", "Recipe")
    for version in RoadmapVersion.objects.select_related("workshop"):
        workshop = version.workshop
        barriers = (Barrier.objects.filter(workshop=workshop, hidden=False, due__isnull=False)
                    .exclude(status="resolved").select_related("owner").order_by("due", "pk"))
        recipes = (Recipe.objects.filter(workshop=workshop, hidden=False,
                                         selected_at__isnull=False).order_by("selected_at"))
        version.dates = [
            *(commitment_date(
                workshop=workshop, pk=b.pk, description=b.description, next_step=b.next_step,
                owner=b.owner.name if b.owner_id else b.owner_name, due=b.due,
            ) for b in barriers),
            *(launch_date(
                workshop=workshop, pk=r.pk, action=r.action, trigger=r.trigger,
                audience=r.audience, owner=r.owner, success_metric=r.success_metric,
                why=r.why, launch=r.launch,
            ) for r in recipes),
        ]
        version.save(update_fields=["dates"])


class Migration(migrations.Migration):

    dependencies = [
        ("roadmap", "0001_initial"),
        ("barriers", "0001_initial"),
        ("recipes", "0003_prioritise"),
    ]

    operations = [
        migrations.AddField(
            model_name="roadmapversion",
            name="dates",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(fill_dates, migrations.RunPython.noop),
    ]
