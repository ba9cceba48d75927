from .navigation import app_menu


def portal(request):
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}
    return {"app_menu": lambda: app_menu(request)}
