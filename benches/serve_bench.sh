#!/usr/bin/env bash
# styrdok serve benchmark: rebuild time alone, and edit-to-browser latency (write a
# content file → new text in headless Chromium), median and max over 20 edits, on the
# bundled site and on a generated 1,000-document site.
#   benches/serve_bench.sh [--edits N] [--corpus DIR] [--no-browser]
# Generates the corpus once (../shared/bench/gen_corpus.py --scale medium --layout plain)
# when DIR (default /tmp/corpus-medium) has no content/. See benches/serve_bench.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=/tmp/corpus-medium
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    if [ "${args[$i]}" = "--corpus" ]; then corpus="${args[$((i + 1))]}"; fi
done
if [ ! -d "$corpus/content" ]; then
    python3 ../shared/bench/gen_corpus.py --scale medium --layout plain --out "$corpus"
fi
exec cargo bench --quiet --bench serve_bench -- --corpus "$corpus" "$@"
