import datetime
import time
import unittest
from types import SimpleNamespace

from emulator import metrics_insights_eval as ev
from emulator.metrics_insights import (check_call, form_without, limit_messages, merge, queries, result_members,
                                       whole_answer)
from emulator.metrics_insights_query import parse
from emulator.protocol import AwsError

T0 = 1767225600  # 2026-01-01T00:00:00Z
NOW = T0 + 3600


def datum(ts, value=None, table="t1", operation=None, ns="AWS/DynamoDB", name="ThrottledRequests", stats=None,
          **dims):
    """A stored datum as moto keeps it: a single value, or a statistic set (min, max, sum, sample count)."""
    all_dims = {"TableName": table} if table else {}
    if operation:
        all_dims["Operation"] = operation
    all_dims.update(dims)
    d = SimpleNamespace(namespace=ns, name=name, dimensions=[SimpleNamespace(name=k, value=v)
                                                             for k, v in all_dims.items()],
                        timestamp=datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc))
    if stats:
        d.min, d.max, d.sum, d.sample_count = stats
    else:
        d.value = value
    return d


def run(expr, data, start=T0, end=T0 + 3600, period=60, now=NOW):
    return ev.evaluate(parse(expr), ev.index_by_metric(data), start, end, period, now)


def series(result):
    return [(s.label, s.stamps, s.values) for s in result.series]


class SelectAndAggregateTest(unittest.TestCase):
    def test_schema_matches_exact_dimension_names_and_where(self):
        data = [datum(T0, 1), datum(T0, 2, operation="PutItem"), datum(T0, 4, table="t2"), datum(T0, 8, ns="Other"),
                datum(T0, 16, name="Other")]
        r = run("SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName) WHERE TableName != 't2'", data)
        self.assertEqual([(None, [T0], [1.0])], series(r))

    def test_plain_namespace_matches_any_dimensions(self):
        r = run("SELECT SUM(ThrottledRequests) FROM \"AWS/DynamoDB\"", [datum(T0, 1, operation="PutItem"), datum(T0, 2)])
        self.assertEqual([(None, [T0], [3.0])], series(r))

    def test_functions_per_period_from_start(self):
        data = [datum(T0 + 5, 2), datum(T0 + 65, 4), datum(T0 + 125, 6), datum(T0 + 130, stats=(1, 9, 20, 4))]
        expect = {"SUM": [6.0, 26.0], "COUNT": [2.0, 5.0], "AVG": [3.0, 5.2], "MIN": [2.0, 1.0], "MAX": [4.0, 9.0]}
        for func, values in expect.items():
            r = run("SELECT %s(ThrottledRequests) FROM \"AWS/DynamoDB\"" % func, data, end=T0 + 240, period=120)
            self.assertEqual([(None, [T0, T0 + 120], values)], series(r), func)

    def test_periods_without_data_are_absent_and_end_is_exclusive(self):
        r = run("SELECT SUM(ThrottledRequests) FROM \"AWS/DynamoDB\"", [datum(T0 + 5, 2), datum(T0 + 300, 7)],
                end=T0 + 300)
        self.assertEqual([(None, [T0], [2.0])], series(r))


