"""The charts' tables of figures against the hand-worked school: the distribution of period
grades is headed by the mark (it was headed «Класс» / «Параллель»: the msgid "Grade" is the
school grade in the catalogs)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from journal.register.models import ClassGroup
from journal.reports.charts import achievement_charts
from journal.reports.selectors import achievement_summary

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_marks_chart_counts_the_period_grades_under_the_mark(report_school, language):
    s = report_school
    with translation.override(language):
        summary = achievement_summary(school=s.school, period=s.period, classes=ClassGroup.objects.all())
        marks = next(c for c in achievement_charts(summary) if c["id"] == "chart-marks")
        class_words = {gettext("Class"), pgettext("grade level", "Grade"), gettext("Grade")}
        assert str(marks["first_column"]) not in class_words
        # 5 «А»: 5 5 | 5 4 | 4 3 | 2 4 | н/а | 4 4 and 5 «Б»: 5 4 3 3
        assert [str(label) for label, _values in marks["rows"]] == ["5", "4", "3", "2", "1", "н/а"]
        assert [values for _label, values in marks["rows"]] == [[4], [6], [3], [1], [0], [1]]
