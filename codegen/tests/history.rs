//! Twilio's history replayed: every published version of Verify v2's spec
//! (`../shared/specs/history/twilio_verify_v2.tar.xz`, 128 versions) through the generator
//! and `diff`, pair by consecutive pair.
//!
//! - Every version generates, but the four oldest, which have no `operationId` and are
//!   refused with the generator's message.
//! - A pair whose change only adds (by the rule `additive` below, written here and
//!   independent of `diff`'s code) gives no breaking line: adding an operation, a property
//!   or a component renames nothing and moves no argument.
//! - Every change to the arguments of a request's `new`, read from the generated code of
//!   both versions, is reported by `diff` (`X::new takes (…) (was (…))`, or, when only an
//!   argument's type is renamed, `X is renamed to Y`); release 1.32.0,
//!   which reordered the properties of two request bodies, changes no `new` at all.
//! - Every change points at a node (a non-empty JSON pointer), and `diff` prints the same
//!   lines on a second run (checked on every fourth pair).
//!
//! It needs `tar` with xz and the archive; without them it says that it skipped.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use twilio_openapi_codegen::diff::{Change, Kind, diff};
use twilio_openapi_codegen::generate;

const ARCHIVE: &str = "../../shared/specs/history/twilio_verify_v2.tar.xz";

/// One published version: its number, release and text.
struct Version {
    number: String,
    release: String,
    text: String,
}

/// The versions, oldest first, unpacked into a directory of their own; `None` (after
/// saying why) when the archive or `tar` is not there.
fn versions() -> Option<Vec<Version>> {
    let archive = Path::new(env!("CARGO_MANIFEST_DIR")).join(ARCHIVE);
    if !archive.exists() {
        eprintln!("skipped: {} is not there", archive.display());
        return None;
    }
    let dir = std::env::temp_dir().join(format!("verify-history-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    let status = std::process::Command::new("tar")
        .arg("-xJf")
        .arg(&archive)
        .arg("-C")
        .arg(&dir)
        .status();
    if !matches!(status, Ok(s) if s.success()) {
        eprintln!(
            "skipped: tar -xJf could not unpack {} ({status:?})",
            archive.display()
        );
        return None;
    }
    let root: PathBuf = dir.join("twilio_verify_v2");
    let index = std::fs::read_to_string(root.join("commits.tsv")).expect("commits.tsv");
    let versions = index
        .lines()
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let number = cols[0].to_owned();
            // `[2022-07-21] 1.32.0`: the release is the last word.
            let release = cols[3].rsplit(' ').next().unwrap_or_default().to_owned();
            let text = std::fs::read_to_string(root.join(format!("{number}.json")))
                .expect("every version listed is there");
            Version {
                number,
                release,
                text,
            }
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    Some(versions)
}

/// Keywords that only document (`version`: the spec's own, in `info`): any change to them
/// adds nothing and removes nothing.
const DOCS: &[&str] = &[
    "description",
    "summary",
    "example",
    "examples",
    "externalDocs",
    "version",
];

/// Whether `new` only adds to `old`: every node of `old` is in `new` with the same value
/// (documentation aside), and what `new` has besides is a new path, operation, component,
/// property, enum value or optional parameter, a response that is not a success, a
/// documentation keyword or an `x-` extension. A new required name, a constraint on an
/// existing schema or a changed value is not an addition.
fn additive(old: &Value, new: &Value, parent: &str) -> bool {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let names = matches!(
                parent,
                "paths" | "properties" | "schemas" | "securitySchemes" | "responses"
            );
            // Documentation and extensions (`x-twilio`'s class names and the like) aside.
            let aside = |k: &str| !names && (DOCS.contains(&k) || k.starts_with("x-"));
            let kept = a
                .iter()
                .all(|(k, v)| aside(k) || b.get(k).is_some_and(|w| additive(v, w, k)));
            let added = b.keys().filter(|k| !a.contains_key(*k)).all(|k| {
                if names {
                    // A new success response may change what an operation returns.
                    parent != "responses" || !k.starts_with('2')
                } else {
                    aside(k)
                }
            });
            kept && added
        }
        (Value::Array(a), Value::Array(b)) => match parent {
            "enum" => a.iter().all(|v| b.contains(v)),
            "required" => a.len() == b.len() && a.iter().all(|v| b.contains(v)),
            "parameters" => {
                let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
                a.iter().all(|p| {
                    b.iter()
                        .find(|q| key(q) == key(p))
                        .is_some_and(|q| additive(p, q, ""))
                }) && b
                    .iter()
                    .filter(|q| !a.iter().any(|p| key(p) == key(q)))
                    .all(|q| q.get("required") != Some(&Value::Bool(true)))
            }
            _ => a.len() == b.len() && a.iter().zip(b).all(|(v, w)| additive(v, w, "")),
        },
        _ => old == new,
    }
}