class GroupByTest(unittest.TestCase):
    DATA = [datum(T0 + 10, 5, table="b", operation="PutItem"), datum(T0 + 70, 1, table="b", operation="Query"),
            datum(T0 + 10, 2, table="a", operation="PutItem"), datum(T0 + 70, 30, table="c", operation="GetItem"),
            datum(T0 + 130, 1, table="c", operation="GetItem")]
    SQL = "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation) GROUP BY TableName"

    def test_one_series_per_value_alphabetical_without_order_by(self):
        self.assertEqual([("a", [T0], [2.0]), ("b", [T0, T0 + 60], [5.0, 1.0]), ("c", [T0 + 60, T0 + 120], [30.0, 1.0])],
                         series(run(self.SQL, self.DATA)))

    def test_order_by_function_over_the_series_then_limit(self):
        self.assertEqual(["c", "b", "a"], [s.label for s in run(self.SQL + " ORDER BY SUM() DESC", self.DATA).series])
        self.assertEqual(["a", "b", "c"], [s.label for s in run(self.SQL + " ORDER BY MAX() ASC", self.DATA).series])
        self.assertEqual(["b", "c", "a"], [s.label for s in run(self.SQL + " ORDER BY MIN()", self.DATA).series])
        self.assertEqual(["b", "c"], [s.label for s in run(self.SQL + " ORDER BY COUNT() DESC LIMIT 2",
                                                           self.DATA).series])
        # ties: by label
        tie = [datum(T0, 1, table="z"), datum(T0, 1, table="y")]
        self.assertEqual(["y", "z"], [s.label for s in run(
            "SELECT SUM(ThrottledRequests) FROM \"AWS/DynamoDB\" GROUP BY TableName ORDER BY SUM() DESC", tie).series])

    def test_two_keys_label_and_the_other_group(self):
        data = [datum(T0, 1, table="t", GlobalSecondaryIndexName="g1"), datum(T0, 2, table="t"),
                datum(T0, 4, table="u")]
        r = run("SELECT SUM(ThrottledRequests) FROM \"AWS/DynamoDB\" GROUP BY TableName, GlobalSecondaryIndexName",
                data)
        self.assertEqual([("t Other", [T0], [2.0]), ("t g1", [T0], [1.0]), ("u Other", [T0], [4.0])], series(r))
        self.assertEqual(("t", "g1"), r.series[1].key)

    def test_groups_without_data_in_range_are_not_returned(self):
        r = run(self.SQL, self.DATA + [datum(T0 - 60, 9, table="old", operation="PutItem")])
        self.assertNotIn("old", [s.label for s in r.series])


class LimitsTest(unittest.TestCase):
    def test_at_most_500_series_flagged_only_without_limit(self):
        data = [datum(T0, i + 1, table="t%04d" % i) for i in range(501)]
        sql = "SELECT SUM(ThrottledRequests) FROM \"AWS/DynamoDB\" GROUP BY TableName ORDER BY SUM() DESC"
        r = run(sql, data)
        self.assertEqual((500, True, "t0500", "t0001"), (len(r.series), r.too_many_series, r.series[0].label,
                                                         r.series[-1].label))
        r = run(sql + " LIMIT 500", data)
        self.assertEqual((500, False), (len(r.series), r.too_many_series))

    def test_at_most_10000_metrics_analysed_in_stored_order(self):
        data = [datum(T0, 1, table="t%05d" % i) for i in range(10001)]
        r = run("SELECT SUM(ThrottledRequests) FROM \"AWS/DynamoDB\"", data)
        self.assertEqual(([10000.0], True), (r.series[0].values, r.too_many_metrics))
        r = run("SELECT SUM(ThrottledRequests) FROM \"AWS/DynamoDB\" WHERE TableName != 't00000'", data)
        self.assertEqual(([10000.0], False), (r.series[0].values, r.too_many_metrics))

    def test_only_the_last_three_hours(self):
        now = T0 + 4 * 3600
        data = [datum(now - 3 * 3600 - 60, 100), datum(now - 3 * 3600 + 30, 1), datum(now - 600, 2)]
        r = run("SELECT SUM(ThrottledRequests) FROM \"AWS/DynamoDB\"", data, start=T0, end=now, period=3600, now=now)
        self.assertTrue(r.window_clipped)
        self.assertEqual([(None, [T0 + 3600, T0 + 3 * 3600], [1.0, 2.0])], series(r))
        r = run("SELECT SUM(ThrottledRequests) FROM \"AWS/DynamoDB\"", data, start=now - 3 * 3600, end=now, now=now)
        self.assertFalse(r.window_clipped)

    def test_index_is_by_namespace_and_metric(self):
        index = ev.index_by_metric([datum(T0, 1), datum(T0, 2, name="X"), datum(T0, 3)])
        self.assertEqual({("AWS/DynamoDB", "ThrottledRequests"): 2, ("AWS/DynamoDB", "X"): 1},
                         {k: len(v) for k, v in index.items()})


