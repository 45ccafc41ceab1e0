#!/usr/bin/env bash
# Generates bindings from every spec in ../shared/specs/twilio-oai/ (Twilio's published
# specs, next to the checkout; not part of this repository) and compiles each as a
# standalone crate, as a user of the generator would: one crate per spec, with
# `twilio-openapi-runtime` (by path into this repository) as its only dependency and a
# src/lib.rs that includes the generated `bindings.rs` at its root (the files come from
# the generator's command line, with samples, so no crate needs a build script). The crates form one
# temporary workspace, so that Cargo checks them in parallel and the runtime and its
# dependencies once. They share <target>/full-spec with scripts/check-full-spec.sh
# (which CI runs just before), where most of those dependencies are already compiled;
# $ALL_SPECS_TARGET_DIR chooses another. Nothing in the repository is modified.
#
# Timing (2 shared cores): about 75 s after check-full-spec.sh (6 s of it generating),
# about 4.5 min from a cold target directory. One crate with one module per spec was
# measured too: no faster (one rustc, no parallelism), and bindings.rs is meant for a
# crate root.
#
# Each spec ends in one of:
#   ok        generated, and the bindings compile (`cargo check`); `ok, warns` with the
#             first warning when the compiler warns about generated code (a generator
#             defect to fix, shown but not fatal);
#   refused   the generator refused it (its first message is printed);
#   FAILED    generated, but the bindings do not compile, or the generator crashed (a
#             panic, or an exit status other than 0 or 2).
# Refusals are the generator's known gaps (none today): each
# refused spec must be listed in KNOWN_REFUSALS below, with the start of its pointer. The
# script fails on FAILED, on a refusal that is not listed (a spec that used to generate, or
# a new spec), and on a listed spec that now generates (so that the list shrinks as the
# gaps close: remove its line).
#
# Usage: scripts/check-all-specs.sh [DIR]   (default DIR: ../shared/specs/twilio-oai,
#        or $TWILIO_OAI_SPECS). Without the folder it says so and exits 0.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
specs="${1:-${TWILIO_OAI_SPECS:-$repo/../shared/specs/twilio-oai}}"

# spec file name -> the start of the pointer of its first message. One line per known gap.
KNOWN_REFUSALS=(
)

if [[ ! -d "$specs" ]]; then
    echo "skipped: no spec folder at $specs (set TWILIO_OAI_SPECS or pass the folder)"
    exit 0
fi
shopt -s nullglob
files=("$specs"/*.json "$specs"/*.yaml "$specs"/*.yml)
if [[ ${#files[@]} -eq 0 ]]; then
    echo "skipped: no .json or .yaml spec in $specs"
    exit 0
fi

start=$SECONDS
echo "== building the generator's command line"
# shellcheck source=lib/scratch.sh
source "$repo/scripts/lib/scratch.sh"
build_cli "$repo"

work="$(mktemp -d "${TMPDIR:-/tmp}/twilio-all-specs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The workspace's lock file, so that the crates build with the same versions.
cp "$repo/Cargo.lock" "$work/Cargo.lock"

declare -A status message spec_of
crates=()
echo "== generating ${#files[@]} specs from $specs"
for spec in "${files[@]}"; do
    name="$(basename "$spec")"
    crate="$(basename "${name%.*}" | tr 'A-Z.' 'a-z_')"
    dir="$work/$crate"
    mkdir -p "$dir/src"
    set +e
    # With samples: their code is checked too (scripts/check-wire.sh runs them).
    "$cli" --samples --spec "$spec" --out "$dir/gen" > "$work/$crate.log" 2>&1
    rc=$?
    set -e
    # The generator names the spec by its path; messages are shown by file name.
    first="$(head -n 1 "$work/$crate.log" | sed "s|^$specs/||")"
    case $rc in
        0)
            crates+=("$crate")
            spec_of[$crate]="$name"
            scratch_manifest "$dir" "$crate" "$repo"
            printf '//! %s, every operation.\ninclude!("../gen/bindings.rs");\n' "$name" > "$dir/src/lib.rs"
            ;;
        2)
            status[$name]=refused
            message[$name]="$first"
            ;;
        *)
            status[$name]=FAILED
            message[$name]="the generator exited with status $rc: $(head -c 2000 "$work/$crate.log")"
            ;;
    esac
done
generated=$((SECONDS - start))

scratch_workspace "$work" "${crates[@]}"

export CARGO_TARGET_DIR="${ALL_SPECS_TARGET_DIR:-$target_dir/full-spec}"
echo "== cargo check: ${#crates[@]} crates (generation took ${generated}s)"
# All at once, in parallel; then crate by crate, which for a crate already checked only
# replays the compiler's messages, to tell which spec they belong to.
if [[ ${#crates[@]} -gt 0 ]]; then
    (cd "$work" && cargo check -q --workspace --keep-going 2> /dev/null) || true
fi
declare -A warning
for crate in "${crates[@]}"; do
    name="${spec_of[$crate]}"
    log="$work/$crate.check"
    if (cd "$work" && cargo check -q -p "$crate" > "$log" 2>&1); then
        status[$name]=ok
        if grep -q '^warning' "$log"; then
            warning[$name]="$(grep -m 1 '^warning' "$log")"
        fi
    else
        status[$name]=FAILED
        message[$name]="$( (grep -m 3 '^error' "$log" || echo "cargo check failed") | tr '\n' ' ')"
        cp "$log" "$CARGO_TARGET_DIR/$crate.check.log"
    fi
done

# The verdict, spec by spec.
known() {
    local entry
    for entry in "${KNOWN_REFUSALS[@]}"; do
        if [[ "${entry%% *}" == "$1" ]]; then
            echo "${entry#* }"
            return 0
        fi
    done
    return 1
}
ok=0 warns=0 refused=0 failed=0 unexpected=0
echo
for spec in "${files[@]}"; do
    name="$(basename "$spec")"
    case ${status[$name]} in
        ok)
            ok=$((ok + 1))
            if [[ -n "${warning[$name]:-}" ]]; then
                warns=$((warns + 1))
                echo "ok, warns $name: ${warning[$name]}"
            else
                echo "ok        $name"
            fi
            if known "$name" > /dev/null; then
                unexpected=$((unexpected + 1))
                echo "          ^ listed as a known refusal: remove it from KNOWN_REFUSALS"
            fi
            ;;
        refused)
            refused=$((refused + 1))
            echo "refused   ${message[$name]}"
            if ! pointer="$(known "$name")"; then
                unexpected=$((unexpected + 1))
                echo "          ^ not a known refusal: a spec that generated before, or a new one"
            elif [[ "${message[$name]}" != "$name$pointer"* ]]; then
                unexpected=$((unexpected + 1))
                echo "          ^ refused elsewhere than its known gap ($pointer)"
            fi
            ;;
        *)
            failed=$((failed + 1))
            echo "FAILED    $name: ${message[$name]}"
            ;;
    esac
done
echo
echo "${#files[@]} specs: $ok generated and compiled ($warns with warnings), $refused refused, $failed failed; $unexpected unexpected; $((SECONDS - start))s"
if [[ $failed -gt 0 || $unexpected -gt 0 ]]; then
    [[ $failed -gt 0 ]] && echo "compiler output of each failed crate: $CARGO_TARGET_DIR/*.check.log"
    exit 1
fi
