"""DynamoDB Contributor Insights: UpdateContributorInsights, DescribeContributorInsights, ListContributorInsights.

AWS JSON 1.0 (`X-Amz-Target: DynamoDB_20120810.<Op>`); moto 5.2.1 has none of them. README.md "DynamoDB Contributor
Insights" describes the behaviour and where it differs from AWS (ENABLE is `ENABLED` at once, never `ENABLING`).

AWS sources: DynamoDB API Reference (UpdateContributorInsights, DescribeContributorInsights,
ListContributorInsights: "for a table and all its global secondary indexes"); DynamoDB Developer Guide,
"Contributor Insights" (rules `DynamoDBContributorInsights-PKC|PKT|SKC|SKT-<resource>-<creation timestamp>`, modes
ACCESSED_AND_THROTTLED_KEYS and THROTTLED_KEYS); public examples of live tables for the millisecond timestamp and
the `<table>-<index>` resource name of a GSI; the FailureException text of the per-account rule limit.

State: `state.ci` (table, index or "") -> record; `state.ci_fail_next`: resources whose next ENABLE fails.
"""

import time

from . import insight_rules
from .dynamodb_tables import require_table_and_index, describe_table, table_name_of
from .protocol import AwsError
from .responses import json_response

RULE_KINDS = ("PKC", "PKT", "SKC", "SKT")
MODES = ("ACCESSED_AND_THROTTLED_KEYS", "THROTTLED_KEYS")
LIMIT_EXCEEDED = {"ExceptionName": "LimitExceededException",
                  "ExceptionDescription": "Per-account Amazon CloudWatch Contributor Insights rule limit reached. "
                                          "Please disable Contributor Insights for other tables/indexes OR disable "
                                          "Contributor Insights rules before retrying."}


def _table_required():
    return AwsError(400, "ValidationException", "1 validation error detected: Value null at 'tableName' "
                                                "failed to satisfy constraint: Member must not be null")


def rule_names(table, index, mode, has_sort_key, created_millis):
    """The rules AWS creates for that resource and mode (SK rules only with a sort key)."""
    kinds = ["PKC", "PKT"] if mode == "ACCESSED_AND_THROTTLED_KEYS" else ["PKT"]
    if has_sort_key:
        kinds += ["SKC", "SKT"] if mode == "ACCESSED_AND_THROTTLED_KEYS" else ["SKT"]
    resource = table + ("-" + index if index else "")
    return ["DynamoDBContributorInsights-%s-%s-%d" % (k, resource, created_millis) for k in kinds]


def update(app, req, start_response):
    p = req.json_body()
    table = table_name_of(p.get("TableName"))
    index = p.get("IndexName") or None
    action = p.get("ContributorInsightsAction")
    mode = p.get("ContributorInsightsMode")
    if not table:
        raise _table_required()
    if action not in ("ENABLE", "DISABLE"):
        raise AwsError(400, "ValidationException",
                       "1 validation error detected: Value '%s' at 'contributorInsightsAction' failed to satisfy "
                       "constraint: Member must satisfy enum value set: [ENABLE, DISABLE]" % action)
    if mode is not None and mode not in MODES:
        raise AwsError(400, "ValidationException",
                       "1 validation error detected: Value '%s' at 'contributorInsightsMode' failed to satisfy "
                       "constraint: Member must satisfy enum value set: [ACCESSED_AND_THROTTLED_KEYS, "
                       "THROTTLED_KEYS]" % mode)
    _desc, key_schema = require_table_and_index(app, req, table, index)
    has_sort_key = any(k.get("KeyType") == "RANGE" for k in key_schema)
    rid = (table, index or "")
    st = app.state
    with st.lock:
        rec = st.ci.get(rid)
        now = time.time()
        if action == "ENABLE":
            mode = mode or "ACCESSED_AND_THROTTLED_KEYS"
            created = rec["created"] if rec and rec["status"] == "ENABLED" and rec["created"] else int(now * 1000)
            over_quota = insight_rules.would_exceed(
                app, req, rule_names(table, index, mode, has_sort_key, created),
                replacing=rec["rules"] if rec and rec["status"] == "ENABLED" else ())
            if rid in st.ci_fail_next or over_quota:
                st.ci_fail_next.discard(rid)
                rec = {"status": "FAILED", "mode": mode, "rules": [], "created": None, "updated": now,
                       "failure": dict(LIMIT_EXCEEDED)}
            else:
                # The creation timestamp in rule names survives a mode change on an enabled resource.
                created = rec["created"] if rec and rec["status"] == "ENABLED" and rec["created"] else int(now * 1000)
                rules = rule_names(table, index, mode, has_sort_key, created)
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


def describe(app, req, start_response):
    p = req.json_body()
    table = table_name_of(p.get("TableName"))
    index = p.get("IndexName") or None
    if not table:
        raise _table_required()
    require_table_and_index(app, req, table, index)
    with app.state.lock:
        rec = app.state.ci.get((table, index or ""))
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


def _summary(table, index, rec):
    s = {"TableName": table, "ContributorInsightsStatus": rec["status"] if rec else "DISABLED"}
    if index:
        s["IndexName"] = index
    if rec and rec["mode"]:
        s["ContributorInsightsMode"] = rec["mode"]
    return s


def page(items, next_token, max_results):
    """One page of `items` by MaxResults (default 100) and a NextToken that is the next start position."""
    start = int(next_token or 0)
    size = int(max_results) if max_results else 100
    out = {"ContributorInsightsSummaries": items[start:start + size]}
    if start + size < len(items):
        out["NextToken"] = str(start + size)
    return out


def list_(app, req, start_response):
    p = req.json_body()
    table = table_name_of(p.get("TableName"))
    max_results = p.get("MaxResults")
    if max_results is not None and (int(max_results) > 100 or int(max_results) < 0):
        raise AwsError(400, "ValidationException",
                       "1 validation error detected: Value '%s' at 'maxResults' failed to satisfy constraint: "
                       "Member must have value less than or equal to 100" % max_results)
    summaries = []
    if table:
        desc, _ = require_table_and_index(app, req, table, None)
        with app.state.lock:
            summaries.append(_summary(table, None, app.state.ci.get((table, ""))))
            for g in desc.get("GlobalSecondaryIndexes") or []:
                summaries.append(_summary(table, g["IndexName"], app.state.ci.get((table, g["IndexName"]))))
    else:
        with app.state.lock:
            items = sorted(app.state.ci.items())
        for (t, i), rec in items:
            if describe_table(app, req, t) is not None:
                summaries.append(_summary(t, i or None, rec))
    return json_response(start_response, 200, page(summaries, p.get("NextToken"), max_results))


def rule_lookup(state, rule_name):
    """(table, index or "", kind) of a rule that currently exists, else None."""
    with state.lock:
        for (table, index), rec in state.ci.items():
            if rule_name in rec["rules"]:
                kind = rule_name.split("-")[1]
                return table, index, kind
    return None


def forget_table(state, table):
    """DeleteTable: the table's and its indexes' Contributor Insights go with it."""
    with state.lock:
        for rid in [r for r in state.ci if r[0] == table]:
            del state.ci[rid]


def control_fail_next_enable(app, method, p):
    """/_local_aws/contributor-insights/fail-next-enable {"table", "index"?}."""
    with app.state.lock:
        app.state.ci_fail_next.add((str(p["table"]), p.get("index") or ""))
    return {"ok": True}
