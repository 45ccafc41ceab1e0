//! Each stage on its own: `load` (text to document), `lower` (document to the model in
//! `ir`), `emit` (model to files), plus a check that a small spec change makes a small
//! diff in the output.

use twilio_openapi_codegen::ir::*;
use twilio_openapi_codegen::{Settings, emit, generate, load, lower};

const FRAGMENT: &str = "spec/verify_v2_challenges.yaml";

fn fragment() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/challenges.yaml"
    ))
    .expect("the fragment is readable")
}

fn lowered() -> Api {
    let (doc, raw) = load(&fragment(), FRAGMENT).expect("the fragment loads");
    lower::lower(FRAGMENT, &doc, &raw).unwrap_or_else(|e| panic!("the fragment lowers:\n{e}"))
}

// ---------------------------------------------------------------- load

#[test]
fn load_reads_yaml_and_keeps_the_raw_tree() {
    let (doc, raw) = load(&fragment(), FRAGMENT).unwrap();
    assert!(doc.openapi.starts_with("3.0."));
    assert_eq!(doc.paths.paths.len(), 3);
    assert!(raw.is_mapping());
    assert_eq!(
        raw.get("openapi").and_then(|v| v.as_str()),
        Some(doc.openapi.as_str())
    );
}

#[test]
fn load_reads_json_too() {
    let (_, raw) = load(&fragment(), FRAGMENT).unwrap();
    let json = serde_json::to_string_pretty(&raw).unwrap();
    let (doc, _) = load(&json, "spec.json").expect("JSON is YAML");
    assert_eq!(doc.paths.paths.len(), 3);
}

#[test]
fn load_refuses_what_is_not_openapi_3_0() {
    let cases = [
        ("openapi: [", ""),
        ("- a list", ""),
        ("info: {title: t, version: '1'}\npaths: {}", ""),
        (
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}",
            "/swagger",
        ),
        (
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}",
            "/openapi",
        ),
        (
            "openapi: 3.0\ninfo: {title: t, version: '1'}\npaths: {}",
            "/openapi",
        ),
        ("openapi: 3.0.3\ninfo: {title: t}\npaths: {}", "/info"),
        (
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n\
             components: {schemas: {a: {type: number, maximum: .nan}}}",
            "/components/schemas/a/maximum",
        ),
    ];
    for (text, pointer) in cases {
        let e = load(text, "bad.yaml").expect_err(text);
        assert_eq!(e.file, "bad.yaml");
        assert_eq!(e.diagnostics.len(), 1, "{text}: {e}");
        assert_eq!(e.diagnostics[0].pointer, pointer, "{text}: {e}");
    }
}

#[test]
fn load_locates_errors_inside_references_or_objects() {
    // `openapiv3` alone would report `/paths` here.
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
                responses:\n        '200': {}\n        '404': {}\n";
    let e = load(text, "bad.yaml").unwrap_err();
    let pointers: Vec<&str> = e.diagnostics.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/paths/~1a/get/responses/200",
            "/paths/~1a/get/responses/404"
        ]
    );
    assert!(
        e.diagnostics[0]
            .message
            .contains("missing field `description`")
    );
}

// ---------------------------------------------------------------- lower

#[test]
fn lower_keeps_operations_in_spec_order() {
    let api = lowered();
    let ops: Vec<(&str, Method, &str)> = api
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o.method, o.path.as_str()))
        .collect();
    let base = "/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges";
    assert_eq!(
        ops,
        [
            ("CreateChallenge", Method::Post, base),
            ("ListChallenge", Method::Get, base),
            (
                "FetchChallenge",
                Method::Get,
                &format!("{base}/{{Sid}}")[..]
            ),
            (
                "UpdateChallenge",
                Method::Post,
                &format!("{base}/{{Sid}}")[..]
            ),
            (
                "CreateNotification",
                Method::Post,
                &format!("{base}/{{ChallengeSid}}/Notifications")[..]
            ),
        ]
    );
    let names: Vec<&str> = api.operations.iter().map(|o| o.fn_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "create_challenge",
            "list_challenge",
            "fetch_challenge",
            "update_challenge",
            "create_notification"
        ]
    );
    assert_eq!(api.title, "Twilio Verify v2 Challenges");
    assert_eq!(api.base_url, "https://verify.twilio.com");
}

