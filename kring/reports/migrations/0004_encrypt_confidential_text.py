# Encrypts the confidential text columns at rest (kring.core.fields.EncryptedTextField); reversible.

import kring.core.fields
from kring.core.encryption_migrations import encrypt_columns
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_case_part_approval_requested_at'),
    ]

    operations = [
        encrypt_columns('reports', 'attendance', 'learning_goals'),
        encrypt_columns('reports', 'attendancesheet', 'topics'),
        encrypt_columns('reports', 'evaluationanswer', 'comment'),
        encrypt_columns('reports', 'report', 'phases', 'summary', 'yields'),
        encrypt_columns('reports', 'reportcasepart', 'advice', 'intended_action', 'learning_points', 'question'),
        migrations.AlterField(
            model_name='attendance',
            name='learning_goals',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='my learning goals'),
        ),
        migrations.AlterField(
            model_name='attendancesheet',
            name='topics',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='topics'),
        ),
        migrations.AlterField(
            model_name='evaluationanswer',
            name='comment',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='comment'),
        ),
        migrations.AlterField(
            model_name='report',
            name='phases',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='phases and notes'),
        ),
        migrations.AlterField(
            model_name='report',
            name='summary',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='meeting details'),
        ),
        migrations.AlterField(
            model_name='report',
            name='yields',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='yields'),
        ),
        migrations.AlterField(
            model_name='reportcasepart',
            name='advice',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='advice'),
        ),
        migrations.AlterField(
            model_name='reportcasepart',
            name='intended_action',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='what the case bringer will do'),
        ),
        migrations.AlterField(
            model_name='reportcasepart',
            name='learning_points',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='learning points'),
        ),
        migrations.AlterField(
            model_name='reportcasepart',
            name='question',
            field=kring.core.fields.EncryptedTextField(blank=True, verbose_name='the question'),
        ),
    ]
