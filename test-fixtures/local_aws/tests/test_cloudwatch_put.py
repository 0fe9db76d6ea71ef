import unittest

from emulator.cloudwatch_put import datums_by_member


class DatumsByMemberTest(unittest.TestCase):
    def test_fields_grouped_by_member_number(self):
        form = {"Action": "PutMetricData", "Namespace": "AWS/DynamoDB",
                "MetricData.member.2.MetricName": "B", "MetricData.member.10.MetricName": "C",
                "MetricData.member.1.MetricName": "A", "MetricData.member.1.Dimensions.member.1.Name": "TableName"}
        self.assertEqual({1: {"MetricData.member.1.MetricName": "A",
                              "MetricData.member.1.Dimensions.member.1.Name": "TableName"},
                          2: {"MetricData.member.2.MetricName": "B"}, 10: {"MetricData.member.10.MetricName": "C"}},
                         datums_by_member(form))


if __name__ == "__main__":
    unittest.main()
