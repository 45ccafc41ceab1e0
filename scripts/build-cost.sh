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

secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }

rm -rf "$CARGO_TARGET_DIR"
cargo fetch -q
echo "machine: $(nproc) cores, $(uname -m), $(rustc --version)"
echo "clean cargo build (debug): $(secs cargo build -q) s"
echo "crates compiled: $(cargo tree -e normal,build --prefix none | sort -u | wc -l) (normal + build dependencies, with the crate)"
echo "build dependencies only (the generator's): $(cargo tree -e build --prefix none -i twilio-openapi-codegen 2>/dev/null | head -1)"
cargo tree -e build --depth 1 --prefix none | sed -n '1,40p' | sed 's/^/  /' >/dev/null

sed -i 's/description: When the challenge was created\./description: When the challenge was first created./' "$spec"
echo "rebuild after editing one description in the spec: $(secs cargo build -q) s"

touch src/client.rs
if cargo build -v 2>&1 | grep -q 'build-script-build`'; then
  echo "after touching src/client.rs: build.rs RAN again (unexpected)"; exit 1
else
  echo "after touching src/client.rs: build.rs did not run again (checked with cargo build -v)"
fi
