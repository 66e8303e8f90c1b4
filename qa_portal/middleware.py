from django.http import HttpResponseBadRequest


class RejectNullBytesMiddleware:
    """A NUL byte in the path or the query string would reach PostgreSQL, which refuses it
    with an error (a 500). No real link contains one: answer 400 at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        return self.get_response(request)
