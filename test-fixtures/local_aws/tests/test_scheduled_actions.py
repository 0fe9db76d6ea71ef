"""Scheduled actions: the checks of PutScheduledAction's fields, schedules and paging (no moto needed)."""

import unittest

from emulator.scheduled_actions import (check_name, check_put_fields, check_schedule, check_target_fields,
                                        dimension_fits, page_of)
from tests.errors import refused

TABLE = {"ServiceNamespace": "dynamodb", "ScheduledActionName": "hpr-forecast-0840", "ResourceId": "table/orders",
         "ScalableDimension": "dynamodb:table:WriteCapacityUnits"}


def put(**fields):
    p = dict(TABLE, Schedule="cron(40 8 * * ? *)", ScalableTargetAction={"MinCapacity": 720})
    p.update(fields)
    return {k: v for k, v in p.items() if v is not None}


class ScheduleTest(unittest.TestCase):
    def test_accepted_schedules(self):
        for s in ("at(2026-12-24T08:40:00)", "rate(5 minutes)", "rate(1 day)", "cron(40 8 * * ? *)",
                  "cron(0 9 ? * MON-FRI *)", "cron(0/15 8-10 1,15 JAN-DEC ? 2026)", "cron(0 9 ? * 2#1 *)",
                  "cron(0 18 L * ? *)"):
            check_schedule(s)

    def test_refused_schedules(self):
        for s in ("at(2026-13-01T00:00:00)", "at(2026-12-24 08:40)", "rate(0 minutes)", "rate(5 weeks)",
                  "rate(-1 hours)", "cron(40 8 * * ?)", "cron(40 8 * * ? * *)", "cron(60 8 * * ? *)",
                  "cron(0 24 * * ? *)", "cron(0 9 ? * MON-FUN *)", "cron(0 9 32 * ? *)", "every day", ""):
            refused(self, lambda: check_schedule(s), 400, "ValidationException")


class FieldsTest(unittest.TestCase):
    def test_names(self):
        check_name("hpr-forecast orders 09:00".replace(":", "h"))
        for bad in ("", " lead", "trail ", "a/b", "a:b", "a|b", "tab\there", "x" * 257):
            refused(self, lambda: check_name(bad), 400, "ValidationException")
        check_name("x" * 256)

    def test_dimension_fits_namespace_and_resource(self):
        self.assertTrue(dimension_fits("dynamodb", "table/orders", "dynamodb:table:ReadCapacityUnits"))
        self.assertTrue(dimension_fits("dynamodb", "table/orders/index/g", "dynamodb:index:ReadCapacityUnits"))
        self.assertFalse(dimension_fits("dynamodb", "table/orders/index/g", "dynamodb:table:ReadCapacityUnits"))
        self.assertFalse(dimension_fits("dynamodb", "table/orders", "dynamodb:index:ReadCapacityUnits"))
        self.assertFalse(dimension_fits("ecs", "table/orders", "dynamodb:table:ReadCapacityUnits"))
        self.assertFalse(dimension_fits("dynamodb", "table/orders", "dynamodb:table:ReadCapacity"))

    def test_required_and_enums(self):
        for missing in ("ServiceNamespace", "ScheduledActionName", "ResourceId", "ScalableDimension"):
            refused(self, lambda: check_target_fields(dict(TABLE, **{missing: None}), "Op"), 400, "ValidationException")
        refused(self, lambda: check_target_fields(dict(TABLE, ServiceNamespace="dynamo"), "Op"), 400,
                "ValidationException")

    def test_put_fields(self):
        check_put_fields(put(), existing=None)
        check_put_fields(put(Schedule=None), existing=object())  # an update may leave the schedule as it is
        refused(self, lambda: check_put_fields(put(Schedule=None), None), 400, "ValidationException")
        refused(self, lambda: check_put_fields(put(Timezone="Mars/Olympus"), None), 400, "ValidationException")
        check_put_fields(put(Timezone="Europe/Zurich"), None)
        refused(self, lambda: check_put_fields(put(StartTime=200, EndTime=100), None), 400, "ValidationException")
        for action in ({"MinCapacity": 10, "MaxCapacity": 5}, {"MinCapacity": -1}, {"MaxCapacity": 1.5}):
            refused(self, lambda: check_put_fields(put(ScalableTargetAction=action), None), 400, "ValidationException")
        check_put_fields(put(ScalableTargetAction={"MaxCapacity": 40000}), None)


class PagingTest(unittest.TestCase):
    def test_pages_of_at_most_max_results(self):
        items = list(range(120))
        first, token = page_of(items, 50, None)
        second, token2 = page_of(items, 50, token)
        third, token3 = page_of(items, 50, token2)
        self.assertEqual((list(range(50)), list(range(50, 100)), list(range(100, 120))), (first, second, third))
        self.assertIsNone(token3)
        self.assertEqual((list(range(10)), None), page_of(list(range(10)), 50, None))
        refused(self, lambda: page_of(items, 50, "nonsense"), 400, "InvalidNextTokenException")


if __name__ == "__main__":
    unittest.main()
