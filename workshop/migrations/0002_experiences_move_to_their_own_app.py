"""The connected-experiences board moved to the `experiences` app. Its tables are
renamed, rows kept; experiences.0001_initial takes the models over in Django's state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("workshop", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("experiencerating", "experiences_experiencerating"),
                migrations.AlterModelTable("experience", "experiences_experience"),
            ],
            state_operations=[
                migrations.DeleteModel("ExperienceRating"),
                migrations.DeleteModel("Experience"),
            ],
        ),
    ]
