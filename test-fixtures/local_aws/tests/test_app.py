import json
import unittest

from emulator import registry
from emulator.app import LocalAwsApp
from emulator.protocol import AwsError
from tests.wsgi import Answer, environ, json_call, query_call

TABLES = {"t": {"TableName": "t", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "GlobalSecondaryIndexes": [{"IndexName": "g", "KeySchema": [{"AttributeName": "gk",
                                                                                "KeyType": "HASH"}]}]}}


class FakeMoto:
    """Stands for moto's WSGI app: knows table `t`, answers every other call with what it was asked."""

    def __init__(self):
        self.seen = []

    def __call__(self, env, start_response):
        target = env.get("HTTP_X_AMZ_TARGET", "")
        body = env["wsgi.input"].read(int(env.get("CONTENT_LENGTH") or 0))
        self.seen.append(target or env.get("PATH_INFO"))
        if target.endswith(".DescribeTable"):
            table = TABLES.get(json.loads(body)["TableName"])
            status, out = ("200 OK", {"Table": table}) if table else ("400 Bad Request", {"__type": "x#NotFound"})
        else:
            status, out = "200 OK", {"moto": target or env.get("PATH_INFO")}
        data = json.dumps(out).encode()
        start_response(status, [("Content-Type", "application/x-amz-json-1.0"), ("Content-Length", str(len(data)))])
        return [data]


def control(app, name, payload=None, method="POST", raw=None):
    body = raw if raw is not None else json.dumps(payload or {}).encode()
    return Answer().call(app, environ(body, path="/_local_aws/" + name, method=method))


def ddb(app, op, payload):
    return Answer().call(app, json_call("dynamodb", "DynamoDB_20120810." + op, payload))