/// `Request` → the arguments of its `new`, read from the generated `constructor!` calls.
fn constructors(files: &[twilio_openapi_codegen::File]) -> BTreeMap<String, String> {
    let requests = &files
        .iter()
        .find(|f| f.name == "requests.rs")
        .expect("requests.rs")
        .content;
    let mut out = BTreeMap::new();
    for block in requests.split("\nimpl ").skip(1) {
        let Some((name, body)) = block.split_once(" {") else {
            continue;
        };
        let Some(start) = body.find("constructor!(") else {
            continue;
        };
        let call = body[start..].split(");").next().unwrap_or_default();
        // The required arguments: the first parenthesised list, however it is wrapped.
        let call: String = call.split_whitespace().collect::<Vec<_>>().join(" ");
        let required = call
            .strip_prefix("constructor!(")
            .and_then(|r| r.trim_start().strip_prefix('('))
            .and_then(|r| r.split(')').next())
            .unwrap_or_default();
        out.insert(name.trim().to_owned(), required.trim().to_owned());
    }
    out
}

/// Whether two argument lists (`name kind Type, …`) differ only in types that `diff`
/// reports as renamed (`type-renamed`, old name to new).
fn only_renamed(old: &str, new: &str, changes: &[Change]) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.split(", ").collect(), new.split(", ").collect());
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            let (x, y): (Vec<&str>, Vec<&str>) = (x.split(' ').collect(), y.split(' ').collect());
            x[..x.len() - 1] == y[..y.len() - 1]
                && (x.last() == y.last()
                    || changes.iter().any(|c| {
                        c.rule == "type-renamed"
                            && c.old.as_deref() == x.last().copied()
                            && c.new.as_deref() == y.last().copied()
                    }))
        })
}

#[test]
fn every_version_of_verify_v2_generates_and_every_pair_diffs_as_a_rust_user_would_judge() {
    let Some(versions) = versions() else {
        return;
    };
    assert_eq!(versions.len(), 128);
    let mut problems = Vec::new();
    let mut generated = Vec::new();
    for v in &versions {
        let name = format!("{}.json", v.number);
        match generate(&v.text, &name) {
            Ok(files) => generated.push(Some(constructors(&files))),
            Err(e) if v.number.as_str() < "004" => {
                assert!(e.to_string().contains("has no `operationId`"), "{e}");
                generated.push(None);
            }
            Err(e) => panic!("{name} does not generate: {e}"),
        }
    }
    let (mut additive_pairs, mut reordered) = (0, 0);
    for (i, pair) in versions.windows(2).enumerate() {
        let (old, new) = (&pair[0], &pair[1]);
        let (Some(before), Some(after)) = (&generated[i], &generated[i + 1]) else {
            continue;
        };
        let label = format!("{} -> {} ({})", old.number, new.number, new.release);
        let changes = diff(&old.text, &old.number, &new.text, &new.number)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        // Determinism, on every fourth pair (a run costs as much as the first).
        if i % 4 == 0 {
            let again = diff(&old.text, &old.number, &new.text, &new.number).expect("again");
            if again != changes {
                problems.push(format!("{label}: a second run prints other lines"));
            }
        }
        for c in changes.iter().filter(|c| c.pointer.is_empty()) {
            problems.push(format!("{label}: no pointer: {c}"));
        }
        let (a, b): (Value, Value) = (
            serde_json::from_str(&old.text).expect("JSON"),
            serde_json::from_str(&new.text).expect("JSON"),
        );
        if additive(&a, &b, "") {
            additive_pairs += 1;
            for c in changes.iter().filter(|c| c.kind == Kind::Breaking) {
                problems.push(format!("{label} only adds, yet: {c}"));
            }
        }
        for (request, args) in before {
            match after.get(request) {
                Some(now) if now != args => {
                    reordered += 1;
                    let item = format!("{request}::new");
                    let reported = changes
                        .iter()
                        .any(|c: &Change| c.item == item && c.rule == "new-arguments-changed")
                        || only_renamed(args, now, &changes);
                    if !reported {
                        problems.push(format!(
                            "{label}: {item} changes ({args} -> {now}) unreported"
                        ));
                    }
                }
                _ => {}
            }
        }
        if new.release == "1.32.0" && old.release != "1.32.0" {
            for request in ["CreateVerificationRequest", "CreateBucketRequest"] {
                assert_eq!(
                    before.get(request),
                    after.get(request),
                    "{label}: {request}"
                );
            }
        }
    }
    eprintln!(
        "{} pairs, {additive_pairs} only add; {reordered} changes to a `new`",
        versions.len() - 1
    );
    assert!(
        additive_pairs >= 50,
        "only {additive_pairs} pairs found to only add"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
