#!/usr/bin/env python3
"""The local AWS for tests, local runs and benchmarks.

moto 5.2.1's server (its own WSGI app) wrapped, in this same Python process, in a WSGI middleware that adds
what moto lacks and what tests need:

* DynamoDB Contributor Insights: UpdateContributorInsights, DescribeContributorInsights,
  ListContributorInsights (JSON 1.0, X-Amz-Target DynamoDB_20120810.<Op>).
* CloudWatch GetInsightRuleReport (awsQuery, as the Java SDK 2.40.2 sends it; JSON 1.0 too), answered from
  contributors that a test seeds per table/index and rule kind (PKC, PKT, SKC, SKT).
* Call counting per `<service>:<Operation>`, fault injection in each protocol's error shape.
* Small corrections of moto where it is wrong in ways that matter here (see README.md, "moto findings").
* Control endpoints under /_local_aws/ (JSON in and out); moto's own /moto-api/ passes through.

Standard library and moto only. Serves on 127.0.0.1, port 0 (the OS picks a free one) unless --port is given,
prints exactly one line `LOCAL_AWS_READY port=<n>` once the socket accepts connections, and exits on
SIGTERM/SIGINT or when its standard input closes (so a parent that dies does not leak it).
"""

import argparse
import datetime
import gzip
import io
import json
import logging
import os
import re
import signal
import sys
import threading
import time
import urllib.parse
import uuid
from xml.sax.saxutils import escape as _xml_escape

from key_throttling import KeyThrottling

REQUIRED_MOTO = "5.2.1"
INSTALL_HINT = "moto 5.2.1 is required for the local AWS: pip install 'moto[server]==5.2.1'"

CONTROL_PREFIX = "/_local_aws/"
CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/"
SNS_NS = "http://sns.amazonaws.com/doc/2010-03-31/"
QUERY_NAMESPACES = {"monitoring": CW_NS, "sns": SNS_NS}
JSON_CONTENT_TYPES = {
    "dynamodb": "application/x-amz-json-1.0",
    "application-autoscaling": "application/x-amz-json-1.1",
    "sqs": "application/x-amz-json-1.0",
    "monitoring": "application/x-amz-json-1.0",
}
RULE_KINDS = ("PKC", "PKT", "SKC", "SKT")


def _now():
    return time.time()


def _xml(value):
    return _xml_escape(str(value))


def _fmt_double(v):
    v = float(v)
    if v == int(v) and abs(v) < 1e15:
        return "%d.0" % int(v)
    return repr(v)


def _iso(ts):
    return datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _parse_time(value):
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


class AwsError(Exception):
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
        self.body = _read_body(environ)
        # moto reads the body again: give it a fresh stream of the same bytes.
        environ["wsgi.input"] = io.BytesIO(self.body)
        environ["CONTENT_LENGTH"] = str(len(self.body))
        self.target = environ.get("HTTP_X_AMZ_TARGET")
        self.content_type = environ.get("CONTENT_TYPE", "") or ""
        self.service = _service_from_auth(environ.get("HTTP_AUTHORIZATION"))
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

    @property
    def key(self):
        return "%s:%s" % (self.service, self.operation)


def _read_body(environ):
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


def _service_from_auth(auth):
    # AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=..., Signature=...
    if not auth:
        return None
    m = re.search(r"Credential=[^/,\s]+/\d{8}/([^/]+)/([^/]+)/aws4_request", auth)
    return m.group(2).lower() if m else None


def _region_from_auth(auth, default="us-east-1"):
    if not auth:
        return default
    m = re.search(r"Credential=[^/,\s]+/\d{8}/([^/]+)/", auth)
    return m.group(1) if m else default


# ----------------------------------------------------------------------------------------------- responses

def _request_id():
    return str(uuid.uuid4())


def json_response(start_response, status, payload, content_type="application/x-amz-json-1.0", extra_headers=None):
    body = json.dumps(payload).encode("utf-8")
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("x-amzn-RequestId", _request_id()),
    ]
    headers.extend(extra_headers or [])
    start_response(_status_line(status), headers)
    return [body]


def xml_response(start_response, status, text):
    body = text.encode("utf-8")
    start_response(_status_line(status), [
        ("Content-Type", "text/xml"),
        ("Content-Length", str(len(body))),
        ("x-amzn-RequestId", _request_id()),
    ])
    return [body]


_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
            413: "Payload Too Large", 429: "Too Many Requests", 500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def _status_line(status):
    return "%d %s" % (status, _REASONS.get(status, "Error"))


def _json_error_type(service, code):
    if service == "dynamodb":
        return "com.amazonaws.dynamodb.v20120810#" + code
    if service == "application-autoscaling":
        return "com.amazonaws.applicationautoscaling#" + code
    return code


def _cbor_text(s):
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


