#!/usr/bin/env bash
# What the crate costs to build, against a progenitor-based crate of the same shape
# (issue 14; docs/performance.md). Prints, for both, and the ratio ours/theirs:
#   1. a clean `cargo build` (debug, dependencies included, own empty target directory);
#   2. the rebuild after editing one description in the spec;
#   3. generating the full Verify v2 spec with a release command line, whole process.
# Then: how often the generator is compiled in our clean build, whether aws-lc is in either
# tree, and that touching only src/ does not run our build.rs again.
#
# "Ours" is a copy of this workspace (the files git knows, as they are in the work tree);
# "theirs" is scripts/progenitor-compare/ (progenitor 0.15.1 in build.rs, progenitor-client,
# reqwest 0.13, serde, chrono, regress) generating our fragment minus what progenitor cannot
# take (strip-spec.awk says what and why). Both are built from copies in one temporary
# directory, each with its own target directory there, so the repository is never modified;
# everything is deleted at the end (KEEP=1 keeps it and prints where).
#
# Every build timing is taken RUNS times (default 2) and every generation GEN_RUNS times
# (default 5); the minimum wall-clock and CPU times are printed, since other load on the
# machine only ever adds time, and every run after them. Dependencies are fetched before
# anything is timed. A whole run needs about 6 GB of free disk.
#
# Environment: STEPS (`builds`: 1 and 2, `generation`: 3; default both), RUNS, GEN_RUNS, KEEP,
# FULL_SPEC (default ../shared/specs/twilio_verify_v2.yaml),
# THEIRS_TLS (reqwest feature of the comparison crate: `rustls`, reqwest's default TLS and
# what ours used before issue 14, or `rustls-no-provider` for its TLS cost without aws-lc).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
runs=${RUNS:-2}
gen_runs=${GEN_RUNS:-5}
full_spec=$(realpath "${FULL_SPEC:-$repo/../shared/specs/twilio_verify_v2.yaml}")
theirs_tls=${THEIRS_TLS:-rustls}
steps=${STEPS:-builds,generation}
want() { [[ ",$steps," == *",$1,"* ]]; }
[ -f "$full_spec" ] || { echo "no full spec at $full_spec (set FULL_SPEC)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/build-cost.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then trap 'echo "kept $work"' EXIT; else trap 'rm -rf "$work"' EXIT; fi
ours=$work/ours
theirs=$work/theirs

# --- the two crates -------------------------------------------------------------------------
mkdir -p "$ours" "$theirs"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | tar -c --null -T - | tar -x -C "$ours"
cmp=$repo/scripts/progenitor-compare
sed "s/@TLS@/\"$theirs_tls\"/" "$cmp/Cargo.toml.in" >"$theirs/Cargo.toml"
cp "$cmp/build.rs" "$cmp/lib.rs" "$cmp/generate.rs" "$theirs/"
awk -f "$cmp/strip-spec.awk" "$ours/spec/verify_v2_challenges.yaml" >"$theirs/spec.yaml"
awk -f "$cmp/strip-spec.awk" "$full_spec" >"$work/full-for-progenitor.yaml"
(cd "$ours" && cargo fetch -q)
(cd "$theirs" && cargo generate-lockfile -q && cargo fetch -q)

# --- timing helpers -------------------------------------------------------------------------
# "WALL CPU" seconds of one run of "$@": wall-clock time, and the CPU time (user + system)
# of the command and every process it waited for (rustc, build scripts); output discarded,
# a failure stops the script.
measure() {
  local t0 t1
  t0=$(date +%s.%N)
  if ! /usr/bin/time -f '%U %S' -o "$work/time.out" "$@" >"$work/last.log" 2>&1; then
    echo "failed: $*" >&2; tail -20 "$work/last.log" >&2; exit 1
  fi
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" '{ printf "%.3f %.2f", b - a, $1 + $2 }' "$work/time.out"
}
# Collects measurements into the arrays W (wall) and C (CPU) of the side named $1.
declare -A W C
record() { local m; m=$(measure "${@:2}"); W[$1]+=" ${m% *}"; C[$1]+=" ${m#* }"; }
reset() { W=(); C=(); }
min() { printf '%s\n' $1 | sort -g | head -1; }
# The one description both specs carry, toggled so that every run edits it once more.
edit_spec() {
  local file=$1
  if grep -q 'description: When the challenge was created\.$' "$file"; then
    sed -i 's/description: When the challenge was created\.$/description: When the challenge was first created./' "$file"
  else
    grep -q 'description: When the challenge was first created\.$' "$file" \
      || { echo "the description to edit is not in $file" >&2; exit 1; }
    sed -i 's/description: When the challenge was first created\.$/description: When the challenge was created./' "$file"
  fi
}

echo "machine: $(nproc) cores, $(uname -m), $(rustc --version); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: builds $runs, generation $gen_runs, minimum kept; theirs: progenitor 0.15.1, reqwest feature $theirs_tls"

clean_build() { # DIR TARGET: the command line that builds DIR in the empty TARGET
  echo "rm -rf '$2' && cd '$1' && CARGO_TARGET_DIR='$2' cargo build -v"
}
report() { # LABEL GOAL [ms]: each side's minimum, the ratio ours/theirs, then every run
  local f=1 u=s d=1
  [ "${3:-}" = ms ] && { f=1000; u=ms; d=0; }
  awk -v l="$1" -v g="$2" -v f="$f" -v u="$u" -v d="$d" \
    -v wo="$(min "${W[ours]}")" -v wt="$(min "${W[theirs]}")" \
    -v co="$(min "${C[ours]}")" -v ct="$(min "${C[theirs]}")" 'BEGIN {
    n = "%." d "f " u
    printf "%s: wall ours " n ", theirs " n ", ratio %.2f; CPU ours " n ", theirs " n ", ratio %.2f (goal <= %s)\n",
      l, wo * f, wt * f, wo / wt, co * f, ct * f, co / ct, g }'
  echo "  runs (wall s / CPU s): ours${W[ours]} /${C[ours]}; theirs${W[theirs]} /${C[theirs]}"
}
# Each measurement is a batch of 10 whole processes (for the timers' resolution), divided
# by 10; each process writes into a directory (ours) or file (theirs) of its own.
batch() { # the command line that runs "$@" 10 times, with $i in the last argument
  echo "for i in 1 2 3 4 5 6 7 8 9 10; do $* >/dev/null || exit 1; done"
}

