//! The intermediate model: what the emitters need, with every name decided.
//!
//! Lowering (`lower/`) builds it from the spec; the emitters (`emit/`) only read it.
//! Nothing here refers back to the OpenAPI document but each item's `origin`: the JSON
//! pointer of the spec node it comes from, which messages and `diff` cite.

pub use crate::error::Pointer;

/// Everything generated from one spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title` of the spec.
    pub title: String,
    /// The first server URL, used as the default base URL.
    pub base_url: String,
    /// SID newtypes, one per distinct SID prefix, in order of first use.
    pub sids: Vec<SidDef>,
    /// Enums and structs in spec order (components first, then inline types as met).
    pub types: Vec<TypeDef>,
    /// Operations in spec order (paths, then methods in the order they appear).
    pub operations: Vec<Operation>,
    /// The security schemes the spec declares (`components.securitySchemes`), by name, in
    /// spec order.
    pub security_schemes: Vec<(String, SecurityScheme)>,
    /// The path-scoped handles (`client.services(sid).entities(id).challenges()`), decided
    /// from the operations that the settings keep.
    pub handles: Handles,
    /// The patterns that requests check, each compiled once into a `static`.
    pub patterns: Vec<PatternDef>,
    /// What the generator's settings make of the generated code.
    pub output: Output,
    /// The client type's own methods and traits (its name is the settings', in
    /// [`Output::client`]).
    pub client: ClientDef,
    /// One sample call per operation, in operation order, when the settings ask for samples
    /// (`None`: no samples are generated).
    pub samples: Option<Vec<Sample>>,
}

/// The sample call of one operation: values for its request, taken from the spec's
/// examples where they fit the field, else made to satisfy its type, format and checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The operation, as an index into [`Api::operations`].
    pub operation: usize,
    /// The name of the function in the `samples` module that builds the request: the
    /// operation's method name, unless that is `run`, the module's runner.
    pub builder: String,
    /// The request's values, as indices into the operation's `params` with the value of
    /// each: every required parameter, and the optional ones the spec gives an example
    /// for. `Err` says why no request could be made.
    pub values: Result<Vec<(usize, SampleValue)>, String>,
}

/// A sample value of a field, printed by the emitter as a Rust expression of the field's
/// type.
#[derive(Debug, Clone, PartialEq)]
pub enum SampleValue {
    /// A string, or a SID.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number.
    Float(f64),
    /// A date-time, as seconds since the Unix epoch, in UTC.
    DateTime(i64),
    /// A date: year, month, day.
    Date(i32, u32, u32),
    /// A JSON value (an untyped value, a map).
    Json(serde_json::Value),
    /// An enum's variant, by its Rust name.
    Variant(String),
    /// Array items.
    List(Vec<SampleValue>),
    /// A struct: values of its fields, as indices into its `fields`.
    Struct(Vec<(usize, SampleValue)>),
    /// A union's variant, by its Rust name, with its value.
    Union(String, Box<SampleValue>),
}

/// What the generated client type has besides the operations' methods and the handles'
/// first steps: decided once in lowering, printed by the emitter, and reserved so that no
/// operation or step takes one of its method names ([`ClientDef::reserved`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientDef {
    /// Its own inherent methods, in the order they are written.
    pub methods: Vec<ClientMethod>,
    /// The traits it derives or implements, in the order they are written.
    pub traits: Vec<ClientTrait>,
}

impl ClientDef {
    /// Every method name the client has of its own: its inherent methods and those of its
    /// traits (which an inherent method of the same name would shadow).
    pub fn reserved(&self) -> impl Iterator<Item = &str> {
        self.methods
            .iter()
            .map(|m| m.name.as_str())
            .chain(self.traits.iter().flat_map(|t| t.methods().iter().copied()))
    }

    /// The name of its method of `kind`, if it has one.
    pub fn method(&self, kind: ClientMethodKind) -> Option<&str> {
        self.methods
            .iter()
            .find(|m| m.kind == kind)
            .map(|m| m.name.as_str())
    }
}

