"""Application Auto Scaling scheduled actions: the checks AWS makes and moto 5.2.1 skips (README.md "Corrections of
moto", 8).

moto stores Put/Describe/DeleteScheduledAction (put-then-put of a name updates it; start and end times not sent are
cleared, as documented) but checks nothing. Here, before moto applies the call (AWS sources: Application Auto
Scaling API Reference, botocore `application-autoscaling/2016-02-06` service-2.json; Application Auto Scaling User
Guide, "Scheduled scaling" and "Quotas"):

* Required members (Put/Delete: ServiceNamespace, ScheduledActionName, ResourceId, ScalableDimension; Describe:
  ServiceNamespace), the ServiceNamespace and ScalableDimension enums, a dimension that fits the namespace and the
  ResourceId (`table/T` with `dynamodb:table:*`, `table/T/index/I` with `dynamodb:index:*`), ScheduledActionName of
  1-256 characters matching the model's pattern (no `:`, `/`, `|`, control characters, leading/trailing space)
  -> ValidationException.
* Schedule (required to create, "ResourceIdMaxLen1600"): `at(yyyy-mm-ddThh:mm:ss)`, `rate(value unit)` with a
  positive integer and minute(s)|hour(s)|day(s), or `cron(fields)` with six fields "[Minutes] [Hours]
  [Day_of_Month] [Month] [Day_of_Week] [Year]" -> else ValidationException. Each cron field's characters and
  ranges are checked; whether AWS also demands `?` in one of the day fields is not checked (unconfirmed here).
* Timezone: an IANA name (the machine's tz database stands in for Joda-Time's; without one, any name passes). StartTime before EndTime.
* ScalableTargetAction: MinCapacity / MaxCapacity not negative, Min not above Max.
* "You cannot create a scheduled action until you have registered the resource as a scalable target" ->
  ObjectNotFoundException; a new name past 200 scheduled actions on one scalable target ("Scheduled actions per
  scalable target: 200", not adjustable) -> LimitExceededException.
* DeleteScheduledAction of an unknown action -> ObjectNotFoundException (moto answers 200).
* DescribeScheduledActions: ScalableDimension needs ResourceId; MaxResults 1-50 (default 50) and NextToken paging
  ("If this parameter is not used, the operation returns up to 50 results and a NextToken value"; moto returns all);
  a token not ours -> InvalidNextTokenException. ScheduledActionNames at most 50.

AWS's error message texts for these are not documented: ours say what is wrong; don't match on them.
"""

import base64
import datetime
import re
import zoneinfo

from .moto_bridge import moto_backend
from .protocol import AwsError, parse_time
from .responses import status_line

QUOTA_PER_TARGET = 200
MAX_RESULTS = 50
NAMESPACES = ("ecs", "elasticmapreduce", "ec2", "appstream", "dynamodb", "rds", "sagemaker", "custom-resource",
              "comprehend", "lambda", "cassandra", "kafka", "elasticache", "neptune", "workspaces")
DIMENSIONS = ("ecs:service:DesiredCount", "ec2:spot-fleet-request:TargetCapacity",
              "elasticmapreduce:instancegroup:InstanceCount", "appstream:fleet:DesiredCapacity",
              "dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits",
              "dynamodb:index:ReadCapacityUnits", "dynamodb:index:WriteCapacityUnits", "rds:cluster:ReadReplicaCount",
              "sagemaker:variant:DesiredInstanceCount", "custom-resource:ResourceType:Property",
              "comprehend:document-classifier-endpoint:DesiredInferenceUnits",
              "comprehend:entity-recognizer-endpoint:DesiredInferenceUnits", "lambda:function:ProvisionedConcurrency",
              "cassandra:table:ReadCapacityUnits", "cassandra:table:WriteCapacityUnits",
              "kafka:broker-storage:VolumeSize", "elasticache:cache-cluster:Nodes",
              "elasticache:replication-group:NodeGroups", "elasticache:replication-group:Replicas",
              "neptune:cluster:ReadReplicaCount", "sagemaker:variant:DesiredProvisionedConcurrency",
              "sagemaker:inference-component:DesiredCopyCount", "workspaces:workspacespool:DesiredUserSessions")
