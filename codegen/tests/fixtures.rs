//! The whole output of every fixture under `tests/fixtures/` (found by listing the folder:
//! a new fixture is one file, there is no list to keep), generated with default settings:
//!
//! - snapshotted, file by file, as `tests/snapshots/fixtures/<fixture>/<file>.rs`, compared
//!   with `expectorate`; `EXPECTORATE=overwrite cargo test -p twilio-openapi-codegen --test
//!   fixtures` blesses (writes what changed, and removes the snapshots of a fixture or file
//!   that is gone);
//! - compiled: one scratch crate under the target directory holds every fixture's bindings,
//!   each in a module of its own, and one `cargo check --offline` checks them against the
//!   runtime (by path), warnings denied. It uses `<target>/full-spec` as its target
//!   directory, which `scripts/check-full-spec.sh` and `scripts/check-all-specs.sh` share,
//!   so that the runtime's dependencies are compiled once for all three.

#[allow(dead_code)] // file, assert_contains: the other test files use them.
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use twilio_openapi_codegen::{File, generate};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn snapshots() -> PathBuf {
    manifest_dir().join("tests/snapshots/fixtures")
}

fn blessing() -> bool {
    std::env::var("EXPECTORATE").is_ok_and(|v| v == "overwrite")
}

/// Each fixture's stem (`all_of`) and generated files, in name order.
fn outputs() -> Vec<(String, Vec<File>)> {
    let dir = manifest_dir().join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 8, "only {names:?} under tests/fixtures");
    names
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(&name))
                .unwrap_or_else(|e| panic!("cannot read tests/fixtures/{name}: {e}"));
            let files = generate(&text, &name).unwrap_or_else(|e| panic!("{name} generates:\n{e}"));
            let stem = name.rsplit_once('.').map_or(&*name, |(stem, _)| stem);
            (stem.to_owned(), files)
        })
        .collect()
}

/// The names of the entries of `dir` (none when it does not exist), in order.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

/// Snapshots no fixture generates: removed when blessing, a failure otherwise.
fn extra_snapshots(kept: &[String], dir: &Path) -> Vec<String> {
    let mut extra = Vec::new();
    for name in entries(dir) {
        if kept.contains(&name) {
            continue;
        }
        let path = dir.join(&name);
        if blessing() {
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
            eprintln!("removed {}", path.display());
        } else {
            extra.push(path.display().to_string());
        }
    }
    extra
}

#[test]
fn every_fixture_output_matches_its_snapshot() {
    let outputs = outputs();
    let mut checks = Vec::new();
    let mut extra = Vec::new();
    for (stem, files) in &outputs {
        let dir = snapshots().join(stem);
        if blessing() {
            std::fs::create_dir_all(&dir).expect("create the fixture's snapshot folder");
        }
        for file in files {
            checks.push((dir.join(&file.name), file.content.clone()));
        }
        let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
        extra.extend(extra_snapshots(&names, &dir));
    }
    common::assert_all_contents(checks);
    let stems: Vec<String> = outputs.iter().map(|(stem, _)| stem.clone()).collect();
    extra.extend(extra_snapshots(&stems, &snapshots()));
    assert!(
        extra.is_empty(),
        "no fixture generates these snapshots; remove them, or bless with \
         EXPECTORATE=overwrite:\n{}",
        extra.join("\n")
    );
}

/// Writes `content` to `path` unless it is there already (so that a second run finds the
/// scratch crate unchanged and `cargo check` has nothing to do).
fn write_if_changed(path: &Path, content: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("create folder");
    std::fs::write(path, content).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

#[test]
fn every_fixture_output_compiles() {
    let runtime = manifest_dir().join("../runtime");
    if !runtime.join("Cargo.toml").exists() {
        eprintln!("skipped: no runtime crate at {}", runtime.display());
        return;
    }
    let runtime = runtime.canonicalize().expect("the runtime's path");
    // CARGO_TARGET_TMPDIR is `<target>/tmp`.
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let krate = tmp.join("fixture-bindings");
    let target = tmp.parent().unwrap_or(tmp).join("full-spec");
    write_if_changed(
        &krate.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"fixture-bindings\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[workspace]\n\n[dependencies]\n\
             twilio-openapi-runtime = {{ path = {:?} }}\n",
            runtime.display().to_string()
        ),
    );
    // The workspace's lock file, so that the crate builds with the same versions.
    let lock = std::fs::read_to_string(manifest_dir().join("../Cargo.lock"))
        .expect("the workspace's Cargo.lock");
    write_if_changed(&krate.join("Cargo.lock"), &lock);
    let mut lib =
        String::from("//! Every fixture's bindings, each in its own module.\n#![deny(warnings)]\n");
    for (stem, files) in outputs() {
        for file in &files {
            write_if_changed(
                &krate.join("src").join(&stem).join(&file.name),
                &file.content,
            );
        }
        let module = stem.replace(['-', '.'], "_");
        lib.push_str(&format!(
            "pub mod {module} {{\n    include!(\"{stem}/bindings.rs\");\n}}\n"
        ));
    }
    write_if_changed(&krate.join("src/lib.rs"), &lib);

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = match Command::new(&cargo)
        .args(["check", "--offline", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("skipped: cannot run {}: {e}", cargo.to_string_lossy());
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success()
        && stderr.contains("--offline")
        && !stderr.contains("could not compile")
    {
        eprintln!("skipped: cargo cannot check the fixtures' bindings offline:\n{stderr}");
        return;
    }
    assert!(
        out.status.success(),
        "the fixtures' bindings (in {}) do not compile:\n{stderr}",
        krate.display()
    );
}
