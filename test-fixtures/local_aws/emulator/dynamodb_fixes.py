"""DynamoDB control and data plane where moto 5.2.1 differs from AWS (README.md "Corrections of moto", 2).

* `OnDemandThroughput`: moto accepts it in CreateTable/UpdateTable and drops it. What the caller set is kept here
  (table level and per GSI; UpdateTable merges fields; `-1` is kept as sent) and added to DescribeTable's `Table`
  and the `TableDescription` of CreateTable/UpdateTable. Nothing is invented when none was set.
* `ReplicaUpdates` (global tables, version 2019.11.21): moto 5.2.1 accepts UpdateTable's `Create`/`Delete` of a
  replica and drops it. The Regions are kept here and listed in DescribeTable's `Replicas` (`RegionName`,
  `ReplicaStatus` ACTIVE), as AWS lists a global table's replicas; nothing is replicated.
* DeleteTable forgets the table's OnDemandThroughput and Contributor Insights state.
* Item writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems) go through moto one at a time:
  AWS applies a conditional write atomically; moto's threaded server does not, so two concurrent conditional
  PutItems could both succeed.

AWS sources: DynamoDB API Reference, CreateTable/UpdateTable/DescribeTable (OnDemandThroughput
{MaxReadRequestUnits, MaxWriteRequestUnits}, on TableDescription and GlobalSecondaryIndexDescription); DynamoDB
Developer Guide, "Working with items", conditional writes.

State: `state.on_demand` table -> {"table": {...}, "indexes": {index name: {...}}}.
"""

import threading

from .contributor_insights import forget_table
from .dynamodb_tables import table_name_of

TABLE_OPERATIONS = ("CreateTable", "UpdateTable", "DescribeTable", "DeleteTable")
ITEM_WRITES = ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems")

# Item writes of this process, one at a time (a process serves one LocalAwsApp).
ITEM_WRITE_LOCK = threading.Lock()


def requested_on_demand(payload):
    """The OnDemandThroughput a CreateTable/UpdateTable sets: {"table": {...} or None, "indexes": {name: {...}}}."""
    pending = {"table": payload.get("OnDemandThroughput"), "indexes": {}}
    for g in payload.get("GlobalSecondaryIndexes") or []:
        if g.get("OnDemandThroughput"):
            pending["indexes"][g.get("IndexName")] = g["OnDemandThroughput"]
    for u in payload.get("GlobalSecondaryIndexUpdates") or []:
        for k in ("Create", "Update"):
            g = u.get(k) or {}
            if g.get("OnDemandThroughput"):
                pending["indexes"][g.get("IndexName")] = g["OnDemandThroughput"]
    return pending


def requested_replicas(payload):
    """UpdateTable's ReplicaUpdates: (Regions created, Regions deleted)."""
    created, deleted = [], []
    for u in payload.get("ReplicaUpdates") or []:
        if (u.get("Create") or {}).get("RegionName"):
            created.append(u["Create"]["RegionName"])
        if (u.get("Delete") or {}).get("RegionName"):
            deleted.append(u["Delete"]["RegionName"])
    return created, deleted


def remember(on_demand, table, op, pending, replicas=((), ())):
    """Merges what CreateTable/UpdateTable set into the table's record (CreateTable starts it afresh)."""
    rec = on_demand.setdefault(table, {"table": {}, "indexes": {}, "replicas": []})
    rec.setdefault("replicas", [])
    if op == "CreateTable":
        rec["table"], rec["indexes"], rec["replicas"] = {}, {}, []
    created, deleted = replicas
    rec["replicas"] = [r for r in rec["replicas"] if r not in deleted] + [r for r in created if r not in rec["replicas"]]
    if pending["table"]:
        rec["table"].update(pending["table"])
    for name, odt in pending["indexes"].items():
        rec["indexes"].setdefault(name, {}).update(odt)


def add_to_description(desc, rec):
    """Puts the kept OnDemandThroughput into a table description (and its GSIs')."""
    if rec["table"]:
        desc["OnDemandThroughput"] = dict(rec["table"])
    for g in desc.get("GlobalSecondaryIndexes") or []:
        if g.get("IndexName") in rec["indexes"]:
            g["OnDemandThroughput"] = dict(rec["indexes"][g["IndexName"]])
    if rec.get("replicas"):
        desc["Replicas"] = [{"RegionName": r, "ReplicaStatus": "ACTIVE"} for r in rec["replicas"]]


def table_operation(app, req, start_response):
    p = req.json_body()
    table = table_name_of(p.get("TableName"))
    op = req.operation
    pending = requested_on_demand(p) if op in ("CreateTable", "UpdateTable") else None
    replicas = requested_replicas(p) if op == "UpdateTable" else ((), ())

    def rewrite(status, payload):
        if status != 200:
            return None
        st = app.state
        with st.lock:
            if op == "DeleteTable":
                st.on_demand.pop(table, None)
                forget_table(st, table)
                return None
            if pending is not None:
                remember(st.on_demand, table, op, pending, replicas)
            rec = st.on_demand.get(table)
            if not rec:
                return None
            desc = payload.get("Table" if op == "DescribeTable" else "TableDescription")
            if not isinstance(desc, dict):
                return None
            add_to_description(desc, rec)
            return payload

    return app.moto.passthrough_with(req, start_response, rewrite)


def atomic_item_write(app, req, start_response):
    """moto's answer to an item write, with no other item write running meanwhile."""
    with ITEM_WRITE_LOCK:
        status, headers, body = app.moto.call(req.environ)
    start_response(status, headers)
    return [body]
