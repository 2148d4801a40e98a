"""Build a committee pack without a browser: `python -m gmdash.pack --area E08000002 --out bury.pptx`.

For a monthly routine. Bad input (an unknown borough, group member, view or comparator, or a
missing data folder) stops with a message saying what to change, and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from gmcore.schema import COMPARATORS, ENGLAND
from gmdash import db, queries, views
from gmdash.pack import PackError, build, content

USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m gmdash.pack",
        description="Build a committee pack (PowerPoint, and optionally PDF) for a GM borough "
        "or a pooled group of boroughs, from the same views as the dashboard's pages.",
    )
    area = parser.add_mutually_exclusive_group(required=True)
    area.add_argument("--area", help="a GM borough, by code (E08000002) or name (Bury)")
    area.add_argument(
        "--group", help='a pooled group of GM boroughs, comma separated ("Bolton,Salford,Trafford")'
    )
    parser.add_argument("--group-name", default="", help="the pooled group's name (optional)")
    parser.add_argument("--out", required=True, type=Path, help="the PowerPoint file to write")
    parser.add_argument("--pdf", type=Path, help="also write the same content as this PDF")
    parser.add_argument(
        "--views",
        default="",
        help="comma-separated views: profile, overview, people, compare:<indicator>, "
        "trends:<indicator> "
        "(default: profile, then alcohol_met_need, drug_poisoning_death_rate and "
        "completions_opiate, each compared and over time)",
    )
    parser.add_argument(
        "--comparator",
        default=ENGLAND,
        help="the comparator, by code or name: " + ", ".join(COMPARATORS.values()),
    )
    parser.add_argument(
        "--data-dir", type=Path, default=db.DEFAULT_DATA_DIR, help="the extracts folder"
    )
    parser.add_argument("--date", help="the pack's date, YYYY-MM-DD (default: today)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    return parser


def _comparator(text: str) -> str:
    by_name = {name.lower(): code for code, name in COMPARATORS.items()}
    code = text if text in COMPARATORS else by_name.get(text.strip().lower())
    if code is None:
        raise PackError(
            f"Unknown comparator {text!r}: choose one of "
            + ", ".join(f"{c} ({n})" for c, n in COMPARATORS.items())
        )
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.out.suffix.lower() != ".pptx":
        parser.error(f"--out must name a .pptx file (got {str(args.out)!r})")
    if args.pdf is not None and args.pdf.suffix.lower() != ".pdf":
        parser.error(f"--pdf must name a .pdf file (got {str(args.pdf)!r})")
    try:
        day = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        parser.error(f"--date must be YYYY-MM-DD (got {args.date!r})")
    try:
        con = db.connect(args.data_dir)
        manifest = db.load_manifest(args.data_dir)
    except db.ExtractsMissing as exc:
        parser.error(str(exc))
    ask = queries.Direct(con)
    try:
        target = (
            content.borough(args.area) if args.area else content.pooled(args.group, args.group_name)
        )
        indicators = list(views.borough_catalogue(ask).index)
        specs = (
            content.parse_views(args.views, indicators) if args.views else content.default_views()
        )
        comparator = _comparator(args.comparator)
    except PackError as exc:
        parser.error(str(exc))

    def report(done: int, total: int, label: str) -> None:
        if not args.quiet:
            print(f"[{done}/{total}] {label}", file=sys.stderr)

    pack = build(ask, target, specs, manifest.version, day, comparator, progress=report)
    args.out.write_bytes(pack.pptx())
    written = [str(args.out)]
    if args.pdf is not None:
        args.pdf.write_bytes(pack.pdf())
        written.append(str(args.pdf))
    if not args.quiet:
        print(f"{len(pack.deck.slides)} slides: {', '.join(written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
