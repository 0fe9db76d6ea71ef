"""MetricStat GetMetricData over long histories: the index, AWS's resolution rules, paging, the call's checks."""

import datetime
import unittest
from types import SimpleNamespace

from emulator import metric_series as ms
from emulator.metric_stat_query import (MAX_DATAPOINTS, check_queries, decode_token, encode_token, fingerprint,
                                        max_datapoints, page, parse_queries)
from tests.errors import refused

NOW = 1767225600  # 2026-01-01T00:00:00Z
DAY = 86400


def datum(ts, value=None, name="ConsumedWriteCapacityUnits", ns="AWS/DynamoDB", stats=None, unit=None, **dims):
    d = SimpleNamespace(namespace=ns, name=name, unit=unit,
                        dimensions=[SimpleNamespace(name=k, value=v) for k, v in (dims or {"TableName": "t"}).items()],
                        timestamp=datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc).replace(tzinfo=None))
    if stats:
        d.sum, d.sample_count, d.min, d.max = stats
    else:
        d.value = value
    return d


KEY = ms.metric_key("AWS/DynamoDB", "ConsumedWriteCapacityUnits", [("TableName", "t")])


def query_values(data, start, end, period, stat="Sum", now=NOW, key=KEY):
    index = ms.SeriesIndex().refresh([data])
    return ms.aggregate(index.window(key, start, end), start, end, period, stat, None, now)


class SeriesIndexTest(unittest.TestCase):
    def test_dimensions_and_namespace_match_exactly(self):
        data = [datum(NOW - 600, 1), datum(NOW - 600, 2, TableName="t", GlobalSecondaryIndexName="g"),
                datum(NOW - 600, 4, ns="Other"), datum(NOW - 600, 8, name="ConsumedWriteCapacityUnits", **{"X": "y"})]
        self.assertEqual(([NOW - 600], [1.0]), query_values(data, NOW - 3600, NOW, 60))
        nodims = ms.metric_key("AWS/DynamoDB", "ConsumedWriteCapacityUnits", [])
        self.assertEqual(([], []), query_values(data, NOW - 3600, NOW, 60, key=nodims))

    def test_refresh_adds_only_what_was_appended_and_keeps_time_order(self):
        data = [datum(NOW - 120, 1)]
        index = ms.SeriesIndex().refresh([data])
        data.extend([datum(NOW - 240, 2), datum(NOW - 60, 3)])
        index.refresh([data])
        self.assertEqual([NOW - 240, NOW - 120, NOW - 60], [r[0] for r in index.window(KEY, 0, NOW)])
        index.refresh([[datum(NOW - 60, 9)]])  # another list (a reset): rebuilt
        self.assertEqual([9.0], [r[1][0] for r in index.window(KEY, 0, NOW)])

    def test_statistics_over_values_and_statistic_sets(self):
        rows = [(0, (1.0, 1.0, 1.0, 1.0, 1.0), None), (1, (3.0, 1.0, 3.0, 3.0, 3.0), None),
                (2, (10.0, 4.0, 1.0, 5.0, None), None)]
        self.assertEqual(14.0, ms.statistic("Sum", rows))
        self.assertEqual(6.0, ms.statistic("SampleCount", rows))
        self.assertAlmostEqual(14.0 / 6.0, ms.statistic("Average", rows))
        self.assertEqual((1.0, 5.0), (ms.statistic("Minimum", rows), ms.statistic("Maximum", rows)))
        self.assertEqual(3.0, ms.statistic("p99", rows))  # over single values only
        self.assertIsNone(ms.statistic("p50", rows[2:]))
        self.assertTrue(ms.valid_stat("p99.9") and not ms.valid_stat("tm99") and not ms.valid_stat("sum"))


