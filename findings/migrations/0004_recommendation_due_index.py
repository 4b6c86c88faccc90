# Recommendations in due-date order (tracker, API list): measured with seed_scale/bench.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0003_finding_search_text"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(fields=["due_date", "id"], name="recommendation_due"),
        ),
    ]
