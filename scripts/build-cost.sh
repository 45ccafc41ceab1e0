#!/usr/bin/env bash
# Measures what the crate costs to build (README "Performance"):
#   1. a clean `cargo build` of the crate, dependencies included;
#   2. the rebuild after editing one description in the spec;
#   3. after touching only src/: proof from `cargo build -v` that build.rs does not run again.
# Uses its own target dir (target/build-cost) and restores the spec afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="$PWD/target/build-cost"
spec=spec/verify_v2_challenges.yaml
backup=$(mktemp)
cp "$spec" "$backup"
trap 'cp "$backup" "$spec"; rm -f "$backup"; touch src/lib.rs' EXIT

secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'; }

rm -rf "$CARGO_TARGET_DIR"
cargo fetch -q
echo "machine: $(nproc) cores, $(uname -m), $(rustc --version)"
echo "clean cargo build (debug): $(secs cargo build -q) s"
all=$(cargo tree -e normal,build --prefix none --no-dedupe | sed 's/ (\*)//' | sort -u | wc -l)
runtime=$(cargo tree -e normal --prefix none --no-dedupe | sed 's/ (\*)//' | sort -u | wc -l)
echo "crates in the build: $all; of which only build.rs needs $((all - runtime)) (the generator and its dependencies)"

sed -i 's/description: When the challenge was created\./description: When the challenge was first created./' "$spec"
echo "rebuild after editing one description in the spec: $(secs cargo build -q) s"

touch src/lib.rs
if cargo build -v 2>&1 | grep -q 'build-script-build`'; then
  echo "after touching src/lib.rs: build.rs RAN again (unexpected)"; exit 1
else
  echo "after touching src/lib.rs: build.rs did not run again (checked with cargo build -v)"
fi
