"""Consent to keep personal data (R-I15, Law of the Kyrgyz Republic No. 58 "On personal
information"): recording and withdrawal."""

from django.db import transaction
from django.utils import timezone

from journal.register.models import Consent, ConsentScope


@transaction.atomic
def consent_record(*, person, given_by, given_on, scope=ConsentScope.REGISTER, given_by_relation="",
                   document=None, recorded_by=None):
    """Record a written consent for a student, parent or staff member."""
    consent = Consent(
        school=person.school, given_by=given_by.strip(), given_by_relation=given_by_relation.strip(),
        given_on=given_on, scope=scope, recorded_by=recorded_by, **{Consent.subject_field(person): person},
    )
    if document:
        consent.document = document
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent, on=None):
    """The person withdrew their consent (from `on`, today by default): from then on their
    personal fields are hidden again."""
    consent.withdrawn_on = on or timezone.localdate()
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on"])
    return consent
