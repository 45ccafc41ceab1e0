//! `twilio-openapi-codegen` turns a Twilio OpenAPI 3.0 spec into typed Rust bindings.
//!
//! The pipeline has three stages, each testable alone:
//!
//! 1. [`load`] parses the YAML or JSON text, checks the OpenAPI version and holds the
//!    document to OpenAPI 3.0's rules, as a strict linter would (what no value can meet,
//!    a `$ref` to the wrong kind of component, and so on: the rules are listed in
//!    `codegen/src/lint.rs`);
//! 2. [`lower`](lower::lower) builds the intermediate model in [`ir`], deciding every
//!    name and collecting every problem with a JSON pointer to it;
//! 3. [`emit`] turns the model into token streams with `quote!`, parses them with
//!    `syn` and prints them with `prettyplease`.
//!
//! [`diff`](diff::diff) compares two specs in API terms (what changes for users of the
//! generated crate, and whether it is breaking).
//!
//! [`generate`] runs all three and returns the files as strings, touching no disk.
//! [`Config`] is the `build.rs` front end: it reads the spec, writes the files into
//! `OUT_DIR` (only those whose content changed) and tells Cargo when to run again.
//!
//! Generated code reaches its runtime, the crate `twilio-openapi-runtime`, through one
//! root path ([`Config::runtime_path`]), and names every other crate through that
//! runtime's re-exports: a crate that uses the bindings depends on the runtime alone.
//!
//! ```no_run
//! // in build.rs, inside `fn main`:
//! if let Err(e) = twilio_openapi_codegen::Config::new("spec/api.yaml").compile() {
//!     eprintln!("{e}");
//!     std::process::exit(1);
//! }
//! ```
//!
//! and in the crate's `src/lib.rs`, which then exposes `Client`, `ClientBuilder`,
//! `Credentials`, `Error`, the SID types and every request and response type:
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
//! ```

#![warn(missing_docs)]

pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
mod lint;
pub mod lower;
mod media;
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

/// An error of `file` with these diagnostics, sorted in the order of the places they
/// point at in the document.
pub(crate) fn in_document_order(
    file: &str,
    raw: &serde_yaml::Value,
    mut diagnostics: Vec<Diagnostic>,
) -> Error {
    raw::document_order(raw, &mut diagnostics);
    Error {
        file: file.to_owned(),
        diagnostics,
    }
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

/// Runs the whole pipeline on spec text with the default [`Settings`]. `file` names the
/// spec in messages and in the header of every generated file.
pub fn generate(text: &str, file: &str) -> Result<Vec<File>, Error> {
    generate_with(text, file, &Settings::default())
}

/// Runs the whole pipeline on spec text with these settings.
pub fn generate_with(text: &str, file: &str, settings: &Settings) -> Result<Vec<File>, Error> {
    let (_, api) = model(text, file, settings)?;
    emit::files(&api, file, &spec_digest(text), settings)
        .map_err(|message| Error::one(file, "", message))
}

/// The SHA-256 of spec text, in lower-case hex, as the header of the generated
/// `bindings.rs` records it (`// spec sha256: …`): a snapshot check finds with it the
/// version of the spec that a checked-in copy was generated from.
pub fn spec_digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Loads and lowers spec text and applies the settings' filter: the model that `generate`
/// prints and `diff` compares, with the raw tree it came from.
fn model(
    text: &str,
    file: &str,
    settings: &Settings,
) -> Result<(serde_yaml::Value, ir::Api), Error> {
    let (doc, raw) = load(text, file)?;
    let mut api = lower::lower(file, &doc, &raw)?;
    settings.apply(file, &mut api)?;
    Ok((raw, api))
}

/// How the bindings are generated: everything [`Config`] can set besides the files, in
/// the manner of progenitor's `GenerationSettings`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The runtime's root path in generated code (default `::twilio_openapi_runtime`).
    pub runtime_path: String,
    /// The name of the generated client type (default `Client`); its builder is this name
    /// followed by `Builder`.
    pub client_name: String,
    /// The product name and version at the start of the User-Agent; by default those of
    /// the crate that includes the bindings (`CARGO_PKG_NAME`, `CARGO_PKG_VERSION`).
    pub user_agent: Option<(String, String)>,
    /// The environment variable that overrides the base URL; by default derived from the
    /// spec's `servers[0]` (see [`names::base_url_env`]).
    pub base_url_env: Option<String>,
    /// Extra derives on every generated struct and enum, e.g. `Hash` or `serde::Serialize`
    /// paths of the including crate's choosing; one already derived is not repeated.
    pub derives: Vec<String>,
    /// Operations to generate, by `operationId`; with [`path_prefixes`](Self::path_prefixes)
    /// empty too, every operation. Types are generated whatever the filter.
    pub operation_ids: Vec<String>,
    /// Operations to generate, by path prefix (e.g. `/v2/Services/{ServiceSid}/Entities`).
    pub path_prefixes: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            runtime_path: "::twilio_openapi_runtime".to_owned(),
            client_name: "Client".to_owned(),
            user_agent: None,
            base_url_env: None,
            derives: Vec::new(),
            operation_ids: Vec::new(),
            path_prefixes: Vec::new(),
        }
    }
}

