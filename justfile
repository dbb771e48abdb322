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

# Benchmarks side by side with the pandas + matplotlib peer (see BENCHMARKS.md); --large adds 10,000 organisations
bench *args:
    bash benches/run.sh {{args}}
