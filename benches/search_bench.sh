#!/usr/bin/env bash
# styrdok search benchmark against Pagefind: index size on disk, bytes a browser
# downloads for a one-word query (plain and gzip server), and query latency in headless
# Chromium, on the bundled site and on a generated 1,000-document corpus.
#   benches/search_bench.sh [--corpus DIR] [--runs N] [--word WORD]... [--pagefind BIN] [--json FILE]
# Generates the corpus once (../shared/bench/gen_corpus.py --scale medium --layout plain)
# when DIR (default /tmp/corpus-medium) has no content/. Pagefind comes from PATH or from
# `pip install 'pagefind[extended]'`. Details and what counts as one query: search_bench.py.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=/tmp/corpus-medium
pass=()
while [ $# -gt 0 ]; do
    case "$1" in
        --corpus) corpus="$2"; shift 2 ;;
        *) pass+=("$1"); shift ;;
    esac
done
if [ ! -d "$corpus/content" ]; then
    python3 ../shared/bench/gen_corpus.py --scale medium --layout plain --out "$corpus"
fi
cargo build --release --quiet
exec python3 benches/search_bench.py --styrdok target/release/styrdok \
    --site "bundled=$PWD" --site "medium=$corpus" "${pass[@]+"${pass[@]}"}"
