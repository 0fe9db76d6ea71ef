#!/usr/bin/env python3
"""The local AWS for tests, local runs and benchmarks: the entry point.

moto 5.2.1's server (its own WSGI app) wrapped, in this same Python process, in a WSGI middleware (the `emulator`
package next to this file; its registry.py says which module emulates what) that adds what moto lacks and what
tests need:

* DynamoDB Contributor Insights: UpdateContributorInsights, DescribeContributorInsights,
  ListContributorInsights (JSON 1.0, X-Amz-Target DynamoDB_20120810.<Op>).
* CloudWatch GetInsightRuleReport (awsQuery, as the Java SDK 2.40.2 sends it; JSON 1.0 too), answered from
  contributors that a test seeds per table/index and rule kind (PKC, PKT, SKC, SKT).
* Call counting per `<service>:<Operation>`, fault injection in each protocol's error shape.
* Small corrections of moto where it is wrong in ways that matter here (see README.md, "moto findings").
* Control endpoints under /_local_aws/ (JSON in and out); moto's own /moto-api/ passes through.

Standard library and moto only. Serves on 127.0.0.1, port 0 (the OS picks a free one) unless --port is given,
prints exactly one line `LOCAL_AWS_READY port=<n>` once the socket accepts connections, and exits on
SIGTERM/SIGINT or when its standard input closes (so a parent that dies does not leak it).
"""

import argparse
import logging
import os
import signal
import sys
import threading

from emulator.app import LocalAwsApp

REQUIRED_MOTO = "5.2.1"
INSTALL_HINT = "moto 5.2.1 is required for the local AWS: pip install 'moto[server]==5.2.1'"


def _load_moto():
    try:
        import moto  # noqa: F401
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server
    except ImportError as e:
        sys.stderr.write("%s (import failed: %s)\n" % (INSTALL_HINT, e))
        sys.stderr.flush()
        sys.exit(3)
    if moto.__version__ != REQUIRED_MOTO and not os.environ.get("HPR_ALLOW_ANY_MOTO"):
        sys.stderr.write("%s (found moto %s; set HPR_ALLOW_ANY_MOTO=1 to try it anyway)\n"
                         % (INSTALL_HINT, moto.__version__))
        sys.stderr.flush()
        sys.exit(3)
    return DomainDispatcherApplication, create_backend_app, make_server


def main(argv=None):
    parser = argparse.ArgumentParser(description="moto + extensions, for tests")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: the OS picks a free one)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--ignore-stdin", action="store_true",
                        help="do not exit when standard input closes (for running it by hand in the background)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)

    DomainDispatcherApplication, create_backend_app, make_server = _load_moto()
    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)

    moto_app = DomainDispatcherApplication(create_backend_app)
    app = LocalAwsApp(moto_app)
    server = make_server(args.host, args.port, app, threaded=True)
    server.daemon_threads = True
    port = server.server_port

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    serving = threading.Thread(target=server.serve_forever, name="local-aws-http", daemon=True)
    serving.start()

    if not args.ignore_stdin:
        def watch_stdin():
            # os.read on the raw descriptor: a buffered sys.stdin read would hold a lock that breaks interpreter exit.
            try:
                while os.read(0, 4096):
                    pass
            except OSError:
                pass
            stop.set()

        threading.Thread(target=watch_stdin, name="local-aws-stdin", daemon=True).start()

    # The socket is bound and listening since make_server returned: connections are accepted from now on.
    sys.stdout.write("LOCAL_AWS_READY port=%d\n" % port)
    sys.stdout.flush()

    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    sys.stdout.flush()
    sys.stderr.flush()
    # Daemon threads (request handlers, the stdin watcher) may still be blocked: leave without finalizing them.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
