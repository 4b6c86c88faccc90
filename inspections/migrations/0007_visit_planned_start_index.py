# Visits in date order (lists, exports) and by period (dashboard): measured with seed_scale/bench.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0006_seed_criteria"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(fields=["planned_start", "id"], name="visit_planned_start"),
        ),
    ]
