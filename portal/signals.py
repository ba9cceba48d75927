from allauth.account.signals import password_changed, password_reset, user_logged_in
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


@receiver(password_changed)
@receiver(password_reset)
def clear_one_time_password(sender, request, user, **kwargs):
    """A one-time password issued by the school is gone once the user chose their own."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
