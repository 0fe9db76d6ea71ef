"""UpdateTable's WarmThroughput: merged with the current value, never lowered, raised with provisioned capacity."""

import unittest

from emulator.dynamodb_fixes import raised_warm, warm_update
from tests.errors import refused

ON_DEMAND = {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}
TABLE = {"TableName": "orders", "WarmThroughput": dict(ON_DEMAND),
         "GlobalSecondaryIndexes": [{"IndexName": "g1", "WarmThroughput": {"ReadUnitsPerSecond": 5,
                                                                           "WriteUnitsPerSecond": 7,
                                                                           "Status": "ACTIVE"}}]}


class RaisedWarmTest(unittest.TestCase):
    def test_one_unit_raised_keeps_the_other(self):
        self.assertEqual({"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 9000},
                         raised_warm(ON_DEMAND, {"WriteUnitsPerSecond": 9000}, None, "table"))

    def test_lowering_is_refused(self):
        msg = refused(self, lambda: raised_warm(ON_DEMAND, {"ReadUnitsPerSecond": 11999}, None, "table"), 400,
                      "ValidationException")
        self.assertIn("ReadUnitsPerSecond", msg)
        self.assertIn("12000", msg)

    def test_provisioned_capacity_past_warm_raises_it(self):
        current = {"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 7}
        self.assertEqual({"ReadUnitsPerSecond": 50, "WriteUnitsPerSecond": 7},
                         raised_warm(current, None, {"ReadCapacityUnits": 50, "WriteCapacityUnits": 2}, "table"))


class WarmUpdateTest(unittest.TestCase):
    def test_untouched_when_the_update_has_no_throughput(self):
        self.assertIsNone(warm_update({"TableName": "orders", "DeletionProtectionEnabled": True}, TABLE))

    def test_table_and_gsi_completed(self):
        out = warm_update({"TableName": "orders", "WarmThroughput": {"ReadUnitsPerSecond": 20000},
                           "GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "g1", "WarmThroughput": {
                               "WriteUnitsPerSecond": 70}}}]}, TABLE)
        self.assertEqual({"ReadUnitsPerSecond": 20000, "WriteUnitsPerSecond": 4000}, out["WarmThroughput"])
        self.assertEqual({"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 70},
                         out["GlobalSecondaryIndexUpdates"][0]["Update"]["WarmThroughput"])

    def test_gsi_lowering_and_unknown_gsi_refused(self):
        refused(self, lambda: warm_update({"GlobalSecondaryIndexUpdates": [{"Update": {
            "IndexName": "g1", "WarmThroughput": {"ReadUnitsPerSecond": 4}}}]}, TABLE), 400, "ValidationException")
        refused(self, lambda: warm_update({"GlobalSecondaryIndexUpdates": [{"Update": {
            "IndexName": "nope", "WarmThroughput": {"ReadUnitsPerSecond": 40}}}]}, TABLE), 400, "ValidationException")


if __name__ == "__main__":
    unittest.main()
