"""Faults scoped by a body pattern, and held replies: the call goes on, its answer waits (emulator/state.py)."""

import gzip
import json
import threading
import time
import unittest

from emulator.app import LocalAwsApp
from tests.test_app import FakeMoto, control, ddb
from tests.wsgi import Answer, auth, environ, json_call, query_call


def held(app):
    return control(app, "faults/held").json()


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError("not within %.1f s" % timeout)


class Call(threading.Thread):
    """One AWS call answered in its own thread, as the threaded server does."""

    def __init__(self, app, env):
        super().__init__(daemon=True)
        self.app, self.env, self.answer = app, env, None

    def run(self):
        self.answer = Answer().call(self.app, self.env)


class MatchTest(unittest.TestCase):
    def setUp(self):
        self.moto = FakeMoto()
        self.app = LocalAwsApp(self.moto)

    def test_a_matching_fault_fails_only_calls_whose_body_matches_and_counts_them_all(self):
        control(self.app, "faults", {"operation": "dynamodb:PutItem", "times": 1, "status": 500,
                                     "code": "InternalServerError", "match": '"CHANGE#'})
        other = ddb(self.app, "PutItem", {"TableName": "state", "Item": {"pk": {"S": "LOCK#orders"}}})
        hit = ddb(self.app, "PutItem", {"TableName": "state", "Item": {"pk": {"S": "CHANGE#orders"}}})
        after = ddb(self.app, "PutItem", {"TableName": "state", "Item": {"pk": {"S": "CHANGE#orders"}}})
        self.assertEqual(["200 OK", "500 Internal Server Error", "200 OK"], [other.status, hit.status, after.status])
        self.assertEqual("com.amazonaws.dynamodb.v20120810#InternalServerError", hit.json()["__type"])
        self.assertEqual({"dynamodb:PutItem": 3}, control(self.app, "calls").json()["calls"])
        self.assertEqual({"faults": []}, control(self.app, "faults", method="GET").json())

    def test_an_unscoped_fault_still_fails_the_next_call_whatever_its_body(self):
        control(self.app, "faults", {"operation": "PutItem", "times": 1, "code": "Down"})
        self.assertTrue(ddb(self.app, "PutItem", {"TableName": "x"}).status.startswith("400"))
        self.assertTrue(ddb(self.app, "PutItem", {"TableName": "x"}).status.startswith("200"))

    def test_awsquery_bodies_are_matched_percent_decoded(self):
        control(self.app, "faults", {"operation": "sns:Publish", "times": -1, "code": "Throttled", "status": 429,
                                     "match": r"TopicArn=arn:aws:sns:us-east-1:123456789012:alerts(&|$)"})
        hit = Answer().call(self.app, query_call("sns", {
            "Action": "Publish", "TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message": "a b"}))
        miss = Answer().call(self.app, query_call("sns", {
            "Action": "Publish", "TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts-2", "Message": "a b"}))
        self.assertTrue(hit.status.startswith("429"), hit.status)
        self.assertTrue(miss.status.startswith("200"), miss.status)

    def test_gzipped_json_bodies_are_matched_as_text(self):
        control(self.app, "faults", {"operation": "PutItem", "times": 1, "code": "Down", "match": '"CHANGE#'})
        body = gzip.compress(json.dumps({"TableName": "s", "Item": {"pk": {"S": "CHANGE#1"}}}).encode())
        env = environ(body, CONTENT_TYPE="application/x-amz-json-1.0", HTTP_CONTENT_ENCODING="gzip",
                      HTTP_X_AMZ_TARGET="DynamoDB_20120810.PutItem", HTTP_AUTHORIZATION=auth("dynamodb"))
        self.assertTrue(Answer().call(self.app, env).status.startswith("400"))

    def test_a_bad_pattern_or_mode_is_refused_at_the_control_call(self):
        bad = control(self.app, "faults", {"operation": "PutItem", "code": "X", "match": "("})
        self.assertTrue(bad.status.startswith("400"))
        self.assertIn("is not a regular expression", bad.json()["error"])
        self.assertTrue(control(self.app, "faults", {"operation": "PutItem", "mode": "drop"}).status.startswith("400"))
        self.assertEqual({"faults": []}, control(self.app, "faults", method="GET").json())

    def test_faults_of_an_operation_are_tried_in_order_skipping_those_that_do_not_match(self):
        control(self.app, "faults", {"operation": "PutItem", "code": "OnlyOrders", "match": "orders"})
        control(self.app, "faults", {"operation": "PutItem", "code": "Any"})
        first = ddb(self.app, "PutItem", {"TableName": "users"})
        second = ddb(self.app, "PutItem", {"TableName": "orders"})
        self.assertEqual(["com.amazonaws.dynamodb.v20120810#Any", "com.amazonaws.dynamodb.v20120810#OnlyOrders"],
                         [first.json()["__type"], second.json()["__type"]])


