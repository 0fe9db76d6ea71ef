"""WSGI helpers for the tests: a request environ as an SDK would send it, and a start_response that records."""

import io
import json
import urllib.parse


def auth(service, region="us-east-1"):
    return ("AWS4-HMAC-SHA256 Credential=testing/20250101/%s/%s/aws4_request, SignedHeaders=host, Signature=x"
            % (region, service))


def environ(body=b"", path="/", method="POST", query="", **headers):
    """headers: CONTENT_TYPE or HTTP_* keys as WSGI spells them."""
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "wsgi.input": io.BytesIO(body),
           "CONTENT_LENGTH": str(len(body)), "wsgi.url_scheme": "http"}
    env.update(headers)
    return env


def json_call(service, target, payload):
    return environ(json.dumps(payload).encode(), CONTENT_TYPE="application/x-amz-json-1.0",
                   HTTP_X_AMZ_TARGET=target, HTTP_AUTHORIZATION=auth(service))


def query_call(service, params):
    return environ(urllib.parse.urlencode(params).encode(), CONTENT_TYPE="application/x-www-form-urlencoded",
                   HTTP_AUTHORIZATION=auth(service))


class Answer:
    """Records start_response; `call(app, env)` returns self with status, headers (dict) and body."""

    def __init__(self):
        self.status = None
        self.headers = None
        self.body = None

    def start_response(self, status, headers, exc_info=None):
        self.status = status
        self.headers = dict(headers)
        return lambda data: None

    def call(self, app, env):
        self.body = b"".join(app(env, self.start_response))
        return self

    def json(self):
        return json.loads(self.body.decode("utf-8"))