/// One of the client type's own methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientMethod {
    /// The method name, e.g. `from_env`.
    pub name: String,
    /// What it does, which its body follows.
    pub kind: ClientMethodKind,
}

/// What one of the client's own methods does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientMethodKind {
    /// A client for an account SID and auth token, every other setting default.
    New,
    /// A new builder (the runtime's `ClientBuilder`).
    Builder,
    /// A client configured from the environment.
    FromEnv,
    /// The base URL requests go to.
    BaseUrl,
    /// The runtime's `CoreClient` underneath.
    Core,
}

/// A trait the client type derives or implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientTrait {
    /// `#[derive(Debug)]`.
    Debug,
    /// `#[derive(Clone)]`.
    Clone,
    /// The runtime's `FromCore`: the product's constants and the client around a
    /// `CoreClient`, which the runtime's builder builds.
    FromCore,
}

impl ClientTrait {
    /// The trait's name, as a derive or the runtime names it.
    pub fn name(self) -> &'static str {
        match self {
            ClientTrait::Debug => "Debug",
            ClientTrait::Clone => "Clone",
            ClientTrait::FromCore => "FromCore",
        }
    }

    /// Whether the client derives it (else the generated code implements it).
    pub fn derived(self) -> bool {
        matches!(self, ClientTrait::Debug | ClientTrait::Clone)
    }

    /// The methods it gives the client.
    pub fn methods(self) -> &'static [&'static str] {
        match self {
            ClientTrait::Debug => &["fmt"],
            ClientTrait::Clone => &["clone", "clone_from"],
            ClientTrait::FromCore => &["from_core"],
        }
    }
}

/// What the generator's settings make of the generated code, checked once (lowering's
/// `settle`); the emitters read nothing else of the settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Output {
    /// The runtime's root path, e.g. `::twilio_openapi_runtime`: a Rust path.
    pub runtime_path: String,
    /// The client type's name, e.g. `Client`.
    pub client: String,
    /// Its builder's name, e.g. `ClientBuilder`.
    pub builder: String,
    /// The environment variable that overrides the base URL.
    pub base_url_env: String,
    /// A fixed User-Agent product (name, version); `None`: the including crate's.
    pub user_agent: Option<(String, String)>,
    /// Extra derives on every generated struct and enum, each a Rust path.
    pub derives: Vec<String>,
    /// Types kept under a former name: `(old, new)`, `old` a deprecated alias of `new`.
    pub aliases: Vec<(String, String)>,
}

/// A pattern that requests check, compiled once into a `static`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternDef {
    /// The regular expression.
    pub pattern: String,
    /// The `static`'s name: the wire name of its first user in upper case, then
    /// `_PATTERN` (numbered when two patterns would share a name).
    pub name: String,
}

/// The path-scoped handles: the steps of the client, and the handle types with their steps
/// and the operations' methods (see `lower/handles.rs` for the rules).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Handles {
    /// The client's methods that return a handle: the first step of each path.
    pub client_steps: Vec<HandleStep>,
    /// The handle types, in the order of the tree of path segments.
    pub types: Vec<Handle>,
}

/// A handle type: a struct around the runtime's `Scope` (the client and the path
/// parameters so far).
#[derive(Debug, Clone, PartialEq)]
pub struct Handle {
    /// Rust type name, e.g. `ChallengeContext`.
    pub name: String,
    /// The path up to it, with `{WireName}` for each parameter, for docs.
    pub path: String,
    /// The path parameters it holds, from the root down: field name and type.
    pub fields: Vec<(String, Ty)>,
    /// Its methods that return a handle further down.
    pub steps: Vec<HandleStep>,
    /// The operations of its path, as its methods.
    pub methods: Vec<HandleMethod>,
}

