"""What the pages of several areas share: service errors on a form, the ``?done=`` note
shown after a redirect, re-showing a filing form, and a file sent as an attachment."""

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

# What just happened on the complaint pages (``?done=``), in words.
DONE_MESSAGES = {
    "sent": gettext_lazy("Your message was sent."),
    "withdrawn": gettext_lazy("Your complaint was withdrawn."),
    "too-late": gettext_lazy("The complaint can no longer be withdrawn."),
    "appealed": gettext_lazy("Your appeal was filed. A body without the first panel decides it."),
    "appeal-too-late": gettext_lazy("The decision can no longer be appealed."),
    "closed": gettext_lazy("This browser no longer shows your complaint."),
}


def apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def redirect_done(url, what, anchor=""):
    """Back to ``url``, which then says ``what`` happened (see ``done_message``)."""
    return redirect(f"{url}?{urlencode({'done': what})}" + (f"#{anchor}" if anchor else ""))


def done_message(request, messages=DONE_MESSAGES):
    return messages.get(request.GET.get("done", ""), "")


def initial_from(data, form_class) -> dict:
    """A filing form's values as typed, to show it again (files cannot be kept)."""
    multi = {"cited_provisions"}
    initial = {}
    for name in form_class.base_fields:
        if name in multi:
            initial[name] = data.getlist(name)
        elif name in data:
            initial[name] = data.get(name)
    return initial


def evidence_response(item, filename=None):
    """The file as a download that a browser never runs (the page and the API send it),
    under ``filename`` (the respondent's: ``selectors.respondent_file_name``) or its own."""
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=filename or item.original_name,
        content_type=item.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
