"""Writing AWS answers: JSON and awsQuery XML responses, and errors in each protocol's shape.

Emulates the wire shapes the AWS SDKs parse (Smithy protocol specifications: "AWS JSON 1.0/1.1", "AWS query
protocol", "Smithy RPC v2 CBOR"; the awsQueryCompatible trait for CloudWatch and SQS):

* JSON error: `{"__type": "<namespace>#<Code>", "message": ...}` plus `x-amzn-ErrorType` (and `x-amzn-query-error`
  for awsQueryCompatible services); DynamoDB and Application Auto Scaling name the shape with their Smithy namespace.
* awsQuery error: `<ErrorResponse xmlns=...><Error><Type>Sender|Receiver</Type><Code/><Message/></Error>
  <RequestId/></ErrorResponse>` in the service's XML namespace.
* CBOR error: a CBOR map `{"__type", "message"}` with `smithy-protocol: rpc-v2-cbor`.
* Values in awsQuery XML: doubles as Java prints them (`3.0`), timestamps ISO 8601 UTC with milliseconds.
"""

import datetime
import json
import uuid
from xml.sax.saxutils import escape as _xml_escape

CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/"
SNS_NS = "http://sns.amazonaws.com/doc/2010-03-31/"
QUERY_NAMESPACES = {"monitoring": CW_NS, "sns": SNS_NS}
JSON_CONTENT_TYPES = {
    "dynamodb": "application/x-amz-json-1.0",
    "application-autoscaling": "application/x-amz-json-1.1",
    "sqs": "application/x-amz-json-1.0",
    "monitoring": "application/x-amz-json-1.0",
    "tagging": "application/x-amz-json-1.1",
}

_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
            413: "Payload Too Large", 429: "Too Many Requests", 500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def request_id():
    return str(uuid.uuid4())


def status_line(status):
    return "%d %s" % (status, _REASONS.get(status, "Error"))


def xml_text(value):
    return _xml_escape(str(value))


def fmt_double(v):
    v = float(v)
    if v == int(v) and abs(v) < 1e15:
        return "%d.0" % int(v)
    return repr(v)


def iso(ts):
    return datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def json_response(start_response, status, payload, content_type="application/x-amz-json-1.0", extra_headers=None):
    body = json.dumps(payload).encode("utf-8")
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("x-amzn-RequestId", request_id()),
    ]
    headers.extend(extra_headers or [])
    start_response(status_line(status), headers)
    return [body]


def xml_response(start_response, status, text):
    body = text.encode("utf-8")
    start_response(status_line(status), [
        ("Content-Type", "text/xml"),
        ("Content-Length", str(len(body))),
        ("x-amzn-RequestId", request_id()),
    ])
    return [body]


def json_error_type(service, code):
    if service == "dynamodb":
        return "com.amazonaws.dynamodb.v20120810#" + code
    if service == "application-autoscaling":
        return "com.amazonaws.applicationautoscaling#" + code
    return code


def cbor_text(s):
    """A CBOR text string (major type 3) with its length head."""
    data = s.encode("utf-8")
    n = len(data)
    if n < 24:
        head = bytes([0x60 | n])
    elif n < 256:
        head = bytes([0x78, n])
    elif n < 65536:
        head = bytes([0x79]) + n.to_bytes(2, "big")
    else:
        head = bytes([0x7A]) + n.to_bytes(4, "big")
    return head + data


def query_error_xml(service, err):
    """The awsQuery `ErrorResponse` document for an AwsError."""
    ns = QUERY_NAMESPACES.get(service, CW_NS)
    kind = "Sender" if err.status < 500 else "Receiver"
    return ('<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>'
            "<RequestId>%s</RequestId></ErrorResponse>"
            % (ns, kind, xml_text(err.code), xml_text(err.message), request_id()))


def error_response(start_response, req, err):
    """An AWS error in the protocol the request used."""
    if req.protocol == "query":
        return xml_response(start_response, err.status, query_error_xml(req.service, err))
    if req.protocol == "cbor":
        # smithy-rpc-v2-cbor: a map {"__type": code, "message": text}.
        body = bytes([0xA2]) + cbor_text("__type") + cbor_text(err.code) + cbor_text("message") + cbor_text(err.message)
        start_response(status_line(err.status), [
            ("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"),
            ("Content-Length", str(len(body))), ("x-amzn-RequestId", request_id())])
        return [body]
    payload = {"__type": json_error_type(req.service, err.code), "message": err.message}
    payload.update(err.extra)
    headers = [("x-amzn-ErrorType", err.code)]
    if req.service in ("monitoring", "sqs"):
        # awsQueryCompatible services
        headers.append(("x-amzn-query-error", "%s;%s" % (err.code, "Sender" if err.status < 500 else "Receiver")))
    return json_response(start_response, err.status, payload,
                         JSON_CONTENT_TYPES.get(req.service, "application/x-amz-json-1.0"), headers)