/// A step to a handle: a method of the client or of a handle returning another handle.
#[derive(Debug, Clone, PartialEq)]
pub struct HandleStep {
    /// The method name, e.g. `services`.
    pub name: String,
    /// The handle it returns, as an index into [`Handles::types`].
    pub to: usize,
    /// The path parameter it takes, if any: field name and type.
    pub param: Option<(String, Ty)>,
}

/// An operation as a method of the handle of its path.
#[derive(Debug, Clone, PartialEq)]
pub struct HandleMethod {
    /// The method name: a verb (`list`, `fetch`, `create`, `update`, `replace`, `delete`),
    /// or the client method's name when the handle has the verb already.
    pub name: String,
    /// The operation, as an index into [`Api::operations`].
    pub operation: usize,
    /// For each field of the handle, the name the method binds it to, when the request
    /// takes it (clear of the method's own arguments).
    pub bindings: Vec<Option<String>>,
    /// The arguments of the request's `new`, in order.
    pub args: Vec<HandleArg>,
}

/// Where a handle method takes one argument of the request's `new` from.
#[derive(Debug, Clone, PartialEq)]
pub enum HandleArg {
    /// The handle's field of this index (bound as [`HandleMethod::bindings`] says).
    Field(usize),
    /// The method's own argument: the operation's parameter of this index.
    Param(usize),
}

/// A way of authenticating that the client can honour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityScheme {
    /// HTTP Basic (`type: http`, `scheme: basic`): an account or API key SID and its secret.
    Basic,
    /// HTTP Bearer (`type: http`, `scheme: bearer`): a token the user holds.
    Bearer,
    /// OAuth 2.0 client credentials (`type: oauth2` with a `clientCredentials` flow): the
    /// client obtains an access token from `token_url` and sends it as a bearer token.
    OAuth2ClientCredentials {
        /// The flow's `tokenUrl`.
        token_url: String,
        /// Declared on the scheme: the scopes its flow offers. On an operation: the scopes
        /// its requirement asks for, sent in the token request (none: no `scope`).
        scopes: Vec<String>,
    },
}

/// One way an operation accepts to be called: one alternative of its `security`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// With the credentials of this scheme.
    Scheme(SecurityScheme),
    /// Without credentials (an empty requirement `{}` among others).
    Anonymous,
}

/// A SID type: two upper-case letters followed by 32 hex digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidDef {
    /// Rust type name, e.g. `ServiceSid`.
    pub name: String,
    /// The two-letter prefix, e.g. `VA`.
    pub prefix: String,
    /// The name of its kind (the runtime's `SidKind` implementation), e.g. `ServiceSidKind`.
    pub kind: String,
    /// The schema whose `pattern` gave the type its name.
    pub origin: Pointer,
}

/// An enum or struct of one model: its index in [`Api::types`], in the manner of typify's
/// `TypeId`. Lowering hands out the IDs as it registers types, so an ID of a model always
/// names one of that model's types; IDs of two models do not correspond (compare the types
/// of two models by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(usize);

impl TypeId {
    /// The ID of the type at `index` in [`Api::types`].
    pub fn new(index: usize) -> Self {
        TypeId(index)
    }

    /// The index of the type in [`Api::types`].
    pub fn index(self) -> usize {
        self.0
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    /// A string enum with a fallback for values it does not know.
    Enum(EnumDef),
    /// An object with known properties.
    Struct(StructDef),
    /// One of several shapes (`oneOf` or `anyOf`).
    Union(UnionDef),
}

impl TypeDef {
    /// The schema that defines it.
    pub fn origin(&self) -> &Pointer {
        match self {
            TypeDef::Enum(e) => &e.origin,
            TypeDef::Struct(s) => &s.origin,
            TypeDef::Union(u) => &u.origin,
        }
    }

    /// Its documentation.
    pub fn doc(&self) -> &Option<String> {
        match self {
            TypeDef::Enum(e) => &e.doc,
            TypeDef::Struct(s) => &s.doc,
            TypeDef::Union(u) => &u.doc,
        }
    }

