from allauth.account.adapter import DefaultAccountAdapter


class SchoolAccountAdapter(DefaultAccountAdapter):
    """Accounts are issued by the school: no public sign-up."""

    def is_open_for_signup(self, request):
        return False