class GetMetricDataFormTest(unittest.TestCase):
    FORM = {"Action": "GetMetricData", "MetricDataQueries.member.1.Id": "m1",
            "MetricDataQueries.member.1.MetricStat.Period": "60",
            "MetricDataQueries.member.2.Id": "q", "MetricDataQueries.member.2.Expression": " select SUM(M) FROM N",
            "MetricDataQueries.member.3.Id": "e", "MetricDataQueries.member.3.Expression": "m1 * 2",
            "MetricDataQueries.member.4.Id": "p", "MetricDataQueries.member.4.Expression": "SELECT MAX(M) FROM N",
            "MetricDataQueries.member.4.Period": "300", "MetricDataQueries.member.4.ReturnData": "false"}

    def test_select_queries_with_their_period(self):
        self.assertEqual([("q", " select SUM(M) FROM N", 60, True, 2), ("p", "SELECT MAX(M) FROM N", 300, False, 4)],
                         [(q["Id"], q["Expression"], q["Period"], q["ReturnData"], q["member"])
                          for q in queries(self.FORM)])

    def test_one_query_per_call_and_no_math_over_it(self):
        with self.assertRaises(AwsError) as e:
            check_call(self.FORM, queries(self.FORM))
        self.assertIn("Only one Metrics Insights query", e.exception.message)
        form = dict(self.FORM, **{"MetricDataQueries.member.3.Expression": "q * 2"})
        with self.assertRaises(AwsError) as e:
            check_call(form, queries(form)[:1])
        self.assertIn("not emulated", e.exception.message)
        check_call(self.FORM, queries(self.FORM)[:1])

    def test_form_without_a_member_renumbers_the_rest(self):
        out = form_without(self.FORM, 2)
        self.assertEqual(["m1", "e", "p"], [out["MetricDataQueries.member.%d.Id" % n] for n in (1, 2, 3)])
        self.assertEqual("60", out["MetricDataQueries.member.1.MetricStat.Period"])
        self.assertNotIn("MetricDataQueries.member.4.Id", out)
        self.assertEqual("GetMetricData", out["Action"])


class AnswerTest(unittest.TestCase):
    Q = {"Id": "q", "Label": None}

    def test_members_with_the_same_id_newest_first(self):
        r = run(GroupByTest.SQL + " ORDER BY SUM() DESC LIMIT 2", GroupByTest.DATA)
        xml = result_members(self.Q, r, True)
        self.assertEqual(2, xml.count("<Id>q</Id>"))
        self.assertTrue(xml.startswith("<member><Id>q</Id><Label>c</Label><Timestamps><member>2026-01-01T00:02:00Z"
                                       "</member><member>2026-01-01T00:01:00Z</member></Timestamps><Values><member>"
                                       "1.0</member><member>30.0</member></Values><StatusCode>Complete</StatusCode>"
                                       "</member><member><Id>q</Id><Label>b</Label>"), xml)

    def test_partial_data_and_messages_at_the_limits(self):
        r = ev.Evaluation([ev.Series(("a",), "a", [T0], [1.0])], True, True, True, 10000)
        self.assertIn("<StatusCode>PartialData</StatusCode>", result_members(self.Q, r, False))
        messages = limit_messages(r, time.time())
        for code in ("MaxMatchingResultsExceeded", "MaxQueryResultsExceeded", "MaxQueryTimeRangeExceeded"):
            self.assertIn("<Code>%s</Code>" % code, messages)
        self.assertEqual("", limit_messages(ev.Evaluation([], False, False, False, 0), time.time()))

    def test_without_group_by_the_label_is_the_query_label_or_id(self):
        r = run("SELECT SUM(ThrottledRequests) FROM \"AWS/DynamoDB\"", [datum(T0, 1)])
        self.assertIn("<Label>q</Label>", result_members(self.Q, r, True))
        self.assertIn("<Label>mine</Label>", result_members({"Id": "q", "Label": "mine"}, r, True))

    def test_merge_into_motos_answer_or_a_whole_answer(self):
        moto = ("<GetMetricDataResponse><GetMetricDataResult><MetricDataResults><member><Id>a</Id></member>"
                "</MetricDataResults></GetMetricDataResult></GetMetricDataResponse>")
        self.assertIn("<member><Id>a</Id></member><member>X</member></MetricDataResults><Messages>M</Messages>",
                      merge(moto, "<member>X</member>", "<Messages>M</Messages>"))
        empty = "<GetMetricDataResponse><GetMetricDataResult><MetricDataResults/></GetMetricDataResult>"
        self.assertIn("<MetricDataResults><member>X</member></MetricDataResults>", merge(empty, "<member>X</member>", ""))
        whole = whole_answer("<member>X</member>", "")
        self.assertTrue(whole.startswith('<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">'
                                         "<GetMetricDataResult><MetricDataResults><member>X</member>"), whole)


if __name__ == "__main__":
    unittest.main()
