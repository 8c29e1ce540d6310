from django.db import migrations, models

SEED = ("Buy milk", "Write the report", "Call the plumber")


def seed(apps, schema_editor):
    Todo = apps.get_model("todos", "Todo")
    Todo.objects.bulk_create(Todo(title=title) for title in SEED)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Todo",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=80)),
                ("done", models.BooleanField(default=False)),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
