"""Request ids on every log line, and e-mail addresses kept out of the logs.

RequestIdMiddleware takes the X-Request-ID a proxy sent (when it looks like an id) or
makes one, keeps it in a context variable for the length of the request and echoes it in
the response. RequestIdFilter puts it on every log record (``%(request_id)s``), so the
lines one request wrote can be found together; outside a request it is "-".
RedactEmailFilter replaces anything shaped like an e-mail address in a record's message
and arguments: a safety net, as no code is meant to log one (nor a question's body)."""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

request_id = contextvars.ContextVar("request_id", default="-")

# Letters, digits and a few separators, up to 128 characters: what proxies and load
# balancers send (UUIDs, hex strings). Anything else is replaced, so that a client cannot
# write arbitrary text (new lines, fake log lines) into the logs through this header.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{8,128}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        request_id.set(rid)
        response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response


def _forget_request_id(**kwargs):
    # Not reset in the middleware itself: Django logs an error response ("Not Found: …")
    # after the middleware has returned, and that line needs the id too.
    request_id.set("-")


request_finished.connect(_forget_request_id, dispatch_uid="machinery.logs.forget_request_id")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


# Bounded parts (RFC 5321: 64 characters before the @, 63 a label): with unbounded ones
# the search is quadratic, and one long address in a log line would stall the worker.
EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
REDACTED = "[e-mail]"


def _redact(value):
    if isinstance(value, str):
        return EMAIL.sub(REDACTED, value)
    return value


class RedactEmailFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redact(value) for key, value in record.args.items()}
        # Non-string arguments (an exception, a model instance) are rendered by the
        # formatter; check the finished message too, and freeze it if it needed redacting.
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        if EMAIL.search(message):
            record.msg, record.args = _redact(message), None
        if record.exc_info and not record.exc_text:
            # A database error quotes the row it refused ("Key (email)=(…) exists").
            record.exc_text = _redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = _redact(record.exc_text)
        return True
