import unittest

from emulator.metrics_insights_query import Query, parse
from tests.errors import refused


class ParseTest(unittest.TestCase):
    def refused(self, expr):
        return refused(self, lambda: parse(expr), 400, "ValidationError")

    def test_schema_with_where(self):
        q = parse("SELECT sum(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, \"Operation\") "
                  "WHERE TableName = 't1' and \"Operation\" != \"GetItem\"")
        self.assertEqual(("SUM", "ThrottledRequests", "AWS/DynamoDB", {"TableName", "Operation"}),
                         (q.func, q.metric, q.namespace, q.schema))
        self.assertEqual([("TableName", "=", "t1"), ("Operation", "!=", "GetItem")], q.conditions)
        self.assertEqual(([], None, None), (q.group_by, q.order, q.limit))

    def test_plain_namespace_order_by_and_limit(self):
        self.assertEqual(Query("MAX", "ThrottledRequests", "AWS/DynamoDB", None, [], [], ("MAX", True), 5),
                         parse("SELECT MAX(ThrottledRequests) FROM 'AWS/DynamoDB' ORDER BY MAX() DESC LIMIT 5"))

    def test_schema_without_dimensions(self):
        self.assertEqual(frozenset(), parse("SELECT AVG(M) FROM SCHEMA(\"N\")").schema)

    def test_group_by_order_by_and_limit(self):
        q = parse("select SUM(ThrottledRequests) from SCHEMA(\"AWS/DynamoDB\", TableName, Operation) "
                  "group by TableName order by sum() desc limit 500")
        self.assertEqual((["TableName"], ("SUM", True), 500), (q.group_by, q.order, q.limit))
        q = parse("SELECT SUM(WriteThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\", TableName, GlobalSecondaryIndexName) "
                  "WHERE TableName != 'x' GROUP BY TableName, GlobalSecondaryIndexName ORDER BY MAX()")
        self.assertEqual((["TableName", "GlobalSecondaryIndexName"], ("MAX", False), None),
                         (q.group_by, q.order, q.limit))

    def test_escaped_quotes_in_identifiers_and_values(self):
        q = parse("SELECT AVG(\"Bytes\\\"Input\\\"\") FROM \"N\" WHERE k = 'it\\'s'")
        self.assertEqual(("Bytes\"Input\"", [("k", "=", "it's")]), (q.metric, q.conditions))

    def test_limit_must_be_1_to_500(self):
        self.assertIn("LIMIT must be between 1 and 500", self.refused("SELECT SUM(M) FROM N LIMIT 501"))
        self.refused("SELECT SUM(M) FROM N LIMIT 0")
        self.refused("SELECT SUM(M) FROM N LIMIT many")

    def test_undocumented_where_operators_are_not_emulated(self):
        for expr in ("SELECT SUM(M) FROM N WHERE TableName LIKE 't%'",
                     "SELECT SUM(M) FROM N WHERE TableName IN ('a', 'b')",
                     "SELECT SUM(M) FROM N WHERE TableName NOT IN ('a')",
                     "SELECT SUM(M) FROM N WHERE TableName = 'a' OR TableName = 'b'",
                     "SELECT SUM(M) FROM N WHERE (TableName = 'a')",
                     "SELECT SUM(M) FROM N WHERE tag.team = 'a'",
                     "SELECT SUM(M) FROM N WHERE TableName = a"):
            self.assertIn("not emulated", self.refused(expr))

    def test_other_shapes_are_refused(self):
        for expr in ("SELECT FOO(M) FROM N", "SELECT SUM(M)", "SELECT SUM(M) FROM N GROUP BY",
                     "SELECT SUM(M) FROM N ORDER BY SUM(M)", "SELECT SUM(M) FROM N GROUP BY a, a",
                     "SELECT SUM(M) FROM N LIMIT 5 extra", "SELECT SUM(LIMIT) FROM N"):
            self.refused(expr)


if __name__ == "__main__":
    unittest.main()
