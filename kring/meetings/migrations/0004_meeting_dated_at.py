"""When a meeting's current date was set (planned or last moved): the notice from which
its call, digest (the cases' cut-off) and reminder are timed. Existing meetings take
their creation time, or their last update for a moved one (the best record of the move)."""
import django.utils.timezone
from django.db import migrations, models


def fill_dated_at(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    for meeting in Meeting.objects.all():
        meeting.dated_at = meeting.updated_at if meeting.status == "moved" else meeting.created_at
        meeting.save(update_fields=["dated_at"])


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0003_sent_marks_choice_comment_feed_hash"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="dated_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(fill_dated_at, migrations.RunPython.noop),
    ]