# --- 1. clean build -------------------------------------------------------------------------
builds() {
  reset
  for _ in $(seq "$runs"); do
    record ours bash -c "$(clean_build "$ours" "$work/ours-target")"
    cp "$work/last.log" "$work/ours-clean.log"
    record theirs bash -c "$(clean_build "$theirs" "$work/theirs-target")"
  done
  report "clean cargo build (debug)" 0.70
  clean_t=$(min "${W[theirs]}"); clean_tc=$(min "${C[theirs]}")
  # What a crate depending on ours pays: the root package alone (the generator only as its
  # build-dependency), without building the workspace's other members for themselves.
  reset
  for _ in $(seq "$runs"); do
    record ours bash -c "rm -rf '$work/ours-p'; cd '$ours' && CARGO_TARGET_DIR='$work/ours-p' cargo build -p twilio-verify-challenges"
  done
  awk -v w="$(min "${W[ours]}")" -v c="$(min "${C[ours]}")" -v wt="$clean_t" -v ct="$clean_tc" 'BEGIN {
    printf "  ours, root package only (cargo build -p twilio-verify-challenges): wall %.1f s, ratio %.2f; CPU %.1f s, ratio %.2f\n", w, w / wt, c, c / ct }'
  echo "  runs (wall s / CPU s):${W[ours]} /${C[ours]}"
  rm -rf "$work/ours-p"
  units() { grep -c "Running \`.*rustc --crate-name $1 " "$2" || true; }
  echo "  our generator compiled $(units twilio_openapi_codegen "$work/ours-clean.log") time(s) in our clean build; rustc invocations: ours $(units '[a-z0-9_]*' "$work/ours-clean.log")"
  for side in ours theirs; do
    dir=$work/$side
    echo "  crates in the build ($side): $(cd "$dir" && cargo tree -e normal,build --prefix none --no-dedupe | sed 's/ (\*)//; s/ (proc-macro)//' | sort -u | wc -l); aws-lc-sys: $(cd "$dir" && cargo tree -e normal,build,dev -i aws-lc-sys >/dev/null 2>&1 && echo present || echo absent)"
  done

  # --- 2. rebuild after editing one description ------------------------------------------------
  reset
  for _ in $(seq "$runs"); do
    edit_spec "$ours/spec/verify_v2_challenges.yaml"
    record ours bash -c "cd '$ours' && CARGO_TARGET_DIR='$work/ours-target' cargo build"
    edit_spec "$theirs/spec.yaml"
    record theirs bash -c "cd '$theirs' && CARGO_TARGET_DIR='$work/theirs-target' cargo build"
  done
  report "rebuild after editing one description" 0.60

  touch "$ours/src/lib.rs"
  if (cd "$ours" && CARGO_TARGET_DIR=$work/ours-target cargo build -v 2>&1) | grep -q 'build-script-build`'; then
    echo "  after touching src/lib.rs: our build.rs RAN again (unexpected)"; exit 1
  fi
  echo "  after touching src/lib.rs: our build.rs did not run again (cargo build -v)"
  # Free the disk before the release builds: these two directories hold a few GB.
  rm -rf "$work/ours-target" "$work/theirs-target"
}

# --- 3. full-spec generation, release command lines ------------------------------------------
generation() {
  (cd "$ours" && CARGO_TARGET_DIR=$work/ours-release cargo build -q --release -p twilio-openapi-codegen --features cli --bin twilio-openapi-codegen)
  (cd "$theirs" && CARGO_TARGET_DIR=$work/theirs-release cargo build -q --release --features cli --bin generate)
  ours_cli=$work/ours-release/release/twilio-openapi-codegen
  theirs_cli=$work/theirs-release/release/generate
  reset
  for _ in $(seq "$gen_runs"); do
    rm -rf "$work/gen-out"; mkdir "$work/gen-out"
    record ours bash -c "$(batch "'$ours_cli'" --spec "'$full_spec'" --out "'$work/gen-out/ours-'\$i")"
    record theirs bash -c "$(batch "'$theirs_cli'" "'$work/full-for-progenitor.yaml'" "'$work/gen-out/theirs-'\$i.rs")"
  done
  rm -rf "$work/gen-out"
  for side in ours theirs; do
    W[$side]=$(for x in ${W[$side]}; do awk -v x="$x" 'BEGIN { printf " %.4f", x / 10 }'; done)
    C[$side]=$(for x in ${C[$side]}; do awk -v x="$x" 'BEGIN { printf " %.4f", x / 10 }'; done)
  done
  report "full-spec generation (release CLI, whole process, per run)" 0.10 ms
  "$ours_cli" --spec "$full_spec" --out "$work/gen-ours" >/dev/null
  "$theirs_cli" "$work/full-for-progenitor.yaml" "$work/gen-theirs.rs"
  echo "  output: ours $(cat "$work"/gen-ours/*.rs | wc -l) lines, theirs $(wc -l <"$work/gen-theirs.rs") lines"
}

if want builds; then builds; fi
if want generation; then generation; fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
