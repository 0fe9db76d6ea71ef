"""Key-range throttling for the local AWS: DynamoDB requests that touch chosen partition keys fail as AWS fails them
when one partition's limit (3,000 RCU / 1,000 WCU per second) is exceeded.

A rule names a table (or one of its GSIs), partition key values, operations and how often to throttle. A request
of such an operation whose partition key (the table's, or the GSI's for an index rule) is one of those values
answers HTTP 400 `ProvisionedThroughputExceededException` (or the exception the rule names) with a throttling
reasons list as AWS's 2025 API model defines it (botocore `dynamodb/2012-08-10/service-2.json`, shapes
`ThrottlingReason` {reason, resource} and the exception shapes: `ThrottlingReasons` in
ProvisionedThroughputExceededException and RequestLimitExceeded, `throttlingReasons` in ThrottlingException).
BatchWriteItem is processed partially, as AWS does: requests on throttled keys come back in `UnprocessedItems`
and the rest is written; only when every request of the call is throttled does the whole call fail.

Route: `throttle` for the DynamoDB operations in OPERATIONS (registered before the item-write serialisation).
Controls: `throttle-keys`, `throttle-keys/list`, `throttle-keys/clear`. State: `state.key_rules`, a list of Rule.
"""

import json
import random
import re
import uuid

from .dynamodb_fixes import ITEM_WRITE_LOCK
from .protocol import region_from_auth

ACCOUNT = "123456789012"
OPERATIONS = ("PutItem", "UpdateItem", "DeleteItem", "GetItem", "Query", "BatchWriteItem")
WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"})
# exception code -> the member that holds the reasons list in AWS's model (botocore service-2.json)
REASON_MEMBERS = {
    "ProvisionedThroughputExceededException": "ThrottlingReasons",
    "RequestLimitExceeded": "ThrottlingReasons",
    "ThrottlingException": "throttlingReasons",
}
MESSAGES = {
    "ProvisionedThroughputExceededException":
        "The level of configured provisioned throughput for the table was exceeded. "
        "Consider increasing your provisioning level with the UpdateTable API.",
    "RequestLimitExceeded": "Throughput exceeds the current throughput limit for your account.",
    "ThrottlingException": "Throughput exceeds the current capacity of your table or index.",
}
_EQUALITY = re.compile(r"(#?[A-Za-z0-9_]+)\s*=\s*(:[A-Za-z0-9_]+)")


class Rule:
    def __init__(self, p):
        self.table = _table_name(str(p["table"]))
        self.index = p.get("index") or None
        keys = p.get("keys")
        if not isinstance(keys, list) or not keys:
            raise ValueError("keys must be a non-empty list of partition key values")
        self.keys = frozenset(str(k) for k in keys)
        ops = p.get("operations") or list(OPERATIONS)
        unknown = [o for o in ops if o not in OPERATIONS]
        if unknown:
            raise ValueError("operations %s are not emulated; supported: %s" % (unknown, list(OPERATIONS)))
        if self.index and any(o in ("UpdateItem", "DeleteItem", "GetItem") for o in ops):
            raise ValueError("an index rule matches PutItem, BatchWriteItem puts and Query on the index only")
        self.operations = frozenset(ops)
        self.every = p.get("every")
        self.probability = p.get("probability")
        if self.every is not None and self.probability is not None:
            raise ValueError("give every or probability, not both")
        if self.every is not None and int(self.every) < 1:
            raise ValueError("every must be >= 1")
        if self.probability is not None and not 0 < float(self.probability) <= 1:
            raise ValueError("probability must be in (0, 1]")
        times = p.get("times")
        self.remaining = None if times is None or int(times) < 0 else int(times)
        self.exception = str(p.get("exception") or "ProvisionedThroughputExceededException")
        if self.exception not in REASON_MEMBERS:
            raise ValueError("exception must be one of %s" % sorted(REASON_MEMBERS))
        self.reason = p.get("reason")
        self.random = random.Random(p.get("seed"))
        self.matched = 0
        self.throttled = 0
        self.key_attribute = None  # looked up in moto on first use

    def decide(self):
        """Called under the lock for each matching request (or BatchWriteItem request item)."""
        self.matched += 1
        if self.every is not None:
            hit = self.matched % int(self.every) == 0
        elif self.probability is not None:
            hit = self.random.random() < float(self.probability)
        else:
            hit = True
        if hit and self.remaining is not None:
            if self.remaining <= 0:
                return False
            self.remaining -= 1
        if hit:
            self.throttled += 1
        return hit

    def reason_for(self, operation, region):
        kind = "Index" if self.index else "Table"
        op = "Write" if operation in WRITES else "Read"
        resource = "arn:aws:dynamodb:%s:%s:table/%s" % (region, ACCOUNT, self.table)
        if self.index:
            resource += "/index/" + self.index
        return {"reason": self.reason or "%s%sKeyRangeThroughputExceeded" % (kind, op), "resource": resource}

    def describe(self):
        return {"table": self.table, "index": self.index, "keys": sorted(self.keys),
                "operations": sorted(self.operations), "every": self.every, "probability": self.probability,
                "remaining": self.remaining, "exception": self.exception, "reason": self.reason,
                "matched": self.matched, "throttled": self.throttled}


# -- control endpoints: handler(app, method, payload) -> JSON-able dict
def control_throttle_keys(app, method, p):
    rule = Rule(p)
    with app.state.lock:
        app.state.key_rules.append(rule)
    return {"ok": True}


def control_list(app, method, p):
    with app.state.lock:
        rules = [r.describe() for r in app.state.key_rules]
    return {"rules": rules, "throttled": sum(r["throttled"] for r in rules)}


