"""What the local AWS remembers beside moto: call counts, injected faults, and each emulation's own state.

Emulates no AWS behaviour; it is the test-side bookkeeping that README.md "Control endpoints" describes:

* `calls`: `<signing name>:<Operation>` -> how many calls came (faulted ones and SDK retries included).
* `faults`: the faults still to inject, in the order they were set; a fault names `service:Operation` or a bare
  `Operation`, optionally a `match` pattern searched (Python `re.search`) in the call's body text
  (protocol.Request.match_text), and applies to `remaining` more matching calls (None: until cleared). Mode `fail`
  answers with status, code, message and extra JSON members; mode `hold` lets the call through (AWS applies it)
  and holds the reply for `seconds` (None: until released or reset) before it is sent.
* `held`: the replies being held now (`Hold`), and `released`, how many held replies were sent (or dropped) since
  reset. A held reply waits on its own Event, never under `lock`, so other calls are served meanwhile; reset and
  `release_held` wake them.
* One attribute per entry of registry.STATE (e.g. `ci`, `seeds`), made fresh by its factory on every reset.

Everything is read and written under `lock` (re-entrant: handlers may take it while a helper holds it).
"""

import itertools
import re
import threading
import time

from .protocol import AwsError

# What the function's SDK clients add to their User-Agent (dev.hpr.remediator.aws.AwsClients).
FUNCTION_AGENT = "hot-partition-remediator"


class State:
    def __init__(self, parts=None):
        """`parts`: attribute name -> factory of its empty value (registry.STATE)."""
        self.lock = threading.RLock()
        self.parts = dict(parts or {})
        # The calls the remediator function made (its SDK clients' User-Agent carries FUNCTION_AGENT), since start:
        # never reset, so a test suite can list every call the function made (the IAM simulation checks them).
        self.function_calls = {}
        # Metrics GetMetricData requested by the function's own clients: {"metricStat": n, "insightsAnalysed": n}
        self.function_metrics = {}
        self.reset()

    def reset(self):
        with self.lock:
            self.calls = {}
            # dicts: operation, remaining (None = always), mode ("fail" | "hold"), match (pattern or None);
            # fail: status, code, message, extra; hold: seconds (None = until released)
            self.faults = []
            for hold in getattr(self, "held", ()):
                hold.release.set()
            self.held = []
            self.released = 0
            for name, fresh in self.parts.items():
                setattr(self, name, fresh())

    def count_metrics(self, kind, n, user_agent=""):
        """Metrics a GetMetricData of the function's clients requested (control `metrics/function`)."""
        if n and FUNCTION_AGENT in user_agent:
            with self.lock:
                self.function_metrics[kind] = self.function_metrics.get(kind, 0) + n

    def count(self, key, user_agent=""):
        with self.lock:
            self.calls[key] = self.calls.get(key, 0) + 1
            if FUNCTION_AGENT in user_agent:
                self.function_calls[key] = self.function_calls.get(key, 0) + 1

    def take_fault(self, req):
        """What a fault does to this call, using one of its `remaining`: an AwsError to answer (mode `fail`), a Hold
        (mode `hold`: pass the call on, then `hold_reply`), or None when no fault matches it."""
        with self.lock:
            for f in self.faults:
                op = f["operation"]
                if op != req.key and op != req.operation:
                    continue
                matched = None
                if f.get("match") is not None:
                    m = re.search(f["match"], req.match_text())
                    if m is None:
                        continue
                    matched = m.group(0)
                if f["remaining"] is not None:
                    f["remaining"] -= 1
                    if f["remaining"] <= 0:
                        self.faults.remove(f)
                if f.get("mode") == "hold":
                    return Hold(req.key, f, matched)
                return AwsError(f["status"], f["code"], f["message"], f.get("extra"))
        return None

    def hold_reply(self, hold, status):
        """Blocks the calling request thread while the reply (moto's `status`) is held: `hold.seconds`, or until
        released or reset. Listed in `held` meanwhile. Never holds `lock` while waiting."""
        with self.lock:
            hold.status = status
            hold.since = time.time()
            self.held.append(hold)
        try:
            hold.release.wait(hold.seconds)
        finally:
            with self.lock:
                if hold in self.held:
                    self.held.remove(hold)
                    self.released += 1

    def release_held(self, operation=None):
        """Sends the held replies now (all, or those of `operation`: a call key or bare operation); how many."""
        with self.lock:
            chosen = [h for h in self.held if operation is None or operation in (h.key, h.operation)]
            for h in chosen:
                h.release.set()
            return len(chosen)


_HOLD_IDS = itertools.count(1)


class Hold:
    """One reply being held: the call (`key`, e.g. `dynamodb:PutItem`), the fault that chose it and what its pattern
    matched, moto's answer status, and since when (epoch seconds)."""

    MATCHED_LIMIT = 200  # characters of the matched text kept for the listing

    def __init__(self, key, fault, matched):
        self.id = next(_HOLD_IDS)
        self.key = key
        self.operation = key.split(":", 1)[-1]
        self.fault_operation = fault["operation"]
        self.match = fault.get("match")
        self.matched = None if matched is None else matched[:self.MATCHED_LIMIT]
        self.seconds = fault.get("seconds")
        self.status = None
        self.since = None
        self.release = threading.Event()

    def as_dict(self):
        return {"id": self.id, "operation": self.key, "fault": self.fault_operation, "match": self.match,
                "matched": self.matched, "status": self.status, "since": self.since, "seconds": self.seconds}
