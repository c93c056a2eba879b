# Encrypts the confidential text columns at rest (kring.core.fields.EncryptedTextField); reversible.

import kring.core.fields
from kring.core.encryption_migrations import encrypt_columns
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('live', '0003_livesession_controls_handed_over'),
    ]

    operations = [
        encrypt_columns('live', 'chosencase', 'intended_action', 'question'),
        encrypt_columns('live', 'entry', 'text'),
        encrypt_columns('live', 'groupagreements', 'text'),
        encrypt_columns('live', 'yieldentry', 'text'),
        migrations.AlterField(
            model_name='chosencase',
            name='intended_action',
            field=kring.core.fields.EncryptedTextField(blank=True, max_length=4000, verbose_name='what I will do'),
        ),
        migrations.AlterField(
            model_name='chosencase',
            name='question',
            field=kring.core.fields.EncryptedTextField(verbose_name='question'),
        ),
        migrations.AlterField(
            model_name='entry',
            name='text',
            field=kring.core.fields.EncryptedTextField(max_length=4000),
        ),
        migrations.AlterField(
            model_name='groupagreements',
            name='text',
            field=kring.core.fields.EncryptedTextField(max_length=5000, verbose_name='agreements'),
        ),
        migrations.AlterField(
            model_name='yieldentry',
            name='text',
            field=kring.core.fields.EncryptedTextField(max_length=4000, verbose_name='my yield'),
        ),
    ]
