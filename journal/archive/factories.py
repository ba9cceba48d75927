"""Factories of the archive app (tests and demo)."""

import factory

from journal.register.factories import AcademicYearFactory

from .models import ArchiveState, YearArchive


class YearArchiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearArchive

    year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("year.school")
    version = factory.Sequence(lambda n: n + 1)
    state = ArchiveState.DONE
