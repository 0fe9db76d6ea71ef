"""What the local AWS remembers beside moto: call counts, injected faults, and each emulation's own state.

Emulates no AWS behaviour; it is the test-side bookkeeping that README.md "Control endpoints" describes:

* `calls`: `<signing name>:<Operation>` -> how many calls came (faulted ones and SDK retries included).
* `faults`: the faults still to inject, in the order they were set; a fault names `service:Operation` or a bare
  `Operation`, fails `remaining` more calls (None: until cleared) with status, code, message and extra JSON members.
* One attribute per entry of registry.STATE (e.g. `ci`, `seeds`), made fresh by its factory on every reset.

Everything is read and written under `lock` (re-entrant: handlers may take it while a helper holds it).
"""

import threading

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
            self.faults = []          # dicts: operation, remaining (None = always), status, code, message, extra
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
        """The AwsError for this call if a fault matches it (using one of its `remaining`), else None."""
        with self.lock:
            for f in self.faults:
                op = f["operation"]
                if op != req.key and op != req.operation:
                    continue
                if f["remaining"] is not None:
                    f["remaining"] -= 1
                    if f["remaining"] <= 0:
                        self.faults.remove(f)
                return AwsError(f["status"], f["code"], f["message"], f.get("extra"))
        return None
