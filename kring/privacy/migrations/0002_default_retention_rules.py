"""The default retention periods and their sources (docs/privacy-retention.md says more)."""
from django.db import migrations

DEFAULTS = [
    ("outbox_bodies", 30, "GDPR art. 5(1)(c) and (e), data minimisation and storage limitation: a delivered "
     "mail's text is kept 30 days for questions about delivery, then only its headers and status."),
    ("cases", 90, "GDPR art. 5(1)(e): a case serves its meeting and the report's approval; 90 days after "
     "the meeting the report holds what the case bringer approved."),
    ("notes", 90, "GDPR art. 5(1)(e): live notes, advice and learning points serve the report and the "
     "look-back at the next meetings; 90 days after the meeting."),
    ("reports", 730, "Decision of Kring (GDPR art. 5(1)(e)): a report supports the group's follow-up for "
     "two years; attendance, which registers ask for, is kept separately as evidence."),
    ("evaluations", 365, "Decision of Kring (GDPR art. 5(1)(e)): anonymous evaluation answers feed the "
     "yearly review of a group; one year after the meeting."),
    ("sessions", 1, "GDPR art. 5(1)(e): an expired sign-in session has no use; removed a day after expiry."),
    ("task_results", 30, "GDPR art. 5(1)(e): results of finished background tasks (which may name "
     "meetings and people) are kept 30 days for troubleshooting."),
    ("access_log", 1827, "NEN 7513:2018: the log of who read confidential health data is kept five years."),
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for kind, days, source in DEFAULTS:
        RetentionRule.objects.get_or_create(kind=kind, defaults={"days": days, "source": source})


def unseed(apps, schema_editor):
    apps.get_model("privacy", "RetentionRule").objects.filter(kind__in=[k for k, _, _ in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_retention_and_erasure")]
    operations = [migrations.RunPython(seed, unseed)]
