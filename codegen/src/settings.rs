//! The generator's settings: everything [`Config`](crate::Config) and the command line can
//! set besides the files. Lowering's `settle` checks them and makes them part of the model,
//! once.

/// How the bindings are generated: everything [`Config`](crate::Config) can set besides the files, in
/// the manner of progenitor's `GenerationSettings`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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
    /// spec's `servers[0]` after Twilio's convention: `TWILIO_`, the first label of the
    /// host, then `_BASE_URL` (`https://verify.twilio.com` gives `TWILIO_VERIFY_BASE_URL`;
    /// without a host, `TWILIO_BASE_URL`).
    pub base_url_env: Option<String>,
    /// Extra derives on every generated struct and enum, e.g. `Hash` or `serde::Serialize`
    /// paths of the including crate's choosing; one already derived is not repeated.
    pub derives: Vec<String>,
    /// Operations to generate, by `operationId`; with [`path_prefixes`](Self::path_prefixes)
    /// empty too, every operation. Types are generated whatever the filter.
    pub operation_ids: Vec<String>,
    /// Operations to generate, by path prefix (e.g. `/v2/Services/{ServiceSid}/Entities`).
    pub path_prefixes: Vec<String>,
    /// Types kept under a former name, as `(old, new)`: `old` becomes a `#[deprecated]`
    /// alias of the type (or SID type) `new`, so that a rename `diff` reports
    /// (`X is renamed to Y`) breaks no code that names the old type.
    pub renamed: Vec<(String, String)>,
    /// Whether to generate a `samples` module: one sample request per operation, made from
    /// the spec's examples and constraints, and `samples::run(&client)`, which sends each
    /// and decodes its answer (a smoke test of the bindings against a mock of the spec).
    /// Off by default.
    pub samples: bool,
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
            renamed: Vec::new(),
            samples: false,
        }
    }
}
