from django.db import migrations, models


def fill_search_text(apps, schema_editor):
    from core.text import folded

    Notification = apps.get_model("accounts", "Notification")
    for notification in Notification.objects.only("pk", "title", "body").iterator():
        Notification.objects.filter(pk=notification.pk).update(
            search_text=folded(notification.title, notification.body)
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_user_search_text")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