/// Wire name, location, Rust name, type, required, checks.
type Row<'a> = (&'a str, Location, &'a str, Ty, bool, Vec<Check>);

#[test]
fn create_challenge_parameters_in_order_with_their_checks() {
    let api = lowered();
    let op = &api.operations[0];
    assert_eq!(op.request_name, "CreateChallengeRequest");
    assert_eq!(op.response, Response::Json(Ty::Named("Challenge".into())));
    let params: Vec<Row> = op
        .params
        .iter()
        .map(|p| {
            let f = &p.field;
            (
                f.wire.as_str(),
                p.location,
                f.ident.as_str(),
                f.ty.clone(),
                f.required,
                f.checks.clone(),
            )
        })
        .collect();
    let named = |n: &str| Ty::Named(n.into());
    let expected: Vec<Row> = vec![
        (
            "ServiceSid",
            Location::Path,
            "service_sid",
            Ty::Sid("ServiceSid".into()),
            true,
            vec![Check::Sid],
        ),
        (
            "Identity",
            Location::Path,
            "identity",
            Ty::String,
            true,
            vec![
                Check::Length {
                    min: Some(8),
                    max: Some(64),
                },
                Check::Pattern("^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$".into()),
            ],
        ),
        (
            "FactorSid",
            Location::Form,
            "factor_sid",
            Ty::Sid("FactorSid".into()),
            true,
            vec![Check::Sid],
        ),
        (
            "ExpirationDate",
            Location::Form,
            "expiration_date",
            Ty::DateTime,
            false,
            vec![],
        ),
        (
            "Details.Message",
            Location::Form,
            "details_message",
            Ty::String,
            false,
            vec![Check::Length {
                min: None,
                max: Some(256),
            }],
        ),
        (
            "Details.Fields",
            Location::Form,
            "details_fields",
            Ty::Vec(Box::new(named("ChallengeDetailsField"))),
            false,
            vec![
                Check::Items {
                    min: None,
                    max: Some(20),
                },
                Check::Each(vec![Check::Nested]),
            ],
        ),
        (
            "HiddenDetails",
            Location::Form,
            "hidden_details",
            Ty::Map(Box::new(Ty::String)),
            false,
            // Each value must be a string (the map holds JSON values), with no other check.
            vec![Check::JsonLength { max: 1024 }, Check::Each(vec![])],
        ),
        (
            "AuthPayload",
            Location::Form,
            "auth_payload",
            Ty::String,
            false,
            vec![Check::Length {
                min: Some(3),
                max: Some(8),
            }],
        ),
    ];
    assert_eq!(params.len(), expected.len());
    for (got, want) in params.iter().zip(&expected) {
        assert_eq!(got, want, "parameter {}", want.0);
    }
    // The Identity path parameter is personal data (`x-twilio.pii`).
    assert!(op.params[1].field.pii);
    assert!(!op.params[0].field.pii);
}

#[test]
fn list_challenge_pages_challenges() {
    let api = lowered();
    let list = &api.operations[1];
    let paging = api.paging(list).expect("ListChallenge pages");
    assert_eq!(paging.item, Ty::Named("Challenge".into()));
    assert_eq!(list.stream_fn.as_deref(), Some("list_challenge_stream"));
    assert_eq!(
        list.response,
        Response::Json(Ty::Named("ListChallengeResponse".into()))
    );
    for op in api.operations.iter().filter(|o| o.id != "ListChallenge") {
        assert_eq!(api.paging(op), None, "{}", op.id);
        assert_eq!(op.stream_fn, None, "{}", op.id);
    }
    assert_eq!(paging.items, "challenges");
    assert_eq!(paging.meta, "meta");
}

