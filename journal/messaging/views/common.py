"""Helpers the communication views share."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from ..forms import ReportForm


def form_error(form, exc: ValidationError):
    """Put a service's refusal on the form (nothing was written)."""
    for message in exc.messages:
        form.add_error(None, message)


def flash_error(request, exc: ValidationError):
    for message in exc.messages:
        flash.error(request, message)


def run_and_redirect(request, action, success_message, to):
    """Run a service (a POST without a page of its own), flash its refusal or the success, go back."""
    try:
        action()
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        flash.success(request, success_message)
    return redirect(to)


def report_reason(request):
    form = ReportForm(request.POST)
    form.is_valid()
    return form.cleaned_data.get("reason")
