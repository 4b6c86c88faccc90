from django.db import migrations, models


def fill_search_text(apps, schema_editor):
    from core.text import folded

    ContentArea = apps.get_model("inspections", "ContentArea")
    for area in ContentArea.objects.only("pk", "short_title", "title").iterator():
        ContentArea.objects.filter(pk=area.pk).update(
            search_text=folded(area.short_title, area.title)
        )
    Criterion = apps.get_model("inspections", "Criterion")
    for criterion in Criterion.objects.only("pk", "title", "guidance").iterator():
        Criterion.objects.filter(pk=criterion.pk).update(
            search_text=folded(criterion.title, criterion.guidance)
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0009_plan_and_team_search_text")]

    operations = [
        migrations.AddField(
            model_name="contentarea",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="criterion",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
