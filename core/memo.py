"""A memo that lives as long as one request.

Visibility rules read a few facts about the signed-in user (the teams they sit on, the plans
they wrote) many times per page; `RequestMemoMiddleware` opens a memo for the request and
`remembered` keeps such facts in it. Outside a request (services, tasks, the shell) nothing is
kept and every call reads afresh, so a long-running task never sees stale rights.
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

_memo: ContextVar[dict | None] = ContextVar("congvu_request_memo", default=None)

T = TypeVar("T")


@contextmanager
def request_memo():
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered(key, compute: Callable[[], T]) -> T:
    """`compute()` once per request for `key`; every call outside a request computes afresh."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_memo():
            return self.get_response(request)
