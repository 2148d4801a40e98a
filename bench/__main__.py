"""`python -m bench` (what `make bench` runs): measure everything, write results.json/.md.

Each part measures its own floor in the same run. A part that crashes is recorded as a failed
metric, so one broken measurement never hides the others. The exit status is 0 only when every
target is met.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench import results
from bench.results import BENCH, REPO, Metric

PARTS = ("queries", "apptest", "load", "browser")


def _guarded(part: str, run: Callable[[], list[Metric]]) -> list[Metric]:
    print(f"bench: {part} ...", file=sys.stderr, flush=True)
    try:
        metrics = run()
    except Exception as exc:
        traceback.print_exc()
        return [
            Metric(
                group=part,
                name=f"{part} measurement",
                value=float("nan"),
                unit="",
                target="runs to completion",
                passed=False,
                detail={"error": f"{type(exc).__name__}: {exc}"},
            )
        ]
    for m in metrics:
        print(
            f"  {m.name}: {m.value:.4g} {m.unit} {'ok' if m.passed else 'MISSED'}", file=sys.stderr
        )
    return metrics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--reruns", type=int, default=20, help="warm reruns per page")
    parser.add_argument("--repeats", type=int, default=20, help="calls per query and scale")
    parser.add_argument("--changes", type=int, default=15, help="timed filter changes per app")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold starts per app")
    parser.add_argument(
        "--no-soak",
        action="store_true",
        help="skip the soak (1,000 interactions after 1,000 of warm-up)",
    )
    parser.add_argument("--out", type=Path, default=BENCH, help="folder for results.json/.md")
    args = parser.parse_args(argv)

    from bench import apptest, browser, load, queries

    # AppTest outside a server logs this once per cached call; it says nothing about the app.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )

    started = datetime.now(UTC)
    logs = REPO / "test-output" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    metrics: list[Metric] = []
    notes: list[str] = []
    if "queries" in args.only:

        def run_queries() -> list[Metric]:
            found, query_notes = queries.measure(repeats=args.repeats)
            notes.extend(query_notes)
            return found

        metrics += _guarded("queries", run_queries)
        # Written after each part, so a long run stopped part-way keeps what it measured.
        results.write(metrics, args.out, started, notes)
    if "apptest" in args.only:
        metrics += _guarded("apptest", lambda: apptest.measure(reruns=args.reruns))
        results.write(metrics, args.out, started, notes)
    if "load" in args.only:
        metrics += _guarded("load", lambda: load.measure(logs, soak=not args.no_soak))
        results.write(metrics, args.out, started, notes)
    if "browser" in args.only:
        metrics += _guarded(
            "browser",
            lambda: browser.measure(logs, cold_runs=args.cold_runs, changes=args.changes),
        )
    results.write(metrics, args.out, started, notes)
    failed = [m for m in metrics if not m.passed]
    print(
        f"bench: {len(metrics) - len(failed)} of {len(metrics)} targets met; "
        f"see {args.out / 'results.md'}",
        file=sys.stderr,
    )
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
