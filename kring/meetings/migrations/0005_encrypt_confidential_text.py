# Encrypts the confidential text columns at rest (kring.core.fields.EncryptedTextField); reversible.

import kring.core.fields
from kring.core.encryption_migrations import encrypt_columns
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_meeting_dated_at'),
    ]

    operations = [
        # A token is longer than the 300 characters of the old column: plain text type first.
        migrations.AlterField(
            model_name='pollchoice',
            name='comment',
            field=models.TextField(blank=True, verbose_name='comment on this date'),
        ),
        encrypt_columns('meetings', 'pollchoice', 'comment'),
        encrypt_columns('meetings', 'pollresponse', 'comment'),
        migrations.AlterField(
            model_name='pollchoice',
            name='comment',
            field=kring.core.fields.EncryptedTextField(blank=True, max_length=300, verbose_name='comment on this date'),
        ),
        migrations.AlterField(
            model_name='pollresponse',
            name='comment',
            field=kring.core.fields.EncryptedTextField(blank=True, max_length=2000, verbose_name='comment'),
        ),
    ]