class ResolutionTest(unittest.TestCase):
    def test_start_time_is_rounded_by_its_age(self):
        self.assertEqual(NOW - 3600, ms.rounded_start(NOW - 3600 + 34, NOW))
        self.assertEqual(NOW - 20 * DAY - 300, ms.rounded_start(NOW - 20 * DAY - 100, NOW))
        self.assertEqual(NOW - 70 * DAY - 3600, ms.rounded_start(NOW - 70 * DAY - 100, NOW))

    def test_one_minute_data_older_than_15_days_is_read_only_at_5_minute_periods(self):
        data = [datum(NOW - 16 * DAY + 60 * i, 1) for i in range(10)] + [datum(NOW - DAY, 5)]
        start = NOW - 16 * DAY
        self.assertEqual([5.0], query_values(data, start, NOW, 60)[1])
        self.assertEqual([5.0, 5.0, 5.0], query_values(data, start, NOW, 300)[1])
        self.assertEqual([10.0, 5.0], query_values(data, start, NOW, 3600)[1])

    def test_periods_without_data_are_absent_and_end_is_exclusive(self):
        data = [datum(NOW - 180, 2), datum(NOW - 179, 3), datum(NOW, 7)]
        self.assertEqual(([NOW - 180], [5.0]), query_values(data, NOW - 300, NOW, 60))

    def test_fourteen_days_of_minutes_at_three_periods(self):
        start = NOW - 14 * DAY
        data = [datum(start + 60 * i, 1) for i in range(14 * 1440)]
        self.assertEqual(14 * 1440, len(query_values(data, start, NOW, 60)[1]))
        self.assertEqual({5.0}, set(query_values(data, start, NOW, 300)[1]))
        self.assertEqual(14 * 24, len(query_values(data, start, NOW, 3600)[1]))


def form(n, period="60", stat="Sum", **extra):
    f = {"Action": "GetMetricData", "StartTime": "2026-01-01T00:00:00Z", "EndTime": "2026-01-02T00:00:00Z"}
    for i in range(1, n + 1):
        k = "MetricDataQueries.member.%d." % i
        f.update({k + "Id": "q%d" % i, k + "MetricStat.Metric.Namespace": "AWS/DynamoDB",
                  k + "MetricStat.Metric.MetricName": "ReadThrottleEvents",
                  k + "MetricStat.Metric.Dimensions.member.1.Name": "TableName",
                  k + "MetricStat.Metric.Dimensions.member.1.Value": "t",
                  k + "MetricStat.Period": period, k + "MetricStat.Stat": stat})
    f.update(extra)
    return f


class CallTest(unittest.TestCase):
    def test_parse_queries(self):
        q = parse_queries(form(2))
        self.assertEqual(["q1", "q2"], [x["Id"] for x in q])
        self.assertEqual([("TableName", "t")], q[0]["Dimensions"])

    def test_limits_of_the_call(self):
        refused(self, lambda: check_queries(parse_queries(form(501))), 400, "ValidationError")
        refused(self, lambda: check_queries(parse_queries(form(1, period="90"))), 400, "ValidationError")
        refused(self, lambda: check_queries(parse_queries(form(1, stat="Median"))), 400, "ValidationError")
        check_queries(parse_queries(form(500, period="3600")))
        check_queries(parse_queries(form(1, period="10")))
        self.assertEqual(MAX_DATAPOINTS, max_datapoints({}))
        self.assertEqual(MAX_DATAPOINTS, max_datapoints({"MaxDatapoints": "500000"}))
        refused(self, lambda: max_datapoints({"MaxDatapoints": "0"}), 400, "ValidationError")

    def test_paging_cuts_across_queries_within_the_budget(self):
        series = [([1, 2, 3], [1.0, 2.0, 3.0]), ([4, 5], [4.0, 5.0])]
        cut, nxt = page(series, [0, 0], 4)
        self.assertEqual([([1, 2, 3], [1.0, 2.0, 3.0], True), ([4], [4.0], False)], cut)
        self.assertEqual([3, 1], nxt)
        cut, nxt = page(series, nxt, 4)
        self.assertEqual([([], [], True), ([5], [5.0], True)], cut)
        self.assertIsNone(nxt)

    def test_token_belongs_to_its_request(self):
        fp = fingerprint(form(2))
        self.assertEqual(fp, fingerprint(form(2, NextToken="x")))
        self.assertEqual([3, 1], decode_token(encode_token(fp, [3, 1]), fp, 2))
        refused(self, lambda: decode_token(encode_token(fp, [3, 1]), fingerprint(form(3)), 2), 400, "InvalidNextToken")
        refused(self, lambda: decode_token("garbage", fp, 2), 400, "InvalidNextToken")


if __name__ == "__main__":
    unittest.main()
