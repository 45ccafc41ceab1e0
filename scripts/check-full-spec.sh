#!/usr/bin/env bash
# Builds the bindings from the full Twilio Verify v2 spec instead of our fragment, and
# checks that they compile warning-free: `cargo check`, then `cargo clippy -- -D warnings`.
#
# The crate (Cargo.toml, Cargo.lock, build.rs, src/, codegen/, README.md, which src/lib.rs
# includes as documentation, and the directories of its other targets, benches/, examples/
# and tests/, which Cargo wants to find when it reads the manifest; not target/) is copied
# into a temporary directory, the full spec is put in place of spec/verify_v2_challenges.yaml,
# and Cargo runs there with CARGO_TARGET_DIR=<repo>/target/full-spec, so that repeat runs
# reuse the compiled dependencies. Only the library and its build script are compiled.
# Nothing in the repository is modified.
#
# The spec is not part of this repository: it is read from $TWILIO_VERIFY_SPEC, or from
# ../shared/specs/twilio_verify_v2.yaml next to the checkout.
#
# Usage: scripts/check-full-spec.sh        (exit status 0 when both commands pass)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec="${TWILIO_VERIFY_SPEC:-$repo/../shared/specs/twilio_verify_v2.yaml}"

if [[ ! -f "$spec" ]]; then
    echo "error: the full Verify v2 spec is not at $spec; set TWILIO_VERIFY_SPEC" >&2
    exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/twilio-full-spec.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cp -R "$repo/Cargo.toml" "$repo/Cargo.lock" "$repo/build.rs" "$repo/README.md" \
    "$repo/src" "$repo/codegen" "$work/"
for dir in benches examples tests; do
    if [[ -d "$repo/$dir" ]]; then
        cp -R "$repo/$dir" "$work/"
    fi
done
rm -rf "$work/codegen/target"
mkdir -p "$work/spec"
cp "$spec" "$work/spec/verify_v2_challenges.yaml"

export CARGO_TARGET_DIR="$repo/target/full-spec"
cd "$work"

echo "== cargo check (full Verify v2 spec, from $spec)"
cargo check
echo "== cargo clippy -- -D warnings"
cargo clippy -- -D warnings
echo "ok: the bindings generated from the full spec compile clippy-clean"