#[test]
fn lower_names_types_and_sids() {
    let api = lowered();
    let types: Vec<(&str, bool)> = api
        .types
        .iter()
        .map(|t| match t {
            TypeDef::Enum(e) => (e.name.as_str(), false),
            TypeDef::Struct(s) => (s.name.as_str(), true),
        })
        .collect();
    assert_eq!(
        types,
        [
            ("Challenge", true),
            ("ChallengeStatus", false),
            ("ChallengeReason", false),
            ("FactorType", false),
            ("ListOrder", false),
            ("ChallengeDetailsField", true),
            ("Notification", true),
            ("ListChallengeResponse", true),
        ]
    );
    let sids: Vec<(&str, &str)> = api
        .sids
        .iter()
        .map(|s| (s.name.as_str(), s.prefix.as_str()))
        .collect();
    assert_eq!(
        sids,
        [
            ("ChallengeSid", "YC"),
            ("AccountSid", "AC"),
            ("ServiceSid", "VA"),
            ("EntitySid", "YE"),
            ("FactorSid", "YF"),
            ("NotificationSid", "NT"),
        ]
    );
    // Only what requests carry is built by users.
    let outgoing: Vec<&str> = api
        .types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Struct(s) if s.outgoing => Some(s.name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(outgoing, ["ChallengeDetailsField"]);
}

#[test]
fn lower_reports_problems_with_pointers() {
    let text = fragment().replace(
        "      operationId: FetchChallenge",
        "      operationId: CreateChallenge",
    );
    let (doc, raw) = load(&text, FRAGMENT).unwrap();
    let e = lower::lower(FRAGMENT, &doc, &raw).unwrap_err();
    assert_eq!(e.diagnostics.len(), 1, "{e}");
    let d = &e.diagnostics[0];
    assert_eq!(
        d.pointer,
        "/paths/~1v2~1Services~1{ServiceSid}~1Entities~1{Identity}~1Challenges~1{Sid}/get/operationId"
    );
    assert!(d.message.contains("used twice"), "{}", d.message);
}

// ---------------------------------------------------------------- emit

fn field(wire: &str, ident: &str, ty: Ty, required: bool, checks: Vec<Check>) -> Field {
    Field {
        wire: wire.into(),
        ident: ident.into(),
        ty,
        required,
        doc: None,
        deprecated: false,
        pii: false,
        checks,
    }
}

/// A tiny model written by hand: one SID, one enum, one struct, a fetch and a list.
fn tiny() -> Api {
    let thing = StructDef {
        name: "Thing".into(),
        doc: Some("A thing.".into()),
        fields: vec![
            field("sid", "sid", Ty::Sid("ThingSid".into()), false, vec![]),
            field("color", "color", Ty::Named("Color".into()), false, vec![]),
        ],
        outgoing: false,
        paging: None,
    };
    let page = StructDef {
        name: "ThingPage".into(),
        doc: None,
        fields: vec![
            field(
                "things",
                "things",
                Ty::Vec(Box::new(Ty::Named("Thing".into()))),
                false,
                vec![],
            ),
            field("meta", "meta", Ty::PageMeta, false, vec![]),
        ],
        outgoing: false,
        paging: Some(Paging {
            items: "things".into(),
            meta: "meta".into(),
            item: Ty::Named("Thing".into()),
        }),
    };
    let sid_param = Param {
        location: Location::Path,
        field: field(
            "Sid",
            "sid",
            Ty::Sid("ThingSid".into()),
            true,
            vec![Check::Sid],
        ),
    };
    let path = "/v1/Things/{Sid}";
    Api {
        title: "Tiny".into(),
        base_url: "https://tiny.example".into(),
        sids: vec![SidDef {
            name: "ThingSid".into(),
            prefix: "TH".into(),
        }],
        types: vec![
            TypeDef::Enum(EnumDef {
                name: "Color".into(),
                doc: None,
                variants: vec![Variant {
                    wire: "dark-red".into(),
                    ident: "DarkRed".into(),
                }],
            }),
            TypeDef::Struct(thing),
            TypeDef::Struct(page),
        ],
        operations: vec![
            Operation {
                id: "FetchThing".into(),
                fn_name: "fetch_thing".into(),
                stream_fn: None,
                request_name: "FetchThingRequest".into(),
                method: Method::Get,
                path: path.into(),
                path_parts: vec![
                    PathPart::Literal("/v1/Things/".into()),
                    PathPart::Param("Sid".into()),
                ],
                summary: Some("Fetch a thing.".into()),
                doc: None,
                deprecated: false,
                params: vec![sid_param],
                response: Response::Json(Ty::Named("Thing".into())),
            },
            Operation {
                id: "ListThing".into(),
                fn_name: "list_thing".into(),
                stream_fn: Some("every_thing".into()),
                request_name: "ListThingRequest".into(),
                method: Method::Get,
                path: "/v1/Things".into(),
                path_parts: vec![PathPart::Literal("/v1/Things".into())],
                summary: None,
                doc: None,
                deprecated: true,
                params: vec![Param {
                    location: Location::Query,
                    field: field(
                        "PageSize",
                        "page_size",
                        Ty::I64,
                        false,
                        vec![Check::Range {
                            min: Some(1.0),
                            max: Some(1000.0),
                            exclusive_min: false,
                            exclusive_max: false,
                        }],
                    ),
                }],
                response: Response::Json(Ty::Named("ThingPage".into())),
            },
        ],
    }
}

#[test]
fn emit_renders_a_hand_built_model() {
    let files = emit::files(&tiny(), "tiny.yaml", "abc123", &Settings::default())
        .expect("the model renders");
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["bindings.rs", "types.rs", "requests.rs", "client.rs"]
    );
    for f in &files {
        // The spec's hash is written once, in bindings.rs.
        let header = if f.name == "bindings.rs" {
            "// @generated by twilio-openapi-codegen from tiny.yaml\n// spec sha256: abc123\n"
        } else {
            "// @generated by twilio-openapi-codegen from tiny.yaml\n// Do not edit"
        };
        assert!(f.content.starts_with(header), "{}:\n{}", f.name, f.content);
        syn::parse_file(&f.content).unwrap_or_else(|e| panic!("{} does not parse: {e}", f.name));
    }
    let [bindings, types, requests, client] = [
        &files[0].content,
        &files[1].content,
        &files[2].content,
        &files[3].content,
    ];
    for included in ["types.rs", "requests.rs", "client.rs"] {
        assert!(
            bindings.contains(&format!("include!(\"{included}\");"))
                && bindings.contains("use ::twilio_openapi_runtime as __runtime;"),
            "bindings.rs does not include {included}:\n{bindings}"
        );
    }
    for needle in [
        "__runtime::sid!(ThingSid, ThingSidKind, \"TH\");",
        "pub enum Color {",
        "    DarkRed,",
        "&[(Self::DarkRed, \"dark-red\")];",
        "__runtime::string_enum!(Color);",
        "pub struct Thing {",
        "pub sid: Option<ThingSid>,",
        "impl __runtime::Paged for ThingPage {",
        "(self.things, self.meta)",
    ] {
        assert!(
            types.contains(needle),
            "types.rs lacks {needle:?}:\n{types}"
        );
    }
    for needle in [
        "pub struct FetchThingRequest {",
        "pub fn new(sid: impl Into<ThingSid>) -> Self {",
        "Self { sid: sid.into() }",
        "path.literal(\"/v1/Things/\");",
        "path.param(\"Sid\", &self.sid)?;",
        "__runtime::validate::range_i64(&field, *value, Some(1), Some(1000))?;",
        "query.put(\"PageSize\", &self.page_size)?;",
        "impl Default for ListThingRequest {",
        "impl From<&ListThingRequest> for ListThingRequest {",
    ] {
        assert!(
            requests.contains(needle),
            "requests.rs lacks {needle:?}:\n{requests}"
        );
    }
    for needle in [
        "pub const DEFAULT_BASE_URL: &str = \"https://tiny.example\";",
        "pub struct Client {\n    core: __runtime::CoreClient,\n}",
        "pub type ClientBuilder = __runtime::ClientBuilder<Client>;",
        "base_url_env: \"TWILIO_TINY_BASE_URL\",",
        "pub async fn fetch_thing(\n        &self,\n        request: &FetchThingRequest,\n    ) -> ::std::result::Result<Thing, __runtime::Error> {",
        "self.core.execute(request).await",
        "pub fn every_thing(\n        &self,\n        request: impl Into<ListThingRequest>,\n    ) -> __runtime::ListStream<Thing> {",
        "self.core.paginate(request.into())",
        "#[deprecated]",
    ] {
        assert!(
            client.contains(needle),
            "client.rs lacks {needle:?}:\n{client}"
        );
    }
    assert!(
        !client.contains("fn fetch_thing_stream"),
        "only list operations stream"
    );
}

