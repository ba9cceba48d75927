"""PostgreSQL statistics of the lessons' school and teaching assignment together (issue 12 §5).

A lesson's assignment decides its school, but PostgreSQL multiplies the two conditions' shares
as if they were independent: with twenty schools, "the school's lessons of the year's
assignments" was estimated at 1,600 rows instead of 32,000, and the query constructor's year of
grades sorted 290,000 rows on disk for a plan made for a few thousand. Functional-dependency
statistics tell the planner (`CREATE STATISTICS … (dependencies)`, used for equality and IN
conditions). Nothing to do on SQLite."""

from django.db import migrations

CREATE = ('CREATE STATISTICS IF NOT EXISTS "gradebook_lesson_school_assignment" (dependencies) '
          'ON "school_id", "assignment_id" FROM "gradebook_lesson"')
DROP = 'DROP STATISTICS IF EXISTS "gradebook_lesson_school_assignment"'


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute('ANALYZE "gradebook_lesson"')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ('gradebook', '0007_grade_school_lesson_value'),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