class HoldTest(unittest.TestCase):
    def setUp(self):
        self.moto = FakeMoto()
        self.app = LocalAwsApp(self.moto)

    def test_a_held_call_reaches_moto_at_once_and_its_answer_waits_until_released(self):
        control(self.app, "faults", {"operation": "dynamodb:PutItem", "times": 1, "mode": "hold",
                                     "match": '"CHANGE#[a-z]+'})
        call = Call(self.app, json_call("dynamodb", "DynamoDB_20120810.PutItem",
                                        {"TableName": "state", "Item": {"pk": {"S": "CHANGE#orders"}}}))
        call.start()
        entry = wait_until(lambda: held(self.app)["held"])[0]
        self.assertEqual(["DynamoDB_20120810.PutItem"], self.moto.seen)  # applied before the answer is sent
        self.assertEqual(("dynamodb:PutItem", "dynamodb:PutItem", '"CHANGE#orders', 200, None),
                         (entry["operation"], entry["fault"], entry["matched"], entry["status"], entry["seconds"]))
        self.assertLessEqual(entry["since"], time.time())
        self.assertIsNone(call.answer)

        # other calls are answered meanwhile, the same operation too (the fault was used up)
        self.assertTrue(ddb(self.app, "PutItem", {"TableName": "state"}).status.startswith("200"))
        self.assertTrue(ddb(self.app, "ListTables", {}).status.startswith("200"))

        self.assertEqual({"released": 1}, control(self.app, "faults/release", {"operation": "PutItem"}).json())
        call.join(5)
        self.assertEqual({"moto": "DynamoDB_20120810.PutItem"}, call.answer.json())
        self.assertEqual({"held": [], "released": 1}, held(self.app))
        self.assertEqual(2, control(self.app, "calls").json()["calls"]["dynamodb:PutItem"])

    def test_a_timed_hold_sends_the_answer_after_its_seconds(self):
        control(self.app, "faults", {"operation": "ListTables", "times": 1, "mode": "hold", "seconds": 0.3})
        started = time.monotonic()
        answer = ddb(self.app, "ListTables", {})
        self.assertGreaterEqual(time.monotonic() - started, 0.3)
        self.assertEqual({"moto": "DynamoDB_20120810.ListTables"}, answer.json())
        self.assertEqual({"held": [], "released": 1}, held(self.app))

    def test_a_call_whose_body_does_not_match_is_not_held(self):
        control(self.app, "faults", {"operation": "PutItem", "times": 1, "mode": "hold", "match": "orders"})
        self.assertTrue(ddb(self.app, "PutItem", {"TableName": "users"}).status.startswith("200"))
        self.assertEqual(1, len(control(self.app, "faults", method="GET").json()["faults"]))

    def test_reset_sends_every_held_answer(self):
        control(self.app, "faults", {"operation": "ListTables", "times": 2, "mode": "hold"})
        calls = [Call(self.app, json_call("dynamodb", "DynamoDB_20120810.ListTables", {})) for _ in range(2)]
        for c in calls:
            c.start()
        wait_until(lambda: len(held(self.app)["held"]) == 2)
        control(self.app, "reset")
        for c in calls:
            c.join(5)
            self.assertTrue(c.answer.status.startswith("200"))
        self.assertEqual({"held": [], "released": 0}, held(self.app))  # counts start afresh


if __name__ == "__main__":
    unittest.main()