/// Every method the generated client defines besides the operations' is one the namer
/// reserves, so that no operation can take its name.
#[test]
fn the_client_methods_the_emitter_writes_are_reserved() {
    let api = tiny();
    let files = emit::files(&api, "tiny.yaml", "abc123", &Settings::default()).unwrap();
    let client = files.iter().find(|f| f.name == "client.rs").unwrap();
    let file = syn::parse_file(&client.content).unwrap();
    let operations: Vec<&str> = api
        .operations
        .iter()
        .flat_map(|o| [Some(o.fn_name.as_str()), o.stream_fn.as_deref()])
        .flatten()
        .collect();
    // Path-scoped handles (structs with a lifetime) and the client's steps to them are
    // named after everything else and left out on a clash: they need no reservation.
    let handles: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if !s.generics.params.is_empty() => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    let returns_handle = |f: &syn::ImplItemFn| match &f.sig.output {
        syn::ReturnType::Type(_, t) => {
            let t = quote::ToTokens::to_token_stream(t).to_string();
            handles.iter().any(|h| t.starts_with(h.as_str()))
        }
        syn::ReturnType::Default => false,
    };
    let mut own = Vec::new();
    for item in &file.items {
        if let syn::Item::Impl(block) = item {
            let self_ty = quote::ToTokens::to_token_stream(&block.self_ty).to_string();
            if handles.iter().any(|h| self_ty.starts_with(h.as_str())) {
                continue;
            }
            for member in &block.items {
                if let syn::ImplItem::Fn(f) = member {
                    let name = f.sig.ident.to_string();
                    if !operations.contains(&name.as_str()) && !returns_handle(f) {
                        own.push(name);
                    }
                }
            }
        }
    }
    assert!(own.len() >= 5, "found only {own:?}");
    for name in &own {
        assert!(
            twilio_openapi_codegen::names::CLIENT_METHODS.contains(&name.as_str()),
            "the client defines `{name}`, which names::CLIENT_METHODS does not reserve"
        );
    }
}

