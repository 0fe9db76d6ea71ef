"""DynamoDB control and data plane where moto 5.2.1 differs from AWS (README.md "Corrections of moto", 2).

* `OnDemandThroughput`: moto accepts it in CreateTable/UpdateTable and drops it. What the caller set is kept here
  (table level and per GSI; UpdateTable merges fields; `-1` is kept as sent) and added to DescribeTable's `Table`
  and the `TableDescription` of CreateTable/UpdateTable. Nothing is invented when none was set.
* `ReplicaUpdates` (global tables, version 2019.11.21): moto 5.2.1 accepts UpdateTable's `Create`/`Delete` of a
  replica and drops it. The Regions are kept here and listed in DescribeTable's `Replicas` (`RegionName`,
  `ReplicaStatus` ACTIVE), as AWS lists a global table's replicas; nothing is replicated.
* `WarmThroughput` (table and each GSI: ReadUnitsPerSecond, WriteUnitsPerSecond, Status): moto 5.2.1 starts it as
  AWS does ("A new on-demand table starts with a warm throughput of 12,000 read units per second and 4,000 write
  units per second"; a provisioned table or GSI at its provisioned capacity) and checks CreateTable's values, but its
  UpdateTable replaces the whole value (a call giving only ReadUnitsPerSecond loses WriteUnitsPerSecond) and accepts
  a decrease. Here UpdateTable's WarmThroughput (table, GSI `Update`) is merged with the current value, a decrease
  is refused (`ValidationException`: "Once increased, warm throughput values can't be decreased"), and raising
  ProvisionedThroughput past the warm throughput raises it too ("As you increase the provisioned throughput beyond
  these values, the warm throughput will automatically adjust to the new higher values"). Status stays ACTIVE (AWS:
  UPDATING until done; here the update is immediate). The error text is ours (AWS's is not documented).
* DeleteTable forgets the table's OnDemandThroughput and Contributor Insights state.
* Item writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems) go through moto one at a time:
  AWS applies a conditional write atomically; moto's threaded server does not, so two concurrent conditional
  PutItems could both succeed.

AWS sources: DynamoDB API Reference, CreateTable/UpdateTable/DescribeTable (OnDemandThroughput
{MaxReadRequestUnits, MaxWriteRequestUnits}, on TableDescription and GlobalSecondaryIndexDescription); DynamoDB
Developer Guide, "Working with items", conditional writes; "Understanding DynamoDB warm throughput" and "Understanding
DynamoDB warm throughput in different scenarios" (warm-throughput.html, warm-throughput-scenarios.html); botocore
`dynamodb/2012-08-10` WarmThroughput, TableWarmThroughputDescription, GlobalSecondaryIndexWarmThroughputDescription.

State: `state.on_demand` table -> {"table": {...}, "indexes": {index name: {...}}}.
"""

import copy
import threading

from .contributor_insights import forget_table
from .dynamodb_tables import table_name_of
from .protocol import AwsError
from .responses import json_response

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


WARM_UNITS = (("ReadUnitsPerSecond", "ReadCapacityUnits"), ("WriteUnitsPerSecond", "WriteCapacityUnits"))


def raised_warm(current, requested, provisioned, where):
    """The warm throughput after an UpdateTable: each unit the request gives (never lower than now), else the
    current one, and never below the provisioned capacity the request sets. Raises on a decrease."""
    current = current or {}
    new = {k: current.get(k) for k, _ in WARM_UNITS}
    for key, capacity in WARM_UNITS:
        asked = (requested or {}).get(key)
        if asked is not None:
            if current.get(key) is not None and asked < current[key]:
                raise AwsError(400, "ValidationException",
                               "One or more parameter values were invalid: Requested %s for WarmThroughput for %s "
                               "is lower than the current warm throughput (%d): warm throughput can only be "
                               "increased" % (key, where, current[key]))
            new[key] = asked
        if (provisioned or {}).get(capacity) is not None and (new[key] is None or provisioned[capacity] > new[key]):
            new[key] = provisioned[capacity]
    return {k: v for k, v in new.items() if v is not None}


def warm_update(payload, table):
    """UpdateTable's payload with its WarmThroughput completed (table and GSI Updates) against the table's current
    description, or None when it touches neither warm nor provisioned throughput."""
    gsis = {g.get("IndexName"): g for g in table.get("GlobalSecondaryIndexes") or []}
    updates = [u.get("Update") for u in payload.get("GlobalSecondaryIndexUpdates") or [] if u.get("Update")]
    if not (payload.get("WarmThroughput") or payload.get("ProvisionedThroughput")
            or any(u.get("WarmThroughput") or u.get("ProvisionedThroughput") for u in updates)):
        return None
    out = copy.deepcopy(payload)
    if payload.get("WarmThroughput") or payload.get("ProvisionedThroughput"):
        out["WarmThroughput"] = raised_warm(table.get("WarmThroughput"), payload.get("WarmThroughput"),
                                            payload.get("ProvisionedThroughput"), "table")
    for u in out.get("GlobalSecondaryIndexUpdates") or []:
        g = u.get("Update")
        if g and (g.get("WarmThroughput") or g.get("ProvisionedThroughput")):
            if g.get("IndexName") not in gsis:
                raise AwsError(400, "ValidationException", "One or more parameter values were invalid: index %s "
                                                           "does not exist" % g.get("IndexName"))
            g["WarmThroughput"] = raised_warm(gsis[g["IndexName"]].get("WarmThroughput"), g.get("WarmThroughput"),
                                              g.get("ProvisionedThroughput"), "index " + g["IndexName"])
    return out


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

    if op == "UpdateTable":
        status, current = app.moto.json(req, "DescribeTable", {"TableName": p.get("TableName")})
        fixed = warm_update(p, current.get("Table") or {}) if status == 200 else None
        if fixed is not None:
            status, data = app.moto.json(req, "UpdateTable", fixed)
            new = rewrite(status, data)
            return json_response(start_response, status, data if new is None else new)
    return app.moto.passthrough_with(req, start_response, rewrite)


def atomic_item_write(app, req, start_response):
    """moto's answer to an item write, with no other item write running meanwhile."""
    with ITEM_WRITE_LOCK:
        status, headers, body = app.moto.call(req.environ)
    start_response(status, headers)
    return [body]
