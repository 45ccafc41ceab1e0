//! `twilio-openapi-codegen` turns a Twilio OpenAPI 3.0 spec into typed Rust bindings.
//!
//! The pipeline has three stages, each testable alone:
//!
//! 1. [`load`] parses the YAML (or JSON) text and checks the OpenAPI version;
//! 2. [`lower`](lower::lower) builds the intermediate model in [`ir`], deciding every
//!    name and collecting every problem with a JSON pointer to it;
//! 3. [`emit`] turns the model into token streams with `quote!`, parses them with
//!    `syn` and prints them with `prettyplease`.
//!
//! [`generate`] runs all three and returns the files as strings, touching no disk.
//! [`Config`] is the `build.rs` front end: it reads the spec, writes the files into
//! `OUT_DIR` (only those whose content changed) and tells Cargo when to run again.
//!
//! ```no_run
//! // in build.rs, inside `fn main`:
//! if let Err(e) = twilio_openapi_codegen::Config::new("spec/api.yaml").compile() {
//!     eprintln!("{e}");
//!     std::process::exit(1);
//! }
//! ```

#![warn(missing_docs)]

pub mod emit;
pub mod error;
pub mod ir;
pub mod lower;
pub mod names;
mod raw;

pub use error::{Diagnostic, Error};

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// File name, e.g. `types.rs`.
    pub name: String,
    /// Complete file content.
    pub content: String,
}

/// Parses spec text and checks that it is OpenAPI 3.0.
///
/// Returns the typed document and the raw YAML tree (kept for the few keywords that the
/// typed form drops).
pub fn load(text: &str, file: &str) -> Result<(openapiv3::OpenAPI, serde_yaml::Value), Error> {
    let raw: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
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
        Error::one(file, "", format!("not valid YAML or JSON: {message}"))
    })?;
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
    match raw.get("openapi") {
        Some(serde_yaml::Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => {}
        Some(serde_yaml::Value::String(v)) => {
            return Err(Error::one(
                file,
                "/openapi",
                format!(
                    "OpenAPI version {v} is not supported; this generator reads OpenAPI 3.0.x \
                     (convert the document to 3.0 first)"
                ),
            ));
        }
        Some(serde_yaml::Value::Number(n)) => {
            return Err(Error::one(
                file,
                "/openapi",
                format!(
                    "`openapi: {n}` is read as a number; write the version as a string, such \
                     as `openapi: 3.0.3` or `openapi: '3.0'`"
                ),
            ));
        }
        Some(_) => {
            return Err(Error::one(
                file,
                "/openapi",
                "`openapi` must be a version string such as \"3.0.3\"",
            ));
        }
        None if raw.get("swagger").is_some() => {
            return Err(Error::one(
                file,
                "/swagger",
                "this is a Swagger 2.0 document; convert it to OpenAPI 3.0 first (for \
                 instance with swagger2openapi)",
            ));
        }
        None => {
            return Err(Error::one(
                file,
                "",
                "no `openapi` version field; an OpenAPI 3.0 document starts with \
                 `openapi: 3.0.3`",
            ));
        }
    }
    let mut diagnostics = raw::non_finite_numbers(&raw);
    if !diagnostics.is_empty() {
        raw::document_order(&raw, &mut diagnostics);
        return Err(Error {
            file: file.to_owned(),
            diagnostics,
        });
    }
    let doc: openapiv3::OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|e| {
        let mut diagnostics = raw::locate(&raw);
        if diagnostics.is_empty() {
            diagnostics.push(Diagnostic {
                pointer: raw::path_pointer(e.path()).to_string(),
                message: format!("not a valid OpenAPI 3.0 document here: {}", e.inner()),
            });
        }
        Error {
            file: file.to_owned(),
            diagnostics,
        }
    })?;
    Ok((doc, raw))
}

/// Runs the whole pipeline on spec text. `file` names the spec in messages and in the
/// header of every generated file.
pub fn generate(text: &str, file: &str) -> Result<Vec<File>, Error> {
    let (doc, raw) = load(text, file)?;
    let api = lower::lower(file, &doc, &raw)?;
    let digest = Sha256::digest(text.as_bytes());
    let sha: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    emit::files(&api, file, &sha).map_err(|message| Error::one(file, "", message))
}

/// `build.rs` front end, in the manner of `prost_build::Config`.
#[derive(Debug, Clone)]
pub struct Config {
    spec: PathBuf,
    out_dir: Option<PathBuf>,
    display_name: Option<String>,
}

impl Config {
    /// Generates from the spec at this path (relative to the crate root in `build.rs`).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Config {
            spec: spec.into(),
            out_dir: None,
            display_name: None,
        }
    }

    /// Writes into this directory instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Names the spec this way in messages and headers (default: the path as given).
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        self.display_name = Some(name.into());
        self
    }

    /// Reads the spec, generates, writes changed files and prints
    /// `cargo:rerun-if-changed` for the spec. Returns the paths written or kept.
    pub fn compile(self) -> Result<Vec<PathBuf>, Error> {
        let name = self
            .display_name
            .clone()
            .unwrap_or_else(|| self.spec.display().to_string());
        println!("cargo:rerun-if-changed={}", self.spec.display());
        let text = std::fs::read_to_string(&self.spec)
            .map_err(|e| Error::one(&name, "", format!("cannot read the spec: {e}")))?;
        let files = generate(&text, &name)?;
        let out = match self.out_dir {
            Some(d) => d,
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::one(
                        &name,
                        "",
                        "OUT_DIR is not set: call this from build.rs or set an output directory",
                    )
                })?,
        };
        write_files(&out, &files).map_err(|e| {
            Error::one(
                &name,
                "",
                format!("cannot write into {}: {e}", out.display()),
            )
        })
    }
}

/// Writes files into a directory, leaving alone those whose content is already the same.
pub fn write_files(dir: &Path, files: &[File]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut paths = Vec::new();
    for f in files {
        let path = dir.join(&f.name);
        if std::fs::read(&path).ok().as_deref() != Some(f.content.as_bytes()) {
            std::fs::write(&path, &f.content)?;
        }
        paths.push(path);
    }
    Ok(paths)
}
