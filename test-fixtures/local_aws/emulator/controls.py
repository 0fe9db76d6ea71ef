"""The control endpoints under /_local_aws/ (POST, JSON in and out) that tests use to steer the local AWS.

Emulates nothing of AWS: README.md "Control endpoints" is their contract. Here are the generic ones (health, call
counts, faults, reset) and `serve`, which answers a control call; an emulation's own controls (e.g. seeding
contributors) live in its module. All are listed in registry.CONTROLS.

A control handler is `handler(app, method, payload) -> dict` (answered 200); KeyError, ValueError or TypeError
answer 400 `{"error": "<type>: <text>"}`.
"""

import json
import re

from .protocol import read_body
from .responses import json_response

PREFIX = "/_local_aws/"


def serve(app, environ, start_response, name):
    body = read_body(environ)
    try:
        payload = json.loads(body.decode("utf-8")) if body.strip() else {}
    except ValueError:
        return json_response(start_response, 400, {"error": "body is not JSON"}, "application/json")
    handler = app.controls.get(name)
    if handler is None:
        return json_response(start_response, 404, {"error": "no control %r" % name,
                                                   "controls": sorted(app.controls)}, "application/json")
    try:
        result = handler(app, environ.get("REQUEST_METHOD", "GET"), payload)
    except (KeyError, ValueError, TypeError) as e:
        return json_response(start_response, 400, {"error": "%s: %s" % (type(e).__name__, e)}, "application/json")
    return json_response(start_response, 200, result, "application/json")


def health(app, method, p):
    import moto
    return {"ok": True, "moto": moto.__version__}


def calls(app, method, p):
    with app.state.lock:
        return {"calls": dict(app.state.calls)}


def function_metrics(app, method, p):
    """The metrics the function's GetMetricData calls requested since start (or the last `metrics/function/reset`):
    `metricStat` (one per MetricStat query) and `insightsAnalysed` (metrics a Metrics Insights query analysed)."""
    with app.state.lock:
        metrics = dict(app.state.function_metrics)
        if p and p.get("reset"):
            app.state.function_metrics = {}
        return {"metrics": metrics}


def function_calls(app, method, p):
    """The calls the remediator function made since the local AWS started (never reset)."""
    with app.state.lock:
        return {"calls": dict(app.state.function_calls)}


def calls_reset(app, method, p):
    with app.state.lock:
        app.state.calls = {}
    return {"ok": True}


def faults(app, method, p):
    """GET lists the faults; POST adds one: {"operation", "times"? (omit or < 0: always), "match"? (a Python regular
    expression searched in the call's body text), "mode"? ("fail", the default, or "hold")}; mode fail takes
    "status"? (400), "code", "message"?, "extra"?; mode hold takes "seconds"? (omit or < 0: until released)."""
    if method == "GET":
        with app.state.lock:
            return {"faults": [dict(f) for f in app.state.faults]}
    times = p.get("times")
    mode = str(p.get("mode", "fail"))
    match = p.get("match")
    if match is not None:
        match = str(match)
        try:
            re.compile(match)
        except re.error as e:
            raise ValueError("match %r is not a regular expression: %s" % (match, e))
    fault = {
        "operation": str(p["operation"]),
        "remaining": None if times is None or int(times) < 0 else int(times),
        "mode": mode,
        "match": match,
    }
    if mode == "fail":
        fault.update({
            "status": int(p.get("status", 400)),
            "code": str(p["code"]),
            "message": str(p.get("message", "")),
            "extra": dict(p.get("extra") or {}),
        })
    elif mode == "hold":
        seconds = p.get("seconds")
        fault["seconds"] = None if seconds is None or float(seconds) < 0 else float(seconds)
    else:
        raise ValueError("mode %r: expected \"fail\" or \"hold\"" % mode)
    if fault["remaining"] == 0:
        return {"ok": True}
    with app.state.lock:
        app.state.faults.append(fault)
    return {"ok": True}


def faults_held(app, method, p):
    """The replies held now, oldest first: {"held": [{"id", "operation" (the call key), "fault", "match",
    "matched", "status" (moto's), "since" (epoch seconds), "seconds"}], "released": n}."""
    with app.state.lock:
        return {"held": [h.as_dict() for h in app.state.held], "released": app.state.released}


def faults_release(app, method, p):
    """Sends the held replies now: all, or {"operation"}'s."""
    return {"released": app.state.release_held(p.get("operation") if p else None)}


def faults_clear(app, method, p):
    with app.state.lock:
        op = p.get("operation")
        app.state.faults = [f for f in app.state.faults if op and f["operation"] != op]
    return {"ok": True}


def reset(app, method, p):
    """Counts, faults (held replies are sent at once) and every emulation's state (not moto's: POST /moto-api/reset)."""
    app.state.reset()
    return {"ok": True}
