import json
import re
import unittest

from emulator.protocol import AwsError, Request
from emulator.responses import cbor_text, error_response, fmt_double, iso, json_response, status_line
from tests.wsgi import Answer, environ, json_call, query_call, auth


def error(env, err):
    a = Answer()
    a.body = b"".join(error_response(a.start_response, Request(env), err))
    return a


class JsonErrorTest(unittest.TestCase):
    def test_dynamodb_shape_with_extra_members(self):
        a = error(json_call("dynamodb", "DynamoDB_20120810.GetItem", {}),
                  AwsError(400, "ThrottlingException", "slow", {"throttlingReasons": [{"reason": "r"}]}))
        self.assertEqual("400 Bad Request", a.status)
        self.assertEqual({"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "slow",
                          "throttlingReasons": [{"reason": "r"}]}, a.json())
        self.assertEqual("ThrottlingException", a.headers["x-amzn-ErrorType"])
        self.assertEqual("application/x-amz-json-1.0", a.headers["Content-Type"])
        self.assertNotIn("x-amzn-query-error", a.headers)
        self.assertEqual(str(len(a.body)), a.headers["Content-Length"])

    def test_application_auto_scaling_is_json_1_1_with_its_namespace(self):
        a = error(json_call("application-autoscaling", "AnyScaleFrontendService.DescribeScalingPolicies", {}),
                  AwsError(500, "InternalServiceException", "x"))
        self.assertEqual("500 Internal Server Error", a.status)
        self.assertEqual("com.amazonaws.applicationautoscaling#InternalServiceException", a.json()["__type"])
        self.assertEqual("application/x-amz-json-1.1", a.headers["Content-Type"])

    def test_query_compatible_services_say_sender_or_receiver(self):
        a = error(json_call("sqs", "AmazonSQS.ListQueues", {}), AwsError(400, "QueueThrottled", "m"))
        self.assertEqual("QueueThrottled", a.json()["__type"])
        self.assertEqual("QueueThrottled;Sender", a.headers["x-amzn-query-error"])
        a = error(json_call("monitoring", "GraniteServiceVersion20100801.GetMetricData", {}),
                  AwsError(500, "InternalServiceError", "m"))
        self.assertEqual("InternalServiceError;Receiver", a.headers["x-amzn-query-error"])


class QueryErrorTest(unittest.TestCase):
    def test_cloudwatch_error_response(self):
        a = error(query_call("monitoring", {"Action": "GetMetricData"}), AwsError(404, "ResourceNotFoundException",
                                                                                    "Rule <r> does not exist."))
        self.assertEqual("404 Not Found", a.status)
        self.assertEqual("text/xml", a.headers["Content-Type"])
        text = re.sub(r"<RequestId>[^<]+</RequestId>", "<RequestId/>", a.body.decode())
        self.assertEqual('<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><Error>'
                         "<Type>Sender</Type><Code>ResourceNotFoundException</Code>"
                         "<Message>Rule &lt;r&gt; does not exist.</Message></Error><RequestId/></ErrorResponse>", text)

    def test_sns_namespace_and_receiver_for_5xx(self):
        a = error(query_call("sns", {"Action": "Publish"}), AwsError(503, "ServiceUnavailable", "m"))
        self.assertIn('xmlns="http://sns.amazonaws.com/doc/2010-03-31/"', a.body.decode())
        self.assertIn("<Type>Receiver</Type>", a.body.decode())


class CborErrorTest(unittest.TestCase):
    def test_map_of_type_and_message(self):
        env = environ(b"", path="/service/GraniteServiceVersion20100801/operation/GetMetricData",
                      HTTP_AUTHORIZATION=auth("monitoring"))
        a = error(env, AwsError(400, "Throttling", "Rate exceeded"))
        self.assertEqual(b"\xa2" + b"\x66__type" + b"\x6aThrottling" + b"\x67message" + b"\x6dRate exceeded", a.body)
        self.assertEqual("rpc-v2-cbor", a.headers["smithy-protocol"])
        self.assertEqual("application/cbor", a.headers["Content-Type"])

    def test_text_length_heads(self):
        self.assertEqual(b"\x77" + b"a" * 23, cbor_text("a" * 23))
        self.assertEqual(b"\x78\x18" + b"a" * 24, cbor_text("a" * 24))
        self.assertEqual(b"\x79\x01\x00" + b"a" * 256, cbor_text("a" * 256))
        self.assertEqual(b"\x7a\x00\x01\x00\x00", cbor_text("a" * 65536)[:5])


class ValuesTest(unittest.TestCase):
    def test_doubles_as_java_prints_them(self):
        self.assertEqual("3.0", fmt_double(3))
        self.assertEqual("10.5", fmt_double(10.5))
        self.assertEqual("1e+16", fmt_double(1e16))

    def test_iso_timestamps_with_milliseconds(self):
        self.assertEqual("2026-01-01T00:00:00.000Z", iso(1767225600))

    def test_status_lines(self):
        self.assertEqual("429 Too Many Requests", status_line(429))
        self.assertEqual("418 Error", status_line(418))

    def test_json_response(self):
        a = Answer()
        a.body = b"".join(json_response(a.start_response, 200, {"ok": True}, "application/json"))
        self.assertEqual({"ok": True}, json.loads(a.body))
        self.assertEqual("application/json", a.headers["Content-Type"])
        self.assertIn("x-amzn-RequestId", a.headers)


if __name__ == "__main__":
    unittest.main()
