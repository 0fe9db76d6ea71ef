"""DynamoDB table look-ups shared by the emulations that take a table (and maybe an index) as a parameter.

Emulates the checks AWS makes on such a parameter (DynamoDB API Reference, e.g. UpdateContributorInsights):
`TableName` may be a name or a table ARN; a table or GSI that does not exist answers `ResourceNotFoundException`
(HTTP 400). The table's description comes from a DescribeTable into moto (not counted, no faults).
"""

from .protocol import AwsError


def table_name_of(value):
    """The table name of a `TableName` parameter that may be an ARN (`arn:aws:dynamodb:…:table/<name>`)."""
    if value and value.startswith("arn:") and ":table/" in value:
        return value.split(":table/", 1)[1].split("/", 1)[0]
    return value


def describe_table(app, req, table):
    """moto's `Table` description, or None if there is no such table."""
    status, data = app.moto.json(req, "DescribeTable", {"TableName": table})
    if status != 200:
        return None
    return data.get("Table")


def require_table_and_index(app, req, table, index):
    """(table description, key schema of the table or of its GSI `index`), or ResourceNotFoundException."""
    desc = describe_table(app, req, table)
    if desc is None:
        raise AwsError(400, "ResourceNotFoundException",
                       "Requested resource not found: Table: %s not found" % table)
    key_schema = desc.get("KeySchema", [])
    if index:
        gsis = {g["IndexName"]: g for g in desc.get("GlobalSecondaryIndexes") or []}
        if index not in gsis:
            raise AwsError(400, "ResourceNotFoundException",
                           "Requested resource not found: Index: %s not found for table: %s" % (index, table))
        key_schema = gsis[index].get("KeySchema", [])
    return desc, key_schema
