"""Token authentication that answers 401 with a challenge and limits token guessing.

- A wrong or revoked token answers 401 with `WWW-Authenticate: Token`, as RFC 7235 asks; a
  browser session without a CSRF token still gets 403 (SessionAuthentication).
- Each wrong token counts against the client address; past `API_TOKEN_FAILURES` (e.g.
  "20/hour") every token from that address answers 429 until the window ends, so a token
  cannot be found by trying.
"""

from django.conf import settings
from django.core.cache import cache
from rest_framework import authentication, exceptions
from rest_framework.throttling import SimpleRateThrottle


def _ident(request) -> str:
    # DRF's own notion of the client address (honours NUM_PROXIES).
    return _IdentOnly().get_ident(request)


class _IdentOnly(SimpleRateThrottle):
    rate = "1/s"  # never used: only get_ident is called


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        limit = settings.API_TOKEN_FAILURES
        key = f"token-failures:{_ident(request)}"
        if limit:
            allowed, window = SimpleRateThrottle.parse_rate(None, limit)
            if cache.get(key, 0) >= allowed:
                raise exceptions.Throttled(wait=window)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            if limit:
                cache.add(key, 0, timeout=window)
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, timeout=window)
            raise
