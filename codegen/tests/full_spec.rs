//! The real, full Twilio Verify v2 spec generates: every operation becomes a client method,
//! one SID type per SID pattern, no two items share a name, the output parses and is
//! deterministic.
//!
//! The spec is not part of this repository: it is read at run time from `TWILIO_VERIFY_SPEC`
//! or from `../../shared/specs/twilio_verify_v2.yaml` next to the checkout; without it the
//! tests say so and pass. `scripts/check-full-spec.sh` goes further and compiles the bindings
//! generated from it.

use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use twilio_openapi_codegen::{File, generate};

const NAME: &str = "twilio_verify_v2.yaml";

/// The spec text, or `None` (after saying why) when it is not available.
fn spec() -> Option<String> {
    let path = std::env::var("TWILIO_VERIFY_SPEC").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/specs/twilio_verify_v2.yaml"
        )
        .to_owned()
    });
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!(
                "skipped: the full Verify v2 spec is not at {path} ({e}); set TWILIO_VERIFY_SPEC"
            );
            None
        }
    }
}

fn file<'f>(files: &'f [File], name: &str) -> &'f str {
    &files
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{name} is generated"))
        .content
}

/// The `operationId`s of the spec, in document order.
fn operation_ids(text: &str) -> Vec<String> {
    let doc: Value = serde_yaml::from_str(text).expect("the spec is YAML");
    let mut ids = Vec::new();
    let paths = doc.get("paths").and_then(Value::as_mapping).expect("paths");
    for (_, item) in paths {
        for (_, op) in item.as_mapping().into_iter().flatten() {
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                ids.push(id.to_owned());
            }
        }
    }
    ids
}

/// `CreateNewFactorPasskey` -> `create_new_factor_passkey`, written independently of the
/// generator's own naming.
fn snake_case(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            let after_word = prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
            let ends_acronym = prev.is_some_and(|p| p.is_ascii_uppercase())
                && next.is_some_and(|n| n.is_ascii_lowercase());
            if after_word || ends_acronym {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The distinct SID patterns (`^XX[0-9a-fA-F]{32}$`) written in the spec text.
fn sid_patterns(text: &str) -> BTreeSet<String> {
    const TAIL: &str = "[0-9a-fA-F]{32}$";
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices('^') {
        let rest = &text[i + 1..];
        let prefix = rest.get(..2).unwrap_or_default();
        if prefix.len() == 2
            && prefix.bytes().all(|b| b.is_ascii_uppercase())
            && rest[2..].starts_with(TAIL)
        {
            found.insert(format!("^{prefix}{TAIL}"));
        }
    }
    found
}

#[test]
fn the_full_spec_generates_every_operation() {
    let Some(text) = spec() else { return };
    let files = generate(&text, NAME).unwrap_or_else(|e| panic!("the full spec fails:\n{e}"));
    let client = file(&files, "client.rs");
    let ids = operation_ids(&text);
    assert_eq!(ids.len(), 57, "Verify v2 has 57 operations");
    let missing: Vec<String> = ids
        .iter()
        .map(|id| snake_case(id))
        .filter(|m| !client.contains(&format!("pub async fn {m}(")))
        .collect();
    assert!(missing.is_empty(), "no client method for: {missing:?}");
    assert_eq!(client.matches("pub async fn ").count(), 57);
}

#[test]
fn one_sid_type_per_sid_pattern() {
    let Some(text) = spec() else { return };
    let files = generate(&text, NAME).expect("the full spec generates");
    let types = file(&files, "types.rs");
    // `__runtime::sid!(ChallengeSid, ChallengeSidKind, "YC");`
    let sid_types: Vec<&str> = types
        .lines()
        .filter(|l| l.starts_with("__runtime::sid!("))
        .collect();
    for line in &sid_types {
        let name = line["__runtime::sid!(".len()..]
            .split(',')
            .next()
            .unwrap_or_default();
        assert!(name.ends_with("Sid"), "SID type names end in Sid: {line}");
    }
    let patterns = sid_patterns(&text);
    assert_eq!(
        sid_types.len(),
        patterns.len(),
        "SID types {sid_types:#?} for patterns {patterns:#?}"
    );
}

/// Top-level item names across the three files (they share one module), and method names
/// per type across its inherent `impl` blocks.
#[test]
fn no_two_items_share_a_name() {
    let Some(text) = spec() else { return };
    let files = generate(&text, NAME).expect("the full spec generates");
    let mut items: BTreeMap<String, usize> = BTreeMap::new();
    let mut methods: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in &files {
        let parsed = syn::parse_file(&f.content)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", f.name));
        for item in &parsed.items {
            let name = match item {
                syn::Item::Struct(i) => Some(i.ident.to_string()),
                syn::Item::Enum(i) => Some(i.ident.to_string()),
                syn::Item::Type(i) => Some(i.ident.to_string()),
                syn::Item::Const(i) => Some(i.ident.to_string()),
                syn::Item::Static(i) => Some(i.ident.to_string()),
                syn::Item::Fn(i) => Some(i.sig.ident.to_string()),
                syn::Item::Trait(i) => Some(i.ident.to_string()),
                syn::Item::Mod(i) => Some(i.ident.to_string()),
                // `sid!(Name, NameKind, "XX")` defines two items.
                syn::Item::Macro(m)
                    if m.mac.path.segments.last().is_some_and(|s| s.ident == "sid") =>
                {
                    let args = m.mac.tokens.to_string();
                    for name in args.split(',').take(2) {
                        *items.entry(name.trim().to_owned()).or_default() += 1;
                    }
                    None
                }
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    let syn::Type::Path(p) = &*i.self_ty else {
                        continue;
                    };
                    let owner = p.path.segments.last().map(|s| s.ident.to_string());
                    for it in &i.items {
                        if let syn::ImplItem::Fn(m) = it {
                            let key = (owner.clone().unwrap_or_default(), m.sig.ident.to_string());
                            *methods.entry(key).or_default() += 1;
                        }
                    }
                    None
                }
                _ => None,
            };
            if let Some(n) = name {
                *items.entry(n).or_default() += 1;
            }
        }
    }
    let twice: Vec<_> = items.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "items defined more than once: {twice:?}");
    let twice: Vec<_> = methods.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        twice.is_empty(),
        "methods defined more than once: {twice:?}"
    );
    // The generated client's own methods (defined by the runtime's `client!`) are counted
    // once for the client, so an operation that took one of their names would show above
    // as defined twice.
    for own in ["new", "builder", "from_env", "base_url", "core"] {
        assert_eq!(
            methods.get(&("Client".to_owned(), own.to_owned())),
            Some(&1),
            "Client::{own}"
        );
    }
    assert!(items.len() > 100, "the full spec yields many items");
}

