"""Vietnamese unless the user chose otherwise; a memo that lives as long as one request.

Django's LocaleMiddleware follows the browser's Accept-Language, and many office computers in
Vietnam run an English browser. Here only the language cookie set by the vi/en switch counts;
everyone else gets settings.LANGUAGE_CODE (Vietnamese).
"""

from django.conf import settings
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class ChosenLanguageMiddleware(MiddlewareMixin):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class RequestMemoMiddleware:
    """What visibility rules read about the signed-in user (teams, plans written) is read once
    per request and forgotten with it (`inspections.models.request_memo`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from inspections.models import request_memo

        with request_memo():
            return self.get_response(request)
