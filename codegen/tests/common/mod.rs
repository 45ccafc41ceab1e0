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
