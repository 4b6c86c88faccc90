from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def due_phrase(recommendation, today) -> str:
    """ "12 days left", "due today" or "5 days overdue" for a pending recommendation."""
    if recommendation.status not in ("open", "reported"):
        return ""
    days = (recommendation.due_date - today).days
    if days > 0:
        return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}
    if days == 0:
        return _("due today")
    return ngettext("%(days)d day overdue", "%(days)d days overdue", -days) % {"days": -days}
