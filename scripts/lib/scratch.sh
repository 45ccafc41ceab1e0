# Shared by the scripts that build scratch crates from generated bindings
# (check-all-specs.sh, check-wire.sh): sourced, not run.

# Builds the generator's command line. Sets `cli` (its path) and `target_dir` (the
# workspace's target directory) as Cargo reports them (`--message-format=json`, `cargo
# metadata`): nothing assumes `target/`, whatever CARGO_TARGET_DIR or a config file says.
# Exits 2 when Cargo names no binary.
build_cli() {
    local repo="$1"
    cli=$(cargo build -q --manifest-path "$repo/Cargo.toml" -p twilio-openapi-codegen --features cli \
        --message-format=json |
        sed -n 's/.*"executable":"\([^"]*twilio-openapi-codegen[^"]*\)".*/\1/p' | tail -n 1)
    if [[ -z "$cli" || ! -x "$cli" ]]; then
        echo "FAILED: cargo named no twilio-openapi-codegen binary"
        exit 2
    fi
    target_dir=$(cargo metadata --manifest-path "$repo/Cargo.toml" --format-version 1 --no-deps |
        sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
}

# Writes DIR/Cargo.toml: a crate NAME that depends on the runtime of REPO (by path) and on
# the dependencies in EXTRA (Cargo.toml lines), if any.
scratch_manifest() {
    local dir="$1" name="$2" repo="$3" extra="${4:-}"
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "$name"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
twilio-openapi-runtime = { path = "$repo/runtime" }
$extra
TOML
}

# Writes WORK/Cargo.toml: one workspace of the crates named after WORK, so that Cargo builds
# them in parallel and the runtime and its dependencies once.
scratch_workspace() {
    local work="$1"
    shift
    {
        echo "[workspace]"
        echo "resolver = \"3\""
        printf 'members = ['
        for crate in "$@"; do printf '"%s", ' "$crate"; done
        printf ']\n'
    } > "$work/Cargo.toml"
}
