"""Command line for the data build: `python -m gmdata --raw DIR --out data [--check]`."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from gmdata.build import MANIFEST, build
from gmdata.catalogue import BY_ID, COMPLETION_IDS
from gmdata.errors import CheckError, SourceError
from gmdata.loaders.fingertips import (
    FINGERTIPS_BASE_URL,
    FingertipsDownloadError,
    download_fingertips_csv,
)

UPPER_TIER = 502


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gmdata", description=__doc__)
    parser.add_argument(
        "--raw",
        type=Path,
        default=Path("../shared/data/raw"),
        help="folder of raw source files (default ../shared/data/raw)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("data"),
        help="folder the extracts are written to (default data)",
    )
    parser.add_argument(
        "--fingertips",
        type=Path,
        default=None,
        help="a Fingertips indicator-data CSV whose rows replace illustrative ones",
    )
    parser.add_argument(
        "--viewit",
        type=Path,
        action="append",
        default=[],
        help="an NDTMS ViewIt LA export: its financial-year completions are indicators of their "
        "own (apart from the Fingertips calendar-year series) and its service-user fields fill "
        "treatment_profile (repeat for several exports)",
    )
    parser.add_argument(
        "--download-fingertips",
        action="store_true",
        help="download the official completion indicators from the Fingertips "
        "API (upper-tier areas) and use them as --fingertips",
    )
    parser.add_argument(
        "--fingertips-base-url",
        default=FINGERTIPS_BASE_URL,
        help="Fingertips API base URL (default the official service)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="build into a temporary folder and compare with --out; write nothing",
    )
    return parser


def _compare(built: dict[str, Any], committed_dir: Path) -> list[str]:
    path = committed_dir / MANIFEST
    if not path.exists():
        return [f"{path} does not exist"]
    committed = json.loads(path.read_text())
    differences = []
    for name, entry in sorted(built["files"].items()):
        theirs = committed.get("files", {}).get(name, {}).get("sha256")
        if theirs != entry["sha256"]:
            differences.append(f"{name}: committed {theirs} != fresh build {entry['sha256']}")
    extra = set(committed.get("files", {})) - set(built["files"])
    differences += [f"{name}: committed but not built" for name in sorted(extra)]
    return differences


def _say(message: str) -> None:
    """One line of progress or trouble, on stderr."""
    print(f"gmdata: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.download_fingertips:
            ids = [fid for i in COMPLETION_IDS if (fid := BY_ID[i].fingertips_id) is not None]
            target = args.out.parent / ".fingertips-download.csv"
            _say(f"downloading Fingertips indicators {ids} from {args.fingertips_base_url}")
            args.fingertips = download_fingertips_csv(
                ids, UPPER_TIER, target, base_url=args.fingertips_base_url
            )
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                built = build(args.raw, Path(tmp) / "data", args.fingertips, args.viewit, _say)
            differences = _compare(built, args.out)
            for line in differences:
                _say(line)
            _say("committed extracts match a fresh build" if not differences else "MISMATCH")
            return 1 if differences else 0
        manifest = build(args.raw, args.out, args.fingertips, args.viewit, _say)
    except (SourceError, CheckError, FingertipsDownloadError) as exc:
        _say(f"build stopped, nothing written: {exc}")
        return 1
    for name, entry in sorted(manifest["files"].items()):
        _say(f"{name}: {entry['rows']} rows, sha256 {entry['sha256'][:12]}")
    _say(f"extracts version {manifest['version']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
