import json
import unittest

from emulator.autoscaling_fixes import filter_policies
from emulator.dynamodb_fixes import add_to_description, remember, requested_on_demand, requested_replicas
from tests.errors import refused
from emulator.sns_fixes import check_publish


class SnsPublishTest(unittest.TestCase):
    def refused(self, form):
        return refused(self, lambda: check_publish(form), 400, "InvalidParameter")

    def test_subject(self):
        self.assertEqual("Invalid parameter: Subject", self.refused({"Subject": ""}))
        self.assertEqual("Invalid parameter: Subject", self.refused({"Subject": "a\nb"}))
        self.assertEqual("Invalid parameter: Subject", self.refused({"Subject": "a\x7f"}))
        check_publish({"Subject": "Hot partition on orders"})

    def test_json_message_structure(self):
        unparsable = "Invalid parameter: Message Structure - JSON message body failed to parse"
        self.assertEqual(unparsable, self.refused({"MessageStructure": "json", "Message": "nope"}))
        self.assertEqual(unparsable, self.refused({"MessageStructure": "json", "Message": "[1]"}))
        self.assertEqual(unparsable, self.refused({"MessageStructure": "json", "Message": '{"default": 1}'}))
        self.assertEqual("Invalid parameter: Message Structure - No default entry in JSON message body",
                         self.refused({"MessageStructure": "json", "Message": '{"sqs": "s"}'}))
        check_publish({"MessageStructure": "json", "Message": json.dumps({"default": "d", "sqs": "s"})})
        check_publish({"Message": "not json, no structure"})


class DescribeScalingPoliciesTest(unittest.TestCase):
    POLICIES = [{"PolicyName": "p", "ResourceId": "table/T", "ScalableDimension": "dynamodb:table:ReadCapacityUnits"},
                {"PolicyName": "p", "ResourceId": "table/T/index/I",
                 "ScalableDimension": "dynamodb:index:ReadCapacityUnits"},
                {"PolicyName": "q", "ResourceId": "table/T", "ScalableDimension": "dynamodb:table:WriteCapacityUnits"}]

    def names(self, resource_id, dimension, names, next_token=None):
        payload = {"ScalingPolicies": [dict(p) for p in self.POLICIES], "NextToken": next_token}
        out = filter_policies(payload, resource_id, dimension, names)
        return [(p["ResourceId"], p["PolicyName"]) for p in out["ScalingPolicies"]], out

    def test_exact_resource_dimension_and_names(self):
        self.assertEqual([("table/T", "p"), ("table/T", "q")], self.names("table/T", None, [])[0])
        self.assertEqual([("table/T", "q")], self.names("table/T", "dynamodb:table:WriteCapacityUnits", [])[0])
        self.assertEqual([("table/T", "p"), ("table/T/index/I", "p")], self.names(None, None, ["p"])[0])

    def test_next_token_kept_only_when_there_is_one(self):
        self.assertNotIn("NextToken", self.names(None, None, [])[1])
        self.assertEqual("2", self.names(None, None, [], next_token="2")[1]["NextToken"])

    def test_other_answers_untouched(self):
        self.assertIsNone(filter_policies({"message": "x"}, "table/T", None, []))


class OnDemandThroughputTest(unittest.TestCase):
    def test_create_then_update_merges_and_describe_shows_it(self):
        store = {}
        create = {"TableName": "t", "OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": -1},
                  "GlobalSecondaryIndexes": [{"IndexName": "g", "OnDemandThroughput": {"MaxReadRequestUnits": 5}},
                                             {"IndexName": "h"}]}
        remember(store, "t", "CreateTable", requested_on_demand(create))
        update = {"OnDemandThroughput": {"MaxWriteRequestUnits": 50},
                  "GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "g",
                                                              "OnDemandThroughput": {"MaxWriteRequestUnits": 7}}},
                                                  {"Delete": {"IndexName": "h"}}]}
        remember(store, "t", "UpdateTable", requested_on_demand(update))
        desc = {"TableName": "t", "GlobalSecondaryIndexes": [{"IndexName": "g"}, {"IndexName": "h"}]}
        add_to_description(desc, store["t"])
        self.assertEqual({"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50}, desc["OnDemandThroughput"])
        self.assertEqual({"MaxReadRequestUnits": 5, "MaxWriteRequestUnits": 7},
                         desc["GlobalSecondaryIndexes"][0]["OnDemandThroughput"])
        self.assertNotIn("OnDemandThroughput", desc["GlobalSecondaryIndexes"][1])

    def test_create_table_starts_afresh_and_nothing_is_invented(self):
        store = {"t": {"table": {"MaxReadRequestUnits": 1}, "indexes": {"g": {"MaxReadRequestUnits": 1}}}}
        remember(store, "t", "CreateTable", requested_on_demand({"TableName": "t"}))
        desc = {"TableName": "t", "GlobalSecondaryIndexes": [{"IndexName": "g"}]}
        add_to_description(desc, store["t"])
        self.assertEqual({"TableName": "t", "GlobalSecondaryIndexes": [{"IndexName": "g"}]}, desc)


class ReplicaUpdatesTest(unittest.TestCase):
    def test_created_replicas_are_listed_and_deleted_ones_dropped(self):
        store = {}
        remember(store, "t", "CreateTable", requested_on_demand({"TableName": "t"}))
        add = {"ReplicaUpdates": [{"Create": {"RegionName": "us-west-2"}}, {"Create": {"RegionName": "eu-west-1"}}]}
        remember(store, "t", "UpdateTable", requested_on_demand(add), requested_replicas(add))
        drop = {"ReplicaUpdates": [{"Delete": {"RegionName": "us-west-2"}}]}
        remember(store, "t", "UpdateTable", requested_on_demand(drop), requested_replicas(drop))
        desc = {"TableName": "t"}
        add_to_description(desc, store["t"])
        self.assertEqual([{"RegionName": "eu-west-1", "ReplicaStatus": "ACTIVE"}], desc["Replicas"])


if __name__ == "__main__":
    unittest.main()