class DispatchTest(unittest.TestCase):
    def setUp(self):
        self.moto = FakeMoto()
        self.app = LocalAwsApp(self.moto)

    def test_calls_are_counted_and_passed_to_moto_controls_and_moto_api_are_not_counted(self):
        self.assertEqual({"moto": "DynamoDB_20120810.ListTables"}, ddb(self.app, "ListTables", {}).json())
        ddb(self.app, "ListTables", {})
        Answer().call(self.app, environ(b"", path="/moto-api/reset"))
        self.assertEqual({"calls": {"dynamodb:ListTables": 2}}, control(self.app, "calls").json())
        control(self.app, "calls/reset")
        self.assertEqual({"calls": {}}, control(self.app, "calls").json())

    def test_faults_answer_before_routes_and_in_order(self):
        control(self.app, "faults", {"operation": "dynamodb:DescribeContributorInsights", "times": 1, "status": 500,
                                     "code": "InternalServerError"})
        control(self.app, "faults", {"operation": "DescribeContributorInsights", "times": 2, "code": "Second"})
        codes = [ddb(self.app, "DescribeContributorInsights", {"TableName": "t"}).json().get("__type")
                 for _ in range(4)]
        self.assertEqual(["com.amazonaws.dynamodb.v20120810#InternalServerError",
                          "com.amazonaws.dynamodb.v20120810#Second", "com.amazonaws.dynamodb.v20120810#Second", None],
                         codes)
        self.assertEqual(4, control(self.app, "calls").json()["calls"]["dynamodb:DescribeContributorInsights"])
        self.assertEqual(["DynamoDB_20120810.DescribeTable"], self.moto.seen)  # the last call's table look-up

    def test_always_until_cleared_and_clearing_one_operation(self):
        control(self.app, "faults", {"operation": "ListTables", "times": -1, "code": "Down"})
        control(self.app, "faults", {"operation": "GetItem", "code": "Down"})
        control(self.app, "faults", {"operation": "PutItem", "times": 0, "code": "Never"})
        self.assertEqual(["ListTables", "GetItem"],
                         [f["operation"] for f in control(self.app, "faults", method="GET").json()["faults"]])
        for _ in range(3):
            self.assertTrue(ddb(self.app, "ListTables", {}).status.startswith("400"))
        control(self.app, "faults/clear", {"operation": "ListTables"})
        remaining = control(self.app, "faults", method="GET").json()["faults"]
        self.assertEqual(["GetItem"], [f["operation"] for f in remaining])
        control(self.app, "faults/clear")
        self.assertEqual({"faults": []}, control(self.app, "faults", method="GET").json())

    def test_routes_run_in_order_until_one_answers_and_aws_errors_take_the_callers_shape(self):
        ran = []

        def passes(app, req, sr):
            ran.append("passes")

        def answers(app, req, sr):
            ran.append("answers")
            raise AwsError(400, "InvalidParameter", "no")

        app = LocalAwsApp(self.moto, routes=(("query", "sns", "Publish", passes),
                                             ("query", "sns", ("Publish", "X"), answers)))
        a = Answer().call(app, query_call("sns", {"Action": "Publish"}))
        self.assertEqual(["passes", "answers"], ran)
        self.assertIn(b"<Code>InvalidParameter</Code>", a.body)
        self.assertEqual([], self.moto.seen)
        Answer().call(app, json_call("sns", "X", {}))  # another protocol: not routed
        self.assertEqual(["passes", "answers"], ran)

    def test_control_errors(self):
        a = control(self.app, "nope")
        self.assertEqual("404 Not Found", a.status)
        self.assertEqual(sorted(registry.CONTROLS), a.json()["controls"])
        self.assertEqual({"error": "body is not JSON"}, control(self.app, "faults", raw=b"{x").json())
        a = control(self.app, "faults", {"code": "X"})
        self.assertEqual(("400 Bad Request", {"error": "KeyError: 'operation'"}), (a.status, a.json()))
        self.assertEqual("400 Bad Request", control(self.app, "contributors", {"table": "t", "ruleKind": "X"}).status)

    def test_contributor_insights_and_report_through_the_app(self):
        out = ddb(self.app, "UpdateContributorInsights", {"TableName": "arn:aws:dynamodb:us-east-1:1:table/t",
                                                          "IndexName": "g", "ContributorInsightsAction": "ENABLE"})
        self.assertEqual({"TableName": "t", "IndexName": "g", "ContributorInsightsStatus": "ENABLED",
                          "ContributorInsightsMode": "ACCESSED_AND_THROTTLED_KEYS"}, out.json())
        rules = ddb(self.app, "DescribeContributorInsights", {"TableName": "t", "IndexName": "g"}).json()[
            "ContributorInsightsRuleList"]
        self.assertRegex(rules[0], r"^DynamoDBContributorInsights-PKC-t-g-\d{13}$")
        control(self.app, "contributors", {"table": "t", "index": "g", "ruleKind": "PKC",
                                           "contributors": [{"keys": ["k"], "value": 4}]})
        a = Answer().call(self.app, query_call("monitoring", {"Action": "GetInsightRuleReport", "RuleName": rules[0],
                                                              "StartTime": "2026-01-01T00:00:00Z", "Period": "60",
                                                              "EndTime": "2026-01-01T01:00:00Z"}))
        self.assertIn(b"<KeyLabels><member>gk</member></KeyLabels>", a.body)
        self.assertIn(b"<Keys><member>k</member></Keys><ApproximateAggregateValue>4.0", a.body)
        missing = ddb(self.app, "DescribeContributorInsights", {"TableName": "nope"})
        self.assertEqual("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", missing.json()["__type"])

    def test_reset_empties_counts_faults_and_every_emulations_state(self):
        ddb(self.app, "UpdateContributorInsights", {"TableName": "t", "ContributorInsightsAction": "ENABLE"})
        control(self.app, "contributors", {"table": "t", "ruleKind": "PKC", "contributors": []})
        control(self.app, "contributor-insights/fail-next-enable", {"table": "t"})
        control(self.app, "faults", {"operation": "ListTables", "code": "X"})
        control(self.app, "reset")
        self.assertEqual(({}, []), (self.app.state.calls, self.app.state.faults))
        for name, fresh in registry.STATE.items():
            self.assertEqual(fresh(), getattr(self.app.state, name), name)


class RegistryTest(unittest.TestCase):
    def test_rows_expand_to_calls_in_order(self):
        def a(*_):
            pass

        def b(*_):
            pass

        self.assertEqual({("json", "s", "X"): (a, b), ("json", "s", "Y"): (b,)},
                         registry.by_call((("json", "s", "X", a), ("json", "s", ("X", "Y"), b))))

    def test_every_route_is_a_known_protocol_and_callable(self):
        for protocol, service, operations, handler in registry.ROUTES:
            self.assertIn(protocol, ("json", "query", "cbor", "rest"))
            self.assertTrue(callable(handler), handler)
        for handler in registry.CONTROLS.values():
            self.assertTrue(callable(handler), handler)


if __name__ == "__main__":
    unittest.main()
