"""API throttling: per user, per anonymous address, and tighter scopes for expensive calls.

Rates live in `settings.API_THROTTLE_RATES` (from the environment, see README) and are read at
each request, so tests and deployments can change them without touching DRF's class attributes.
A rate of None switches that throttle off. Guessing API tokens is limited separately, in
`accounts.api_auth`, because DRF authenticates before it throttles.
"""

from django.conf import settings
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)


class _RateFromSettings(SimpleRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_RateFromSettings, AnonRateThrottle):
    """Calls without an account, per client address."""

    scope = "anon"


class UserThrottle(_RateFromSettings, UserRateThrottle):
    """Every call of one signed-in user (or address, for anonymous calls)."""

    scope = "user"


class SearchThrottle(_RateFromSettings, UserRateThrottle):
    """List calls that search: accent-folded text search scans large tables."""

    scope = "search"

    def allow_request(self, request, view):
        if not (request.query_params.get("search") or request.query_params.get("q")):
            return True
        return super().allow_request(request, view)


class ActionScopedThrottle(_RateFromSettings, ScopedRateThrottle):
    """A named scope for some actions of a view: `throttle_scopes = {"create": "exports"}`."""

    def allow_request(self, request, view):
        scopes = getattr(view, "throttle_scopes", {})
        self.scope = scopes.get(getattr(view, "action", None))
        if not self.scope:
            return True
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return SimpleRateThrottle.allow_request(self, request, view)
