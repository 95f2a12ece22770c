"""``accredigraph serve``: the read-only SPARQL 1.1 endpoint
(:class:`graph.serve.endpoint.Endpoint`) over the on-disk store, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from graph.errors import AccredigraphError
from graph.settings import Settings

__all__ = ["add_commands"]


def cmd_serve(args: argparse.Namespace) -> int:
    # the endpoint (uvicorn, Starlette, asyncio) loads when it is served, not for other commands
    from graph.serve.endpoint import Endpoint
    from graph.store import is_memory, is_remote, recover

    if args.store and (is_memory(args.store) or is_remote(args.store)):
        raise AccredigraphError("serve needs an on-disk store: --store DIR (built with "
                                "accredigraph --store DIR build)")  # fmt: skip
    location = Path(args.store) if args.store else Settings().store_path
    recover(location)  # finish a swap a killed build left half done
    origins = [o.strip() for o in args.cors_origins.split(",") if o.strip()]
    endpoint = Endpoint(location, host=args.host, port=args.port, timeout=args.timeout,
                        max_results=args.max_results, workers=args.workers,
                        base_iri=args.base_iri, cors_origins=origins,
                        per_client=args.per_client, long_after=args.long_after,
                        max_long=args.max_long, queue_wait=args.queue_wait,
                        client_queue=args.client_queue, queue_limit=args.queue_limit)  # fmt: skip
    cap = ("every result" if endpoint.max_results is None
           else f"at most {endpoint.max_results} results")  # fmt: skip
    print(f"SPARQL endpoint: {endpoint.url}  (read-only; store {location}; time limit "
          f"{endpoint.timeout:g} s; {cap}; Ctrl-C stops)",
          flush=True)  # fmt: skip

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        endpoint.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the ``accredigraph`` parser."""
    p = sub.add_parser("serve", help="a read-only SPARQL 1.1 endpoint over the on-disk store")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--timeout", type=float, default=Settings().query_timeout,
                   help="seconds a query may run before it is stopped")  # fmt: skip
    p.add_argument("--max-results", type=int, default=None, metavar="N",
                   help="most solutions or triples per answer (default: every one; a cut "
                        "answer says so in the header Accredigraph-Truncated)")  # fmt: skip
    s = Settings()
    p.add_argument("--workers", type=int, default=s.query_slots,
                   help="worker processes, i.e. queries answered at the same time "
                        "(default %(default)s)")  # fmt: skip
    p.add_argument("--per-client", type=int, default=s.client_slots, metavar="N",
                   help="queries one client address may run at once; its others wait their "
                        "turn, round-robin between clients (default %(default)s)")  # fmt: skip
    p.add_argument("--long-after", type=float, default=s.long_query_after, metavar="S",
                   help="seconds after which a query is long and drops to the lowest CPU "
                        "priority (default %(default)s)")  # fmt: skip
    p.add_argument("--max-long", type=int, default=s.long_query_slots, metavar="N",
                   help="long queries run at once, fewer than --workers; a further long one "
                        "is stopped with 503 (default %(default)s)")  # fmt: skip
    p.add_argument("--queue-wait", type=float, default=None, metavar="S",
                   help="seconds a query waits for a turn before 503 "
                        "(default: --timeout)")  # fmt: skip
    p.add_argument("--client-queue", type=int, default=s.client_queue, metavar="N",
                   help="queries one client may have waiting (default %(default)s)")  # fmt: skip
    p.add_argument("--queue-limit", type=int, default=s.queue_limit, metavar="N",
                   help="queries waiting in all (default %(default)s)")  # fmt: skip
    p.add_argument("--cors-origins", default="*", metavar="ORIGINS",
                   help="comma-separated origins whose browser scripts may read answers "
                        "(default: *, any; '' turns CORS off)")  # fmt: skip
    p.add_argument("--base-iri", default=None, metavar="URL",
                   help="the endpoint's public URL (behind a proxy): relative IRIs in queries "
                        "resolve against it (default: the query URL)")  # fmt: skip
    p.set_defaults(func=cmd_serve)
