import gzip
import json
import unittest

from emulator.protocol import (Request, access_key_from_auth, member_index, parse_time, region_from_auth,
                               service_from_auth)
from tests.wsgi import auth, environ, json_call, query_call


class RequestTest(unittest.TestCase):
    def test_json_call_is_keyed_by_signing_name_and_target_operation(self):
        req = Request(json_call("dynamodb", "DynamoDB_20120810.DescribeTable", {"TableName": "t"}))
        self.assertEqual(("json", "dynamodb", "DescribeTable"), (req.protocol, req.service, req.operation))
        self.assertEqual("dynamodb:DescribeTable", req.key)
        self.assertEqual({"TableName": "t"}, req.json_body())

    def test_dynamodb_target_without_authorization_is_still_dynamodb(self):
        env = environ(b"{}", HTTP_X_AMZ_TARGET="DynamoDB_20120810.ListTables")
        self.assertEqual("dynamodb:ListTables", Request(env).key)

    def test_unsigned_call_of_another_service_is_unknown(self):
        env = environ(b"{}", HTTP_X_AMZ_TARGET="AmazonSQS.ListQueues")
        self.assertEqual("unknown:ListQueues", Request(env).key)

    def test_query_call_takes_action_and_form(self):
        req = Request(query_call("monitoring", {"Action": "GetMetricData", "StartTime": "x"}))
        self.assertEqual(("query", "monitoring:GetMetricData"), (req.protocol, req.key))
        self.assertEqual("x", req.form["StartTime"])

    def test_action_in_the_query_string_when_the_body_has_none(self):
        req = Request(environ(b"", method="GET", query="Action=ListTopics&NextToken=a",
                              HTTP_AUTHORIZATION=auth("sns")))
        self.assertEqual(("query", "sns:ListTopics"), (req.protocol, req.key))
        self.assertEqual({"Action": "ListTopics", "NextToken": "a"}, req.form)

    def test_gzip_form_body_is_read_and_left_for_moto_as_sent(self):
        body = gzip.compress(b"Action=PutMetricData&Namespace=N")
        env = environ(body, CONTENT_TYPE="application/x-www-form-urlencoded", HTTP_CONTENT_ENCODING="gzip",
                      HTTP_AUTHORIZATION=auth("monitoring"))
        req = Request(env)
        self.assertEqual("monitoring:PutMetricData", req.key)
        self.assertEqual(body, env["wsgi.input"].read())
        self.assertEqual(str(len(body)), env["CONTENT_LENGTH"])

    def test_cbor_operation_from_the_path(self):
        env = environ(b"\xa0", path="/service/GraniteServiceVersion20100801/operation/GetMetricData",
                      HTTP_SMITHY_PROTOCOL="rpc-v2-cbor", HTTP_AUTHORIZATION=auth("monitoring"))
        req = Request(env)
        self.assertEqual(("cbor", "monitoring:GetMetricData"), (req.protocol, req.key))

    def test_anything_else_is_rest_keyed_by_method_and_path(self):
        req = Request(environ(b"", path="/2015-03-31/functions", method="GET", HTTP_AUTHORIZATION=auth("lambda")))
        self.assertEqual(("rest", "lambda:GET /2015-03-31/functions"), (req.protocol, req.key))

    def test_unparsable_json_body_is_empty(self):
        env = environ(b"{not json", HTTP_X_AMZ_TARGET="DynamoDB_20120810.ListTables")
        self.assertEqual({}, Request(env).json_body())

    def test_chunked_body_without_length(self):
        env = environ(json.dumps({"a": 1}).encode(), HTTP_X_AMZ_TARGET="DynamoDB_20120810.ListTables",
                      HTTP_TRANSFER_ENCODING="chunked")
        del env["CONTENT_LENGTH"]
        self.assertEqual({"a": 1}, Request(env).json_body())


class AuthorizationTest(unittest.TestCase):
    def test_parts_of_the_credential_scope(self):
        a = auth("application-autoscaling", region="eu-west-1")
        self.assertEqual("application-autoscaling", service_from_auth(a))
        self.assertEqual("eu-west-1", region_from_auth(a))
        self.assertEqual("testing", access_key_from_auth(a))

    def test_missing_or_other_authorization(self):
        self.assertIsNone(service_from_auth(None))
        self.assertIsNone(service_from_auth("Bearer x"))
        self.assertEqual("us-east-1", region_from_auth(None))
        self.assertIsNone(access_key_from_auth(None))


class ParseTimeTest(unittest.TestCase):
    def test_iso_8601_as_awsquery_sends_it(self):
        self.assertEqual(1767225600.0, parse_time("2026-01-01T00:00:00Z"))
        self.assertEqual(1767225600.5, parse_time("2026-01-01T00:00:00.500Z"))

    def test_offsets_and_naive_times_are_utc(self):
        self.assertEqual(1767225600.0, parse_time("2026-01-01T01:00:00+01:00"))
        self.assertEqual(1767225600.0, parse_time("2026-01-01T00:00:00"))

    def test_epoch_seconds_as_json_sends_them(self):
        self.assertEqual(1767225600.0, parse_time(1767225600))
        self.assertEqual(1767225600.25, parse_time("1767225600.25"))
        self.assertIsNone(parse_time(None))

    def test_garbage_is_a_value_error(self):
        with self.assertRaises(ValueError):
            parse_time("yesterday")


class MemberIndexTest(unittest.TestCase):
    def test_member_position(self):
        self.assertEqual(12, member_index("Metrics.member.12"))
        self.assertEqual(0, member_index("RuleName"))


if __name__ == "__main__":
    unittest.main()
