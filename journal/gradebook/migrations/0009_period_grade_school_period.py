"""A school's period grades of a period, with their marks, in one index (issue 12 §5): the
school's quarter report reads the school's part of this index alone (an index-only scan) instead
of every period grade of the school through the school index, filtered by period. It takes the
place of the period grade's school index (its leading column serves every lookup by school).
Only that index is dropped: Django's own AlterField would drop and re-add the foreign key."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('gradebook', '0008_lesson_school_assignment_statistics'),
        ('portal', '0005_visit_diary_views'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='periodgrade',
            index=models.Index(fields=['school', 'period', 'kind', 'assignment', 'student'],
                               include=['value', 'special'], name='period_grade_school_period'),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='periodgrade',
                    name='school',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='portal.school'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "gradebook_periodgrade_school_id_2e1bce88"',
                    reverse_sql='CREATE INDEX "gradebook_periodgrade_school_id_2e1bce88" ON "gradebook_periodgrade" ("school_id")',
                ),
            ],
        ),
    ]