    /// The Rust type name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Enum(e) => &e.name,
            TypeDef::Struct(s) => &s.name,
            TypeDef::Union(u) => &u.name,
        }
    }
}

/// A value of one of several shapes (`oneOf`, `anyOf`): a Rust enum with one variant per
/// shape and `Unknown` for any other JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// Rust type name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// The keyword, `oneOf` or `anyOf`, for docs.
    pub keyword: &'static str,
    /// The variants in the order a value is tried against them when there is no
    /// discriminator: the most specific first (see `lower/unions.rs`).
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the variant (`discriminator.propertyName`).
    pub discriminator: Option<String>,
    /// Whether requests send it (it then encodes as the chosen variant).
    pub outgoing: bool,
    /// The schema that defines it.
    pub origin: Pointer,
}

impl UnionDef {
    /// Whether any variant has checks to run before sending.
    pub fn has_checks(&self) -> bool {
        self.variants.iter().any(|v| !v.checks.is_empty())
    }
}

/// One shape of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub ident: String,
    /// The type it holds.
    pub ty: Ty,
    /// Documentation: where the shape comes from.
    pub doc: String,
    /// The discriminator values that select it.
    pub tags: Vec<String>,
    /// Checks of the value it holds.
    pub checks: Vec<Check>,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    /// Rust type name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Variants in spec order.
    pub variants: Vec<Variant>,
    /// The schema that defines it.
    pub origin: Pointer,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant name.
    pub ident: String,
    /// Its entry in the schema's `enum`.
    pub origin: Pointer,
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Rust type name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Properties in spec order.
    pub fields: Vec<Field>,
    /// Whether values of this type are built by users and sent (constructor, setters,
    /// validation) rather than only decoded from responses.
    pub outgoing: bool,
    /// When this struct is a list envelope: how it pages.
    pub paging: Option<Paging>,
    /// The required fields in the order `new` takes them, as indices into `fields`: see
    /// [`Operation::new_args`] for the rule.
    pub new_args: Vec<usize>,
    /// The schema that defines it.
    pub origin: Pointer,
}

/// How a list envelope pages: the one place paging is recorded (an operation is a list
/// operation when its response type has it).
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The Rust name of the field holding the items (a `Vec`).
    pub items: String,
    /// The Rust name of the field that leads to the next page: the paging metadata
    /// (`Ty::PageMeta`), or the next page's URI, as `format` says.
    pub meta: String,
    /// How the envelope names the next page.
    pub format: PageFormat,
    /// The type of one item.
    pub item: Ty,
}

/// How a list envelope names its next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageFormat {
    /// A `meta` object holding `next_page_url` (and the page's other metadata).
    Meta,
    /// A `next_page_uri` beside the items (Api v2010), relative to the base URL.
    NextPageUri,
}

impl StructDef {
    /// Whether validating a value of this type can fail.
    pub fn has_checks(&self) -> bool {
        self.fields.iter().any(|f| !f.checks.is_empty())
    }
}

/// A property of a struct or a parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire (JSON property, form key, query or path parameter).
    pub wire: String,
    /// The Rust field name.
    pub ident: String,
    /// The value type, without the `Option` that `required` decides.
    pub ty: Ty,
    /// Whether a value must be given.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// Whether the spec marks the field deprecated.
    pub deprecated: bool,
    /// Whether the spec marks the value as personal data (`x-twilio.pii`).
    pub pii: bool,
    /// What a value must satisfy before it is sent.
    pub checks: Vec<Check>,
    /// The property or parameter that defines it (for a JSON body, the body's schema).
    pub origin: Pointer,
}

