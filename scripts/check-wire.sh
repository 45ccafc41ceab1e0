#!/usr/bin/env bash
# The wire sweep: for each spec, bindings generated with samples (`--samples`: one sample
# request per operation, from the spec's examples and constraints) are built into a
# scratch crate outside the repository, the spec is served by Prism (the pinned set-up in
# contract/, `npm ci --prefix contract`) in its validating mock mode, and every sample is
# sent through the generated client; its answer (Prism's mock of the spec's answer) must
# decode. One line per spec:
#
#   SPEC: N operations, A accepted, D answers decoded (S s)
#
# then one line per failure: the operation, its route and what went wrong; for a request
# Prism refused, each of its violations (where in the request, and what is wrong).
#
# A failure is a defect of the generator or the runtime, to fix, unless Prism itself is
# wrong: such a case goes on KNOWN below with its evidence (and the README names it).
#
# Exit status: 0 when every operation passed or is a known case; 1 when one failed and is
# not known (or a known case now passes: remove it); 2 when a spec could not be built or
# served (or Prism is not installed).
#
# Usage: scripts/check-wire.sh [SPEC...]   With no argument: every spec in
#        ../shared/specs/twilio-oai/ (or $TWILIO_OAI_SPECS) and ../shared/specs/twilio_verify_v2.yaml.
#        $WIRE_TARGET_DIR chooses the scratch crates' target directory (default
#        <target>/full-spec, shared with scripts/check-full-spec.sh and check-all-specs.sh).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$repo/../shared/specs"

# Requests Prism cannot judge, with their evidence: Prism's own defects, and places where
# the spec does not say what Twilio takes or answers (Prism follows the spec). A failure is a
# known case when each thing wrong in it (each violation Prism lists for a refused request,
# or the error) matches one of these extended regular expressions. Anything else is a defect
# of the generator or the runtime, to fix. (Prism 5.14.2, the version contract/ pins.)
KNOWN=(
    # 1. Arrays in a form body. OpenAPI 3.0 sends an array property of an
    #    application/x-www-form-urlencoded body as repeated keys (style form, explode true, the
    #    default without an `encoding` entry): `Permission=a&Permission=b`, and one item as
    #    `Permission=a`. Prism splits no form value that has no `encoding` entry, and keeps only
    #    the last of repeated keys (stoplightio/prism#2473), so any array is a string to it.
    #    Spec (twilio_conversations_v1.json, CreateRole): `Permission: {type: array, items:
    #    {type: string}}`, required. Prism: "Request body property Permission must be array".
    'Request body property [^ ]+ must be array(,null)?$'
    # 2. Objects in a form body. Twilio takes an object property of a form body as JSON text
    #    (`Configuration={"a":1}`), which the client sends; the spec gives the property
    #    `type: object` and no `encoding` entry (by OpenAPI's defaults, the object's members as
    #    keys of their own), and Prism does not parse the text. Spec
    #    (twilio_video_v1.json, CreateRoomTranscriptions): `Configuration: {type: object}`.
    #    Prism: "Request body property Configuration must be object" (twilio_numbers_v1.json,
    #    CreateSenderIdRegistration: "Request body property data must be object", answered
    #    with the spec's 400).
    'Request body property [^ ]+ must be object$'
    # 3. Redirects without a target. The spec documents the answer as a 3xx with a JSON body
    #    and no `Location` header (twilio_messaging_v1.json, FetchDeactivation: `'307':
    #    {content: {application/json: ...}}`), so Prism's mock answer has none; RFC 9110
    #    (15.4) has a 302 or 307 carry one, and the client reads the redirect's target from it
    #    (Error::InvalidRedirect without). Prism: a 307 with no Location header.
    'the redirect \(HTTP 30[0-9]\) has no valid Location header: there is none$'
)
# How many failures each KNOWN entry matched.
declare -a known_hits
for i in "${!KNOWN[@]}"; do known_hits[$i]=0; done

prism="$repo/contract/node_modules/.bin/prism"
if [[ ! -x "$prism" ]]; then
    echo "Prism is not installed: run \`npm ci --prefix contract\` first"
    exit 2
fi

