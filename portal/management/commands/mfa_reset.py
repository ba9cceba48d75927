"""Remove a user's authenticator app and recovery codes (a lost phone): `manage.py mfa_reset LOGIN`.

A user who must use two-factor authentication is asked to set it up again at the next login."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Remove a user's two-factor authenticators (TOTP and recovery codes)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        deleted, _ = Authenticator.objects.filter(user=user).delete()
        self.stdout.write(f"{username}: {deleted} authenticator(s) removed.")