#[test]
fn the_output_parses_and_is_deterministic() {
    let Some(text) = spec() else { return };
    let first = generate(&text, NAME).expect("the full spec generates");
    let second = generate(&text, NAME).expect("the full spec generates");
    assert_eq!(first.len(), 4);
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.name, b.name);
        assert!(
            a.content == b.content,
            "{} differs between two runs",
            a.name
        );
        syn::parse_file(&a.content).unwrap_or_else(|e| panic!("{} does not parse: {e}", a.name));
    }
}

#[test]
fn the_independent_snake_case_agrees_with_rust_style() {
    assert_eq!(
        snake_case("CreateNewFactorPasskey"),
        "create_new_factor_passkey"
    );
    assert_eq!(
        snake_case("FetchVerificationAttemptsSummary"),
        "fetch_verification_attempts_summary"
    );
    assert_eq!(snake_case("ListSMSCode"), "list_sms_code");
}

/// Twilio publishes the spec as JSON too (next to the YAML): read as JSON, it generates the
/// same code, the header lines naming the spec and its hash aside.
#[test]
fn the_json_twin_generates_the_same_code() {
    let Some(yaml) = spec() else { return };
    let path = std::env::var("TWILIO_VERIFY_SPEC").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/specs/twilio_verify_v2.yaml"
        )
        .to_owned()
    });
    let Some(json_path) = path.strip_suffix(".yaml").map(|p| format!("{p}.json")) else {
        eprintln!("skipped: {path} does not end with .yaml");
        return;
    };
    let Ok(json) = std::fs::read_to_string(&json_path) else {
        eprintln!("skipped: no JSON twin at {json_path}");
        return;
    };
    let strip = |files: Vec<File>| -> Vec<(String, String)> {
        files
            .into_iter()
            .map(|f| {
                let body: Vec<&str> = f
                    .content
                    .lines()
                    .filter(|l| {
                        !l.starts_with("// @generated by") && !l.starts_with("// spec sha256:")
                    })
                    .collect();
                (f.name, body.join("\n"))
            })
            .collect()
    };
    let from_yaml = strip(generate(&yaml, NAME).expect("the YAML generates"));
    let from_json = strip(generate(&json, "twilio_verify_v2.json").expect("the JSON generates"));
    assert!(
        from_yaml == from_json,
        "the YAML and the JSON spec generate different code"
    );
}
