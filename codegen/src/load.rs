//! Loading: spec text into the typed OpenAPI document and the raw tree, held to OpenAPI
//! 3.0's rules (see `lint`).

use crate::error::{Diagnostic, Error};
use crate::raw::in_document_order;
use crate::{lint, raw};

/// Parses spec text and checks that it is OpenAPI 3.0 and follows its rules.
///
/// JSON is read as JSON (with `serde_json`, which takes every escape JSON allows, such as
/// the surrogate pairs `"\ud83d\ude00"` of an emoji, which the YAML reader refuses) and
/// YAML as YAML; see [`is_json`] for how the two are told apart. Both give the same raw
/// tree, so messages carry the same JSON pointers whichever the spec is written in.
///
/// Returns the typed document and the raw tree (kept for the few keywords that the
/// typed form drops).
pub fn load(text: &str, file: &str) -> Result<(openapiv3::OpenAPI, serde_yaml::Value), Error> {
    let raw = read_tree(text, file)?;
    // Everything below walks or deserializes the tree recursively.
    if let Some(d) = raw::too_deep(&raw) {
        return Err(Error {
            file: file.to_owned(),
            diagnostics: vec![d],
        });
    }
    if !raw.is_mapping() {
        return Err(Error::one(
            file,
            "",
            "the document is not an object; an OpenAPI document is a mapping that starts \
             with `openapi: 3.0.3`",
        ));
    }
    check_version(&raw, file)?;
    let diagnostics = raw::non_finite_numbers(&raw);
    if !diagnostics.is_empty() {
        return Err(in_document_order(file, &raw, diagnostics));
    }
    let doc = typed(&raw, file)?;
    Ok((doc, raw))
}

/// Reads spec text into its raw tree, as JSON or as YAML (see [`is_json`]).
fn read_tree(text: &str, file: &str) -> Result<serde_yaml::Value, Error> {
    // A byte-order mark is no part of the document (and `serde_json` refuses it).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_json(text, file) {
        match read_json(text) {
            Ok(raw) => Ok(raw),
            // A YAML document may be one flow mapping (`{openapi: 3.0.3, …}`), which is
            // not JSON: when the name does not say JSON, YAML gets its chance.
            Err(json) if !named_json(file) => read_yaml(text).map_err(|_| json),
            Err(json) => Err(json),
        }
    } else {
        read_yaml(text)
    }
    .map_err(|message| Error::one(file, "", message))
}

/// Checks that the document says it is OpenAPI 3.0 (`openapi: 3.0.x`).
fn check_version(raw: &serde_yaml::Value, file: &str) -> Result<(), Error> {
    let (pointer, message) = match raw.get("openapi") {
        Some(serde_yaml::Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => {
            return Ok(());
        }
        Some(serde_yaml::Value::String(v)) => (
            "/openapi",
            format!(
                "OpenAPI version {v} is not supported; this generator reads OpenAPI 3.0.x \
                 (convert the document to 3.0 first)"
            ),
        ),
        Some(serde_yaml::Value::Number(n)) => (
            "/openapi",
            format!(
                "`openapi: {n}` is read as a number; write the version as a string, such \
                 as `openapi: 3.0.3` or `openapi: '3.0'`"
            ),
        ),
        Some(_) => (
            "/openapi",
            "`openapi` must be a version string such as \"3.0.3\"".to_owned(),
        ),
        None if raw.get("swagger").is_some() => (
            "/swagger",
            "this is a Swagger 2.0 document; convert it to OpenAPI 3.0 first (for \
             instance with swagger2openapi)"
                .to_owned(),
        ),
        None => (
            "",
            "no `openapi` version field; an OpenAPI 3.0 document starts with \
             `openapi: 3.0.3`"
                .to_owned(),
        ),
    };
    Err(Error::one(file, pointer, message))
}

/// The typed document, once the tree follows OpenAPI's rules (see `lint`) and the typed
/// model can read it; else what breaks the rules and what the model cannot read, together.
fn typed(raw: &serde_yaml::Value, file: &str) -> Result<openapiv3::OpenAPI, Error> {
    // The typed model reports a value of the wrong type (such as an enum value) at the
    // object that holds it, so a typed failure at or above a place the linter explains is
    // that same problem.
    let lints = lint::lint(raw);
    let mut diagnostics = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(raw) {
        Ok(doc) if lints.is_empty() => return Ok(doc),
        Ok(_) => Vec::new(),
        Err(e) => {
            let mut diagnostics = raw::locate(raw);
            if diagnostics.is_empty() {
                diagnostics.push(Diagnostic {
                    pointer: raw::path_pointer(e.path()).to_string(),
                    message: format!("not a valid OpenAPI 3.0 document here: {}", e.inner()),
                });
            }
            diagnostics
        }
    };
    let covers = |typed: &str, lint: &str| typed == lint || lint.starts_with(&format!("{typed}/"));
    diagnostics.retain(|d| !lints.iter().any(|l| covers(&d.pointer, &l.pointer)));
    diagnostics.extend(lints);
    Err(in_document_order(file, raw, diagnostics))
}

/// Whether spec text is read as JSON: its file name ends with `.json`, or its first
/// character other than white space is `{` (a JSON document is an object). Everything
/// else is read as YAML.
pub fn is_json(text: &str, file: &str) -> bool {
    named_json(file) || text.trim_start().starts_with('{')
}

/// Whether a file name ends with `.json`, in any case.
fn named_json(file: &str) -> bool {
    file.len() >= 5
        && file
            .get(file.len() - 5..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".json"))
}

/// Reads JSON text into the same tree the YAML reader builds (mappings keep their order;
/// a repeated key is an error), or says why it is not JSON, with its line and column.
fn read_json(text: &str) -> Result<serde_yaml::Value, String> {
    serde_json::from_str(text).map_err(|e| {
        // serde_json repeats the location at the end of its message.
        let text = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let text = text.strip_suffix(&suffix).unwrap_or(&text);
        format!(
            "not valid JSON: line {}, column {}: {text}",
            e.line(),
            e.column()
        )
    })
}

/// Reads YAML text into its tree, or says why it is not YAML, with its line and column.
fn read_yaml(text: &str) -> Result<serde_yaml::Value, String> {
    serde_yaml::from_str(text).map_err(|e| {
        let message = match e.location() {
            Some(l) => {
                // serde_yaml repeats the location at the end of its message.
                let text = e.to_string();
                let suffix = format!(" at line {} column {}", l.line(), l.column());
                let text = text.replacen(&suffix, "", 1);
                format!("line {}, column {}: {text}", l.line(), l.column())
            }
            None => e.to_string(),
        };
        format!("not valid YAML: {message}")
    })
}
