import datetime
import unittest
from types import SimpleNamespace

from emulator.metrics_insights import aggregate, matches, parse, queries, replace_results
from emulator.protocol import AwsError

T0 = 1767225600  # 2026-01-01T00:00:00Z


def datum(ts, value=None, table="t1", operation=None, ns="AWS/DynamoDB", name="ThrottledRequests", stats=None):
    """A stored datum as moto keeps it: a single value, or a statistic set (min, max, sum, count)."""
    dims = [SimpleNamespace(name="TableName", value=table)]
    if operation:
        dims.append(SimpleNamespace(name="Operation", value=operation))
    d = SimpleNamespace(namespace=ns, name=name, dimensions=dims,
                        timestamp=datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc))
    if stats:
        d.min_stat, d.max_stat, d.sum_stat, d.sample_count = stats
    else:
        d.value = value
    return d


class ParseTest(unittest.TestCase):
    def test_schema_with_where(self):
        self.assertEqual(("SUM", "ThrottledRequests", "AWS/DynamoDB", {"TableName", "Operation"},
                          [("TableName", "=", "t1"), ("Operation", "!=", "GetItem")]),
                         parse("SELECT sum(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, \"Operation\") "
                               "WHERE TableName = 't1' and \"Operation\" != \"GetItem\""))

    def test_plain_namespace_order_by_and_limit(self):
        self.assertEqual(("MAX", "ThrottledRequests", "AWS/DynamoDB", None, []),
                         parse("SELECT MAX(ThrottledRequests) FROM 'AWS/DynamoDB' ORDER BY MAX() DESC LIMIT 5"))

    def test_schema_without_dimensions(self):
        self.assertEqual(set(), parse("SELECT AVG(M) FROM SCHEMA(\"N\")")[3])

    def test_group_by_is_not_emulated(self):
        with self.assertRaises(AwsError) as e:
            parse("SELECT SUM(M) FROM SCHEMA(\"N\", TableName) GROUP BY TableName")
        self.assertEqual((400, "ValidationError"), (e.exception.status, e.exception.code))
        self.assertIn("GROUP BY is not emulated", e.exception.message)

    def test_other_shapes_are_not_emulated(self):
        for expr in ("SELECT FOO(M) FROM N", "SELECT SUM(M)", "SELECT SUM(M) FROM N WHERE TableName LIKE 't%'"):
            with self.assertRaises(AwsError, msg=expr) as e:
                parse(expr)
            self.assertEqual("ValidationError", e.exception.code)


class SelectAndAggregateTest(unittest.TestCase):
    def test_schema_matches_exact_dimension_names_and_where(self):
        q = parse("SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName) WHERE TableName != 't2'")
        _, metric, ns, dims, conds = q
        self.assertTrue(matches(datum(T0, 1), metric, ns, dims, conds))
        self.assertFalse(matches(datum(T0, 1, operation="PutItem"), metric, ns, dims, conds))
        self.assertFalse(matches(datum(T0, 1, table="t2"), metric, ns, dims, conds))
        self.assertFalse(matches(datum(T0, 1, ns="Other"), metric, ns, dims, conds))
        self.assertFalse(matches(datum(T0, 1, name="Other"), metric, ns, dims, conds))

    def test_plain_namespace_matches_any_dimensions(self):
        self.assertTrue(matches(datum(T0, 1, operation="PutItem"), "ThrottledRequests", "AWS/DynamoDB", None, []))

    def test_functions_per_period_from_start_newest_first(self):
        data = [datum(T0 + 5, 2), datum(T0 + 65, 4), datum(T0 + 125, 6), datum(T0 + 130, stats=(1, 9, 20, 4))]
        self.assertEqual(([T0 + 120, T0], [26.0, 6.0]), aggregate("SUM", data, T0, T0 + 240, 120, True))
        self.assertEqual(([T0, T0 + 120], [2.0, 5.0]), aggregate("COUNT", data, T0, T0 + 240, 120, False))
        self.assertEqual(([T0, T0 + 120], [3.0, 5.2]), aggregate("AVG", data, T0, T0 + 240, 120, False))
        self.assertEqual(([T0, T0 + 120], [2.0, 1.0]), aggregate("MIN", data, T0, T0 + 240, 120, False))
        self.assertEqual(([T0, T0 + 120], [4.0, 9.0]), aggregate("MAX", data, T0, T0 + 240, 120, False))

    def test_periods_without_data_are_absent_and_end_is_exclusive(self):
        data = [datum(T0 + 5, 2), datum(T0 + 300, 7)]
        self.assertEqual(([T0], [2.0]), aggregate("SUM", data, T0, T0 + 300, 60, False))


class GetMetricDataFormTest(unittest.TestCase):
    def test_select_queries_with_their_period(self):
        form = {"MetricDataQueries.member.1.Id": "m1", "MetricDataQueries.member.1.MetricStat.Period": "60",
                "MetricDataQueries.member.2.Id": "q", "MetricDataQueries.member.2.Expression": " select SUM(M) FROM N",
                "MetricDataQueries.member.3.Id": "e", "MetricDataQueries.member.3.Expression": "m1 * 2",
                "MetricDataQueries.member.4.Id": "p", "MetricDataQueries.member.4.Expression": "SELECT MAX(M) FROM N",
                "MetricDataQueries.member.4.Period": "300"}
        self.assertEqual([{"Id": "q", "Expression": " select SUM(M) FROM N", "Period": 60},
                          {"Id": "p", "Expression": "SELECT MAX(M) FROM N", "Period": 300}], queries(form))

    def test_results_replace_those_of_their_query_only(self):
        moto = ("<GetMetricDataResult><MetricDataResults>"
                "<member><Id>a</Id><Label>a</Label><Timestamps><member>x</member></Timestamps>"
                "<Values><member>1.0</member></Values><StatusCode>Complete</StatusCode></member>"
                "<member><Id>q</Id><Label>q</Label><Timestamps/><Values/><StatusCode>Complete</StatusCode></member>"
                "</MetricDataResults></GetMetricDataResult>")
        out = replace_results(moto, {"q": ([T0 + 60, T0], [2.5, 3.0])})
        self.assertIn("<member><Id>a</Id><Label>a</Label><Timestamps><member>x</member></Timestamps>"
                      "<Values><member>1.0</member></Values>", out)
        self.assertIn("<member><Id>q</Id><Label>q</Label><Timestamps><member>2026-01-01T00:01:00Z</member>"
                      "<member>2026-01-01T00:00:00Z</member></Timestamps><Values><member>2.5</member>"
                      "<member>3.0</member></Values><StatusCode>", out)


if __name__ == "__main__":
    unittest.main()
