//! The checked-in copy under `generated/` must equal what `build.rs` produced for this
//! build. The files are compared with `expectorate`, as every snapshot of the workspace is:
//! on a difference the test fails with a diff of each stale file, and
//! `EXPECTORATE=overwrite cargo test --lib snapshot` blesses it (rewrites the files whose
//! content changed; `EXPECTORATE=overwrite cargo test --workspace` blesses every snapshot).
//!
//! The failure output starts with what the spec change means for users of the crate: the
//! changes (as `twilio-openapi-codegen diff` prints them, with this crate's generator
//! settings) from the spec `generated/` was generated from to the spec on disk. That spec is
//! found by the sha256 that `generated/bindings.rs` records, among the versions of the spec
//! in git's history, so the summary is the same before the spec change is committed and
//! after (in a pull request, where `HEAD` already has it).
//!
//! This is a unit test of the library, not an integration test under `tests/`, on purpose:
//! cargo runs a package's unit tests before its integration tests and stops at the first
//! binary that fails, so after a spec edit this diff is the first failure shown.

use std::path::Path;
use std::process::Command;

include!("generator_settings.rs");

const FILES: &[&str] = &["bindings.rs", "types.rs", "requests.rs", "client.rs"];
const SPEC: &str = "spec/verify_v2_challenges.yaml";

/// The spec change since the spec that `generated/` (under `root`) was generated from, in
/// API terms; when that spec cannot be found, one line saying why.
fn summary(root: &Path) -> String {
    let new = match std::fs::read_to_string(root.join(SPEC)) {
        Ok(t) => t,
        Err(e) => return format!("No summary of the spec change: cannot read {SPEC}: {e}\n"),
    };
    let (old, whence) = match generated_from(root) {
        Ok(found) => found,
        Err(why) => return format!("No summary of the spec change: {why}\n"),
    };
    let settings = generator_settings();
    match twilio_openapi_codegen::diff::diff_with(&old, &whence, &new, SPEC, &settings) {
        Ok(changes) if changes.is_empty() => format!(
            "{SPEC} says the same in API terms as {whence}, which generated/ was generated \
             from, so the generator's output changed\n"
        ),
        Ok(changes) => {
            let mut text = format!("{SPEC} since {whence} (what generated/ was generated from):\n");
            for c in &changes {
                text.push_str(&format!("  {c}\n"));
            }
            text
        }
        Err(e) => format!("No summary of the spec change: {e}\n"),
    }
}

/// The text of the spec that `generated/` was generated from and where it was found
/// (`HEAD:spec/…`, `<commit>:spec/…`, or the spec on disk): the version of the spec, on disk
/// or in git's history, whose sha256 the header of `generated/bindings.rs` records.
fn generated_from(root: &Path) -> Result<(String, String), String> {
    let bindings = root.join("generated/bindings.rs");
    let header = std::fs::read_to_string(&bindings)
        .map_err(|e| format!("cannot read {}: {e}", bindings.display()))?;
    let recorded = header
        .lines()
        .find_map(|l| l.strip_prefix("// spec sha256: "))
        .ok_or("generated/bindings.rs records no spec sha256")?
        .trim()
        .to_owned();
    if let Ok(text) = std::fs::read_to_string(root.join(SPEC)) {
        if twilio_openapi_codegen::spec_digest(&text) == recorded {
            return Ok((text, SPEC.to_owned()));
        }
    }
    let commits = git(root, &["log", "--format=%H", "--", SPEC])?;
    for (i, commit) in commits.lines().enumerate() {
        let at = format!("{commit}:{SPEC}");
        let Ok(text) = git(root, &["show", &at]) else {
            continue;
        };
        if twilio_openapi_codegen::spec_digest(&text) == recorded {
            let name = if i == 0 {
                format!("HEAD:{SPEC}")
            } else {
                format!("{}:{SPEC}", &commit[..commit.len().min(12)])
            };
            return Ok((text, name));
        }
    }
    Err(format!(
        "no version of {SPEC} on disk or in git's history has the sha256 that \
         generated/bindings.rs records ({recorded})"
    ))
}

/// What a git command prints, run in `root`.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("git is not available ({e})"))?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        let why = why.lines().next().unwrap_or("no message").trim().to_owned();
        return Err(format!("`git {}` failed ({why})", args.join(" ")));
    }
    String::from_utf8(out.stdout)
        .map_err(|e| format!("`git {}` printed no UTF-8: {e}", args.join(" ")))
}

fn blessing() -> bool {
    std::env::var("EXPECTORATE").is_ok_and(|v| v == "overwrite")
}

