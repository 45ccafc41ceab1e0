//! Helpers shared by the generator's tests: the integration tests here (`mod common;`) and
//! the unit tests (`src/tests/mod.rs` includes this file).

use twilio_openapi_codegen::File;

/// The content of the generated file `name`.
pub fn file<'f>(files: &'f [File], name: &str) -> &'f str {
    &files
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .content
}

/// The text of `tests/fixtures/{name}`. Used by the tests of one fixture each, here and in
/// the unit tests (`src/tests/`).
#[allow(dead_code)]
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// `text` with the first `from` replaced by `to`; `from` must be in it. Used by the tests
/// that edit a fixture (`unions.rs`).
#[allow(dead_code)]
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the fixture has no {from:?}");
    text.replacen(from, to, 1)
}

/// The same document written as JSON (keys in the same order). Used by the tests of YAML
/// and JSON specs (`pipeline.rs`).
#[allow(dead_code)]
pub fn as_json(yaml: &str) -> String {
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).expect("YAML");
    serde_json::to_string_pretty(&value).expect("JSON")
}

/// Every one of `needles` is in `text`, the content of the generated file `name`.
pub fn assert_contains(name: &str, text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "{name} lacks {needle:?}:\n{text}");
    }
}

/// Compares each file with what it should now hold, as `expectorate::assert_contents` does
/// (`EXPECTORATE=overwrite` writes it instead), every one of them rather than up to the
/// first that differs: each difference is shown (expectorate prints its diff) and the panic
/// names them all. Used by the snapshot tests (`fixtures.rs`, `broken_specs.rs`).
#[allow(dead_code)]
pub fn assert_all_contents(checks: impl IntoIterator<Item = (std::path::PathBuf, String)>) {
    let mut differ = Vec::new();
    let mut total = 0;
    for (path, actual) in checks {
        total += 1;
        if std::panic::catch_unwind(|| expectorate::assert_contents(&path, &actual)).is_err() {
            differ.push(path.display().to_string());
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {total} files differ from what the tests now produce (diffs above); review \
         them, then bless with EXPECTORATE=overwrite:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
