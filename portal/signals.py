from allauth.account.signals import user_logged_in
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from .access import school_for_request
from .models import Visit


@receiver(user_logged_in)
def count_login(sender, request, user, **kwargs):
    today = timezone.localdate()
    if not Visit.objects.filter(user=user, date=today).update(logins=F("logins") + 1):
        Visit.objects.get_or_create(
            user=user, date=today, defaults={"logins": 1, "school": school_for_request(request)}
        )
