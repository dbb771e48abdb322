# orgmetrics tasks. `just` with no argument lists them.

default:
    @just --list

# Regenerate every file under output/ from data/
report:
    cargo run -- report

# Run every test
test:
    cargo test

# Formatting and lints, as CI runs them
check:
    cargo fmt --check
    cargo clippy --all-targets -- -D warnings

# Check the data files without computing anything
validate:
    cargo run -- validate

# Take the README's screenshot of output/index.html again (docs/dashboard.png; needs Chromium)
screenshot:
    ORGMETRICS_UPDATE_SCREENSHOT=1 cargo test --test browser the_readmes_screenshot

# Recompute the documents' own figures and print the verdicts
audit:
    cargo run -- audit

# The hot paths against the plain way (cargo bench: benches/*.rs, figures in benches/RESULTS.md), then side by side with the pandas + matplotlib peer (BENCHMARKS.md); --large adds 10,000 organisations
bench *args: bench-hot
    bash benches/run.sh {{args}}

# The hot paths' benchmarks alone: each piece that trades simplicity for speed against the plain way
bench-hot:
    cargo bench -p orgmetrics

# Every test, the exhaustive cases included (as CI runs them)
test-all:
    ORGMETRICS_EXHAUSTIVE=1 cargo test
