import re
import unittest

from emulator import insight_rule_report as irr
from emulator.contributor_insights import forget_table, page, rule_lookup, rule_names
from emulator.protocol import AwsError
from emulator.registry import STATE
from emulator.state import State

T0 = 1767225600  # 2026-01-01T00:00:00Z


class RuleNamesTest(unittest.TestCase):
    def test_modes_sort_keys_and_index_resource_names(self):
        self.assertEqual(["DynamoDBContributorInsights-PKC-Users-1707744000000",
                          "DynamoDBContributorInsights-PKT-Users-1707744000000"],
                         rule_names("Users", None, "ACCESSED_AND_THROTTLED_KEYS", False, 1707744000000))
        self.assertEqual(["DynamoDBContributorInsights-PKT-t-i1-5", "DynamoDBContributorInsights-SKT-t-i1-5"],
                         rule_names("t", "i1", "THROTTLED_KEYS", True, 5))
        self.assertEqual(4, len(rule_names("t", None, "ACCESSED_AND_THROTTLED_KEYS", True, 5)))


class PagingTest(unittest.TestCase):
    def test_pages_and_next_token(self):
        items = list(range(5))
        self.assertEqual({"ContributorInsightsSummaries": [0, 1], "NextToken": "2"}, page(items, None, 2))
        self.assertEqual({"ContributorInsightsSummaries": [4]}, page(items, "4", 2))
        self.assertEqual({"ContributorInsightsSummaries": items}, page(items, None, None))


def enabled_state():
    st = State(STATE)
    st.ci[("t", "")] = {"status": "ENABLED", "mode": "ACCESSED_AND_THROTTLED_KEYS", "created": 7, "updated": 0,
                        "failure": None, "rules": rule_names("t", None, "ACCESSED_AND_THROTTLED_KEYS", True, 7),
                        "keyNames": {"HASH": "pk", "RANGE": "sk"}}
    st.ci[("t", "g")] = {"status": "ENABLED", "mode": "THROTTLED_KEYS", "created": 7, "updated": 0,
                         "failure": None, "rules": rule_names("t", "g", "THROTTLED_KEYS", False, 7), "keyNames": {}}
    return st


class RuleLookupTest(unittest.TestCase):
    def test_existing_rules_only(self):
        st = enabled_state()
        self.assertEqual(("t", "", "SKC"), rule_lookup(st, "DynamoDBContributorInsights-SKC-t-7"))
        self.assertEqual(("t", "g", "PKT"), rule_lookup(st, "DynamoDBContributorInsights-PKT-t-g-7"))
        self.assertIsNone(rule_lookup(st, "DynamoDBContributorInsights-PKC-t-g-7"))
        forget_table(st, "t")
        self.assertIsNone(rule_lookup(st, "DynamoDBContributorInsights-SKC-t-7"))
        self.assertEqual({}, st.ci)


class InsightRuleReportTest(unittest.TestCase):
    def report(self, st, rule="DynamoDBContributorInsights-PKC-t-7", start=T0, end=T0 + 3600, period=300,
               max_count=None, metrics=()):
        return irr.report(st, rule, start, end, period, max_count, list(metrics), None)

    def test_parameter_errors(self):
        cases = [((None, T0, T0 + 1, 60, None), "MissingParameter", "RuleName"),
                 (("r", None, T0 + 1, 60, None), "MissingParameter", "StartTime"),
                 (("r", T0, None, 60, None), "MissingParameter", "EndTime"),
                 (("r", T0, T0 + 1, None, None), "MissingParameter", "Period"),
                 (("r", T0, T0 + 1, 0, None), "InvalidParameterValue", "Period"),
                 (("r", T0, T0, 60, None), "InvalidParameterValue", "EndTime"),
                 (("r", T0, T0 + 1, 60, 101), "InvalidParameterValue", "MaxContributorCount")]
        for args, code, word in cases:
            with self.assertRaises(AwsError, msg=args) as e:
                irr.check_parameters(*args)
            self.assertEqual((400, code), (e.exception.status, e.exception.code))
            self.assertIn(word, e.exception.message)

    def test_unknown_rule_is_404(self):
        with self.assertRaises(AwsError) as e:
            self.report(enabled_state(), rule="DynamoDBContributorInsights-PKC-x-7")
        self.assertEqual((404, "ResourceNotFoundException"), (e.exception.status, e.exception.code))

    def test_no_seeds_no_contributors_and_key_labels_of_the_table(self):
        rep = self.report(enabled_state(), rule="DynamoDBContributorInsights-SKT-t-7")
        self.assertEqual((["pk", "sk"], [], [], 0, 0), (rep["KeyLabels"], rep["Contributors"],
                                                        rep["MetricDatapoints"], rep["ApproximateUniqueCount"],
                                                        rep["AggregateValue"]))
        rep = self.report(enabled_state(), rule="DynamoDBContributorInsights-PKT-t-g-7")
        self.assertEqual(["PartitionKey"], rep["KeyLabels"])

    def test_seeded_contributors_by_value_in_the_last_whole_period(self):
        st = enabled_state()
        st.seeds[("t", "", "PKC")] = {"contributors": [{"keys": ["a"], "value": 3.0}, {"keys": ["b"], "value": 10.0},
                                                       {"keys": ["c"], "value": 7.0}], "keyLabels": ["L"]}
        rep = self.report(st, start=T0 + 10, end=T0 + 600, max_count=2, metrics=["Sum", "UniqueContributors"])
        self.assertEqual(["L"], rep["KeyLabels"])
        self.assertEqual(([["b"], ["c"]], 3, 20.0), ([c["Keys"] for c in rep["Contributors"]],
                                                      rep["ApproximateUniqueCount"], rep["AggregateValue"]))
        self.assertEqual([{"Timestamp": T0 + 300, "ApproximateValue": 10.0}], rep["Contributors"][0]["Datapoints"])
        self.assertEqual([{"Timestamp": T0 + 300, "UniqueContributors": 3.0, "Sum": 20.0}], rep["MetricDatapoints"])

    def test_awsquery_document(self):
        rep = irr.build_report([{"keys": ["x&<"], "value": 2.0}], ["pk"], T0, T0 + 60, 60, None, [])
        xml = re.sub(r"<RequestId>[^<]+</RequestId>", "<RequestId/>", irr.report_xml(rep))
        self.assertIn("<KeyLabels><member>pk</member></KeyLabels><AggregationStatistic>Sum</AggregationStatistic>"
                      "<AggregateValue>2.0</AggregateValue><ApproximateUniqueCount>1</ApproximateUniqueCount>"
                      "<Contributors><member><Keys><member>x&amp;&lt;</member></Keys>"
                      "<ApproximateAggregateValue>2.0</ApproximateAggregateValue><Datapoints><member>"
                      "<Timestamp>2026-01-01T00:00:00.000Z</Timestamp><ApproximateValue>2.0</ApproximateValue>"
                      "</member></Datapoints></member></Contributors><MetricDatapoints><member>"
                      "<Timestamp>2026-01-01T00:00:00.000Z</Timestamp><UniqueContributors>1.0</UniqueContributors>"
                      "<MaxContributorValue>2.0</MaxContributorValue><SampleCount>1.0</SampleCount>", xml)
        self.assertTrue(xml.endswith("</MetricDatapoints></GetInsightRuleReportResult><ResponseMetadata>"
                                     "<RequestId/></ResponseMetadata></GetInsightRuleReportResponse>"))


if __name__ == "__main__":
    unittest.main()
