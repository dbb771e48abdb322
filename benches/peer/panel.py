"""The peer of orgmetrics' panel computation for `just bench`: one pandas group-by over many
organisations.

    panel.py PANEL_DIR OUT_CSV

PANEL_DIR holds one data directory per organisation (non-directories, and directories without a
workforce.csv, are ignored). The four domain files of every organisation are read and
concatenated with an `organisation` column (the subdirectory's name); series ids, derived series
and indicators (shares, ratios, and absolute change, percent change and CAGR between every pair
of dated periods of every series) are then computed for all organisations at once, with merges
and group-bys keyed by organisation, and written as one long CSV:
organisation, indicator, subject, from, to, value.
"""

import sys
from pathlib import Path

from report import indicators, load_series  # the same computation as report.py, for one organisation


def main(panel_dir, out_csv):
    dirs = {d.name: d for d in sorted(Path(panel_dir).iterdir()) if d.is_dir() and (d / "workforce.csv").is_file()}
    if not dirs:
        sys.exit(f"panel.py: no data directory (with a workforce.csv) under {panel_dir}")
    table = indicators(load_series(dirs))
    out = Path(out_csv)
    out.parent.mkdir(parents=True, exist_ok=True)
    table[["organisation", "indicator", "subject", "from", "to", "value"]].to_csv(out, index=False, float_format="%.6f")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: panel.py PANEL_DIR OUT_CSV")
    main(sys.argv[1], sys.argv[2])