#[test]
fn emit_is_deterministic() {
    let a = emit::files(&tiny(), "tiny.yaml", "abc123", &Settings::default()).unwrap();
    let b = emit::files(&tiny(), "tiny.yaml", "abc123", &Settings::default()).unwrap();
    assert_eq!(a, b);
}

// ---------------------------------------------------------------- small change, small diff

/// Lines added or removed between two versions of the files, not counting the spec hash.
fn changed_lines(
    old: &[twilio_openapi_codegen::File],
    new: &[twilio_openapi_codegen::File],
) -> (usize, String) {
    let mut count = 0;
    let mut shown = String::new();
    for (a, b) in old.iter().zip(new) {
        let diff = similar::TextDiff::from_lines(&a.content, &b.content);
        for change in diff.iter_all_changes() {
            if change.tag() == similar::ChangeTag::Equal
                || change.value().starts_with("// spec sha256: ")
            {
                continue;
            }
            count += 1;
            shown.push_str(&format!("{}{} {}", a.name, change.tag(), change.value()));
        }
    }
    (count, shown)
}

#[test]
fn one_new_optional_property_is_a_small_diff() {
    let before = fragment();
    let anchor = "    challenge_enum_challenge_statuses:\n";
    assert!(
        before.contains(anchor),
        "the Challenge schema is followed by the status enum"
    );
    // One more optional string property at the end of the Challenge schema.
    let after = before.replacen(
        anchor,
        &format!(
            "        nickname:\n          type: string\n          nullable: true\n          \
             description: A name for the challenge.\n{anchor}"
        ),
        1,
    );
    let old = generate(&before, FRAGMENT).expect("the fragment generates");
    let new = generate(&after, FRAGMENT).expect("the edited fragment generates");
    let (count, shown) = changed_lines(&old, &new);
    assert!(count > 0, "the new property shows");
    assert!(
        count <= 8,
        "{count} lines changed for one property:\n{shown}"
    );
    assert!(shown.contains("pub nickname: Option<String>,"), "{shown}");
}

