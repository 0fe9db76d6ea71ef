"""The WSGI middleware in front of moto: controls, call counting, faults, then the registered routes, then moto.

Emulates nothing by itself; registry.py says what is emulated where. For each HTTP request:

1. `/_local_aws/<name>`: a control endpoint (controls.serve), not counted.
2. `/moto-api/...` (and /favicon.ico): moto's own, not counted.
3. Any other request is an AWS call (protocol.Request): counted as `<signing name>:<Operation>`; an injected fault
   answers it in its protocol's error shape; else the routes registered for (protocol, service, operation) run in
   order until one answers; an AwsError they raise is answered in the caller's protocol; else moto answers.
4. A `hold` fault lets the call go on as in 3 (AWS applies it), then holds the whole answer in this request's
   thread (state.State.hold_reply) before it is sent. The server is threaded (local_aws.py): other calls are served
   meanwhile; no lock is held while a reply waits.
"""

from . import controls, registry
from .moto_bridge import MotoBridge
from .protocol import AwsError, Request
from .responses import error_response
from .state import Hold, State


class LocalAwsApp:
    def __init__(self, moto_app, routes=None, control_handlers=None, state_parts=None):
        """`moto_app`: moto's WSGI app; the rest default to the registry's (tests may give their own)."""
        self.moto = MotoBridge(moto_app)
        self.routes = registry.by_call(registry.ROUTES if routes is None else routes)
        self.controls = dict(registry.CONTROLS if control_handlers is None else control_handlers)
        self.state = State(registry.STATE if state_parts is None else state_parts)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(controls.PREFIX):
            return controls.serve(self, environ, start_response, path[len(controls.PREFIX):].strip("/"))
        if path.startswith("/moto-api") or path == "/favicon.ico":
            return self.moto(environ, start_response)
        req = Request(environ)
        self.state.count(req.key, environ.get("HTTP_USER_AGENT", ""))
        fault = self.state.take_fault(req)
        if isinstance(fault, AwsError):
            return error_response(start_response, req, fault)
        if isinstance(fault, Hold):
            return self._held(fault, environ, req, start_response)
        return self._answer(environ, req, start_response)

    def _answer(self, environ, req, start_response):
        try:
            for handler in self.routes.get((req.protocol, req.service, req.operation), ()):
                answer = handler(self, req, start_response)
                if answer is not None:
                    return answer
        except AwsError as e:
            return error_response(start_response, req, e)
        return self.moto(environ, start_response)

    def _held(self, hold, environ, req, start_response):
        """The call answered in full (routes, moto), then its answer held, then sent as it was."""
        captured = {"chunks": []}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return captured["chunks"].append

        chunks = self._answer(environ, req, capture)
        try:
            body = b"".join(captured["chunks"]) + b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        self.state.hold_reply(hold, int(captured["status"].split()[0]))
        start_response(captured["status"], captured["headers"])
        return [body]
