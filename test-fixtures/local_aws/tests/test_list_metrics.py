"""ListMetrics: the request's checks, the filters, two weeks of data, paging 500 a page, the XML answer."""

import datetime
import unittest
import xml.etree.ElementTree as ET
from types import SimpleNamespace

from emulator import list_metrics as lm
from emulator.metric_series import SeriesIndex
from emulator.responses import CW_NS
from tests.errors import refused

NOW = 1767225600  # 2026-01-01T00:00:00Z
DAY = 86400


def datum(ts, name="ReadThrottleEvents", ns="AWS/DynamoDB", **dims):
    return SimpleNamespace(namespace=ns, name=name, unit=None, value=1.0,
                           dimensions=[SimpleNamespace(name=k, value=v) for k, v in dims.items()],
                           timestamp=datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc).replace(tzinfo=None))


def gsi_filter(**extra):
    f = {"Action": "ListMetrics", "Namespace": "AWS/DynamoDB", "MetricName": "ReadThrottleEvents",
         "Dimensions.member.1.Name": "GlobalSecondaryIndexName"}
    f.update(extra)
    return f


def listed(data, form, now=NOW):
    return lm.listed(SeriesIndex().refresh([data]).series, lm.parse_request(form), now)


class RequestTest(unittest.TestCase):
    def test_parses_the_filters_in_member_order(self):
        r = lm.parse_request(gsi_filter(**{"Dimensions.member.2.Name": "TableName",
                                           "Dimensions.member.2.Value": "orders"}))
        self.assertEqual([("GlobalSecondaryIndexName", None), ("TableName", "orders")], r["Dimensions"])
        self.assertEqual(("AWS/DynamoDB", "ReadThrottleEvents", None),
                         (r["Namespace"], r["MetricName"], r["RecentlyActive"]))

    def test_refuses_what_the_model_does_not_allow(self):
        for bad in ({"MetricName": ""}, {"MetricName": "m" * 256}, {"Namespace": ":AWS"}, {"Namespace": "n" * 256},
                    {"RecentlyActive": "PT1H"}, {"Dimensions.member.1.Name": "d" * 256},
                    {"Dimensions.member.2.Value": "orders"},  # a filter without its Name
                    {"Dimensions.member.1.Value": "v" * 1025}, {"IncludeLinkedAccounts": "yes"},
                    {"OwningAccount": ""}):
            message = refused(self, lambda: lm.parse_request(gsi_filter(**bad)), 400, "ValidationError")
            self.assertIn("1 validation error detected", message)
        eleven = {"Dimensions.member.%d.Name" % i: "d%d" % i for i in range(1, 12)}
        refused(self, lambda: lm.parse_request(gsi_filter(**eleven)), 400, "ValidationError")
        lm.parse_request(gsi_filter(**{k: v for k, v in eleven.items() if not k.startswith("Dimensions.member.11")}))
        lm.parse_request(gsi_filter(RecentlyActive="PT3H", MetricName="m" * 255, Namespace="n" * 255))


