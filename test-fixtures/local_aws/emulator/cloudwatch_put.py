"""CloudWatch `PutMetricData` (awsQuery) with many datums, stored by moto in linear time.

Emulates nothing new: the datums are parsed by moto 5.2.1's own awsQuery parser (one datum at a time) and stored by
its backend's `put_metric_data` (its validation included), exactly as moto would. Why: moto's parser checks, for
every structure of the request, whether any form field starts with its prefix, which is quadratic in the number of
fields: one PutMetricData of 1,000 datums (the AWS maximum, CloudWatch API Reference: "no more than 1000 metrics
per call") takes about 6 s of CPU in moto, ~0.3 s here (README.md "moto 5.2.1 findings", CloudWatch).

Calls of at most SMALL datums, and calls with `EntityMetricData`, go to moto unchanged. A moto validation error
answers as moto would (HTTP 400, awsQuery ErrorResponse with moto's code and message), and nothing of the call is
stored (AWS rejects the whole request: "Validation errors in the metric data will fail the entire request").
"""

import re

from .moto_bridge import moto_backend
from .protocol import AwsError
from .responses import CW_NS, request_id, xml_response

SMALL = 20
DATUM_FIELD = re.compile(r"^MetricData\.member\.(\d+)\.")


def datums_by_member(form):
    """{member number: {form key: value}} of the MetricData members of a PutMetricData form."""
    members = {}
    for key, value in form.items():
        m = DATUM_FIELD.match(key)
        if m:
            members.setdefault(int(m.group(1)), {})[key] = value
    return members


def parse_datums(members):
    """moto's parse of each datum ({"MetricName", "Value", "Dimensions": [{"Name", "Value"}], "Timestamp", …}),
    in member order, with moto's own QueryParser on that datum's fields only."""
    from moto.core.parse import UNDEFINED, QueryParser
    from moto.core.utils import get_service_model
    operation = get_service_model("cloudwatch").operation_model("PutMetricData")
    parser = QueryParser(operation)
    shape = operation.input_shape.members["MetricData"].member
    out = []
    for n in sorted(members):
        parsed = parser._parse_shape(shape, members[n], "MetricData.member.%d" % n)
        out.append({} if parsed is UNDEFINED else parsed)
    return out


def put_metric_data(app, req, start_response):
    """Many datums: parsed per datum and stored by moto's backend; else None (moto answers)."""
    form = req.form
    members = datums_by_member(form)
    if len(members) <= SMALL or any(k.startswith("EntityMetricData.") for k in form):
        return None
    from moto.cloudwatch.models import cloudwatch_backends
    from moto.core.exceptions import ServiceException
    data = parse_datums(members)
    try:
        moto_backend(cloudwatch_backends, req).put_metric_data(form.get("Namespace"), data)
    except ServiceException as e:
        raise AwsError(400, e.code, e.message)
    return xml_response(start_response, 200, '<PutMetricDataResponse xmlns="%s"><ResponseMetadata><RequestId>%s'
                                             "</RequestId></ResponseMetadata></PutMetricDataResponse>"
                        % (CW_NS, request_id()))
