"""factory_boy factories of the query constructor (tests and demo)."""

import factory
from factory.django import DjangoModelFactory

from journal.register import factories as register

from . import models


class SavedQueryFactory(DjangoModelFactory):
    """A saved query; `spec` holds the constructor's parameters as lists of strings, e.g.
    {"dataset": ["grades"], "group_by": ["class", "subject"], "aggregates": ["average"]}."""

    class Meta:
        model = models.SavedQuery

    school = factory.SubFactory(register.SchoolFactory)
    owner = factory.SubFactory(register.UserFactory)
    name = factory.Sequence(lambda n: f"Суроо {n + 1}")
    dataset = factory.LazyAttribute(lambda o: o.spec.get("dataset", ["students"])[0])
    spec = factory.LazyFunction(lambda: {"dataset": ["students"]})
    shared = False
