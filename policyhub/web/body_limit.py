"""Request bodies without a Content-Length (Transfer-Encoding: chunked) are held to the same size limit as
the others: read up to the limit, then refused with 413 instead of being cut short and processed."""
from __future__ import annotations

import io

from flask import Flask, abort, request

TOO_LARGE = "policyhub.body_too_large"
_CHUNK = 64 * 1024


class ChunkedBodyLimit:
    """WSGI middleware: buffer a length-less body up to `limit` bytes; beyond it, mark the request."""

    def __init__(self, wsgi_app, limit_of):
        self.wsgi_app = wsgi_app
        self.limit_of = limit_of

    def __call__(self, environ, start_response):
        limit = self.limit_of()
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if limit is not None and chunked and not environ.get("CONTENT_LENGTH"):
            stream, buf = environ["wsgi.input"], io.BytesIO()
            while buf.tell() <= limit:
                piece = stream.read(min(_CHUNK, limit + 1 - buf.tell()))
                if not piece:
                    break
                buf.write(piece)
            if buf.tell() > limit:
                environ[TOO_LARGE] = True
                buf = io.BytesIO()
            environ["wsgi.input"] = io.BytesIO(buf.getvalue())
            environ["CONTENT_LENGTH"] = str(len(environ["wsgi.input"].getvalue()))
            environ.pop("wsgi.input_terminated", None)
            environ.pop("HTTP_TRANSFER_ENCODING", None)       # the body now has a length
        return self.wsgi_app(environ, start_response)


def _refuse_marked() -> None:
    if request.environ.get(TOO_LARGE):
        abort(413)


def init_body_limit(app: Flask) -> None:
    """Apply MAX_CONTENT_LENGTH to chunked bodies too (413, in JSON on the API)."""
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, lambda: app.config.get("MAX_CONTENT_LENGTH"))
    app.before_request(_refuse_marked)
