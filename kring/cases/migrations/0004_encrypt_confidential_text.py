# Encrypts the confidential text columns at rest (kring.core.fields.EncryptedTextField); reversible.

import kring.core.fields
from kring.core.encryption_migrations import encrypt_columns
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_alter_case_question_alter_case_situation_and_more'),
    ]

    operations = [
        encrypt_columns('cases', 'case', 'question', 'situation', 'wish'),
        migrations.AlterField(
            model_name='case',
            name='question',
            field=kring.core.fields.EncryptedTextField(max_length=2000, verbose_name='the question'),
        ),
        migrations.AlterField(
            model_name='case',
            name='situation',
            field=kring.core.fields.EncryptedTextField(max_length=10000, verbose_name='the situation'),
        ),
        migrations.AlterField(
            model_name='case',
            name='wish',
            field=kring.core.fields.EncryptedTextField(blank=True, max_length=2000, verbose_name='what you want from the group'),
        ),
    ]
