"""The grades of a school in the order of its lessons, with their values, in one index (issue 12
§5): the year's grades by class and subject are read from this index alone (an index-only scan
of the school's part), so with twenty schools in one database the query constructor reads no more
than with one, however the schools' rows are interleaved in the table. It takes the place of the
grade's school index (its leading column serves every lookup by school). Only that index is
dropped: Django's own AlterField would drop and re-add the foreign key, re-checking every grade
(and rebuild the table on SQLite)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('gradebook', '0006_drop_redundant_fk_indexes'),
        ('portal', '0005_visit_diary_views'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='grade',
            index=models.Index(fields=['school', 'lesson', 'value'], name='grade_school_lesson_value'),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='grade',
                    name='school',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='portal.school'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "gradebook_grade_school_id_2c0d323a"',
                    reverse_sql='CREATE INDEX "gradebook_grade_school_id_2c0d323a" ON "gradebook_grade" ("school_id")',
                ),
            ],
        ),
    ]
