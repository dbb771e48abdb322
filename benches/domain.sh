#!/usr/bin/env bash
# A large declared domain: the shipped data with N two-period series appended to gender.csv,
# reported once with --timings (every stage) and once with --tables-only. Every stage should
# grow linearly with N. Usage: benches/domain.sh BIN [N...] (default 10000 20000 40000).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$1"
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 20000 40000)
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
for n in "${sizes[@]}"; do
  data="$work/domain-$n"
  rm -rf "$data"
  cp -r data "$data"
  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) for (y = 2022; y <= 2023; y++)
    printf "gender.bench.s%06d,%d,%d,percent,,hceres2025,bench,\n", i, y, 10 + i % 50 }' >>"$data/gender.csv"
  # Stage times from --timings, peak memory from time -v: both on stderr.
  /usr/bin/time -v "$bin" report --data "$data" --out "$work/domain-out-$n" --timings 2>"$work/domain-$n.err" >/dev/null
  stages=$(awk '/^[a-z]+ +[0-9.]+ ms$/ { printf "%s%s %.0f ms", sep, $1, $2; sep = ", " }' "$work/domain-$n.err")
  peak=$(awk -F: '/Maximum resident/ { printf "%.0f MiB", $2 / 1024 }' "$work/domain-$n.err")
  echo "N=$n series: $stages; peak $peak"
  start=$(date +%s.%N)
  "$bin" report --data "$data" --out "$work/domain-tables-$n" --tables-only >/dev/null 2>&1
  end=$(date +%s.%N)
  python3 -c "import sys; print('N=%s series --tables-only: %.2fs' % (sys.argv[1], float(sys.argv[3]) - float(sys.argv[2])))" "$n" "$start" "$end"
done
