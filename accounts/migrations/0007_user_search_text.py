from django.db import migrations, models


def fill_search_text(apps, schema_editor):
    from core.text import folded

    User = apps.get_model("accounts", "User")
    for user in User.objects.only("pk", "full_name", "username", "title").iterator():
        User.objects.filter(pk=user.pk).update(
            search_text=folded(user.full_name, user.username, user.title)
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_user_vietnamese_order")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
