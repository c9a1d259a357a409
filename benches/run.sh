#!/usr/bin/env bash
# Full-build benchmark of styrdok against Hugo, mdBook and Pagefind.
#   benches/run.sh SCALE [--runs N] [--only styrdok,hugo,...] [--mdbook-large]
# SCALE is tiny, small, medium or large. Builds styrdok in release mode, generates the
# corpus once (target/bench-corpus/SCALE), then runs benches/bench.py, which prints the
# table. Peers that are not installed are skipped with a reason; see BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
    echo "usage: benches/run.sh tiny|small|medium|large [--runs N] [--only tools] [--mdbook-large]" >&2
    exit 2
fi
if [ -n "${STYRDOK_BIN:-}" ]; then
    # A binary built elsewhere (e.g. a fixed commit while the tree is being edited).
    exec python3 benches/bench.py --styrdok "$STYRDOK_BIN" "$@"
fi
cargo build --release --quiet --bin styrdok
exec python3 benches/bench.py "$@"
