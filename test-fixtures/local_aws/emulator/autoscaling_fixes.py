"""Application Auto Scaling DescribeScalingPolicies: exact matching (README.md "Corrections of moto", 1).

moto 5.2.1 matches `ResourceId` as a substring of the requested one (asking for `table/T/index/I` also returns
`table/T`'s policies) and ignores `PolicyNames`. moto's answer is filtered here by exact `ResourceId`, exact
`ScalableDimension` and `PolicyNames`, page by page (a filtered page can be short).

AWS sources: Application Auto Scaling API Reference, DescribeScalingPolicies (ResourceId "the identifier of the
resource associated with the scaling policy"; PolicyNames "the names of the scaling policies to describe").
"""


def filter_policies(payload, resource_id, dimension, names):
    """moto's DescribeScalingPolicies answer with only the policies the request really names."""
    if "ScalingPolicies" not in payload:
        return None
    pols = payload["ScalingPolicies"]
    if resource_id:
        pols = [x for x in pols if x.get("ResourceId") == resource_id]
    if dimension:
        pols = [x for x in pols if x.get("ScalableDimension") == dimension]
    if names:
        pols = [x for x in pols if x.get("PolicyName") in names]
    payload["ScalingPolicies"] = pols
    if payload.get("NextToken") is None:
        payload.pop("NextToken", None)
    return payload


def describe_scaling_policies(app, req, start_response):
    p = req.json_body()

    def rewrite(status, payload):
        if status != 200:
            return None
        return filter_policies(payload, p.get("ResourceId"), p.get("ScalableDimension"), p.get("PolicyNames") or [])

    return app.moto.passthrough_with(req, start_response, rewrite)
