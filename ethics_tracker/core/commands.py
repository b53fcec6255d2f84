"""What management commands share: naming the acting user, and showing progress."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def user_named(username: str | None, *, required: bool = False, active: bool = False):
    """The account called ``username`` (None when no name was given and none is required);
    ``CommandError`` when there is no such account."""
    if not username:
        if required:
            raise CommandError("name the user who acts (--user USERNAME)")
        return None
    users = get_user_model().objects.filter(username=username)
    if active:
        users = users.filter(is_active=True)
    found = users.first()
    if found is None:
        raise CommandError(f"No {'active ' if active else ''}user named {username}.")
    return found


class Progress:
    """``done/total what`` on one line of stderr, rewritten as work advances.

    ``command``: the running ``BaseCommand`` (its stderr and verbosity); silent at
    verbosity 0. Call the object with the count done so far.
    """

    def __init__(self, command, *, total: int, verb: str, noun: str):
        self.command, self.total, self.verb, self.noun = command, total, verb, noun
        self.shown = command.verbosity >= 1 if hasattr(command, "verbosity") else True

    def __call__(self, done: int, *_details) -> None:
        if not self.shown:
            return
        done = min(done, self.total)
        self.command.stderr.write(f"{self.verb} {done}/{self.total} {self.noun}", ending="\r")
        if done >= self.total:
            self.command.stderr.write("")