class ListedTest(unittest.TestCase):
    def test_a_name_filter_matches_metrics_that_have_it_among_other_dimensions(self):
        data = [datum(NOW - DAY, TableName="orders", GlobalSecondaryIndexName="byCustomer"),
                datum(NOW - DAY, TableName="orders"),
                datum(NOW - DAY, name="WriteThrottleEvents", TableName="carts", GlobalSecondaryIndexName="bySession"),
                datum(NOW - DAY, ns="Other", TableName="orders", GlobalSecondaryIndexName="byCustomer")]
        keys = listed(data, gsi_filter())
        self.assertEqual([("AWS/DynamoDB", "ReadThrottleEvents",
                           frozenset({("TableName", "orders"), ("GlobalSecondaryIndexName", "byCustomer")}))], keys)
        self.assertEqual(2, len(listed(data, {"Dimensions.member.1.Name": "GlobalSecondaryIndexName",
                                              "Namespace": "AWS/DynamoDB"})))
        self.assertEqual([], listed(data, gsi_filter(**{"Dimensions.member.1.Value": "byOrder"})))
        self.assertEqual(1, len(listed(data, gsi_filter(**{"Dimensions.member.1.Value": "byCustomer",
                                                           "Dimensions.member.2.Name": "TableName",
                                                           "Dimensions.member.2.Value": "orders"}))))

    def test_only_metrics_with_a_datapoint_in_the_past_two_weeks(self):
        data = [datum(NOW - 15 * DAY, TableName="old", GlobalSecondaryIndexName="g"),
                datum(NOW - 14 * DAY + 60, TableName="recent", GlobalSecondaryIndexName="g"),
                datum(NOW - 20 * DAY, TableName="both", GlobalSecondaryIndexName="g"),
                datum(NOW - 2 * DAY, TableName="both", GlobalSecondaryIndexName="g"),
                datum(NOW + 3600, TableName="future", GlobalSecondaryIndexName="g")]
        tables = [dict(k[2])["TableName"] for k in listed(data, gsi_filter())]
        self.assertEqual(["both", "recent"], tables)
        self.assertEqual([], listed(data, gsi_filter(RecentlyActive="PT3H")))
        data.append(datum(NOW - 3 * 3600 + 60, TableName="old", GlobalSecondaryIndexName="g"))
        self.assertEqual(["old"], [dict(k[2])["TableName"] for k in listed(data, gsi_filter(RecentlyActive="PT3H"))])


class PagingTest(unittest.TestCase):
    def test_500_a_page_and_the_token_belongs_to_its_request(self):
        data = [datum(NOW - DAY, TableName="t%04d" % i, GlobalSecondaryIndexName="g") for i in range(1203)]
        keys = listed(data, gsi_filter())
        self.assertEqual(1203, len(keys))
        fp = lm.fingerprint(gsi_filter())
        seen, offset, pages = [], 0, 0
        while True:
            keys_of_page, token = lm.page(keys, offset, fp)
            seen.extend(keys_of_page)
            pages += 1
            self.assertLessEqual(len(keys_of_page), 500)
            if token is None:
                break
            offset = lm.decode_token(token, lm.fingerprint(gsi_filter(NextToken=token)))
        self.assertEqual((3, keys), (pages, seen))
        self.assertEqual((keys[:500], None), lm.page(keys[:500], 0, fp))
        refused(self, lambda: lm.decode_token(lm.encode_token(fp, 500), lm.fingerprint(gsi_filter(MetricName="x"))),
                400, "InvalidParameterValue")
        refused(self, lambda: lm.decode_token("garbage", fp), 400, "InvalidParameterValue")
        self.assertEqual(500, lm.PAGE)

    def test_answer_is_the_awsquery_document_the_sdk_reads(self):
        key = ("AWS/DynamoDB", "ReadThrottleEvents", frozenset({("TableName", "a&b"), ("GlobalSecondaryIndexName", "g")}))
        root = ET.fromstring(lm.answer_xml([key], "tok"))
        ns = {"cw": CW_NS}
        self.assertEqual("ListMetricsResponse", root.tag.split("}")[1])
        member = root.find("cw:ListMetricsResult/cw:Metrics/cw:member", ns)
        self.assertEqual(["Namespace", "MetricName", "Dimensions"], [c.tag.split("}")[1] for c in member])
        dims = {d.find("cw:Name", ns).text: d.find("cw:Value", ns).text
                for d in member.findall("cw:Dimensions/cw:member", ns)}
        self.assertEqual({"TableName": "a&b", "GlobalSecondaryIndexName": "g"}, dims)
        self.assertEqual("tok", root.find("cw:ListMetricsResult/cw:NextToken", ns).text)
        self.assertIsNone(ET.fromstring(lm.answer_xml([], None)).find("cw:ListMetricsResult/cw:NextToken", ns))


if __name__ == "__main__":
    unittest.main()
