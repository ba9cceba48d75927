"""The teacher's start page: today's lessons, own class journals, the homeroom class."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from portal import access

from ..selectors.lessons import homeroom_classes, teacher_assignments, teacher_lessons_on


@never_cache
@login_required
def teacher_home(request):
    school = access.school_for_request(request)
    today = timezone.localdate()
    context = {
        "today": today,
        "lessons": teacher_lessons_on(request.user, school, today),
        "assignments": teacher_assignments(request.user, school),
        "homerooms": homeroom_classes(request.user, school),
        "is_reader": access.is_school_reader(request.user, school),
    }
    return render(request, "journal/gradebook/teacher_home.html", context)