def error_response(start_response, req, err):
    """An AWS error in the protocol the request used."""
    if req.protocol == "query":
        ns = QUERY_NAMESPACES.get(req.service, CW_NS)
        kind = "Sender" if err.status < 500 else "Receiver"
        text = ('<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>'
                "<RequestId>%s</RequestId></ErrorResponse>" % (ns, kind, _xml(err.code), _xml(err.message), _request_id()))
        return xml_response(start_response, err.status, text)
    if req.protocol == "cbor":
        # smithy-rpc-v2-cbor: a map {"__type": code, "message": text}.
        body = bytes([0xA2]) + _cbor_text("__type") + _cbor_text(err.code) + _cbor_text("message") + _cbor_text(err.message)
        start_response(_status_line(err.status), [
            ("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"),
            ("Content-Length", str(len(body))), ("x-amzn-RequestId", _request_id())])
        return [body]
    payload = {"__type": _json_error_type(req.service, err.code), "message": err.message}
    payload.update(err.extra)
    headers = [("x-amzn-ErrorType", err.code)]
    if req.service in ("monitoring", "sqs"):
        # awsQueryCompatible services
        headers.append(("x-amzn-query-error", "%s;%s" % (err.code, "Sender" if err.status < 500 else "Receiver")))
    return json_response(start_response, err.status, payload,
                         JSON_CONTENT_TYPES.get(req.service, "application/x-amz-json-1.0"), headers)


# ----------------------------------------------------------------------------------------------- state

class State:
    def __init__(self):
        self.lock = threading.RLock()
        self.reset()

    def reset(self):
        with getattr(self, "lock", threading.RLock()):
            self.calls = {}
            self.faults = []          # dicts: operation, remaining (None = always), status, code, message, extra
            self.ci = {}              # (table, index or "") -> record
            self.ci_fail_next = set()  # (table, index or "")
            self.seeds = {}           # (table, index or "", kind) -> {"contributors": [...], "keyLabels": [...]}
            self.on_demand = {}       # table -> {"table": {...}, "indexes": {name: {...}}}

    def count(self, key):
        with self.lock:
            self.calls[key] = self.calls.get(key, 0) + 1

    def take_fault(self, req):
        with self.lock:
            for f in self.faults:
                op = f["operation"]
                if op != req.key and op != req.operation:
                    continue
                if f["remaining"] is not None:
                    f["remaining"] -= 1
                    if f["remaining"] <= 0:
                        self.faults.remove(f)
                return AwsError(f["status"], f["code"], f["message"], f.get("extra"))
        return None


# ----------------------------------------------------------------------------------------------- the app

# DynamoDB item writes, serialised so that conditional writes are atomic as in AWS.
ITEM_WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"})


