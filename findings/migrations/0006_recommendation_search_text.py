from django.db import migrations, models


def fill_search_text(apps, schema_editor):
    from core.text import folded

    Recommendation = apps.get_model("findings", "Recommendation")
    for recommendation in Recommendation.objects.only("pk", "action").iterator():
        Recommendation.objects.filter(pk=recommendation.pk).update(
            search_text=folded(recommendation.action)
        )


class Migration(migrations.Migration):
    dependencies = [("findings", "0005_list_indexes")]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
