# Encrypts the confidential text columns at rest (kring.core.fields.EncryptedTextField); reversible.

import kring.core.fields
from kring.core.encryption_migrations import encrypt_columns
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('mail', '0001_initial'),
    ]

    operations = [
        encrypt_columns('mail', 'outboxmessage', 'body_html', 'body_text'),
        migrations.AlterField(
            model_name='outboxmessage',
            name='body_html',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='HTML'),
        ),
        migrations.AlterField(
            model_name='outboxmessage',
            name='body_text',
            field=kring.core.fields.EncryptedTextField(verbose_name='text'),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='purged_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='text removed at'),
        ),
    ]
