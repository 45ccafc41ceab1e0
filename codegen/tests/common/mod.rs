//! Helpers shared by the generator's tests.

use twilio_openapi_codegen::File;

/// The content of the generated file `name`.
pub fn file<'f>(files: &'f [File], name: &str) -> &'f str {
    &files
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .content
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
