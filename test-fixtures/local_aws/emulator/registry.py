"""The one place that says which calls the local AWS answers itself, and which module answers them.

To emulate another operation: write a module in this package (its docstring says what it emulates and from which
AWS sources), then register it here: its handlers in ROUTES, its control endpoints in CONTROLS, its state in STATE.
Nothing else needs to change.

* A route handler is `handler(app, req, start_response)`: it returns a WSGI answer (a list of bytes), or None to let
  the call go on (to the next matching route, finally to moto). It may raise protocol.AwsError, which is answered in
  the caller's protocol (responses.error_response). `req` is a protocol.Request; `app` gives `app.state`
  (state.State) and `app.moto` (moto_bridge.MotoBridge: pass the call on, change moto's answer, look things up).
* Every call is counted, and a fault may answer it, before any route runs; controls and /moto-api/ are not routed.
* A control handler is `handler(app, method, payload) -> dict` (controls.serve).
* STATE: attribute of app.state -> factory of its empty value; control `reset` makes every one fresh.
"""

from . import (autoscaling_fixes, cloudwatch_put, contributor_insights, controls, dynamodb_fixes,
               insight_rule_report, insight_rules, key_throttling, list_metrics, metric_stat_query, metrics_insights,
               resource_tagging, scheduled_actions, sns_fixes)

# (protocol: "json" | "query" | "cbor" | "rest", signing name, operation or tuple of operations, handler).
# For one call, the matching rows run in this order until one answers.
ROUTES = (
    # DynamoDB Contributor Insights (moto has none)
    ("json", "dynamodb", "UpdateContributorInsights", contributor_insights.update),
    ("json", "dynamodb", "DescribeContributorInsights", contributor_insights.describe),
    ("json", "dynamodb", "ListContributorInsights", contributor_insights.list_),
    # CloudWatch GetInsightRuleReport on those rules (moto has none)
    ("json", "monitoring", "GetInsightRuleReport", insight_rule_report.get_json),
    ("query", "monitoring", "GetInsightRuleReport", insight_rule_report.get_query),
    # DescribeInsightRules with DynamoDB's rules (moto lists only PutInsightRule's), the region's rule quota
    ("query", "monitoring", "DescribeInsightRules", insight_rules.describe_query),
    # Key-range throttling of chosen partition keys (a test's fault injection), before the writes reach moto
    ("json", "dynamodb", key_throttling.OPERATIONS, key_throttling.throttle),
    # Corrections of moto
    ("json", "dynamodb", ("CreateTable", "TagResource", "DeleteTable"), resource_tagging.track),  # never answers
    ("json", "tagging", "GetResources", resource_tagging.get_resources),
    ("query", "monitoring", "GetMetricData", metrics_insights.get_metric_data),  # counts; SELECT calls only
    ("query", "monitoring", "GetMetricData", metric_stat_query.get_metric_data),  # MetricStat-only calls
    ("query", "monitoring", "PutMetricData", cloudwatch_put.put_metric_data),  # moto's parse is quadratic
    ("query", "monitoring", "ListMetrics", list_metrics.list_metrics),  # two weeks, paging, AWS's checks
    ("query", "sns", "Publish", sns_fixes.publish),
    ("json", "dynamodb", dynamodb_fixes.TABLE_OPERATIONS, dynamodb_fixes.table_operation),
    ("json", "application-autoscaling", "DescribeScalingPolicies", autoscaling_fixes.describe_scaling_policies),
    ("json", "dynamodb", dynamodb_fixes.ITEM_WRITES, dynamodb_fixes.atomic_item_write),
    # Scheduled actions: AWS's checks, quota, paging (moto stores them unchecked)
    ("json", "application-autoscaling", "PutScheduledAction", scheduled_actions.put),
    ("json", "application-autoscaling", "DeleteScheduledAction", scheduled_actions.delete),
    ("json", "application-autoscaling", "DescribeScheduledActions", scheduled_actions.describe),
    ("json", "application-autoscaling", "DeregisterScalableTarget", scheduled_actions.forget_deregistered),
)

# Under /_local_aws/<name> (README.md "Control endpoints").
CONTROLS = {
    "health": controls.health,
    "calls": controls.calls,
    "calls/reset": controls.calls_reset,
    "calls/function": controls.function_calls,
    "metrics/function": controls.function_metrics,
    "faults": controls.faults,
    "faults/clear": controls.faults_clear,
    "faults/held": controls.faults_held,
    "faults/release": controls.faults_release,
    "contributors": insight_rule_report.control_seed,
    "contributor-insights/fail-next-enable": contributor_insights.control_fail_next_enable,
    "throttle-keys": key_throttling.control_throttle_keys,
    "throttle-keys/list": key_throttling.control_list,
    "throttle-keys/clear": key_throttling.control_clear,
    "insight-rules/quota": insight_rules.control_quota,
    "metrics/seed": metric_stat_query.control_seed,
    "reset": controls.reset,
}

STATE = {
    "ci": dict,            # contributor_insights: (table, index or "") -> record
    "ci_fail_next": set,   # contributor_insights: (table, index or "") whose next ENABLE fails
    "seeds": dict,         # insight_rule_report: (table, index or "", kind) -> {"contributors", "keyLabels"}
    "on_demand": dict,     # dynamodb_fixes: table -> {"table": {...}, "indexes": {name: {...}}}
    "key_rules": list,     # key_throttling: Rule, in the order they were set
    "ever_tagged": set,    # resource_tagging: ARNs of DynamoDB tables that ever had a tag
    "insight_rule_quota": dict,  # insight_rules: {"quota": n} when a test set one (default 100)
}


def by_call(routes):
    """{(protocol, service, operation): (handler, ...)}, handlers in row order."""
    table = {}
    for protocol, service, operations, handler in routes:
        for operation in (operations,) if isinstance(operations, str) else operations:
            table.setdefault((protocol, service, operation), []).append(handler)
    return {key: tuple(handlers) for key, handlers in table.items()}