/// A new optional parameter of a request: the field, its `None` in `new`, its setter and its
/// encoding line; at most 15 lines.
#[test]
fn one_new_optional_request_parameter_is_at_most_15_lines() {
    let before = fragment();
    let anchor = "                AuthPayload:\n";
    assert!(before.contains(anchor), "CreateChallenge has AuthPayload");
    let after = before.replacen(
        anchor,
        &format!(
            "                ReviewNote:\n                  type: string\n                  \
             description: A note for reviewers.\n{anchor}"
        ),
        1,
    );
    let old = generate(&before, FRAGMENT).expect("the fragment generates");
    let new = generate(&after, FRAGMENT).expect("the edited fragment generates");
    let (count, shown) = changed_lines(&old, &new);
    assert!(
        (1..=15).contains(&count),
        "{count} lines changed for one parameter:\n{shown}"
    );
    assert!(
        shown.contains("pub review_note: Option<String>,"),
        "{shown}"
    );
    assert!(
        shown.contains("form.put(\"ReviewNote\", &self.review_note)?;"),
        "{shown}"
    );
}

/// A new value of an enum: its variant, its doc and its line in the table of wire values.
#[test]
fn one_new_enum_value_is_at_most_3_lines() {
    let before = fragment();
    let anchor = "      - denied\n";
    assert_eq!(
        before.matches(anchor).count(),
        1,
        "one status enum lists `denied`"
    );
    let after = before.replacen(anchor, &format!("{anchor}      - canceled\n"), 1);
    let old = generate(&before, FRAGMENT).expect("the fragment generates");
    let new = generate(&after, FRAGMENT).expect("the edited fragment generates");
    let (count, shown) = changed_lines(&old, &new);
    assert_eq!(count, 3, "{shown}");
    assert!(shown.contains("(Self::Canceled, \"canceled\"),"), "{shown}");
}

#[test]
fn spec_defaults_are_documented_on_parameters_and_properties() {
    let spec = r#"
openapi: 3.0.1
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /v1/Things:
    post:
      operationId: CreateThing
      parameters:
      - name: PageSize
        in: query
        description: Items per page.
        schema: {type: integer, default: 50}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                Ttl: {type: integer, default: 300}
      responses:
        '204': {description: done}
"#;
    let files = generate(spec, "defaults.yaml").expect("generates");
    let requests = &files
        .iter()
        .find(|f| f.name == "requests.rs")
        .expect("requests.rs")
        .content;
    assert!(
        requests.contains(
            "/// Items per page.\n    ///\n    /// When not sent, the server takes `50`."
        ),
        "{requests}"
    );
    assert!(
        requests.contains("/// When not sent, the server takes `300`."),
        "{requests}"
    );
}

