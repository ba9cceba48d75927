from .views import healthz


class HealthCheckMiddleware:
    """Answers /healthz first: no HTTPS redirect, no host check (a load balancer asks by IP), no
    session, and no other middleware's database query in the way of the 503 when the database is
    down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return healthz(request)
        return self.get_response(request)
