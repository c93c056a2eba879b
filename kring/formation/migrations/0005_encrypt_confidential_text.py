# Encrypts the confidential text columns at rest (kring.core.fields.EncryptedTextField); reversible.

import kring.core.fields
from kring.core.encryption_migrations import encrypt_columns
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('formation', '0004_capacity_per_year'),
    ]

    operations = [
        encrypt_columns('formation', 'application', 'motivation'),
        migrations.AlterField(
            model_name='application',
            name='motivation',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='motivation'),
        ),
    ]
