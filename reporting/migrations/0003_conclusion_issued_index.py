# Conclusions newest issue first (conclusion list): measured with seed_scale/bench.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_exportjob"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="conclusion",
            index=models.Index(fields=["issued_on", "number"], name="conclusion_issued_number"),
        ),
    ]