specs=("$@")
if [[ ${#specs[@]} -eq 0 ]]; then
    dir="${TWILIO_OAI_SPECS:-$shared/twilio-oai}"
    if [[ ! -d "$dir" ]]; then
        echo "skipped: no spec folder at $dir (set TWILIO_OAI_SPECS or name the specs)"
        exit 0
    fi
    shopt -s nullglob
    specs=("$dir"/*.json "$dir"/*.yaml)
    [[ -f "$shared/twilio_verify_v2.yaml" ]] && specs+=("$shared/twilio_verify_v2.yaml")
fi

start=$SECONDS
echo "== building the generator's command line"
# shellcheck source=lib/scratch.sh
source "$repo/scripts/lib/scratch.sh"
build_cli "$repo"
export CARGO_TARGET_DIR="${WIRE_TARGET_DIR:-$target_dir/full-spec}"

work="$(mktemp -d "${TMPDIR:-/tmp}/twilio-wire.XXXXXX")"
prism_pid=""
cleanup() {
    [[ -n "$prism_pid" ]] && kill "$prism_pid" 2> /dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
cp "$repo/Cargo.lock" "$work/Cargo.lock"

# The scratch crates: one binary per spec, all in one workspace so that the runtime and
# its dependencies build once.
declare -A crate_of generated
crates=()
for spec in "${specs[@]}"; do
    name="$(basename "$spec")"
    crate="wire_$(basename "${name%.*}" | tr 'A-Z.-' 'a-z__')"
    dir="$work/$crate"
    mkdir -p "$dir/src"
    crate_of[$name]="$crate"
    if ! "$cli" --samples --spec "$spec" --out "$dir/gen" --name "$name" > "$work/$crate.gen.log" 2>&1; then
        generated[$name]=no
        continue
    fi
    generated[$name]=yes
    crates+=("$crate")
    # tokio with the features scripts/check-full-spec.sh's crate has, with which it shares
    # the target directory: the runtime and its dependencies are compiled once for both.
    scratch_manifest "$dir" "$crate" "$repo" \
        'tokio = { version = "1", features = ["macros", "rt-multi-thread"] }'
    # The runner (scripts/lib/wire_runner.rs): sends every sample to the base URL given as its
    # argument and prints one tab-separated line per operation: verdict, operation, route,
    # detail.
    cp "$repo/scripts/lib/wire_runner.rs" "$dir/src/main.rs"
done

if [[ ${#crates[@]} -gt 0 ]]; then
    scratch_workspace "$work" "${crates[@]}"
    echo "== building ${#crates[@]} runners ($((SECONDS - start))s)"
    (cd "$work" && cargo build -q --workspace --keep-going > "$work/build.log" 2>&1) || true
fi

# A free loopback port.
free_port() {
    local port
    for port in $(seq 4100 4999); do
        if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

# The KNOWN entry each thing wrong in a failure's detail matches (its index, printed), or
# status 1 when one of them matches none.
known_case() {
    local detail="$1" piece i hit entries=()
    detail="${detail#HTTP [0-9][0-9][0-9]: }"
    while [[ -n "$detail" ]]; do
        piece="${detail%%; *}"
        [[ "$piece" == "$detail" ]] && detail="" || detail="${detail#*; }"
        hit=""
        for i in "${!KNOWN[@]}"; do
            if [[ "$piece" =~ ${KNOWN[$i]} ]]; then
                hit=$i
                break
            fi
        done
        [[ -z "$hit" ]] && return 1
        entries+=("$((hit + 1))")
    done
    printf '%s\n' "${entries[@]}" | sort -u | paste -sd, -
}

unbuilt=0 unknown=0
echo
for spec in "${specs[@]}"; do
    name="$(basename "$spec")"
    crate="${crate_of[$name]}"
    spec_start=$SECONDS
    if [[ "${generated[$name]}" != yes ]]; then
        echo "$name: not generated: $(head -n 1 "$work/$crate.gen.log")"
        unbuilt=$((unbuilt + 1))
        continue
    fi
    runner="$CARGO_TARGET_DIR/debug/$crate"
    if [[ ! -x "$runner" ]]; then
        echo "$name: the runner does not build: $(grep -m 3 '^error' "$work/build.log" | tr '\n' ' ')"
        unbuilt=$((unbuilt + 1))
        continue
    fi
    operations=$(grep -c 'SampleOutcome::' "$work/$crate/gen/samples.rs" || true)
    if [[ $operations -eq 0 ]]; then
        # Nothing to send (Prism refuses to serve a spec without operations).
        echo "$name: 0 operations, 0 accepted, 0 answers decoded"
        continue
    fi
    port="$(free_port)"
    "$prism" mock -h 127.0.0.1 -p "$port" "$spec" > "$work/$crate.prism.log" 2>&1 &
    prism_pid=$!
    served=false
    for _ in $(seq 1 240); do
        if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
            served=true
            break
        fi
        kill -0 "$prism_pid" 2> /dev/null || break
        sleep 0.5
    done
    if ! $served; then
        echo "$name: Prism could not serve it: $(tail -n 3 "$work/$crate.prism.log" | tr '\n' ' ')"
        unbuilt=$((unbuilt + 1))
        kill "$prism_pid" 2> /dev/null || true
        prism_pid=""
        continue
    fi
    "$runner" "http://127.0.0.1:$port" "$work/$crate.prism.log" > "$work/$crate.out" 2> "$work/$crate.err" || true
    kill "$prism_pid" 2> /dev/null || true
    wait "$prism_pid" 2> /dev/null || true
    prism_pid=""
    total=$(wc -l < "$work/$crate.out")
    decoded=$(grep -c '^decoded' "$work/$crate.out" || true)
    undecoded=$(grep -c '^undecoded' "$work/$crate.out" || true)
    if [[ $total -ne $operations ]]; then
        # A runner that stopped part way (or printed nothing) proves nothing of the rest.
        echo "$name: the runner reported $total of $operations operations: $(head -c 500 "$work/$crate.err")"
        unbuilt=$((unbuilt + 1))
        continue
    fi
    echo "$name: $total operations, $((decoded + undecoded)) accepted, $decoded answers decoded ($((SECONDS - spec_start))s)"
    while IFS=$'\t' read -r verdict op route detail; do
        [[ "$verdict" == decoded ]] && continue
        if entries="$(known_case "$detail")"; then
            for e in ${entries//,/ }; do known_hits[$((e - 1))]=$((known_hits[$((e - 1))] + 1)); done
            echo "  known ($entries) $op ($route): $verdict: $detail"
        else
            echo "  FAILED $op ($route): $verdict: $detail"
            unknown=$((unknown + 1))
        fi
    done < "$work/$crate.out"
done
echo
for i in "${!KNOWN[@]}"; do
    echo "known case $((i + 1)) matched ${known_hits[$i]} failures"
done
echo "${#specs[@]} specs: $unbuilt not built or served, $unknown unexpected failures; $((SECONDS - start))s"
if [[ $unbuilt -gt 0 ]]; then
    exit 2
elif [[ $unknown -gt 0 ]]; then
    exit 1
fi
