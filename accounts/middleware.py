"""Vietnamese unless the user chose otherwise; nothing behind sign-in kept by the browser.

Django's LocaleMiddleware follows the browser's Accept-Language, and many office computers in
Vietnam run an English browser. Here only the language cookie set by the vi/en switch counts;
everyone else gets settings.LANGUAGE_CODE (Vietnamese).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
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


class PrivateResponsesMiddleware:
    """Nothing behind sign-in is kept by the browser or a proxy.

    On a shared office computer, the back button or the browser cache would otherwise show
    the previous user's pages, API answers, evidence and PDFs after sign-out. Every answer to a
    signed-in request (session or API token) is `Cache-Control: private, no-store` and varies
    by Cookie; public answers (the sign-in page, static files) are left as they are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.headers.get("Authorization"):
            response["Cache-Control"] = "private, no-store"
            patch_vary_headers(response, ["Cookie"])
        return response
