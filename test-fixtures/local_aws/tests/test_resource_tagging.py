import unittest
from types import SimpleNamespace

from emulator.protocol import AwsError
from tests.errors import refused
from emulator.resource_tagging import decode_token, dynamodb_entries, encode_token, matches, page, validate

ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/"


def table(name, **tags):
    return SimpleNamespace(table_arn=ARN + name, tags=[{"Key": k, "Value": v} for k, v in tags.items()])


class ValidateTest(unittest.TestCase):
    def refused(self, p):
        return refused(self, lambda: validate(p), 400, "InvalidParameterException")

    def test_documented_ranges(self):
        for p in ({"ResourcesPerPage": 0}, {"ResourcesPerPage": 101}, {"TagsPerPage": 99}, {"TagsPerPage": 501},
                  {"TagFilters": [{"Key": "k%d" % i} for i in range(51)]},
                  {"TagFilters": [{"Key": "k", "Values": ["v%d" % i for i in range(21)]}]},
                  {"TagFilters": [{"Values": ["v"]}]}, {"TagFilters": [{"Key": "k" * 129}]}):
            self.refused(p)
        validate({"ResourcesPerPage": 100, "TagsPerPage": 500, "TagFilters": [{"Key": "k", "Values": ["v"] * 20}]})

    def test_resource_arn_list_is_exclusive_and_not_emulated(self):
        self.assertIn("cannot be combined", self.refused({"ResourceARNList": [ARN + "t"], "ResourcesPerPage": 5}))
        self.assertIn("not emulated", self.refused({"ResourceARNList": [ARN + "t"]}))


class FilterAndPageTest(unittest.TestCase):
    TABLES = [table("c", team="pay", env="prod"), table("a", team="pay"), table("b", team="ops"), table("d"),
              table("e")]

    def arns(self, entries):
        return [e["ResourceARN"][len(ARN):] for e in entries]

    def test_filters_all_must_match_values_any_no_value_any_value(self):
        self.assertTrue(matches([{"Key": "team", "Value": "pay"}], [{"Key": "team"}]))
        self.assertTrue(matches([{"Key": "team", "Value": "pay"}], [{"Key": "team", "Values": ["ops", "pay"]}]))
        self.assertFalse(matches([{"Key": "team", "Value": "pay"}], [{"Key": "team"}, {"Key": "env"}]))
        self.assertEqual(["a", "c"], self.arns(dynamodb_entries(self.TABLES, set(), [{"Key": "team",
                                                                                       "Values": ["pay"]}])))

    def test_untagged_left_out_previously_tagged_shown_empty_without_filters(self):
        entries = dynamodb_entries(self.TABLES, {ARN + "d"}, [])
        self.assertEqual(["a", "b", "c", "d"], self.arns(entries))
        self.assertEqual([], entries[-1]["Tags"])
        self.assertEqual(["a", "b", "c"], self.arns(dynamodb_entries(self.TABLES, {ARN + "d"}, [{"Key": "team"}])))

    def test_pages_by_resources_then_empty_token(self):
        entries = dynamodb_entries(self.TABLES, set(), [])
        first, token = page(entries, {"ResourcesPerPage": 2})
        self.assertEqual((["a", "b"], encode_token(ARN + "b")), (self.arns(first), token))
        second, token = page(entries, {"ResourcesPerPage": 2, "PaginationToken": token})
        self.assertEqual((["c"], ""), (self.arns(second), token))

    def test_tags_per_page_never_splits_a_resource_and_counts_no_tags_as_one(self):
        entries = [{"ResourceARN": ARN + "t%02d" % i, "Tags": [{"Key": "k%d" % j, "Value": ""} for j in range(10)]}
                   for i in range(22)]
        sizes, token = [], None
        while token != "":
            got, token = page(entries, {"TagsPerPage": 100, "ResourcesPerPage": 100, "PaginationToken": token})
            sizes.append(len(got))
        self.assertEqual([10, 10, 2], sizes)  # AWS's documented example
        bare = [{"ResourceARN": ARN + "u%03d" % i, "Tags": []} for i in range(150)]
        self.assertEqual(100, len(page(bare, {"TagsPerPage": 100, "ResourcesPerPage": 100})[0]))

    def test_tokens_are_opaque_and_checked(self):
        self.assertEqual(ARN + "x", decode_token(encode_token(ARN + "x")))
        with self.assertRaises(AwsError):
            decode_token("35df5a3d-5f57-4619-9a7e-2e50324003fa")


if __name__ == "__main__":
    unittest.main()
