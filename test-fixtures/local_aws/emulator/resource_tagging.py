"""Resource Groups Tagging API `GetResources` (JSON 1.1, signing name `tagging`) where moto 5.2.1 differs from AWS.

AWS sources: Resource Groups Tagging API Reference, GetResources (botocore model resourcegroupstaggingapi
2017-01-26: TagFilters ≤ 50 keys, ≤ 20 values each; ResourcesPerPage 1–100; TagsPerPage 100–500, "A resource with
no tags is counted as having one tag", a resource is never split across pages; ResourceARNList excludes TagFilters,
ResourceTypeFilters and the paging parameters, else InvalidParameterException; "If you don't specify a TagFilter,
the response includes all resources that are currently tagged or ever had a tag ... shown with an empty tag set";
several filters: all must match; several values: any; no value: any value of that key). The last page's
`PaginationToken` is an empty string, not null (aws/aws-sdk-go#4121, boto/boto3#2513, aws/aws-sdk-net#1753: the
API reference says null, AWS sends ""); a page may hold fewer resources than asked for.

moto 5.2.1 (README.md "moto 5.2.1 findings"): last token null; ResourcesPerPage/TagsPerPage never range-checked
(0 gives empty pages with a token forever); ResourceARNList ignored; previously tagged tables left out; paging by a
server-side generator over the live table dict. Corrected here:

* Every GetResources is validated as above (InvalidParameterException, HTTP 400).
* ResourceTypeFilters only `dynamodb` / `dynamodb:table`: answered here from moto's DynamoDB tables (ARN order), with
  the documented filter semantics, TagsPerPage, previously tagged tables (`Tags: []`, only without TagFilters;
  tracked from CreateTable with Tags and TagResource, forgotten on DeleteTable), ResourcesPerPage default 50
  (moto's; AWS's default is not documented) and an opaque token (the last ARN returned, so tables created between
  pages do not break paging). The token never expires (AWS: 15 minutes).
* Other resource types: moto answers; a null last token becomes "". ResourceARNList: not emulated (400).
"""

import base64
import binascii

from .dynamodb_tables import table_name_of
from .moto_bridge import account_of, moto_backend
from .protocol import AwsError, region_from_auth
from .responses import json_response

DYNAMODB_TYPES = {"dynamodb", "dynamodb:table"}
DEFAULT_RESOURCES_PER_PAGE = 50
TOKEN_PREFIX = "hpr1:"


def invalid(message):
    return AwsError(400, "InvalidParameterException", message)


def validate(p):
    """AWS's documented parameter rules for GetResources."""
    rpp, tpp = p.get("ResourcesPerPage"), p.get("TagsPerPage")
    if rpp is not None and not 1 <= int(rpp) <= 100:
        raise invalid("ResourcesPerPage must be between 1 and 100")
    if tpp is not None and not 100 <= int(tpp) <= 500:
        raise invalid("TagsPerPage must be between 100 and 500")
    filters = p.get("TagFilters") or []
    if len(filters) > 50:
        raise invalid("TagFilters can include up to 50 keys")
    for f in filters:
        if not 1 <= len(f.get("Key") or "") <= 128:
            raise invalid("Each TagFilter needs a Key of 1 to 128 characters")
        if len(f.get("Values") or []) > 20:
            raise invalid("Each TagFilter key can include up to 20 values")
    if p.get("ResourceARNList"):
        if filters or p.get("ResourceTypeFilters") or rpp is not None or tpp is not None or p.get("PaginationToken"):
            raise invalid("ResourceARNList cannot be combined with TagFilters, ResourceTypeFilters or pagination")
        raise AwsError(400, "InvalidParameterException", "local AWS: GetResources with ResourceARNList is not "
                                                         "emulated")


def matches(tags, filters):
    """AWS's TagFilters semantics: every filter matches; a filter without values matches any value of its key."""
    have = {t["Key"]: t.get("Value", "") for t in tags}
    return all(f["Key"] in have and (not f.get("Values") or have[f["Key"]] in f["Values"]) for f in filters)


def encode_token(arn):
    return TOKEN_PREFIX + base64.urlsafe_b64encode(arn.encode("utf-8")).decode("ascii")


def decode_token(token):
    try:
        if not token.startswith(TOKEN_PREFIX):
            raise ValueError(token)
        return base64.urlsafe_b64decode(token[len(TOKEN_PREFIX):].encode("ascii")).decode("utf-8")
    except (ValueError, binascii.Error):
        raise invalid("local AWS: unknown PaginationToken")


def page(entries, p):
    """(the page of `entries` (in ARN order) the request asks for, next PaginationToken or "")."""
    token = p.get("PaginationToken")
    if token:
        after = decode_token(token)
        entries = [e for e in entries if e["ResourceARN"] > after]
    rpp = int(p.get("ResourcesPerPage") or DEFAULT_RESOURCES_PER_PAGE)
    tpp = p.get("TagsPerPage")
    out, tags = [], 0
    for e in entries:
        weight = max(1, len(e["Tags"]))
        if len(out) >= rpp or (tpp is not None and out and tags + weight > int(tpp)):
            break
        out.append(e)
        tags += weight
    more = len(out) < len(entries)
    return out, encode_token(out[-1]["ResourceARN"]) if more and out else ""


def dynamodb_entries(tables, ever_tagged, filters):
    """[{ResourceARN, Tags}] of moto's tables that GetResources returns, in ARN order."""
    out = []
    for table in tables:
        tags = [{"Key": t["Key"], "Value": t.get("Value", "")} for t in (table.tags or [])]
        if not tags and (filters or table.table_arn not in ever_tagged):
            continue
        if matches(tags, filters):
            out.append({"ResourceARN": table.table_arn, "Tags": tags})
    return sorted(out, key=lambda e: e["ResourceARN"])


def get_resources(app, req, start_response):
    p = req.json_body()
    validate(p)
    types = p.get("ResourceTypeFilters") or []
    if types and set(types) <= DYNAMODB_TYPES:
        from moto.dynamodb.models import dynamodb_backends
        tables = list(moto_backend(dynamodb_backends, req).tables.values())
        with app.state.lock:
            ever = set(app.state.ever_tagged)
        entries, token = page(dynamodb_entries(tables, ever, p.get("TagFilters") or []), p)
        return json_response(start_response, 200, {"ResourceTagMappingList": entries, "PaginationToken": token},
                             "application/x-amz-json-1.1")

    def rewrite(status, payload):
        if status == 200 and payload.get("PaginationToken") is None:
            payload["PaginationToken"] = ""
            return payload
        return None

    return app.moto.passthrough_with(req, start_response, rewrite)


def track(app, req, start_response):
    """DynamoDB CreateTable (with Tags), TagResource, DeleteTable: which tables ever had a tag. Lets the call go on."""
    p = req.json_body()
    if req.operation == "TagResource":
        arn = p.get("ResourceArn") if p.get("Tags") else None
    elif req.operation == "CreateTable":
        arn = table_arn(req, p.get("TableName")) if p.get("Tags") else None
    else:
        with app.state.lock:
            app.state.ever_tagged.discard(table_arn(req, table_name_of(p.get("TableName"))))
        return None
    if arn:
        with app.state.lock:
            app.state.ever_tagged.add(arn)
    return None


def table_arn(req, name):
    return "arn:aws:dynamodb:%s:%s:table/%s" % (region_from_auth(req.environ.get("HTTP_AUTHORIZATION")),
                                                account_of(req), name)
