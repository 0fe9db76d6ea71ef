"""Calling moto 5.2.1's WSGI app from inside the middleware.

Emulates nothing; it is how emulations pass a call on to moto, change moto's answer, or look something up in moto
(e.g. a DescribeTable to check that a table exists). Look-ups go straight to moto: they are not counted and no
fault applies to them (README.md: "the middleware's own look-ups into moto are not" counted).
"""

import io
import json
import sys
import urllib.parse

from .protocol import access_key_from_auth, region_from_auth
from .responses import status_line


class MotoBridge:
    def __init__(self, moto_app):
        self.app = moto_app

    def __call__(self, environ, start_response):
        """Let moto answer the call as it is."""
        return self.app(environ, start_response)

    def call(self, environ):
        """Moto's answer to `environ`, whole: (status line as moto wrote it, headers, body bytes)."""
        captured = {}

        def sr(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = headers
            return lambda data: None

        chunks = self.app(environ, sr)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return captured["status"], captured["headers"], body

    def call_status(self, environ):
        """As `call`, with the status as an int."""
        status, headers, body = self.call(environ)
        return int(status.split()[0]), headers, body

    def json(self, req, operation, payload, target_prefix="DynamoDB_20120810"):
        """A JSON call to moto with `req`'s credentials, bypassing counting and faults: (status, parsed body)."""
        env = internal_environ(req, json.dumps(payload).encode("utf-8"), "application/x-amz-json-1.0")
        env["HTTP_X_AMZ_TARGET"] = "%s.%s" % (target_prefix, operation)
        status, _headers, out = self.call_status(env)
        try:
            data = json.loads(out.decode("utf-8")) if out else {}
        except ValueError:
            data = {}
        return status, data

    def query(self, req, form):
        """`req`, an awsQuery call, sent to moto with the parameters `form` instead (not counted, no faults):
        (status, headers, body)."""
        body = urllib.parse.urlencode(form).encode("utf-8")
        return self.call_status(internal_environ(req, body, "application/x-www-form-urlencoded; charset=utf-8"))

    def passthrough_with(self, req, start_response, rewrite):
        """Call moto, let `rewrite(status, payload)` change a JSON answer (None: keep it), return it."""
        status, headers, body = self.call_status(req.environ)
        try:
            payload = json.loads(body.decode("utf-8")) if body else None
        except ValueError:
            payload = None
        if payload is not None:
            new = rewrite(status, payload)
            if new is not None:
                body = json.dumps(new).encode("utf-8")
        return answer_with_body(start_response, status, headers, body, ("content-length", "x-amz-crc32"))


def moto_backend(backends, req):
    """The moto backend (e.g. `cloudwatch_backends`) of the caller's account and region (from its SigV4 header)."""
    return backends[account_of(req)][region_from_auth(req.environ.get("HTTP_AUTHORIZATION"))]


def account_of(req):
    """The moto account of the caller's access key (123456789012 for `testing`)."""
    from moto.iam.models import get_account_id_from
    key = access_key_from_auth(req.environ.get("HTTP_AUTHORIZATION", ""))
    return get_account_id_from(key) if key else "123456789012"


def internal_environ(req, body, content_type):
    """A WSGI environ for a call into moto with `req`'s credentials and headers, and this body."""
    env = {k: v for k, v in req.environ.items() if not k.startswith("wsgi.")}
    env.update({
        "wsgi.input": io.BytesIO(body), "wsgi.errors": req.environ.get("wsgi.errors", sys.stderr),
        "wsgi.url_scheme": "http", "wsgi.version": (1, 0), "wsgi.multithread": True,
        "wsgi.multiprocess": False, "wsgi.run_once": False,
        "REQUEST_METHOD": "POST", "PATH_INFO": "/", "QUERY_STRING": "",
        "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": content_type,
    })
    env.pop("HTTP_CONTENT_ENCODING", None)
    return env


def answer_with_body(start_response, status, headers, body, drop=("content-length",)):
    """Answer with moto's status and headers but another body: headers in `drop` (lower case) go, the length is new."""
    headers = [(k, v) for (k, v) in headers if k.lower() not in drop]
    headers.append(("Content-Length", str(len(body))))
    start_response(status_line(status), headers)
    return [body]
