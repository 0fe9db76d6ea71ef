"""The local AWS: moto 5.2.1's server behind a WSGI middleware that adds what moto lacks and what tests need.

Started by ../local_aws.py; README.md (test-fixtures) describes the behaviour. Modules, by what they emulate:

* app: the middleware (controls, counting, faults, then the registered routes, then moto).
* registry: which module answers which call; the one place to register a new emulation.
* protocol, responses: reading AWS calls (JSON, awsQuery, CBOR) and writing answers and errors in their shapes.
* state: call counts, faults, and each emulation's state. controls: the /_local_aws/ endpoints.
* moto_bridge, dynamodb_tables: calling moto from inside; DynamoDB table look-ups.
* contributor_insights, insight_rule_report, metrics_insights, metric_stat_query, list_metrics: what moto lacks or
  gets wrong in CloudWatch and DynamoDB Contributor Insights.
* dynamodb_fixes, autoscaling_fixes, sns_fixes: corrections of moto, per service.

Standard library only at import time; moto is imported where it is used.
"""
