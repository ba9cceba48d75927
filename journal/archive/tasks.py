"""Background work of the archive (django-tasks: the immediate backend in tests, a database
backend and a worker in production)."""

from django_tasks import task

from .models import YearArchive
from .services.archive import archive_build


@task()
def build_year_archive(archive_id, language="ky"):
    archive = YearArchive.objects.filter(pk=archive_id).first()
    if archive is None:
        return None
    archive_build(archive=archive, language=language)
    return archive.pk