class LocalAwsApp:
    def __init__(self, moto_app):
        self.moto = moto_app
        self.state = State()
        self.item_write_lock = threading.Lock()
        self.key_throttling = KeyThrottling()
        self.json_ops = {
            ("dynamodb", "UpdateContributorInsights"): self.update_contributor_insights,
            ("dynamodb", "DescribeContributorInsights"): self.describe_contributor_insights,
            ("dynamodb", "ListContributorInsights"): self.list_contributor_insights,
            ("monitoring", "GetInsightRuleReport"): self.get_insight_rule_report_json,
        }
        self.controls = {
            "health": self.c_health,
            "calls": self.c_calls,
            "calls/reset": self.c_calls_reset,
            "faults": self.c_faults,
            "faults/clear": self.c_faults_clear,
            "contributors": self.c_contributors,
            "contributor-insights/fail-next-enable": self.c_ci_fail_next,
            "reset": self.c_reset,
        }
        self.controls.update(self.key_throttling.controls())

    # -- WSGI entry
    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL_PREFIX):
            return self.control(environ, start_response, path[len(CONTROL_PREFIX):].strip("/"))
        if path.startswith("/moto-api") or path == "/favicon.ico":
            return self.moto(environ, start_response)
        req = Request(environ)
        self.state.count(req.key)
        fault = self.state.take_fault(req)
        if fault is not None:
            return error_response(start_response, req, fault)
        throttled = self.key_throttling.handle(self, req, environ, start_response)
        if throttled is not None:
            return throttled
        try:
            if req.protocol == "json":
                handler = self.json_ops.get((req.service, req.operation))
                if handler is not None:
                    return handler(req, start_response)
            if req.protocol == "query":
                if req.service == "monitoring" and req.operation == "GetInsightRuleReport":
                    return self.get_insight_rule_report_query(req, start_response)
                if req.service == "sns" and req.operation == "Publish":
                    self.validate_sns_publish(req)
                if req.service == "monitoring" and req.operation == "GetMetricData":
                    insights = self.metrics_insights_queries(req)
                    if insights:
                        return self.get_metric_data_with_insights(req, start_response, insights)
            if req.protocol == "json" and req.service == "dynamodb" and req.operation in (
                    "CreateTable", "UpdateTable", "DescribeTable", "DeleteTable"):
                return self.dynamodb_table_op(req, start_response)
            if req.protocol == "json" and req.service == "application-autoscaling" \
                    and req.operation == "DescribeScalingPolicies":
                return self.describe_scaling_policies(req, start_response)
            if req.protocol == "json" and req.service == "dynamodb" and req.operation in ITEM_WRITES:
                return self.atomic_item_write(environ, start_response)
        except AwsError as e:
            return error_response(start_response, req, e)
        return self.moto(environ, start_response)

    def atomic_item_write(self, environ, start_response):
        """AWS applies a conditional write atomically; moto's threaded server does not, so concurrent
        conditional PutItems could both succeed. Item writes go through moto one at a time here."""
        captured = {}

        def sr(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = headers
            return lambda data: None

        with self.item_write_lock:
            chunks = self.moto(environ, sr)
            try:
                body = b"".join(chunks)
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
        start_response(captured["status"], captured["headers"])
        return [body]

    # -- calling moto from inside
    def call_moto(self, environ):
        captured = {}

        def sr(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = headers
            return lambda data: None

        chunks = self.moto(environ, sr)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return int(captured["status"].split()[0]), captured["headers"], body

    def moto_json(self, req, operation, payload, target_prefix="DynamoDB_20120810"):
        """A JSON call to moto, bypassing counting and faults (used for validation)."""
        body = json.dumps(payload).encode("utf-8")
        env = {k: v for k, v in req.environ.items() if not k.startswith("wsgi.")}
        env.update({
            "wsgi.input": io.BytesIO(body), "wsgi.errors": req.environ.get("wsgi.errors", sys.stderr),
            "wsgi.url_scheme": "http", "wsgi.version": (1, 0), "wsgi.multithread": True,
            "wsgi.multiprocess": False, "wsgi.run_once": False,
            "REQUEST_METHOD": "POST", "PATH_INFO": "/", "QUERY_STRING": "",
            "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": "application/x-amz-json-1.0",
            "HTTP_X_AMZ_TARGET": "%s.%s" % (target_prefix, operation),
        })
        env.pop("HTTP_CONTENT_ENCODING", None)
        status, _headers, out = self.call_moto(env)
        try:
            data = json.loads(out.decode("utf-8")) if out else {}
        except ValueError:
            data = {}
        return status, data

    def passthrough_with(self, req, start_response, rewrite):
        """Call moto, let `rewrite(status, payload)` change a JSON answer, return it."""
        status, headers, body = self.call_moto(req.environ)
        try:
            payload = json.loads(body.decode("utf-8")) if body else None
        except ValueError:
            payload = None
        if payload is not None:
            new = rewrite(status, payload)
            if new is not None:
                body = json.dumps(new).encode("utf-8")
        headers = [(k, v) for (k, v) in headers if k.lower() not in ("content-length", "x-amz-crc32")]
        headers.append(("Content-Length", str(len(body))))
        start_response(_status_line(status), headers)
        return [body]

    # -- DynamoDB table lookups
    @staticmethod
    def table_name_of(value):
        if value and value.startswith("arn:") and ":table/" in value:
            return value.split(":table/", 1)[1].split("/", 1)[0]
        return value

    def describe_table(self, req, table):
        status, data = self.moto_json(req, "DescribeTable", {"TableName": table})
        if status != 200:
            return None
        return data.get("Table")

    def require_table_and_index(self, req, table, index):
        desc = self.describe_table(req, table)
        if desc is None:
            raise AwsError(400, "ResourceNotFoundException",
                           "Requested resource not found: Table: %s not found" % table)
        key_schema = desc.get("KeySchema", [])
        if index:
            gsis = {g["IndexName"]: g for g in desc.get("GlobalSecondaryIndexes") or []}
            if index not in gsis:
                raise AwsError(400, "ResourceNotFoundException",
                               "Requested resource not found: Index: %s not found for table: %s" % (index, table))
            key_schema = gsis[index].get("KeySchema", [])
        return desc, key_schema

    # -- Contributor Insights
    def update_contributor_insights(self, req, start_response):
        p = req.json_body()
        table = self.table_name_of(p.get("TableName"))
        index = p.get("IndexName") or None
        action = p.get("ContributorInsightsAction")
        mode = p.get("ContributorInsightsMode")
        if not table:
            raise AwsError(400, "ValidationException", "1 validation error detected: Value null at 'tableName' "
                                                       "failed to satisfy constraint: Member must not be null")
        if action not in ("ENABLE", "DISABLE"):
            raise AwsError(400, "ValidationException",
                           "1 validation error detected: Value '%s' at 'contributorInsightsAction' failed to satisfy "
                           "constraint: Member must satisfy enum value set: [ENABLE, DISABLE]" % action)
        if mode is not None and mode not in ("ACCESSED_AND_THROTTLED_KEYS", "THROTTLED_KEYS"):
            raise AwsError(400, "ValidationException",
                           "1 validation error detected: Value '%s' at 'contributorInsightsMode' failed to satisfy "
                           "constraint: Member must satisfy enum value set: [ACCESSED_AND_THROTTLED_KEYS, "
                           "THROTTLED_KEYS]" % mode)
        _desc, key_schema = self.require_table_and_index(req, table, index)
        has_sort_key = any(k.get("KeyType") == "RANGE" for k in key_schema)
        rid = (table, index or "")
        st = self.state
        with st.lock:
            rec = st.ci.get(rid)
            now = _now()
            if action == "ENABLE":
                mode = mode or "ACCESSED_AND_THROTTLED_KEYS"
                if rid in st.ci_fail_next:
                    st.ci_fail_next.discard(rid)
                    rec = {"status": "FAILED", "mode": mode, "rules": [], "created": None, "updated": now,
                           "failure": {"ExceptionName": "LimitExceededException",
                                       "ExceptionDescription": "Per-account Amazon CloudWatch Contributor Insights "
                                                               "rule limit reached. Please disable Contributor "
                                                               "Insights for other tables/indexes OR disable "
                                                               "Contributor Insights rules before retrying."}}
                else:
                    # The creation timestamp in rule names survives a mode change on an enabled resource.
                    created = rec["created"] if rec and rec["status"] == "ENABLED" and rec["created"] else int(now * 1000)
                    kinds = ["PKC", "PKT"] if mode == "ACCESSED_AND_THROTTLED_KEYS" else ["PKT"]
                    if has_sort_key:
                        kinds += ["SKC", "SKT"] if mode == "ACCESSED_AND_THROTTLED_KEYS" else ["SKT"]
                    resource = table + ("-" + index if index else "")
                    rules = ["DynamoDBContributorInsights-%s-%s-%d" % (k, resource, created) for k in kinds]
                    rec = {"status": "ENABLED", "mode": mode, "rules": rules, "created": created, "updated": now,
                           "failure": None,
                           "keyNames": {k.get("KeyType"): k.get("AttributeName") for k in key_schema}}
            else:
                prev_mode = rec["mode"] if rec else None
                rec = {"status": "DISABLED", "mode": prev_mode, "rules": [], "created": None, "updated": now,
                       "failure": None}
            st.ci[rid] = rec
            out = {"TableName": table, "ContributorInsightsStatus": rec["status"]}
            if index:
                out["IndexName"] = index
            if rec["mode"]:
                out["ContributorInsightsMode"] = rec["mode"]
        return json_response(start_response, 200, out)

    def describe_contributor_insights(self, req, start_response):
        p = req.json_body()
        table = self.table_name_of(p.get("TableName"))
        index = p.get("IndexName") or None
        if not table:
            raise AwsError(400, "ValidationException", "1 validation error detected: Value null at 'tableName' "
                                                       "failed to satisfy constraint: Member must not be null")
        self.require_table_and_index(req, table, index)
        with self.state.lock:
            rec = self.state.ci.get((table, index or ""))
            out = {"TableName": table}
            if index:
                out["IndexName"] = index
            if rec is None:
                out["ContributorInsightsStatus"] = "DISABLED"
            else:
                out["ContributorInsightsRuleList"] = list(rec["rules"])
                out["ContributorInsightsStatus"] = rec["status"]
                out["LastUpdateDateTime"] = round(rec["updated"], 3)
                if rec["failure"]:
                    out["FailureException"] = dict(rec["failure"])
                if rec["mode"]:
                    out["ContributorInsightsMode"] = rec["mode"]
        return json_response(start_response, 200, out)

    def list_contributor_insights(self, req, start_response):
        p = req.json_body()
        table = self.table_name_of(p.get("TableName"))
        max_results = p.get("MaxResults")
        if max_results is not None and (int(max_results) > 100 or int(max_results) < 0):
            raise AwsError(400, "ValidationException",
                           "1 validation error detected: Value '%s' at 'maxResults' failed to satisfy constraint: "
                           "Member must have value less than or equal to 100" % max_results)
        summaries = []

        def summary(t, i, rec):
            s = {"TableName": t, "ContributorInsightsStatus": rec["status"] if rec else "DISABLED"}
            if i:
                s["IndexName"] = i
            if rec and rec["mode"]:
                s["ContributorInsightsMode"] = rec["mode"]
            return s

        if table:
            desc, _ = self.require_table_and_index(req, table, None)
            with self.state.lock:
                summaries.append(summary(table, None, self.state.ci.get((table, ""))))
                for g in desc.get("GlobalSecondaryIndexes") or []:
                    summaries.append(summary(table, g["IndexName"], self.state.ci.get((table, g["IndexName"]))))
        else:
            with self.state.lock:
                items = sorted(self.state.ci.items())
            for (t, i), rec in items:
                if self.describe_table(req, t) is not None:
                    summaries.append(summary(t, i or None, rec))
        start = int(p.get("NextToken") or 0)
        size = int(max_results) if max_results else 100
        page = summaries[start:start + size]
        out = {"ContributorInsightsSummaries": page}
        if start + size < len(summaries):
            out["NextToken"] = str(start + size)
        return json_response(start_response, 200, out)

    def rule_lookup(self, rule_name):
        """(table, index or "", kind) of a rule that currently exists, else None."""
        with self.state.lock:
            for (table, index), rec in self.state.ci.items():
                if rule_name in rec["rules"]:
                    kind = rule_name.split("-")[1]
                    return table, index, kind
        return None

    # -- CloudWatch GetInsightRuleReport
    def insight_rule_report(self, rule_name, start, end, period, max_count, metrics, order_by):
        if not rule_name:
            raise AwsError(400, "MissingParameter", "The parameter RuleName is required.")
        if start is None or end is None or period is None:
            missing = "StartTime" if start is None else "EndTime" if end is None else "Period"
            raise AwsError(400, "MissingParameter", "The parameter %s is required." % missing)
        if period < 1:
            raise AwsError(400, "InvalidParameterValue", "The parameter Period must be greater than 0.")
        if end <= start:
            raise AwsError(400, "InvalidParameterValue", "The parameter EndTime must be greater than StartTime.")
        if max_count is not None and not (1 <= max_count <= 100):
            raise AwsError(400, "InvalidParameterValue",
                           "The parameter MaxContributorCount must be between 1 and 100.")
        found = self.rule_lookup(rule_name)
        if found is None:
            raise AwsError(404, "ResourceNotFoundException", "Rule %s does not exist." % rule_name)
        table, index, kind = found
        with self.state.lock:
            seed = self.state.seeds.get((table, index, kind)) or {}
            contributors = [dict(c) for c in seed.get("contributors", [])]
            key_labels = seed.get("keyLabels") or self.key_labels(self.state.ci.get((table, index)) or {}, kind)
        contributors.sort(key=lambda c: -c["value"])
        unique = len(contributors)
        aggregate = sum(c["value"] for c in contributors)
        shown = contributors[: (max_count or 10)]
        # One datapoint per contributor, in the last whole period of the window (seeded data is "now").
        ts = ((end - 1) // period) * period
        if ts < start:
            ts = start
        out = {
            "KeyLabels": key_labels,
            "AggregationStatistic": "Sum",
            "AggregateValue": aggregate,
            "ApproximateUniqueCount": unique,
            "Contributors": [{
                "Keys": list(c["keys"]),
                "ApproximateAggregateValue": c["value"],
                "Datapoints": [{"Timestamp": ts, "ApproximateValue": c["value"]}],
            } for c in shown],
            "MetricDatapoints": [],
        }
        if contributors:
            values = [c["value"] for c in contributors]
            dp = {"Timestamp": ts, "UniqueContributors": float(unique), "MaxContributorValue": max(values),
                  "SampleCount": float(len(values)), "Average": sum(values) / len(values), "Sum": sum(values),
                  "Minimum": min(values), "Maximum": max(values)}
            if metrics:
                dp = {k: v for k, v in dp.items() if k == "Timestamp" or k in metrics}
            out["MetricDatapoints"].append(dp)
        return out

    @staticmethod
    def key_labels(rec, kind):
        # The key attribute names of the table or index (unconfirmed against AWS; a seed may override them).
        names = rec.get("keyNames") or {}
        pk = names.get("HASH", "PartitionKey")
        return [pk] if kind in ("PKC", "PKT") else [pk, names.get("RANGE", "SortKey")]

    def get_insight_rule_report_query(self, req, start_response):
        f = req.form
        metrics = [v for k, v in sorted(f.items(), key=lambda kv: _member_index(kv[0]))
                   if k.startswith("Metrics.member.")]
        try:
            rep = self.insight_rule_report(
                f.get("RuleName"), _parse_time(f.get("StartTime")), _parse_time(f.get("EndTime")),
                int(f["Period"]) if f.get("Period") else None,
                int(f["MaxContributorCount"]) if f.get("MaxContributorCount") else None,
                metrics, f.get("OrderBy"))
        except ValueError as e:
            raise AwsError(400, "InvalidParameterValue", str(e))
        x = ['<GetInsightRuleReportResponse xmlns="%s"><GetInsightRuleReportResult>' % CW_NS]
        x.append("<KeyLabels>%s</KeyLabels>" % "".join("<member>%s</member>" % _xml(k) for k in rep["KeyLabels"]))
        x.append("<AggregationStatistic>%s</AggregationStatistic>" % _xml(rep["AggregationStatistic"]))
        x.append("<AggregateValue>%s</AggregateValue>" % _fmt_double(rep["AggregateValue"]))
        x.append("<ApproximateUniqueCount>%d</ApproximateUniqueCount>" % rep["ApproximateUniqueCount"])
        x.append("<Contributors>")
        for c in rep["Contributors"]:
            x.append("<member><Keys>%s</Keys>" % "".join("<member>%s</member>" % _xml(k) for k in c["Keys"]))
            x.append("<ApproximateAggregateValue>%s</ApproximateAggregateValue>" % _fmt_double(c["ApproximateAggregateValue"]))
            x.append("<Datapoints>")
            for d in c["Datapoints"]:
                x.append("<member><Timestamp>%s</Timestamp><ApproximateValue>%s</ApproximateValue></member>"
                         % (_iso(d["Timestamp"]), _fmt_double(d["ApproximateValue"])))
            x.append("</Datapoints></member>")
        x.append("</Contributors><MetricDatapoints>")
        for d in rep["MetricDatapoints"]:
            x.append("<member><Timestamp>%s</Timestamp>" % _iso(d["Timestamp"]))
            for k in ("UniqueContributors", "MaxContributorValue", "SampleCount", "Average", "Sum", "Minimum", "Maximum"):
                if k in d:
                    x.append("<%s>%s</%s>" % (k, _fmt_double(d[k]), k))
            x.append("</member>")
        x.append("</MetricDatapoints></GetInsightRuleReportResult>")
        x.append("<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></GetInsightRuleReportResponse>"
                 % _request_id())
        return xml_response(start_response, 200, "".join(x))

    def get_insight_rule_report_json(self, req, start_response):
        p = req.json_body()
        try:
            rep = self.insight_rule_report(
                p.get("RuleName"), _parse_time(p.get("StartTime")), _parse_time(p.get("EndTime")),
                int(p["Period"]) if p.get("Period") is not None else None,
                int(p["MaxContributorCount"]) if p.get("MaxContributorCount") is not None else None,
                p.get("Metrics") or [], p.get("OrderBy"))
        except ValueError as e:
            raise AwsError(400, "InvalidParameterValue", str(e))
        return json_response(start_response, 200, rep)

    # -- CloudWatch Metrics Insights in GetMetricData (moto 5.2.1 answers any SELECT with the sum of every datapoint)
    MI_QUERY = re.compile(
        r"^\s*SELECT\s+(SUM|AVG|MIN|MAX|COUNT)\s*\(\s*\"?([A-Za-z0-9_.\-]+)\"?\s*\)\s+FROM\s+"
        r"(?:SCHEMA\s*\(\s*(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_/.\-]+)\s*((?:,\s*\"?[A-Za-z0-9_.\-]+\"?\s*)*)\)"
        r"|(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_/.\-]+))"
        r"(?:\s+WHERE\s+(.*?))?(?:\s+ORDER\s+BY\s+.*?)?(?:\s+LIMIT\s+\d+)?\s*$", re.IGNORECASE | re.DOTALL)
    MI_COND = re.compile(r"^\s*\"?([A-Za-z0-9_.\-]+)\"?\s*(=|!=)\s*(?:'([^']*)'|\"([^\"]*)\")\s*$")

    @staticmethod
    def metrics_insights_queries(req):
        f = req.form
        out = []
        i = 1
        while ("MetricDataQueries.member.%d.Id" % i) in f:
            expr = f.get("MetricDataQueries.member.%d.Expression" % i)
            if expr and expr.strip().upper().startswith("SELECT"):
                out.append({"Id": f["MetricDataQueries.member.%d.Id" % i], "Expression": expr,
                            "Period": int(f.get("MetricDataQueries.member.%d.Period" % i) or 60)})
            i += 1
        return out

    def parse_metrics_insights(self, expr):
        if re.search(r"\bGROUP\s+BY\b", expr, re.IGNORECASE):
            raise AwsError(400, "ValidationError", "local AWS: Metrics Insights GROUP BY is not emulated "
                                                   "(moto 5.2.1 has no Metrics Insights): %s" % expr)
        m = self.MI_QUERY.match(expr)
        if not m:
            raise AwsError(400, "ValidationError", "local AWS: this Metrics Insights query is not emulated "
                                                   "(only SELECT FUNC(metric) FROM SCHEMA(...)|namespace "
                                                   "[WHERE d = 'v' AND ...]): %s" % expr)
        func, metric, schema_ns, schema_dims, plain_ns, where = m.groups()
        ns = (schema_ns or plain_ns).strip("\"'")
        dims = None
        if schema_ns is not None:
            dims = {d.strip().strip('"') for d in (schema_dims or "").split(",") if d.strip()}
        conds = []
        if where:
            for part in re.split(r"\s+AND\s+", where.strip(), flags=re.IGNORECASE):
                c = self.MI_COND.match(part)
                if not c:
                    raise AwsError(400, "ValidationError", "local AWS: WHERE condition not emulated: %s" % part)
                conds.append((c.group(1), c.group(2), c.group(3) if c.group(3) is not None else c.group(4)))
        return func.upper(), metric, ns, dims, conds

    @staticmethod
    def _datum_values(md):
        if hasattr(md, "value"):
            return [float(md.value)], float(md.value), 1.0
        return [float(md.min_stat), float(md.max_stat)], float(md.sum_stat), float(md.sample_count)

    def evaluate_metrics_insights(self, req, q, start, end, descending):
        func, metric, ns, dims, conds = self.parse_metrics_insights(q["Expression"])
        from moto.cloudwatch.models import cloudwatch_backends
        from moto.iam.models import get_account_id_from
        m = re.search(r"Credential=([^/,\s]+)/", req.environ.get("HTTP_AUTHORIZATION", ""))
        account = get_account_id_from(m.group(1)) if m else "123456789012"
        backend = cloudwatch_backends[account][_region_from_auth(req.environ.get("HTTP_AUTHORIZATION"))]
        data = []
        for md in backend.get_all_metrics():
            if md.namespace != ns or md.name != metric:
                continue
            have = {d.name: d.value for d in md.dimensions}
            if dims is not None and set(have) != dims:
                continue
            ok = True
            for name, op, value in conds:
                if (have.get(name) == value) != (op == "="):
                    ok = False
            if ok:
                data.append(md)
        stamps, values = [], []
        t = start
        while t < end:
            in_period = [md for md in data if t <= md.timestamp.timestamp() < t + q["Period"]]
            if in_period:
                parts = [self._datum_values(md) for md in in_period]
                if func == "SUM":
                    v = sum(p[1] for p in parts)
                elif func == "COUNT":
                    v = sum(p[2] for p in parts)
                elif func == "AVG":
                    v = sum(p[1] for p in parts) / sum(p[2] for p in parts)
                elif func == "MIN":
                    v = min(min(p[0]) for p in parts)
                else:
                    v = max(max(p[0]) for p in parts)
                stamps.append(t)
                values.append(v)
            t += q["Period"]
        if descending:
            stamps.reverse()
            values.reverse()
        return stamps, values

    def get_metric_data_with_insights(self, req, start_response, insights):
        f = req.form
        try:
            start = int(_parse_time(f.get("StartTime")))
            end = int(_parse_time(f.get("EndTime")))
        except (TypeError, ValueError):
            return self.moto(req.environ, start_response)
        descending = (f.get("ScanBy") or "TimestampDescending") == "TimestampDescending"
        results = {q["Id"]: self.evaluate_metrics_insights(req, q, start, end, descending) for q in insights}
        status, headers, body = self.call_moto(req.environ)
        text = body.decode("utf-8")
        if status == 200:
            for qid, (stamps, values) in results.items():
                pattern = re.compile(r"(<member><Id>%s</Id>(?:(?!</member><member><Id>).)*?<Timestamps)"
                                     r"(?:/>|>.*?</Timestamps>)(?:<Values/>|<Values>.*?</Values>)" % re.escape(_xml(qid)),
                                     re.DOTALL)
                ts_xml = "".join("<member>%s</member>" % _iso(x).replace(".000Z", "Z") for x in stamps)
                v_xml = "".join("<member>%s</member>" % _fmt_double(v) for v in values)
                text = pattern.sub(lambda mm: "%s>%s</Timestamps><Values>%s</Values>" % (mm.group(1), ts_xml, v_xml),
                                   text, count=1)
        out = text.encode("utf-8")
        headers = [(k, v) for (k, v) in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(out))))
        start_response(_status_line(status), headers)
        return [out]

    # -- SNS Publish checks moto skips
    def validate_sns_publish(self, req):
        f = req.form
        subject = f.get("Subject")
        if subject is not None:
            if subject == "" or any(ord(ch) < 32 or ord(ch) == 127 for ch in subject):
                raise AwsError(400, "InvalidParameter", "Invalid parameter: Subject")
        if f.get("MessageStructure") == "json":
            try:
                structured = json.loads(f.get("Message", ""))
            except ValueError:
                raise AwsError(400, "InvalidParameter",
                               "Invalid parameter: Message Structure - JSON message body failed to parse")
            if not isinstance(structured, dict):
                raise AwsError(400, "InvalidParameter",
                               "Invalid parameter: Message Structure - JSON message body failed to parse")
            if "default" not in structured:
                raise AwsError(400, "InvalidParameter",
                               "Invalid parameter: Message Structure - No default entry in JSON message body")
            if not all(isinstance(v, str) for v in structured.values()):
                raise AwsError(400, "InvalidParameter",
                               "Invalid parameter: Message Structure - JSON message body failed to parse")

    # -- DynamoDB: OnDemandThroughput, which moto drops; forget CI state of deleted tables
    def dynamodb_table_op(self, req, start_response):
        p = req.json_body()
        table = self.table_name_of(p.get("TableName"))
        op = req.operation
        pending = None
        if op in ("CreateTable", "UpdateTable"):
            pending = {"table": p.get("OnDemandThroughput"), "indexes": {}}
            for g in p.get("GlobalSecondaryIndexes") or []:
                if g.get("OnDemandThroughput"):
                    pending["indexes"][g.get("IndexName")] = g["OnDemandThroughput"]
            for u in p.get("GlobalSecondaryIndexUpdates") or []:
                for k in ("Create", "Update"):
                    g = u.get(k) or {}
                    if g.get("OnDemandThroughput"):
                        pending["indexes"][g.get("IndexName")] = g["OnDemandThroughput"]

        def rewrite(status, payload):
            if status != 200:
                return None
            st = self.state
            with st.lock:
                if op == "DeleteTable":
                    st.on_demand.pop(table, None)
                    for rid in [r for r in st.ci if r[0] == table]:
                        del st.ci[rid]
                    return None
                if pending is not None:
                    rec = st.on_demand.setdefault(table, {"table": {}, "indexes": {}})
                    if op == "CreateTable":
                        rec["table"], rec["indexes"] = {}, {}
                    if pending["table"]:
                        rec["table"].update(pending["table"])
                    for name, odt in pending["indexes"].items():
                        rec["indexes"].setdefault(name, {}).update(odt)
                rec = st.on_demand.get(table)
                if not rec:
                    return None
                key = "Table" if op == "DescribeTable" else "TableDescription"
                desc = payload.get(key)
                if not isinstance(desc, dict):
                    return None
                if rec["table"]:
                    desc["OnDemandThroughput"] = dict(rec["table"])
                for g in desc.get("GlobalSecondaryIndexes") or []:
                    if g.get("IndexName") in rec["indexes"]:
                        g["OnDemandThroughput"] = dict(rec["indexes"][g["IndexName"]])
                return payload

        return self.passthrough_with(req, start_response, rewrite)

    # -- Application Auto Scaling: exact ResourceId, PolicyNames (moto matches by substring / ignores them)
    def describe_scaling_policies(self, req, start_response):
        p = req.json_body()
        resource_id = p.get("ResourceId")
        dimension = p.get("ScalableDimension")
        names = p.get("PolicyNames") or []

        def rewrite(status, payload):
            if status != 200 or "ScalingPolicies" not in payload:
                return None
            pols = payload["ScalingPolicies"]
            if resource_id:
                pols = [x for x in pols if x.get("ResourceId") == resource_id]
            if dimension:
                pols = [x for x in pols if x.get("ScalableDimension") == dimension]
            if names:
                pols = [x for x in pols if x.get("PolicyName") in names]
            payload["ScalingPolicies"] = pols
            if payload.get("NextToken") is None:
                payload.pop("NextToken", None)
            return payload

        return self.passthrough_with(req, start_response, rewrite)

    # -- control endpoints
    def control(self, environ, start_response, name):
        body = _read_body(environ)
        try:
            payload = json.loads(body.decode("utf-8")) if body.strip() else {}
        except ValueError:
            return json_response(start_response, 400, {"error": "body is not JSON"}, "application/json")
        handler = self.controls.get(name)
        if handler is None:
            return json_response(start_response, 404, {"error": "no control %r" % name,
                                                       "controls": sorted(self.controls)}, "application/json")
        try:
            result = handler(environ.get("REQUEST_METHOD", "GET"), payload)
        except (KeyError, ValueError, TypeError) as e:
            return json_response(start_response, 400, {"error": "%s: %s" % (type(e).__name__, e)}, "application/json")
        return json_response(start_response, 200, result, "application/json")

    def c_health(self, method, p):
        import moto
        return {"ok": True, "moto": moto.__version__}

    def c_calls(self, method, p):
        with self.state.lock:
            return {"calls": dict(self.state.calls)}

    def c_calls_reset(self, method, p):
        with self.state.lock:
            self.state.calls = {}
        return {"ok": True}

    def c_faults(self, method, p):
        if method == "GET":
            with self.state.lock:
                return {"faults": [dict(f) for f in self.state.faults]}
        times = p.get("times")
        fault = {
            "operation": str(p["operation"]),
            "remaining": None if times is None or int(times) < 0 else int(times),
            "status": int(p.get("status", 400)),
            "code": str(p["code"]),
            "message": str(p.get("message", "")),
            "extra": dict(p.get("extra") or {}),
        }
        if fault["remaining"] == 0:
            return {"ok": True}
        with self.state.lock:
            self.state.faults.append(fault)
        return {"ok": True}

    def c_faults_clear(self, method, p):
        with self.state.lock:
            op = p.get("operation")
            self.state.faults = [f for f in self.state.faults if op and f["operation"] != op]
        return {"ok": True}

    def c_contributors(self, method, p):
        table = str(p["table"])
        index = p.get("index") or ""
        kind = str(p["ruleKind"]).upper()
        if kind not in RULE_KINDS:
            raise ValueError("ruleKind must be one of %s" % (RULE_KINDS,))
        contributors = [{"keys": [str(k) for k in c["keys"]], "value": float(c["value"])}
                        for c in p.get("contributors") or []]
        with self.state.lock:
            self.state.seeds[(table, index, kind)] = {"contributors": contributors,
                                                      "keyLabels": p.get("keyLabels")}
        return {"ok": True}

    def c_ci_fail_next(self, method, p):
        with self.state.lock:
            self.state.ci_fail_next.add((str(p["table"]), p.get("index") or ""))
        return {"ok": True}

    def c_reset(self, method, p):
        self.state.reset()
        self.key_throttling.reset()
        return {"ok": True}


def _member_index(key):
    m = re.search(r"\.(\d+)$", key)
    return int(m.group(1)) if m else 0


# ----------------------------------------------------------------------------------------------- main

def _load_moto():
    try:
        import moto  # noqa: F401
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server
    except ImportError as e:
        sys.stderr.write("%s (import failed: %s)\n" % (INSTALL_HINT, e))
        sys.stderr.flush()
        sys.exit(3)
    if moto.__version__ != REQUIRED_MOTO and not os.environ.get("HPR_ALLOW_ANY_MOTO"):
        sys.stderr.write("%s (found moto %s; set HPR_ALLOW_ANY_MOTO=1 to try it anyway)\n"
                         % (INSTALL_HINT, moto.__version__))
        sys.stderr.flush()
        sys.exit(3)
    return DomainDispatcherApplication, create_backend_app, make_server


def main(argv=None):
    parser = argparse.ArgumentParser(description="moto + extensions, for tests")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: the OS picks a free one)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--ignore-stdin", action="store_true",
                        help="do not exit when standard input closes (for running it by hand in the background)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)

    DomainDispatcherApplication, create_backend_app, make_server = _load_moto()
    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)

    moto_app = DomainDispatcherApplication(create_backend_app)
    app = LocalAwsApp(moto_app)
    server = make_server(args.host, args.port, app, threaded=True)
    server.daemon_threads = True
    port = server.server_port

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    serving = threading.Thread(target=server.serve_forever, name="local-aws-http", daemon=True)
    serving.start()

    if not args.ignore_stdin:
        def watch_stdin():
            # os.read on the raw descriptor: a buffered sys.stdin read would hold a lock that breaks interpreter exit.
            try:
                while os.read(0, 4096):
                    pass
            except OSError:
                pass
            stop.set()

        threading.Thread(target=watch_stdin, name="local-aws-stdin", daemon=True).start()

    # The socket is bound and listening since make_server returned: connections are accepted from now on.
    sys.stdout.write("LOCAL_AWS_READY port=%d\n" % port)
    sys.stdout.flush()

    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    sys.stdout.flush()
    sys.stderr.flush()
    # Daemon threads (request handlers, the stdin watcher) may still be blocked: leave without finalizing them.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
