//! The checked-in copy under `generated/` must equal what `build.rs` produced for this
//! build. On a difference the test fails with a unified diff; run
//! `UPDATE_GENERATED=1 cargo test --lib snapshot` (or `EXPECTORATE=overwrite`) to bless it.
//!
//! The failure message starts with what the spec change means for users of the crate: the
//! lines of `twilio-openapi-codegen diff` between the spec in git's `HEAD` and the spec on
//! disk (`breaking:`, `compatible:` or `docs:`, the Rust item and a pointer into the spec).
//!
//! This is a unit test of the library, not an integration test under `tests/`, on purpose:
//! cargo runs a package's unit tests before its integration tests and stops at the first
//! binary that fails, so after a spec edit this diff is the first failure shown.

use std::path::Path;
use std::process::Command;

const FILES: &[&str] = &["bindings.rs", "types.rs", "requests.rs", "client.rs"];
const SPEC: &str = "spec/verify_v2_challenges.yaml";

/// The spec change since `HEAD` in API terms, one line per change; when git or `HEAD` is not
/// there, one line saying so.
fn summary() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let new = match std::fs::read_to_string(root.join(SPEC)) {
        Ok(t) => t,
        Err(e) => return format!("No summary of the spec change: cannot read {SPEC}: {e}\n"),
    };
    let head = format!("HEAD:{SPEC}");
    let old = match Command::new("git")
        .args(["show", &head])
        .current_dir(root)
        .output()
    {
        Ok(out) if out.status.success() => match String::from_utf8(out.stdout) {
            Ok(t) => t,
            Err(e) => return format!("No summary of the spec change: {head} is not UTF-8: {e}\n"),
        },
        Ok(out) => {
            let why = String::from_utf8_lossy(&out.stderr);
            let why = why.lines().next().unwrap_or("no message").trim().to_owned();
            return format!("No summary of the spec change: `git show {head}` failed ({why})\n");
        }
        Err(e) => {
            return format!("No summary of the spec change: git is not available ({e})\n");
        }
    };
    match twilio_openapi_codegen::diff::diff(&old, &head, &new, SPEC) {
        Ok(changes) if changes.is_empty() => format!(
            "{SPEC} says the same as in HEAD (no change in API terms), so the generator's \
             output changed\n"
        ),
        Ok(changes) => {
            let mut text = format!("{SPEC} since HEAD, in API terms:\n");
            for c in &changes {
                text.push_str(&format!("  {c}\n"));
            }
            text
        }
        Err(e) => format!("No summary of the spec change: {e}\n"),
    }
}

fn blessing() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some_and(|v| !v.is_empty() && v != "0")
        || std::env::var("EXPECTORATE").is_ok_and(|v| v == "overwrite")
}

#[test]
fn generated_code_matches_the_checked_in_copy() {
    let built = Path::new(env!("OUT_DIR"));
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated");
    let mut stale = Vec::new();
    for name in FILES {
        let fresh = std::fs::read_to_string(built.join(name)).expect("build.rs wrote this file");
        let path = checked_in.join(name);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old == fresh {
            continue;
        }
        if blessing() {
            std::fs::create_dir_all(&checked_in).expect("create generated/");
            std::fs::write(&path, &fresh).expect("write generated file");
            eprintln!("updated generated/{name}");
            continue;
        }
        let label = format!("generated/{name}");
        let diff = similar::TextDiff::from_lines(&old, &fresh);
        stale.push(format!(
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&label, &format!("{label} (from the spec)"))
        ));
    }
    assert!(
        stale.is_empty(),
        "{}\ngenerated/ is stale; review the diff and bless it with `UPDATE_GENERATED=1 cargo test --lib snapshot`:\n\n{}",
        summary(),
        stale.join("\n")
    );
}

#[test]
fn every_generated_file_is_snapshotted() {
    let mut built: Vec<String> = std::fs::read_dir(env!("OUT_DIR"))
        .expect("OUT_DIR is readable")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".rs"))
        .collect();
    built.sort();
    let mut expected: Vec<String> = FILES.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(
        built, expected,
        "build.rs writes files the snapshot does not cover"
    );
}