#[test]
fn generated_code_matches_the_checked_in_copy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = Path::new(env!("OUT_DIR"));
    let checked_in = root.join("generated");
    let mut stale = Vec::new();
    for name in FILES {
        let fresh = std::fs::read_to_string(built.join(name)).expect("build.rs wrote this file");
        let path = checked_in.join(name);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == fresh) {
            continue;
        }
        stale.push((name, path, fresh));
    }
    if stale.is_empty() {
        return;
    }
    if blessing() {
        std::fs::create_dir_all(&checked_in).expect("create generated/");
    } else {
        // What the change means comes first, before expectorate's diff of each file.
        eprintln!(
            "{}\ngenerated/ is stale; review the diffs below and bless them with \
             `EXPECTORATE=overwrite cargo test --lib snapshot`:\n",
            summary(root)
        );
    }
    for (name, path, fresh) in &stale {
        if !blessing() {
            println!("generated/{name}:");
        }
        // Shows the diff, or writes the file when blessing; judged below, byte for byte.
        let _ = std::panic::catch_unwind(|| expectorate::assert_contents(path, fresh));
    }
    let mut differ = Vec::new();
    for (name, path, fresh) in &stale {
        if std::fs::read_to_string(path).is_ok_and(|now| now == *fresh) {
            eprintln!("updated generated/{name}");
        } else {
            differ.push(format!("generated/{name}"));
        }
    }
    assert!(
        differ.is_empty(),
        "generated/ is stale ({}): the summary of the spec change and the diffs are above; \
         bless with `EXPECTORATE=overwrite cargo test --lib snapshot`",
        differ.join(", ")
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

/// A scratch git repository with this crate's spec and a `generated/bindings.rs` made from
/// it, committed; removed when dropped.
struct ScratchRepo(std::path::PathBuf);

impl ScratchRepo {
    /// `None` (after saying so) when git cannot run here.
    fn new() -> Option<Self> {
        let dir = std::env::temp_dir().join(format!("snapshot-summary-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("spec")).expect("create the scratch repository");
        std::fs::create_dir_all(dir.join("generated")).expect("create generated/");
        let repo = ScratchRepo(dir);
        if let Err(why) = repo.git(&["init", "-q"]) {
            eprintln!("skipped: {why}");
            return None;
        }
        let spec = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SPEC))
            .expect("the spec is readable");
        repo.write_spec(&spec);
        let bindings = format!(
            "// spec sha256: {}\n",
            twilio_openapi_codegen::spec_digest(&spec)
        );
        std::fs::write(repo.0.join("generated/bindings.rs"), bindings).expect("write");
        repo.commit("generated from the spec");
        Some(repo)
    }

    fn git(&self, args: &[&str]) -> Result<String, String> {
        let mut all = vec!["-c", "user.name=t", "-c", "user.email=t@example.com"];
        all.extend(args);
        git(&self.0, &all)
    }

    fn spec(&self) -> String {
        std::fs::read_to_string(self.0.join(SPEC)).expect("read the spec")
    }

    fn write_spec(&self, text: &str) {
        std::fs::write(self.0.join(SPEC), text).expect("write the spec");
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]).expect("git add");
        self.git(&["commit", "-q", "-m", message])
            .expect("git commit");
    }
}

impl Drop for ScratchRepo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_summary_compares_with_the_spec_generated_was_made_from_committed_or_not() {
    let Some(repo) = ScratchRepo::new() else {
        return;
    };
    assert!(
        summary(&repo.0).contains("says the same in API terms as spec/verify_v2_challenges.yaml"),
        "{}",
        summary(&repo.0)
    );
    let edited = repo
        .spec()
        .replacen("- denied\n", "- denied\n      - canceled\n", 1);
    assert_ne!(edited, repo.spec(), "the spec lists the status `denied`");
    repo.write_spec(&edited);
    let line = "compatible: ChallengeStatus gains variant Canceled (`canceled`)";
    // Before the spec change is committed: generated/ was made from HEAD's spec.
    let before = summary(&repo.0);
    assert!(
        before.starts_with(&format!("{SPEC} since HEAD:{SPEC}")),
        "{before}"
    );
    assert!(before.contains(line), "{before}");
    // After (a pull request with a stale generated/): from the commit before HEAD.
    repo.commit("the spec gains a status");
    let after = summary(&repo.0);
    assert!(!after.contains("since HEAD:"), "{after}");
    assert!(after.contains(line), "{after}");
    // A generated/ made from no spec in the history says so.
    std::fs::write(repo.0.join("generated/bindings.rs"), "// spec sha256: 00\n").expect("write");
    assert!(
        summary(&repo.0).contains("no version of spec/verify_v2_challenges.yaml"),
        "{}",
        summary(&repo.0)
    );
}