NAME = re.compile(r"(?!((^[ ]+.*)|(.*([\u0000-\u001f]|[\u007f-\u009f]|[:/|])+.*)|(.*[ ]+$))).+", re.DOTALL)
AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")
RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
CRON = re.compile(r"^cron\((.*)\)$")
MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT"
# (name, lowest, highest, other tokens allowed besides *, n, n-m, each with an optional /step)
CRON_FIELDS = (("Minutes", 0, 59, ""), ("Hours", 0, 23, ""), ("Day_of_Month", 1, 31, r"|\?|L|LW|\d{1,2}W"),
               ("Month", 1, 12, "|(%s)(-(%s))?" % (MONTHS, MONTHS)),
               ("Day_of_Week", 1, 7, r"|\?|L|\d#[1-5]|\dL|(%s)(-(%s))?" % (DAYS, DAYS)),
               ("Year", 1970, 2199, ""))


def invalid(message):
    return AwsError(400, "ValidationException", message)


def dimension_fits(namespace, resource_id, dimension):
    """The dimension is one of the model's, of this namespace, and (DynamoDB) of this kind of resource."""
    if dimension not in DIMENSIONS or dimension.split(":")[0] != namespace:
        return False
    if namespace == "dynamodb":
        kind = dimension.split(":")[1]
        return bool(re.match(r"^table/[^/]+/index/[^/]+$" if kind == "index" else r"^table/[^/]+$", resource_id))
    return True


def check_target_fields(p, operation):
    for field in ("ServiceNamespace", "ScheduledActionName", "ResourceId", "ScalableDimension"):
        if not p.get(field):
            raise invalid("%s: %s is required" % (operation, field))
    if p["ServiceNamespace"] not in NAMESPACES:
        raise invalid("Value '%s' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value "
                      "set" % p["ServiceNamespace"])
    if not dimension_fits(p["ServiceNamespace"], p["ResourceId"], p["ScalableDimension"]):
        raise invalid("Unsupported service namespace, resource type or scalable dimension: %s %s %s"
                      % (p["ServiceNamespace"], p["ResourceId"], p["ScalableDimension"]))


def check_name(name):
    if not 1 <= len(name) <= 256 or not NAME.fullmatch(name):
        raise invalid("Value '%s' at 'scheduledActionName' failed to satisfy constraint: 1-256 characters, no ':', "
                      "'/', '|', control characters, leading or trailing spaces" % name)


def cron_field_ok(text, low, high, extra):
    """One cron field: its tokens (comma separated) and every number in range (steps and #n aside)."""
    token = r"(\*|\d+(-\d+)?%s)(/\d+)?" % extra
    if not re.fullmatch(r"%s(,%s)*" % (token, token), text):
        return False
    return all(low <= int(n) <= high for n in re.findall(r"\d+", re.sub(r"/\d+|#\d", "", text)))


def check_schedule(schedule):
    at, rate, cron = AT.match(schedule), RATE.match(schedule), CRON.match(schedule)
    if at:
        try:
            datetime.datetime.strptime(at.group(1), "%Y-%m-%dT%H:%M:%S")
            return
        except ValueError:
            pass
    elif rate and int(rate.group(1)) > 0:
        return
    elif cron:
        fields = cron.group(1).split()
        if len(fields) == 6 and all(cron_field_ok(f, lo, hi, ex) for f, (_, lo, hi, ex) in zip(fields, CRON_FIELDS)):
            return
    raise invalid("Schedule '%s' is not at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(six fields: Minutes Hours "
                  "Day_of_Month Month Day_of_Week Year)" % schedule)


def check_put_fields(p, existing):
    check_target_fields(p, "PutScheduledAction")
    check_name(p["ScheduledActionName"])
    if p.get("Schedule") is not None:
        check_schedule(p["Schedule"])
    elif existing is None:
        raise invalid("PutScheduledAction: Schedule is required to create a scheduled action")
    zones = zoneinfo.available_timezones()  # empty without a tz database: then any name is accepted
    if p.get("Timezone") is not None and zones and p["Timezone"] not in zones:
        raise invalid("Timezone '%s' is not an IANA time zone name" % p["Timezone"])
    try:
        start, end = parse_time(p.get("StartTime")), parse_time(p.get("EndTime"))
    except ValueError:
        raise invalid("StartTime and EndTime must be timestamps")
    if start is not None and end is not None and start >= end:
        raise invalid("StartTime must be before EndTime")
    action = p.get("ScalableTargetAction") or {}
    lo, hi = action.get("MinCapacity"), action.get("MaxCapacity")
    if any(v is not None and (not isinstance(v, int) or v < 0) for v in (lo, hi)):
        raise invalid("ScalableTargetAction: MinCapacity and MaxCapacity must be integers of 0 or more")
    if lo is not None and hi is not None and lo > hi:
        raise invalid("ScalableTargetAction: MinCapacity %d is greater than MaxCapacity %d" % (lo, hi))


