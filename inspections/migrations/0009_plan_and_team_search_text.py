from django.db import migrations, models


def fill_search_text(apps, schema_editor):
    from core.text import folded

    InspectionPlan = apps.get_model("inspections", "InspectionPlan")
    for plan in InspectionPlan.objects.only("pk", "code", "title", "theme").iterator():
        InspectionPlan.objects.filter(pk=plan.pk).update(
            search_text=folded(plan.code, plan.title, plan.theme)
        )
    Team = apps.get_model("inspections", "Team")
    for team in Team.objects.only("pk", "name", "decision_number").iterator():
        Team.objects.filter(pk=team.pk).update(
            search_text=folded(team.name, team.decision_number)
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0008_visit_open_by_start")]

    operations = [
        migrations.AddField(
            model_name="inspectionplan",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="team",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
