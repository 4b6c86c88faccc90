from django.db import migrations, models


def fill_search_text(apps, schema_editor):
    from core.text import folded

    Evidence = apps.get_model("findings", "Evidence")
    for evidence in Evidence.objects.only("pk", "original_name", "caption").iterator():
        Evidence.objects.filter(pk=evidence.pk).update(
            search_text=folded(evidence.original_name, evidence.caption)
        )


class Migration(migrations.Migration):
    dependencies = [("findings", "0006_recommendation_search_text")]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