// ---------------------------------------------------------------- path-scoped handles

/// Handles come from the shape of the paths, for any spec: a collection with operations
/// of its own gets `things()` and `thing(sid)`, a parameter at one place is one node
/// whatever its name (`{Sid}`, `{ThingSid}`), operations are named by method and place,
/// and a path whose segment mixes text and a parameter gets no handle method.
#[test]
fn handles_follow_the_shape_of_any_spec() {
    let op = |id: &str, params: &str, extra: &str| {
        format!(
            "      operationId: {id}\n      parameters: [{params}]\n{extra}      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, properties: {{sid: {{type: string}}}}}}\n"
        )
    };
    let sid = "{name: Sid, in: path, required: true, schema: {type: string, pattern: '^TH[0-9a-fA-F]{32}$'}}";
    let thing_sid = "{name: ThingSid, in: path, required: true, schema: {type: string, pattern: '^TH[0-9a-fA-F]{32}$'}}";
    let name = "{name: Name, in: query, required: true, schema: {type: string}}";
    let spec = format!(
        "openapi: 3.0.1\ninfo: {{title: T, version: '1'}}\nservers: [{{url: 'https://things.twilio.com'}}]\npaths:\n  \
         /v1/Things:\n    post:\n{}    get:\n{}  \
         /v1/Things/{{Sid}}:\n    get:\n{}    delete:\n{}  \
         /v1/Things/{{ThingSid}}/Parts:\n    post:\n{}  \
         /v1/Calls/{{Sid}}.json:\n    get:\n{}",
        op("CreateThing", name, ""),
        op("ReadThing", "", ""),
        op("FetchThing", sid, ""),
        op("DeleteThing", sid, ""),
        op("CreatePart", thing_sid, ""),
        op("FetchCall", sid, ""),
    );
    let files = generate(&spec, "things.yaml").unwrap_or_else(|e| panic!("generates:\n{e}"));
    let client = &files
        .iter()
        .find(|f| f.name == "client.rs")
        .expect("client.rs")
        .content;
    for expected in [
        // `v1` carries nothing and does not branch: skipped.
        "pub fn things(&self) -> ThingList<'_>",
        "pub fn thing(&self, sid: impl Into<ThingSid>) -> ThingContext<'_>",
        // A required non-path parameter is an argument.
        "pub fn create( &self, name: impl Into<String>, ) -> __runtime::Call<'c, CreateThingRequest>",
        "pub fn fetch(&self) -> __runtime::Call<'c, ReadThingRequest>",
        "pub fn fetch(&self) -> __runtime::Call<'c, FetchThingRequest>",
        "pub fn delete(&self) -> __runtime::Call<'c, DeleteThingRequest>",
        "pub fn parts(&self) -> PartList<'c>",
        "pub fn create(&self) -> __runtime::Call<'c, CreatePartRequest>",
    ] {
        let flat = client.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(expected),
            "{expected:?} missing from:\n{client}"
        );
    }
    // `/v1/Calls/{Sid}.json`: no handle, its client method only.
    assert!(client.contains("pub async fn fetch_call("));
    assert!(!client.contains("fn calls("), "{client}");
    // Each step of a collection without operations takes its parameter at once.
    let fragment_files = generate(&fragment(), FRAGMENT).expect("the fragment generates");
    let client = &fragment_files
        .iter()
        .find(|f| f.name == "client.rs")
        .expect("client.rs")
        .content;
    assert!(client.contains("pub fn services(&self, service_sid: impl Into<ServiceSid>)"));
    assert!(client.contains("pub fn entities(&self, identity: impl Into<String>)"));
}
