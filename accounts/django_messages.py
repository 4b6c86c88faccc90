"""Django's own messages that its Vietnamese catalogue leaves untranslated.

Naming them here with gettext_noop puts them into our catalogue (locale/vi), which takes
precedence over Django's, so users never see an English error in the Vietnamese interface.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Enter a valid UUID."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
    gettext_noop("Date out of range"),
    gettext_noop("“%(value)s” value must be an integer."),
    gettext_noop("“%(value)s” value must be either True or False."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("This is not a valid IPv6 address."),
    gettext_noop(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: "
        "%(allowed_extensions)s."
    ),
]

# Django 5.2 changed this msgid (%d instead of %(min_length)d); its catalogue has only the old one.
PLURAL_MESSAGES = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]
