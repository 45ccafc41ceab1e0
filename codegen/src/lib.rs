//! `twilio-openapi-codegen` turns a Twilio OpenAPI 3.0 spec into typed Rust bindings.
//!
//! The pipeline has three stages, each testable alone:
//!
//! 1. `load` parses the YAML or JSON text, checks the OpenAPI version and holds the
//!    document to OpenAPI 3.0's rules, as a strict linter would (what no value can meet,
//!    a `$ref` to the wrong kind of component, and so on: the rules are listed in
//!    `codegen/src/lint.rs`);
//! 2. `lower` builds the intermediate model (`ir`), deciding every name and collecting
//!    every problem with a JSON pointer to it;
//! 3. `emit` turns the model into token streams with `quote!`, parses them with `syn`
//!    and prints them with `prettyplease`.
//!
//! The stages are internal (their unit tests are in `codegen/src/tests/`): the public
//! surface is what a build script, the command line and a reviewer need.
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
mod emit;
mod error;
mod ir;
mod lint;
mod load;
mod lower;
mod media;
mod names;
mod raw;
mod settings;

pub use emit::File;
pub use error::{Diagnostic, Error};
pub use settings::Settings;

// The helpers shared with the integration tests (`tests/common/mod.rs`) name the crate as
// they do; the unit tests include them.
#[cfg(test)]
extern crate self as twilio_openapi_codegen;
#[cfg(test)]
mod tests;

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Runs the whole pipeline on spec text with the default [`Settings`]. `file` names the
/// spec in messages and in the header of every generated file.
pub fn generate(text: &str, file: &str) -> Result<Vec<File>, Error> {
    generate_with(text, file, &Settings::default())
}

/// Runs the whole pipeline on spec text with these settings.
pub fn generate_with(text: &str, file: &str, settings: &Settings) -> Result<Vec<File>, Error> {
    let (_, api) = lower::model(text, file, settings)?;
    emit::files(&api, file, &spec_digest(text)).map_err(|message| Error::one(file, "", message))
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

    /// Keeps the type (or SID type) renamed to `new` under its former name `old`, as a
    /// `#[deprecated]` alias (see [`Settings::renamed`]).
    pub fn keep_renamed(mut self, old: impl Into<String>, new: impl Into<String>) -> Self {
        self.settings.renamed.push((old.into(), new.into()));
        self
    }

    /// Also generates `samples.rs`: one sample request per operation and
    /// `samples::run(&client)`, which sends them all (see [`Settings::samples`]).
    pub fn samples(mut self, on: bool) -> Self {
        self.settings.samples = on;
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