def backend(req):
    from moto.applicationautoscaling.models import applicationautoscaling_backends
    return moto_backend(applicationautoscaling_backends, req)


def same_target(a, p):
    return (a.service_namespace, a.resource_id, a.scalable_dimension) == (
        p["ServiceNamespace"], p["ResourceId"], p["ScalableDimension"])


def put(app, req, start_response):
    p = req.json_body()
    check_target_fields(p, "PutScheduledAction")
    be = backend(req)
    on_target = [a for a in be.scheduled_actions if same_target(a, p)]
    existing = next((a for a in on_target if a.scheduled_action_name == p.get("ScheduledActionName")), None)
    check_put_fields(p, existing)
    if p["ResourceId"] not in be.targets.get(p["ScalableDimension"], {}):
        raise AwsError(400, "ObjectNotFoundException", "No scalable target registered for service namespace: %s, "
                       "resource ID: %s, scalable dimension: %s"
                       % (p["ServiceNamespace"], p["ResourceId"], p["ScalableDimension"]))
    if existing is None and len(on_target) >= QUOTA_PER_TARGET:
        raise AwsError(400, "LimitExceededException", "Scheduled actions per scalable target: %d reached on %s %s"
                       % (QUOTA_PER_TARGET, p["ResourceId"], p["ScalableDimension"]))
    return None


def delete(app, req, start_response):
    p = req.json_body()
    check_target_fields(p, "DeleteScheduledAction")
    if not any(same_target(a, p) and a.scheduled_action_name == p["ScheduledActionName"]
               for a in backend(req).scheduled_actions):
        raise AwsError(400, "ObjectNotFoundException", "No scheduled action found for service namespace: %s, "
                       "resource ID: %s, scalable dimension: %s, scheduled action name: %s"
                       % (p["ServiceNamespace"], p["ResourceId"], p["ScalableDimension"], p["ScheduledActionName"]))
    return None


def page_of(actions, max_results, token):
    """(this page, next token or None) of moto's full list."""
    start = 0
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode("ascii")).decode("ascii").split(":")[1])
        except (ValueError, IndexError, UnicodeError):
            raise AwsError(400, "InvalidNextTokenException", "Invalid NextToken")
    end = start + max_results
    nxt = base64.urlsafe_b64encode(("scheduled:%d" % end).encode("ascii")).decode("ascii") if end < len(actions) else None
    return actions[start:end], nxt


def describe(app, req, start_response):
    p = req.json_body()
    if p.get("ServiceNamespace") not in NAMESPACES:
        raise invalid("DescribeScheduledActions: ServiceNamespace is required and must be one of the model's")
    if p.get("ScalableDimension") and not p.get("ResourceId"):
        raise invalid("If you specify a scalable dimension, you must also specify a resource ID")
    if len(p.get("ScheduledActionNames") or []) > MAX_RESULTS:
        raise invalid("ScheduledActionNames: at most %d names" % MAX_RESULTS)
    max_results = p.get("MaxResults", MAX_RESULTS)
    if not isinstance(max_results, int) or not 1 <= max_results <= MAX_RESULTS:
        raise invalid("MaxResults must be between 1 and %d" % MAX_RESULTS)
    token = p.get("NextToken")

    def rewrite(status, payload):
        if status != 200 or "ScheduledActions" not in payload:
            return None
        payload["ScheduledActions"], nxt = page_of(payload["ScheduledActions"], max_results, token)
        payload.pop("NextToken", None)
        if nxt:
            payload["NextToken"] = nxt
        return payload

    return app.moto.passthrough_with(req, start_response, rewrite)


def forget_deregistered(app, req, start_response):
    """DeregisterScalableTarget deletes the target's scheduled actions ("Any scheduled actions that were specified
    for the scalable target are deleted"); moto keeps them."""
    p = req.json_body()
    status, headers, body = app.moto.call_status(req.environ)
    if status == 200:
        be = backend(req)
        be.scheduled_actions = [a for a in be.scheduled_actions if not same_target(a, p)]
    start_response(status_line(status), headers)
    return [body]