def control_clear(app, method, p):
    table = p.get("table")
    with app.state.lock:
        app.state.key_rules = [r for r in app.state.key_rules if table and r.table != table]
    return {"ok": True}


# -- the route: a WSGI answer when the request is throttled (or partly, for BatchWriteItem), else None
def throttle(app, req, start_response):
    with app.state.lock:
        rules = list(app.state.key_rules)
    if not rules:
        return None
    p = req.json_body()
    region = region_from_auth(req.environ.get("HTTP_AUTHORIZATION"))
    if req.operation == "BatchWriteItem":
        return _batch_write(app, req, start_response, p, region, rules)
    table = _table_name(p.get("TableName") or "")
    for rule in rules:
        if rule.table != table or req.operation not in rule.operations:
            continue
        value = _touched_key(app, req, rule, req.operation, p)
        if value is None or value not in rule.keys:
            continue
        with app.state.lock:
            hit = rule.decide()
        if hit:
            return _throttle(start_response, rule.exception, [rule.reason_for(req.operation, region)])
    return None


def _batch_write(app, req, start_response, p, region, all_rules):
    request_items = p.get("RequestItems") or {}
    if sum(len(v or []) for v in request_items.values()) > 25:
        return None  # moto rejects it as AWS does
    kept, unprocessed, reasons, exception = {}, {}, [], None
    for table_ref, writes in request_items.items():
        table = _table_name(table_ref)
        rules = [r for r in all_rules if r.table == table and "BatchWriteItem" in r.operations]
        for write in writes or []:
            throttled_by = None
            for rule in rules:
                item = (write.get("PutRequest") or {}).get("Item")
                if item is None:
                    if rule.index:
                        continue
                    item = (write.get("DeleteRequest") or {}).get("Key") or {}
                attribute = _key_attribute(app, req, rule)
                value = _scalar(item.get(attribute)) if attribute else None
                if value is None or value not in rule.keys:
                    continue
                with app.state.lock:
                    hit = rule.decide()
                if hit:
                    throttled_by = rule
                    break
            if throttled_by is None:
                kept.setdefault(table_ref, []).append(write)
            else:
                unprocessed.setdefault(table_ref, []).append(write)
                exception = exception or throttled_by.exception
                reason = throttled_by.reason_for("BatchWriteItem", region)
                if reason not in reasons:
                    reasons.append(reason)
    if not unprocessed:
        return None
    if not kept:
        return _throttle(start_response, exception, reasons)
    body = dict(p)
    body["RequestItems"] = kept
    with ITEM_WRITE_LOCK:  # item writes reach moto one at a time (dynamodb_fixes.atomic_item_write)
        status, payload = app.moto.json(req, "BatchWriteItem", body)
    if status == 200:
        merged = payload.get("UnprocessedItems") or {}
        for table_ref, writes in unprocessed.items():
            merged.setdefault(table_ref, []).extend(writes)
        payload["UnprocessedItems"] = merged
    return _json(start_response, status, payload)


def _touched_key(app, req, rule, operation, p):
    """The partition key value (as text) that this request reads or writes for the rule, or None."""
    if operation == "Query":
        if (p.get("IndexName") or None) != rule.index:
            return None
        attribute = _key_attribute(app, req, rule)
        return _query_partition_value(p, attribute) if attribute else None
    attribute = _key_attribute(app, req, rule)
    if attribute is None:
        return None
    if operation == "PutItem":
        return _scalar((p.get("Item") or {}).get(attribute))
    return _scalar((p.get("Key") or {}).get(attribute))


def _key_attribute(app, req, rule):
    """The partition key attribute of the rule's table or index, from moto's DescribeTable (once per rule)."""
    if rule.key_attribute is None:
        status, described = app.moto.json(req, "DescribeTable", {"TableName": rule.table})
        if status != 200:
            return None  # no such table (yet): nothing to match
        table = described.get("Table") or {}
        schema = table.get("KeySchema") or []
        if rule.index:
            schema = next((g.get("KeySchema") or [] for g in table.get("GlobalSecondaryIndexes") or []
                           if g.get("IndexName") == rule.index), [])
        rule.key_attribute = next((k["AttributeName"] for k in schema if k.get("KeyType") == "HASH"), None)
    return rule.key_attribute


def _throttle(start_response, code, reasons):
    return _json(start_response, 400, {"__type": "com.amazonaws.dynamodb.v20120810#" + code,
                                       "message": MESSAGES[code], REASON_MEMBERS[code]: reasons},
                 [("x-amzn-ErrorType", code)])


def _json(start_response, status, payload, headers=()):
    body = json.dumps(payload).encode("utf-8")
    start_response("%d %s" % (status, "OK" if status == 200 else "Bad Request" if status < 500 else "Error"), [
        ("Content-Type", "application/x-amz-json-1.0"), ("Content-Length", str(len(body))),
        ("x-amzn-RequestId", str(uuid.uuid4()))] + list(headers))
    return [body]


def _query_partition_value(p, attribute):
    legacy = (p.get("KeyConditions") or {}).get(attribute)
    if legacy:
        values = legacy.get("AttributeValueList") or []
        return _scalar(values[0]) if values and legacy.get("ComparisonOperator") == "EQ" else None
    names = p.get("ExpressionAttributeNames") or {}
    values = p.get("ExpressionAttributeValues") or {}
    for name, value in _EQUALITY.findall(p.get("KeyConditionExpression") or ""):
        if names.get(name, name) == attribute:
            return _scalar(values.get(value))
    return None


def _scalar(value):
    if not isinstance(value, dict):
        return None
    for t in ("S", "N", "B"):
        if t in value:
            return str(value[t])
    return None


def _table_name(value):
    if value.startswith("arn:") and ":table/" in value:
        return value.split(":table/", 1)[1].split("/", 1)[0]
    return value
