"""Helpers every communication service shares: the rate limit and the signal after commit."""

import time

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _


def check_rate(user, kind, limit, *, window=60):
    """Refuse the (limit+1)-th write of `kind` by the user within a minute (Django's cache: with
    several workers it must be a shared cache, as for the login limits)."""
    key = f"mektep:rate:{kind}:{user.pk}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        raise ValidationError(
            _("You are sending too fast: at most %(n)s a minute. Wait a minute and try again.") % {"n": limit},
            code="rate_limited",
        )


def send_after_commit(signal, sender, **kwargs):
    """Send `signal` once the current transaction commits (at once without one)."""
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))


def refuse(message, code="forbidden"):
    raise ValidationError(message, code=code)
