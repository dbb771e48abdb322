#!/usr/bin/env bash
# Benchmarks: orgmetrics (release build, and the README's dev-profile command) side by side with
# the pandas + matplotlib peer, on the shipped data and on synthetic panels, the panel alone against
# a DuckDB script (benches/peer/panel_duckdb.py), then a large declared domain (benches/domain.sh). Prints the figures
# BENCHMARKS.md reports. Usage: benches/run.sh [--large] (--large adds 10,000 organisations × 30
# years, tables only: several minutes and a few GiB of disk).
set -euo pipefail
cd "$(dirname "$0")/.."
large="${1:-}"
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
runs="${BENCH_RUNS:-5}"
# hyperfine 2 needs a newer rustc than the project's stable toolchain: fall back to 1.20.
command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null 2>&1 || cargo install --locked hyperfine || cargo install --locked hyperfine --version 1.20.0; }
bash benches/peer/setup.sh
py=benches/peer/.venv/bin/python
cargo build --release --quiet
cargo build --quiet
target="${CARGO_TARGET_DIR:-target}"
bin=$target/release/orgmetrics
dev=$target/debug/orgmetrics

peak() { # peak resident memory of a command, MiB
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ { printf "%.0f MiB\n", $2 / 1024 }'
}
seconds() { # mean wall time of a hyperfine JSON export
  python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$1"
}

echo "== machine"
echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"

echo "== shipped data: one organisation, every output"
hyperfine --warmup 2 --runs "$runs" --export-json "$work/release.json" \
  "$bin report --out $work/out-release"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/dev.json" \
  "$dev report --out $work/out-dev"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/peer.json" \
  "$py benches/peer/report.py data $work/out-peer"
r=$(seconds "$work/release.json"); d=$(seconds "$work/dev.json"); p=$(seconds "$work/peer.json")
echo "release ${r}s ($(peak $bin report --out "$work/out-release")), dev ${d}s ($(peak $dev report --out "$work/out-dev")), peer ${p}s ($(peak $py benches/peer/report.py data "$work/out-peer"))"
python3 -c "import sys; r,d,p=map(float,sys.argv[1:]); print('peer / release = %.0f×, peer / dev = %.1f×' % (p/r, p/d))" "$r" "$d" "$p"
echo "-- stages (release)"
$bin report --out "$work/out-release" --timings 2>&1 >/dev/null

echo "== panels: synth, then report --all (full) and --tables-only, and the peer's group-by"
for n in 10 100 1000; do
  panel="$work/panel-$n"
  [ -d "$panel" ] || $bin synth --organisations "$n" --years 20 --out "$panel" >/dev/null
  for mode in tables full; do
    flag=""; [ "$mode" = tables ] && flag="--tables-only"
    start=$(date +%s.%N)
    mem=$(peak $bin report --data "$panel" --all $flag --out "$work/panel-out-$n-$mode")
    end=$(date +%s.%N)
    python3 -c "import sys; n,s,e=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]); print('N=%5d %-6s %7.2fs  %8.2f ms per organisation  %s' % (n, sys.argv[4], e-s, (e-s)*1000/n, sys.argv[5]))" "$n" "$start" "$end" "$mode" "$mem"
  done
  start=$(date +%s.%N)
  mem=$(peak $py benches/peer/panel.py "$panel" "$work/peer-panel-$n.csv")
  end=$(date +%s.%N)
  python3 -c "import sys; n,s,e=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]); print('N=%5d peer   %7.2fs  %8.2f ms per organisation  %s' % (n, s and e-s, (e-s)*1000/n, sys.argv[4]))" "$n" "$start" "$end" "$mem"
done
echo "== the panel alone: report --all --panel-only against the DuckDB script (the same changes, percent changes and CAGRs, one CSV)"
panel="$work/panel-1000"
hyperfine --warmup 1 --runs 3 --export-json "$work/panel-only.json" \
  "$bin report --data $panel --all --panel-only --out $work/panel-only-out" \
  "$py benches/peer/panel_duckdb.py $panel $work/duckdb-panel.csv"
echo "orgmetrics --panel-only $(peak $bin report --data "$panel" --all --panel-only --out "$work/panel-only-out"), DuckDB $(peak $py benches/peer/panel_duckdb.py "$panel" "$work/duckdb-panel.csv")"
echo "bytes written: orgmetrics $(du -sb "$work/panel-only-out" | cut -f1), DuckDB $(du -sb "$work/duckdb-panel.csv" | cut -f1)"
echo "== a large declared domain: N two-period series in gender.csv (release), every stage linear in N"
BENCH_DIR="$work" bash benches/domain.sh "$bin"
if [ "$large" = "--large" ]; then
  panel="$work/panel-10000"
  [ -d "$panel" ] || $bin synth --organisations 10000 --years 30 --out "$panel" >/dev/null
  start=$(date +%s.%N)
  mem=$(peak $bin report --data "$panel" --all --tables-only --out "$work/panel-out-10000")
  end=$(date +%s.%N)
  python3 -c "import sys; s,e=float(sys.argv[1]),float(sys.argv[2]); print('N=10000 x 30 years tables %.1fs %s' % (e-s, sys.argv[3]))" "$start" "$end" "$mem"
fi
echo "(work files in $work)"
