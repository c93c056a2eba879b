"""Marks for the call and the reminder (sent once, however many tasks run), a comment per
poll date, and calendar-feed tokens stored as a SHA-256 hash only.

Existing feed tokens are hashed in place, so addresses people already subscribed to keep
working; the plaintext is gone from the database afterwards. Going back cannot restore the
plaintext: the reverse leaves the hashes, which switches every existing address off."""
import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("meetings", "CalendarFeed")
    for feed in CalendarFeed.objects.all():
        feed.token = hashlib.sha256(feed.token.encode()).hexdigest()
        feed.save(update_fields=["token"])


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0002_meeting_agenda_meeting_digest_sent_at_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="call_sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="meeting",
            name="reminder_sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="pollchoice",
            name="comment",
            field=models.CharField(blank=True, max_length=300, verbose_name="comment on this date"),
        ),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.RenameField(
            model_name="calendarfeed",
            old_name="token",
            new_name="token_hash",
        ),
    ]
