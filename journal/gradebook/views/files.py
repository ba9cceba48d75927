"""The homework attachment of a lesson: private storage, sent only to those the access policy
names (the class's students and parents, its teachers, the administration)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.cache import never_cache

from portal import access, private_files


@never_cache
@login_required
def homework_file(request, pk):
    school = access.school_for_request(request)
    lesson = access.get_or_404(access.homework_lessons(request.user, school), pk=pk)
    return private_files.send(lesson.homework_file)