/// A Rust type for a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `chrono::DateTime<Utc>`, RFC 3339 on the wire.
    DateTime,
    /// `chrono::NaiveDate`, `YYYY-MM-DD` on the wire.
    Date,
    /// `serde_json::Value`: a schema without a type.
    Any,
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// A SID newtype by name.
    Sid(String),
    /// An enum or struct, by its ID in the model's type table.
    Named(TypeId),
    /// `crate::PageMeta`: Twilio's paging metadata.
    PageMeta,
}

/// How a constructor, setter or handle method takes a value of a field or parameter, and
/// how it stores it: the runtime's `__field_arg!` and `__field_value!` say what each kind
/// means, and generated code names the kind by its keyword (`into String`, `datetime`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgKind {
    /// `into T`: `impl Into<T>` (strings; SIDs, so that `&sid` works too).
    Into(Ty),
    /// `value T`: a `T`, as is.
    Value(Ty),
    /// `items T`: `impl IntoIterator<Item = T>`, collected into the field's `Vec`.
    Items(Ty),
    /// `json`: `impl IntoJsonObject` (any pairs, a `HashMap`, a map read from a response).
    Json,
    /// `datetime`: a date-time in any time zone, converted to UTC (what the field holds and
    /// the wire carries).
    DateTime,
}

impl ArgKind {
    /// The kind a value of type `t` is taken as: the one rule for constructors, setters
    /// and handle methods alike.
    pub fn of(t: &Ty) -> Self {
        match t {
            Ty::String | Ty::Sid(_) => ArgKind::Into(t.clone()),
            Ty::DateTime => ArgKind::DateTime,
            Ty::Vec(inner) => ArgKind::Items((**inner).clone()),
            Ty::Map(_) => ArgKind::Json,
            other => ArgKind::Value(other.clone()),
        }
    }
}

