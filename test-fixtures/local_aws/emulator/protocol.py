"""Reading an incoming AWS call: which service, which operation, in which protocol, with which parameters.

Emulates nothing by itself; every emulation reads its calls through `Request`. What it relies on:

* The service is the signing name in the SigV4 `Authorization` header's credential scope
  (`Credential=AKID/20250101/us-east-1/dynamodb/aws4_request`; AWS General Reference, "Signature Version 4").
* The operation comes from `X-Amz-Target: <Prefix>.<Operation>` (AWS JSON 1.0/1.1 protocols), the `Action` form or
  query field (awsQuery protocol), or the URL's `/service/<Service>/operation/<Operation>` (Smithy RPC v2 CBOR,
  which boto3 now uses for CloudWatch). Anything else is "rest", keyed by method and path.
* Timestamps: awsQuery sends ISO 8601, the JSON protocols epoch seconds (Smithy "timestampFormat" defaults).
* `AwsError` is an error to answer in the caller's protocol (see responses.error_response).
"""

import datetime
import gzip
import io
import json
import re
import urllib.parse


class AwsError(Exception):
    """An AWS error answer: HTTP status, error code, message, and extra members for a JSON error body."""

    def __init__(self, status, code, message, extra=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra or {}


class Request:
    """What the middleware needs to know about one incoming AWS call."""

    def __init__(self, environ):
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET")
        self.path = environ.get("PATH_INFO", "")
        self.body = read_body(environ)
        # moto reads the body again: give it a fresh stream of the same bytes.
        environ["wsgi.input"] = io.BytesIO(self.body)
        environ["CONTENT_LENGTH"] = str(len(self.body))
        self.target = environ.get("HTTP_X_AMZ_TARGET")
        self.content_type = environ.get("CONTENT_TYPE", "") or ""
        self.service = service_from_auth(environ.get("HTTP_AUTHORIZATION"))
        self.form = {}
        self.json = None
        self.protocol = None  # "json", "query", "cbor", "rest"
        self.operation = None
        if self.target:
            self.protocol = "json"
            self.operation = self.target.split(".", 1)[-1]
            if self.service is None:
                prefix = self.target.split(".", 1)[0]
                if prefix.startswith("DynamoDB"):
                    self.service = "dynamodb"
        elif environ.get("HTTP_SMITHY_PROTOCOL", "").startswith("rpc-v2-cbor") or "/operation/" in self.path:
            self.protocol = "cbor"
            self.operation = self.path.rstrip("/").rsplit("/", 1)[-1]
        else:
            text = self._decoded_body_text()
            if self.content_type.startswith("application/x-www-form-urlencoded") and text:
                self.form = dict(urllib.parse.parse_qsl(text, keep_blank_values=True))
            qs = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
            action = self.form.get("Action") or qs.get("Action")
            if action:
                self.protocol = "query"
                self.operation = action
                if not self.form:
                    self.form = qs
            else:
                self.protocol = "rest"
                self.operation = "%s %s" % (self.method, self.path)
        if self.service is None:
            self.service = "unknown"

    def _decoded_body_text(self):
        body = self.body
        if self.environ.get("HTTP_CONTENT_ENCODING", "").lower() == "gzip" and body:
            try:
                body = gzip.decompress(body)
            except OSError:
                pass
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return ""

    def json_body(self):
        if self.json is None:
            text = self._decoded_body_text()
            try:
                self.json = json.loads(text) if text.strip() else {}
            except ValueError:
                self.json = {}
        return self.json

    def match_text(self):
        """The text a fault's `match` pattern is searched in: the body as the caller sent it, gunzipped, as UTF-8 text;
        for awsQuery the form-encoded body (or query string) percent-decoded (`Action=PutItem&TableName=orders`);
        for CBOR and rest the bytes decoded as UTF-8 with undecodable bytes replaced."""
        if self.protocol == "query":
            text = self._decoded_body_text() or self.environ.get("QUERY_STRING", "")
            return urllib.parse.unquote_plus(text)
        if self.protocol == "json":
            return self._decoded_body_text()
        return self.body.decode("utf-8", errors="replace")

    @property
    def key(self):
        """The call key counted and faulted: `<signing name>:<Operation>`."""
        return "%s:%s" % (self.service, self.operation)


def read_body(environ):
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    length = environ.get("CONTENT_LENGTH")
    if length:
        try:
            n = int(length)
        except ValueError:
            n = 0
        return stream.read(n) if n > 0 else b""
    if environ.get("wsgi.input_terminated") or "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return stream.read()
    return b""


def service_from_auth(auth):
    # AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=..., Signature=...
    if not auth:
        return None
    m = re.search(r"Credential=[^/,\s]+/\d{8}/([^/]+)/([^/]+)/aws4_request", auth)
    return m.group(2).lower() if m else None


def region_from_auth(auth, default="us-east-1"):
    if not auth:
        return default
    m = re.search(r"Credential=[^/,\s]+/\d{8}/([^/]+)/", auth)
    return m.group(1) if m else default


def access_key_from_auth(auth):
    m = re.search(r"Credential=([^/,\s]+)/", auth or "")
    return m.group(1) if m else None


def parse_time(value):
    """awsQuery timestamps are ISO 8601; JSON ones epoch seconds."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    s = str(value).strip()
    try:
        return float(s)
    except ValueError:
        pass
    s = s.replace("Z", "+00:00")
    dt = datetime.datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.timestamp()


def member_index(key):
    """The list position of an awsQuery member field: `Metrics.member.3` -> 3 (0 when there is none)."""
    m = re.search(r"\.(\d+)$", key)
    return int(m.group(1)) if m else 0