impl Settings {
    /// Checks the settings, applies the operation filter to the model and decides what
    /// depends on the operations kept and the client's name: the path-scoped handles.
    fn apply(&self, file: &str, api: &mut ir::Api) -> Result<(), Error> {
        let mut problems = Vec::new();
        if syn::parse_str::<syn::Path>(&self.runtime_path).is_err() {
            problems.push(format!(
                "runtime path `{}` is not a Rust path such as `::twilio_openapi_runtime`",
                self.runtime_path
            ));
        }
        let builder = format!("{}Builder", self.client_name);
        if syn::parse_str::<syn::Ident>(&self.client_name).is_err() {
            problems.push(format!(
                "client name `{}` is not a Rust identifier",
                self.client_name
            ));
        } else {
            let taken = api
                .types
                .iter()
                .map(ir::TypeDef::name)
                .chain(api.sids.iter().map(|s| s.name.as_str()))
                .chain(api.operations.iter().map(|o| o.request_name.as_str()))
                .find(|n| *n == self.client_name || *n == builder);
            if let Some(name) = taken {
                problems.push(format!(
                    "client name `{}` clashes with the generated type `{name}`; choose another \
                     with `client_name`",
                    self.client_name
                ));
            }
        }
        for d in &self.derives {
            if syn::parse_str::<syn::Path>(d).is_err() {
                problems.push(format!("derive `{d}` is not a Rust path such as `Hash`"));
            }
        }
        for id in &self.operation_ids {
            if !api.operations.iter().any(|o| &o.id == id) {
                problems.push(format!(
                    "operation filter names `{id}`, which the spec does not have"
                ));
            }
        }
        if !problems.is_empty() {
            return Err(Error {
                file: file.to_owned(),
                diagnostics: problems
                    .into_iter()
                    .map(|message| Diagnostic {
                        pointer: String::new(),
                        message: format!("generator settings: {message}"),
                    })
                    .collect(),
            });
        }
        if !self.operation_ids.is_empty() || !self.path_prefixes.is_empty() {
            api.operations.retain(|o| {
                self.operation_ids.contains(&o.id)
                    || self
                        .path_prefixes
                        .iter()
                        .any(|p| o.path.starts_with(p.as_str()))
            });
        }
        api.handles = lower::handles::decide(api, &self.client_name);
        Ok(())
    }
}

/// `build.rs` front end, in the manner of `prost_build::Config`.
#[derive(Debug, Clone)]
pub struct Config {
    spec: PathBuf,
    out_dir: Option<PathBuf>,
    display_name: Option<String>,
    settings: Settings,
}

impl Config {
    /// Generates from the spec at this path (relative to the crate root in `build.rs`).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Config {
            spec: spec.into(),
            out_dir: None,
            display_name: None,
            settings: Settings::default(),
        }
    }

    /// The path through which generated code reaches the runtime (default
    /// `::twilio_openapi_runtime`), e.g. `::my_crate::runtime` for a crate that re-exports
    /// it under another name.
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.settings.runtime_path = path.into();
        self
    }

    /// Names the generated client type (default `Client`; the builder is `{name}Builder`).
    pub fn client_name(mut self, name: impl Into<String>) -> Self {
        self.settings.client_name = name.into();
        self
    }

    /// The product name and version at the start of the User-Agent (default: the
    /// including crate's `CARGO_PKG_NAME` and `CARGO_PKG_VERSION`).
    pub fn user_agent(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.settings.user_agent = Some((name.into(), version.into()));
        self
    }

    /// The environment variable that overrides the base URL in `Client::from_env` (default:
    /// derived from `servers[0]`, e.g. `TWILIO_VERIFY_BASE_URL`).
    pub fn base_url_env(mut self, name: impl Into<String>) -> Self {
        self.settings.base_url_env = Some(name.into());
        self
    }

    /// Adds a derive to every generated struct and enum (e.g. `"Hash"`).
    pub fn derive(mut self, path: impl Into<String>) -> Self {
        self.settings.derives.push(path.into());
        self
    }

    /// Generates this operation (by `operationId`); once any filter is set, only the
    /// operations it names or whose path has a named prefix are generated.
    pub fn operation(mut self, id: impl Into<String>) -> Self {
        self.settings.operation_ids.push(id.into());
        self
    }

    /// Generates the operations whose path starts with this prefix (see [`operation`](Self::operation)).
    pub fn path_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.settings.path_prefixes.push(prefix.into());
        self
    }

    /// Every setting at once.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
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
    /// `cargo:rerun-if-changed` for the spec. Returns the paths written or kept:
    /// `bindings.rs`, which a crate includes, and the files it includes (`types.rs`,
    /// `requests.rs`, `client.rs`), kept apart for review.
    pub fn compile(self) -> Result<Vec<PathBuf>, Error> {
        let name = self
            .display_name
            .clone()
            .unwrap_or_else(|| self.spec.display().to_string());
        println!("cargo:rerun-if-changed={}", self.spec.display());
        let text = std::fs::read_to_string(&self.spec)
            .map_err(|e| Error::one(&name, "", format!("cannot read the spec: {e}")))?;
        let files = generate_with(&text, &name, &self.settings)?;
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