/// A constraint checked before a request is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// String length in characters.
    Length {
        /// Fewest characters.
        min: Option<u64>,
        /// Most characters.
        max: Option<u64>,
    },
    /// A regular expression the whole string must match.
    Pattern(String),
    /// The value must be a well-formed SID of its type.
    Sid,
    /// Numeric bounds.
    Range {
        /// Lower bound.
        min: Option<f64>,
        /// Upper bound.
        max: Option<f64>,
        /// Whether the lower bound itself is excluded.
        exclusive_min: bool,
        /// Whether the upper bound itself is excluded.
        exclusive_max: bool,
    },
    /// Number of array items.
    Items {
        /// Fewest items.
        min: Option<u64>,
        /// Most items.
        max: Option<u64>,
    },
    /// Length in characters of the JSON text the value is sent as.
    JsonLength {
        /// Most characters.
        max: u64,
    },
    /// The enum value must be one the spec lists.
    KnownEnum,
    /// The number or boolean must be one of the `enum` values the spec lists.
    Allowed(Vec<serde_json::Value>),
    /// The value is a struct with checks of its own.
    Nested,
    /// Checks applied to each array item or map value. A map value (JSON, see the
    /// emitter's `outgoing_ty`) must first be of the map's value type; a map whose values
    /// are typed has this check even when the list is empty.
    Each(Vec<Check>),
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method name as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{placeholder}` in the path, percent-encoded.
    Path,
    /// A query pair.
    Query,
    /// A header.
    Header,
    /// A pair of an `application/x-www-form-urlencoded` body.
    Form,
    /// The whole `application/json` body.
    JsonBody,
}

impl Location {
    /// How docs and messages name the place: `path parameter`, `form field`, …
    pub fn name(self) -> &'static str {
        match self {
            Location::Path => "path parameter",
            Location::Query => "query parameter",
            Location::Header => "header",
            Location::Form => "form field",
            Location::JsonBody => "JSON body",
        }
    }
}

/// How an array parameter is written on the wire (OpenAPI's `style: form` and its
/// `explode`, in a query string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// One pair per item, all under the parameter's name: `Key=a&Key=b` (`explode: true`,
    /// the default of `form`). Also how every form field and header is written.
    #[default]
    Exploded,
    /// One pair whose value is the items, each percent-encoded, separated by literal
    /// commas: `Key=a,b%2Cc` (`explode: false`).
    CommaSeparated,
}

/// One parameter of an operation's request.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Where it is sent.
    pub location: Location,
    /// How an array value is written (a scalar is one pair either way).
    pub style: Style,
    /// Name, type and checks.
    pub field: Field,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as is.
    Literal(String),
    /// The path parameter with this wire name.
    Param(String),
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// A JSON body of this type.
    Json(Ty),
    /// No body (e.g. 204).
    Empty,
    /// A redirect (3xx), for an operation whose documented answers are redirects only: its
    /// target, which the client returns and never follows (the runtime's `Redirect`).
    Redirect,
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Client method name, e.g. `create_challenge`.
    pub fn_name: String,
    /// For a list operation (its response type has `paging`): the name of the client method that
    /// streams every item, e.g. `list_challenge_stream`.
    pub stream_fn: Option<String>,
    /// Request struct name, e.g. `CreateChallengeRequest`.
    pub request_name: String,
    /// HTTP method.
    pub method: Method,
    /// The path template as written in the spec.
    pub path: String,
    /// The path template split at its parameters.
    pub path_parts: Vec<PathPart>,
    /// Summary line.
    pub summary: Option<String>,
    /// Longer description.
    pub doc: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Parameters: path, then query, then header, then body, each in spec order.
    pub params: Vec<Param>,
    /// The required parameters in the order the request's `new` (and a handle's method)
    /// takes them, as indices into `params`: the path parameters in the order the path
    /// names them, then the others by wire name (then location). The order never follows
    /// the order in which the spec lists parameters or properties, so a spec that reorders
    /// them cannot swap two arguments of the same type in code that still compiles.
    pub new_args: Vec<usize>,
    /// The request body's media type, when the operation takes a body.
    pub body: Option<BodyMedia>,
    /// How the request's body is written: from its parameters' locations.
    pub body_kind: BodyKind,
    /// The success response.
    pub response: Response,
    /// The ways it accepts to be called, in the spec's order of preference (its own
    /// `security`, else the document's). Empty: it takes no credentials at all
    /// (`security: []`, an empty requirement first, or no `security` anywhere).
    pub security: Vec<Auth>,
    /// The media type sent as `Accept`: the success answer's, as the spec names it, or
    /// `application/json` (Twilio's error bodies) when the answer has no body.
    pub accept: String,
    /// The operation object (`#/paths/…/post`).
    pub origin: Pointer,
}

/// How a request's body is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// No body.
    None,
    /// `application/x-www-form-urlencoded` pairs.
    Form,
    /// One JSON value, sent with this media type.
    Json(String),
}

/// How a request body is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyMedia {
    /// The media type, as the spec names it and as `Content-Type` says it, e.g.
    /// `application/x-www-form-urlencoded` or `application/scim+json`: of those the spec
    /// offers, the first (in spec order) that can be sent.
    pub media_type: String,
    /// The other media types the spec offers for the body, in spec order.
    pub also_offered: Vec<String>,
}

impl Api {
    /// The named type `id`.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The Rust name of the named type `id`.
    pub fn type_name(&self, id: TypeId) -> &str {
        self.type_def(id).name()
    }

    /// The ID of the type named `name`, found by a search of the table: for tools that meet
    /// types by name, such as `diff`, which compares two models. The model itself refers to
    /// its types by ID.
    pub fn find_type(&self, name: &str) -> Option<TypeId> {
        self.types.iter().position(|t| t.name() == name).map(TypeId)
    }

    /// How an operation's response pages, when it is a list operation.
    pub fn paging(&self, op: &Operation) -> Option<&Paging> {
        match &op.response {
            Response::Json(Ty::Named(id)) => match self.type_def(*id) {
                TypeDef::Struct(s) => s.paging.as_ref(),
                TypeDef::Enum(_) | TypeDef::Union(_) => None,
            },
            _ => None,
        }
    }
}
