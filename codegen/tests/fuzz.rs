//! Fuzzing without panics: `generate()` on random specs must return `Ok` or `Err`, never
//! panic; when it returns `Ok` every file parses with `syn` and a second run gives the same
//! bytes.
//!
//! Two sources of specs:
//!
//! * a grammar of plausible OpenAPI pieces (paths with random parameters and methods,
//!   schemas with random types, formats, patterns, enums and references, dangling and
//!   cyclic ones included, names with dots, dashes, keywords, digits and non-ASCII text);
//! * mutations of a copy of our fragment (`tests/fixtures/challenges.yaml`): a node deleted, a node
//!   replaced by a scalar of another type or by another node, a key renamed, a line
//!   duplicated (duplicate keys).
//!
//! The default numbers of cases (128 random specs, 64 mutations: generating the fragment
//! takes tens of milliseconds in a debug build) keep `cargo test` fast; raise them with
//! `PROPTEST_CASES`:
//!
//! ```text
//! PROPTEST_CASES=200000 cargo test -p twilio-openapi-codegen --test fuzz -- --nocapture
//! ```

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_yaml::{Mapping, Value};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use twilio_openapi_codegen::generate;

// ---------------------------------------------------------------- the property

#[derive(Default)]
struct Tally {
    ok: AtomicU64,
    err: AtomicU64,
}

/// Runs `generate` twice on `text` and checks everything the generator promises.
fn check(text: &str, tally: &Tally) -> Result<(), TestCaseError> {
    let run = || catch_unwind(AssertUnwindSafe(|| generate(text, "fuzz.yaml")));
    let first = run().map_err(|p| TestCaseError::fail(format!("panicked: {}", panic_text(&p))))?;
    let second = run().map_err(|p| TestCaseError::fail(format!("panicked: {}", panic_text(&p))))?;
    prop_assert_eq!(&first, &second, "two runs on one spec differ");
    match first {
        Ok(files) => {
            tally.ok.fetch_add(1, Ordering::Relaxed);
            prop_assert_eq!(files.len(), 4);
            for f in &files {
                if let Err(e) = syn::parse_file(&f.content) {
                    return Err(TestCaseError::fail(format!(
                        "{} does not parse: {e}\n{}",
                        f.name, f.content
                    )));
                }
            }
        }
        Err(e) => {
            tally.err.fetch_add(1, Ordering::Relaxed);
            prop_assert!(!e.diagnostics.is_empty(), "an error without diagnostics");
            for d in &e.diagnostics {
                prop_assert!(
                    d.pointer.is_empty() || d.pointer.starts_with('/'),
                    "not a JSON pointer: {:?}",
                    d.pointer
                );
                prop_assert!(!d.message.trim().is_empty(), "an empty message");
                prop_assert!(
                    !d.message.contains("internal error"),
                    "the generator failed on its own output: {}",
                    d.message
                );
            }
        }
    }
    Ok(())
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// `cases` unless PROPTEST_CASES says otherwise. Failures are printed, not persisted.
fn config(cases: u32) -> Config {
    let mut config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

fn run<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    to_text: impl Fn(S::Value) -> Option<String>,
) {
    let tally = Tally::default();
    let mut runner = TestRunner::new(config(cases));
    let started = Instant::now();
    let result = runner.run(&strategy, |value| {
        let checked = match to_text(value) {
            Some(text) => check(&text, &tally),
            None => Ok(()),
        };
        // A line every 10,000 specs, for long runs.
        let done = tally.ok.load(Ordering::Relaxed) + tally.err.load(Ordering::Relaxed);
        if done % 10_000 == 0 && checked.is_ok() {
            eprintln!(
                "{name}: {done} specs so far, {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
        checked
    });
    let (ok, err) = (tally.ok.into_inner(), tally.err.into_inner());
    eprintln!(
        "{name}: {} specs generated ({ok} Ok, {err} Err) in {:.1} s",
        ok + err,
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn random_specs_never_panic() {
    run("random specs", 128, document(), |doc| {
        serde_yaml::to_string(&doc).ok()
    });
}

#[test]
fn mutated_fragment_never_panics() {
    let fragment = fragment();
    run("mutated fragment", 64, mutations(), move |muts| {
        let mut doc = fragment.clone();
        let mut duplicate_line = None;
        for m in muts {
            match m {
                Mutation::DuplicateLine(i) => duplicate_line = Some(i),
                m => apply(&mut doc, m),
            }
        }
        let text = serde_yaml::to_string(&doc).ok()?;
        Some(match duplicate_line {
            Some(i) => duplicate_a_key_line(&text, i),
            None => text,
        })
    });
}

/// The case the fuzzer starts from must itself pass, or the mutations test nothing.
#[test]
fn the_unmutated_fragment_generates() {
    let text = serde_yaml::to_string(&fragment()).unwrap();
    check(&text, &Tally::default()).unwrap();
    assert!(generate(&text, "fuzz.yaml").is_ok());
}

/// Deep specs: chains of components of random length, each holding the next in a random
/// way, sometimes closing into a cycle, beside inline nesting of random depth (past the
/// limits too). However deep, `generate` returns, in a debug build, on a test thread.
#[test]
fn deep_specs_never_panic() {
    run("deep specs", 24, deep_spec(), Some);
}

// ---------------------------------------------------------------- deep specs

/// How a component of a deep chain holds the next one.
#[derive(Debug, Clone, Copy)]
enum Link {
    /// An object property.
    Property,
    /// The items of an array property.
    Items,
    /// A single `allOf` property.
    AllOf,
    /// The values of a map property.
    Map,
    /// The component is a reference to the next one.
    RefAlias,
    /// The component is a single `allOf` of the next one.
    AllOfAlias,
    /// The component is an array of the next one.
    ArrayAlias,
}

const LINKS: &[Link] = &[
    Link::Property,
    Link::Items,
    Link::AllOf,
    Link::Map,
    Link::RefAlias,
    Link::AllOfAlias,
    Link::ArrayAlias,
];

/// `inner` inside inline objects (`true`) and arrays (`false`), innermost last.
fn nest(inner: String, layers: &[bool]) -> String {
    layers.iter().rev().fold(inner, |s, object| {
        if *object {
            format!("{{type: object, properties: {{w: {s}}}}}")
        } else {
            format!("{{type: array, items: {s}}}")
        }
    })
}

fn deep_spec() -> BoxedStrategy<String> {
    let link = (select(LINKS), prop::collection::vec(any::<bool>(), 0..3));
    (
        prop::collection::vec(link, 1..300),
        prop::option::weighted(0.2, any::<Index>()),
        prop::collection::vec(any::<bool>(), 0..32),
        any::<bool>(),
    )
        .prop_map(|(links, back, inline, operations)| {
            let n = links.len();
            let mut text =
                String::from("openapi: 3.0.3\ninfo: {title: Deep, version: '1'}\npaths:");
            if operations {
                let c0 = "{$ref: '#/components/schemas/c0'}";
                text.push_str(&format!(
                    "\n  /v1/Things:\n    post:\n      operationId: CreateThing\n      \
                     requestBody: {{content: {{application/json: {{schema: {c0}}}}}}}\n      \
                     responses: {{'200': {{description: Ok, content: {{application/json: \
                     {{schema: {c0}}}}}}}}}\n"
                ));
            } else {
                text.push_str(" {}\n");
            }
            text.push_str("components:\n  schemas:\n");
            text.push_str(&format!(
                "    deep: {}\n",
                nest("{type: string}".into(), &inline)
            ));
            for (i, (link, layers)) in links.iter().enumerate() {
                let next = match (i + 1 < n, back) {
                    (true, _) => Some(i + 1),
                    (false, Some(j)) => Some(j.index(n)),
                    (false, None) => None,
                };
                let schema = match next {
                    None => "{type: object, properties: {code: {type: string, maxLength: 8}}}"
                        .to_owned(),
                    Some(next) => {
                        let r = format!("{{$ref: '#/components/schemas/c{next}'}}");
                        let held = nest(r.clone(), layers);
                        let property =
                            |s: String| format!("{{type: object, properties: {{next: {s}}}}}");
                        match link {
                            Link::Property => property(held),
                            Link::Items => property(format!("{{type: array, items: {held}}}")),
                            Link::AllOf => property(format!("{{allOf: [{held}]}}")),
                            Link::Map => {
                                property(format!("{{type: object, additionalProperties: {held}}}"))
                            }
                            Link::RefAlias => r,
                            Link::AllOfAlias => format!("{{allOf: [{r}]}}"),
                            Link::ArrayAlias => format!("{{type: array, items: {held}}}"),
                        }
                    }
                };
                text.push_str(&format!("    c{i}: {schema}\n"));
            }
            text
        })
        .boxed()
}

// ---------------------------------------------------------------- the grammar
//
// Every strategy takes `wild`. When it is false only what the generator supports is drawn,
// so that most specs generate and the emitters get exercised; when it is true defects are
// drawn too (dangling, foreign and cyclic references, unknown types, invalid patterns,
// `oneOf`, cookies, malformed templates, non-finite numbers, ...). Names are hostile in
// both modes.

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn obj(pairs: Vec<(String, Value)>) -> Value {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert(Value::String(k), v);
    }
    Value::Mapping(m)
}

/// Adds `key: value` when the value is there.
fn put(pairs: &mut Vec<(String, Value)>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        pairs.push((key.to_owned(), v));
    }
}

/// A weighted choice among strategies, some of which may be left out.
fn one_of<T: std::fmt::Debug + 'static>(
    arms: Vec<(u32, Option<BoxedStrategy<T>>)>,
) -> BoxedStrategy<T> {
    let arms: Vec<(u32, BoxedStrategy<T>)> = arms
        .into_iter()
        .filter_map(|(w, s)| s.map(|s| (w, s)))
        .collect();
    proptest::strategy::Union::new_weighted(arms).boxed()
}

fn when<T>(cond: bool, s: impl Strategy<Value = T> + 'static) -> Option<BoxedStrategy<T>>
where
    T: std::fmt::Debug,
{
    cond.then(|| s.boxed())
}

/// `Some` with probability `p` (which may be 1).
fn maybe<T: std::fmt::Debug + Clone + 'static>(
    p: f64,
    s: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Option<T>> {
    if p >= 1.0 {
        s.prop_map(Some).boxed()
    } else if p <= 0.0 {
        Just(None).boxed()
    } else {
        prop::option::weighted(p, s).boxed()
    }
}

/// A clean value, or in a wild spec sometimes (one time in `odds`) a defect.
fn pool_odds(
    wild: bool,
    odds: u32,
    clean: &'static [&'static str],
    defects: &'static [&'static str],
) -> BoxedStrategy<&'static str> {
    if wild {
        prop_oneof![odds - 1 => select(clean), 1 => select(defects)].boxed()
    } else {
        select(clean).boxed()
    }
}

fn pool(
    wild: bool,
    clean: &'static [&'static str],
    defects: &'static [&'static str],
) -> BoxedStrategy<&'static str> {
    if wild {
        prop_oneof![3 => select(clean), 1 => select(defects)].boxed()
    } else {
        select(clean).boxed()
    }
}

/// Names chosen to stress naming: keywords, digits, separators, non-ASCII, names the
/// generated code or the runtime already uses, and names that collide once cased.
const NAMES: &[&str] = &[
    "Sid",
    "sid",
    "thing",
    "Thing",
    "verify.v2.service.thing",
    "thing_enum_statuses",
    "_enum_",
    "a-b",
    "a.b.c",
    "..",
    "type",
    "self",
    "Self",
    "fn",
    "crate",
    "super",
    "3ds",
    "_",
    "",
    " ",
    "é",
    "名前",
    "x²",
    "٣",
    "\u{301}a",
    "Details.Fields",
    "meta",
    "next_page_url",
    "Unknown",
    "unknown",
    "new",
    "validate",
    "execute",
    "paginate",
    "Request",
    "Operation",
    "Error",
    "String",
    "Option",
    "Default",
    "ThingSid",
    "ThingSidKind",
    "FetchThing",
    "fetch_thing",
    "FetchThingStream",
    "in-progress",
    "~1",
    "a/b",
    "{x}",
    "$ref",
];

fn name() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(NAMES).prop_map(str::to_owned),
        2 => "[a-zA-Z0-9_.\\-]{0,10}",
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ]
    .boxed()
}

/// Component schema names. A clean spec defines a prefix of this list, and a component
/// refers only to components before it (no cycles); a wild one refers to any name.
const COMPONENTS: &[&str] = &[
    "A",
    "verify.v2.thing",
    "x_enum_ys",
    "verify.v2.thing.sub",
    "Sid",
    "é",
    "B",
];

fn reference(wild: bool, targets: &'static [&'static str]) -> Option<BoxedStrategy<String>> {
    let good = (!targets.is_empty()).then(|| {
        select(targets)
            .prop_map(|n| format!("#/components/schemas/{n}"))
            .boxed()
    });
    let bad = select(
        &[
            "#/components/schemas/missing",
            "other.yaml#/components/schemas/A",
            "#/components/parameters/P",
            "#/components/schemas/A/properties/x",
            "#",
            "",
        ][..],
    )
    .prop_map(str::to_owned);
    (wild || !targets.is_empty()).then(|| one_of(vec![(6, good), (1, when(wild, bad))]))
}

const SID_PREFIXES: &[&str] = &["VA", "YC", "AC", "YF", "NT", "AB"];

fn pattern(wild: bool) -> BoxedStrategy<String> {
    let sid = select(SID_PREFIXES).prop_map(|p| format!("^{p}[0-9a-fA-F]{{32}}$"));
    let valid = select(
        &[
            "^[a-z]+$",
            "^\\d{3}$",
            "[[:alpha:]]+",
            "^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$",
            "",
            "\"quoted\"",
            "\\\\",
        ][..],
    )
    .prop_map(str::to_owned);
    let defects = select(
        &[
            "((",
            "\\p{L}+",
            "(?<n>x)\\k<n>",
            "^VA[0-9a-fA-F]{32}",
            "^zz[0-9a-fA-F]{32}$",
        ][..],
    )
    .prop_map(str::to_owned);
    one_of(vec![
        (4, Some(sid.boxed())),
        (3, Some(valid.boxed())),
        (2, when(wild, defects)),
        (1, when(wild, "[ -~]{0,6}")),
    ])
}

fn number(wild: bool) -> BoxedStrategy<Value> {
    let odd = select(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY][..]).prop_map(Value::from);
    one_of(vec![
        (40, Some((-5i64..2000).prop_map(Value::from).boxed())),
        (5, Some(any::<i64>().prop_map(Value::from).boxed())),
        (5, Some(any::<u64>().prop_map(Value::from).boxed())),
        (5, Some(any::<f64>().prop_map(Value::from).boxed())),
        (
            5,
            Some(
                select(&[1e300, -0.0, 0.5, -1e300][..])
                    .prop_map(Value::from)
                    .boxed(),
            ),
        ),
        (1, when(wild, odd)),
    ])
}

/// A `minLength`, `maxLength` or `maxItems`: a count, or in a wild spec any number.
fn count(wild: bool) -> BoxedStrategy<Value> {
    let counts = prop_oneof![4 => (0u64..300).prop_map(Value::from), 1 => any::<u32>().prop_map(Value::from)];
    if wild {
        prop_oneof![10 => counts, 1 => number(true)].boxed()
    } else {
        counts.boxed()
    }
}

/// A `minimum` or `maximum`: an integer (valid for every numeric type), or in a wild spec
/// any number.
fn bound(wild: bool) -> BoxedStrategy<Value> {
    let ints = prop_oneof![
        4 => (-5i64..2000).prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(Value::from(i64::MAX)),
        1 => Just(Value::from(i64::MIN)),
    ];
    if wild {
        prop_oneof![10 => ints, 1 => number(true)].boxed()
    } else {
        ints.boxed()
    }
}

fn enumeration(wild: bool) -> BoxedStrategy<Value> {
    let strings =
        prop::collection::vec(name().prop_map(Value::String), 0..5).prop_map(Value::Sequence);
    let with_null = Just(Value::Sequence(vec![Value::Null, s("a")]));
    let numbers = prop::collection::vec(number(false), 1..3).prop_map(Value::Sequence);
    let mixed = Just(Value::Sequence(vec![s("a"), Value::Bool(true)]));
    one_of(vec![
        (5, Some(strings.boxed())),
        (1, Some(with_null.boxed())),
        (1, when(wild, numbers)),
        (1, when(wild, mixed)),
    ])
}

fn leaf_schema(wild: bool, targets: &'static [&'static str]) -> BoxedStrategy<Value> {
    let keywords = (
        prop::option::weighted(
            0.9,
            pool(
                wild,
                &[
                    "string", "string", "string", "integer", "number", "boolean", "object", "array",
                ],
                &["strin", "null", "", "file"],
            ),
        ),
        prop::option::weighted(
            0.3,
            pool(
                wild,
                &[
                    "date-time",
                    "date",
                    "int32",
                    "int64",
                    "uri",
                    "uri-map",
                    "byte",
                    "password",
                    "float",
                ],
                &["binary"],
            ),
        ),
        prop::option::weighted(0.3, pattern(wild)),
        prop::option::weighted(0.25, enumeration(wild)),
        prop::option::weighted(0.2, count(wild)),
        prop::option::weighted(0.2, count(wild)),
        prop::option::weighted(0.2, bound(wild)),
        prop::option::weighted(0.2, bound(wild)),
        prop::option::of(any::<bool>()),
        prop::option::weighted(0.1, any::<bool>()),
        prop::option::weighted(0.2, name()),
    );
    let typed = keywords.prop_map(
        |(typ, format, pattern, en, min_len, max_len, min, max, nullable, excl, doc)| {
            let mut p = Vec::new();
            put(&mut p, "type", typ.map(s));
            put(&mut p, "format", format.map(s));
            put(&mut p, "pattern", pattern.map(Value::String));
            put(&mut p, "enum", en);
            put(&mut p, "minLength", min_len);
            put(&mut p, "maxLength", max_len);
            put(&mut p, "minimum", min);
            put(&mut p, "maximum", max);
            put(&mut p, "nullable", nullable.map(Value::Bool));
            put(&mut p, "exclusiveMinimum", excl.map(Value::Bool));
            put(&mut p, "description", doc.map(Value::String));
            obj(p)
        },
    );
    let by_ref = reference(wild, targets).map(|r| {
        r.prop_map(|r| obj(vec![("$ref".into(), Value::String(r))]))
            .boxed()
    });
    one_of(vec![
        (6, Some(typed.boxed())),
        (3, by_ref),
        (1, Some(Just(obj(vec![])).boxed())),
    ])
}

fn object_schema(wild: bool, inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let props = prop::collection::vec((name(), inner.clone(), any::<bool>()), 0..5);
    let stray_required = if wild {
        prop::collection::vec(name(), 0..2).boxed()
    } else {
        Just(Vec::new()).boxed()
    };
    let additional =
        prop::option::weighted(0.3, prop_oneof![any::<bool>().prop_map(Value::Bool), inner]);
    (
        props,
        stray_required,
        additional,
        prop::option::of(name()),
        any::<bool>(),
    )
        .prop_map(|(props, stray, additional, title, typed)| {
            let mut required: Vec<Value> = props
                .iter()
                .filter(|(_, _, r)| *r)
                .map(|(n, _, _)| Value::String(n.clone()))
                .collect();
            required.extend(stray.into_iter().map(Value::String));
            let mut p = Vec::new();
            if typed || props.is_empty() {
                p.push(("type".into(), s("object")));
            }
            put(&mut p, "title", title.map(Value::String));
            if !required.is_empty() {
                p.push(("required".into(), Value::Sequence(required)));
            }
            p.push((
                "properties".into(),
                obj(props.into_iter().map(|(n, v, _)| (n, v)).collect()),
            ));
            put(&mut p, "additionalProperties", additional);
            obj(p)
        })
        .boxed()
}

fn page_schema(item: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    item.prop_map(|item| {
        let string = obj(vec![("type".into(), s("string"))]);
        let meta = obj(vec![
            ("type".into(), s("object")),
            (
                "properties".into(),
                obj(vec![
                    ("next_page_url".into(), string.clone()),
                    ("key".into(), string),
                ]),
            ),
        ]);
        let items = obj(vec![("type".into(), s("array")), ("items".into(), item)]);
        obj(vec![
            ("type".into(), s("object")),
            (
                "properties".into(),
                obj(vec![("things".into(), items), ("meta".into(), meta)]),
            ),
        ])
    })
    .boxed()
}

fn schema(wild: bool, targets: &'static [&'static str]) -> BoxedStrategy<Value> {
    leaf_schema(wild, targets)
        .prop_recursive(4, 32, 4, move |inner| {
            let array = (inner.clone(), prop::option::of(count(wild))).prop_map(|(items, max)| {
                let mut p = vec![("type".into(), s("array")), ("items".into(), items)];
                put(&mut p, "maxItems", max);
                obj(p)
            });
            let wrap = inner
                .clone()
                .prop_map(|v| obj(vec![("allOf".into(), Value::Sequence(vec![v]))]));
            let compose = (
                select(&["allOf", "oneOf", "anyOf"][..]),
                prop::collection::vec(inner.clone(), 1..3),
            )
                .prop_map(|(kw, items)| obj(vec![(kw.into(), Value::Sequence(items))]));
            let map = inner.clone().prop_map(|v| {
                obj(vec![
                    ("type".into(), s("object")),
                    ("additionalProperties".into(), v),
                ])
            });
            let not = inner.clone().prop_map(|v| obj(vec![("not".into(), v)]));
            one_of(vec![
                (4, Some(object_schema(wild, inner.clone()))),
                (2, Some(array.boxed())),
                (1, Some(wrap.boxed())),
                (1, Some(map.boxed())),
                (1, Some(page_schema(inner))),
                (1, when(wild, compose)),
                (1, when(wild, not)),
            ])
        })
        .boxed()
}

/// Path parameter names: a small pool so that placeholders and parameters often match.
const PARAMS: &[&str] = &[
    "Sid",
    "ServiceSid",
    "Identity",
    "sid",
    "x",
    "é",
    "type",
    "new",
];

fn pii(p: &mut Vec<(String, Value)>) {
    p.push((
        "x-twilio".into(),
        obj(vec![(
            "pii".into(),
            obj(vec![("handling".into(), s("standard"))]),
        )]),
    ));
}

/// A parameter of any kind (wild), or a query or header parameter (clean).
fn parameter(wild: bool, targets: &'static [&'static str]) -> BoxedStrategy<Value> {
    let places = pool(
        wild,
        &["query", "query", "header"],
        &["path", "path", "cookie"],
    );
    let inline = (
        prop_oneof![3 => select(PARAMS).prop_map(str::to_owned), 1 => name()],
        places,
        prop::option::weighted(0.8, any::<bool>()),
        schema(wild, targets),
        prop::option::weighted(0.1, explode(wild)),
        any::<bool>(),
    )
        .prop_map(|(name, place, required, schema, explode, with_pii)| {
            let mut p = vec![
                ("name".into(), Value::String(name)),
                ("in".into(), s(place)),
            ];
            put(&mut p, "required", required.map(Value::Bool));
            p.push(("schema".into(), schema));
            put(&mut p, "explode", explode.map(Value::Bool));
            if with_pii {
                pii(&mut p);
            }
            obj(p)
        });
    let by_ref = select(&["P", "Q", "missing"][..]).prop_map(|n| {
        obj(vec![(
            "$ref".into(),
            s(&format!("#/components/parameters/{n}")),
        )])
    });
    one_of(vec![(5, Some(inline.boxed())), (1, when(wild, by_ref))])
}

/// An `explode` value: `false` is a defect. (No `prop_filter` anywhere: proptest counts
/// rejects over a whole run and gives up on long runs.)
fn explode(wild: bool) -> BoxedStrategy<bool> {
    if wild {
        any::<bool>().boxed()
    } else {
        Just(true).boxed()
    }
}

/// A scalar schema for a path parameter.
fn path_schema() -> BoxedStrategy<Value> {
    let scalar = (
        select(&["string", "string", "integer", "number", "boolean"][..]),
        prop::option::weighted(
            0.3,
            select(&["date-time", "date", "int32", "int64", "uri", "byte"][..]),
        ),
        prop::option::weighted(0.3, pattern(false)),
        prop::option::weighted(0.25, enumeration(false)),
        prop::option::weighted(0.2, count(false)),
    )
        .prop_map(|(typ, format, pattern, en, max_len)| {
            let mut p = vec![("type".into(), s(typ))];
            put(&mut p, "format", format.map(s));
            if typ == "string" {
                put(&mut p, "pattern", pattern.map(Value::String));
                put(&mut p, "enum", en);
                put(&mut p, "maxLength", max_len);
            }
            obj(p)
        });
    prop_oneof![
        2 => select(SID_PREFIXES).prop_map(|p| obj(vec![
            ("type".into(), s("string")),
            ("pattern".into(), s(&format!("^{p}[0-9a-fA-F]{{32}}$"))),
        ])),
        2 => scalar,
    ]
    .boxed()
}

/// A path template and, in a clean spec, the path parameters it needs.
fn template(wild: bool) -> BoxedStrategy<(String, Vec<Value>)> {
    let literal = "[A-Za-z]{1,6}".boxed();
    let placeholder = select(PARAMS).prop_map(|p| format!("{{{p}}}")).boxed();
    let broken = select(&["{", "{}", "}", "{a}{b}", "{{x}}"][..]).prop_map(str::to_owned);
    let segment = one_of(vec![
        (4, Some(literal)),
        (3, Some(placeholder)),
        (1, when(wild, broken)),
    ]);
    prop::collection::vec(segment, 1..5)
        .prop_flat_map(move |segs| {
            let path = format!("/{}", segs.join("/"));
            let mut names: Vec<String> = segs
                .iter()
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
                .filter(|n| !n.contains(['{', '}']))
                .map(str::to_owned)
                .collect();
            names.sort();
            names.dedup();
            if wild {
                names.clear();
            }
            let params: Vec<BoxedStrategy<Value>> = names
                .into_iter()
                .map(|n| {
                    (path_schema(), any::<bool>())
                        .prop_map(move |(schema, with_pii)| {
                            let mut p = vec![
                                ("name".into(), Value::String(n.clone())),
                                ("in".into(), s("path")),
                                ("required".into(), Value::Bool(true)),
                                ("schema".into(), schema),
                            ];
                            if with_pii {
                                pii(&mut p);
                            }
                            obj(p)
                        })
                        .boxed()
                })
                .collect();
            (Just(path), params)
        })
        .boxed()
}

fn request_body(wild: bool, targets: &'static [&'static str]) -> BoxedStrategy<Value> {
    let types = pool(
        wild,
        &[
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded",
            "application/json",
            "application/x-www-form-urlencoded; charset=utf-8",
        ],
        &["multipart/form-data", "text/plain"],
    );
    let encoding = (
        prop::option::of(explode(wild)),
        prop::option::of(pool(wild, &["form"], &["deepObject", "spaceDelimited"])),
        prop::option::of(pool(
            wild,
            &["application/json", "text/plain"],
            &["image/png"],
        )),
    );
    let inner = schema(wild, targets);
    let body_schema = if wild {
        inner
    } else {
        object_schema(false, inner)
    };
    (
        types,
        body_schema,
        prop::collection::vec(
            (maybe(if wild { 0.2 } else { 0.0 }, name()), encoding),
            0..3,
        ),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(ct, schema, encodings, required)| {
            let props: Vec<String> = schema
                .get("properties")
                .and_then(Value::as_mapping)
                .map(|m| {
                    m.keys()
                        .filter_map(|k| k.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let mut enc = Vec::new();
            for (i, (stray, (explode, style, ct))) in encodings.into_iter().enumerate() {
                // A property of the body, or (wild only: `name` is drawn then) another name.
                let Some(target) = stray.or_else(|| props.get(i).cloned()) else {
                    continue;
                };
                let mut p = Vec::new();
                put(&mut p, "explode", explode.map(Value::Bool));
                put(&mut p, "style", style.map(s));
                put(&mut p, "contentType", ct.map(s));
                enc.push((target, obj(p)));
            }
            let mut media = vec![("schema".into(), schema)];
            if !enc.is_empty() {
                media.push(("encoding".into(), obj(enc)));
            }
            let mut p = vec![("content".into(), obj(vec![(ct.into(), obj(media))]))];
            put(&mut p, "required", required.map(Value::Bool));
            obj(p)
        })
        .boxed()
}

fn responses(wild: bool, targets: &'static [&'static str]) -> BoxedStrategy<Value> {
    let one = |codes: BoxedStrategy<&'static str>| {
        (
            codes,
            prop::option::weighted(
                0.7,
                (
                    pool(
                        wild,
                        &["application/json", "application/json; charset=utf-8"],
                        &["text/csv"],
                    ),
                    prop::option::weighted(0.9, schema(wild, targets)),
                ),
            ),
        )
            .prop_map(|(code, content)| {
                let mut p = vec![("description".into(), s("d"))];
                if let Some((ct, schema)) = content {
                    let mut media = Vec::new();
                    put(&mut media, "schema", schema);
                    p.push(("content".into(), obj(vec![(ct.into(), obj(media))])));
                }
                (code.to_owned(), obj(p))
            })
    };
    let success = one(select(&["200", "201", "204", "2XX", "299"][..]).boxed());
    let other = one(select(&["404", "default", "500"][..]).boxed());
    let count = if wild { 0..3usize } else { 0..2usize };
    (
        maybe(if wild { 0.7 } else { 1.0 }, success),
        prop::collection::vec(other, count),
    )
        .prop_map(|(success, others)| obj(success.into_iter().chain(others).collect()))
        .boxed()
}

const OPERATION_IDS: &[&str] = &[
    "FetchThing",
    "fetch_thing",
    "ListThing",
    "ListThingStream",
    "list_thing_stream",
    "CreateThing",
    "Execute",
    "New",
    "BaseUrl",
    "3d",
    "type",
    "Ünï",
    "a.b",
];

fn operation(wild: bool, targets: &'static [&'static str]) -> BoxedStrategy<Value> {
    let id = prop_oneof![
        3 => select(OPERATION_IDS).prop_map(str::to_owned),
        1 => name(),
    ];
    (
        maybe(if wild { 0.95 } else { 1.0 }, id),
        prop::collection::vec(parameter(wild, targets), 0..4),
        prop::option::weighted(0.4, request_body(wild, targets)),
        responses(wild, targets),
        prop::option::of(name()),
        prop::option::weighted(0.1, any::<bool>()),
    )
        .prop_map(|(id, params, body, responses, summary, deprecated)| {
            let mut p = Vec::new();
            put(&mut p, "operationId", id.map(Value::String));
            put(&mut p, "summary", summary.map(Value::String));
            if !params.is_empty() {
                p.push(("parameters".into(), Value::Sequence(params)));
            }
            put(&mut p, "requestBody", body);
            p.push(("responses".into(), responses));
            put(&mut p, "deprecated", deprecated.map(Value::Bool));
            obj(p)
        })
        .boxed()
}

fn path_item(wild: bool, targets: &'static [&'static str]) -> BoxedStrategy<(String, Value)> {
    let methods = pool(
        wild,
        &["get", "get", "post", "post", "put", "patch", "delete"],
        &["head", "options", "GET"],
    );
    let extra = if wild {
        prop::collection::vec(parameter(true, targets), 0..2).boxed()
    } else {
        Just(Vec::new()).boxed()
    };
    (
        template(wild),
        extra,
        prop::collection::vec((methods, operation(wild, targets)), 1..3),
    )
        .prop_map(|((path, mut params), extra, ops)| {
            params.extend(extra);
            let mut p = Vec::new();
            if !params.is_empty() {
                p.push(("parameters".into(), Value::Sequence(params)));
            }
            for (m, op) in ops {
                p.push((m.to_owned(), op));
            }
            (path, obj(p))
        })
        .boxed()
}

fn security(wild: bool) -> BoxedStrategy<Value> {
    pool(wild, &["basic", "Basic"], &["bearer", "apiKey"])
        .prop_map(|kind| {
            let scheme = match kind {
                "apiKey" => obj(vec![
                    ("type".into(), s("apiKey")),
                    ("in".into(), s("header")),
                    ("name".into(), s("X-Key")),
                ]),
                other => obj(vec![
                    ("type".into(), s("http")),
                    ("scheme".into(), s(other)),
                ]),
            };
            obj(vec![("auth".into(), scheme)])
        })
        .boxed()
}

/// Makes the `operationId`s of a clean spec unique (names that collide once cased stay).
fn unique_operation_ids(doc: &mut Value) {
    let mut seen = std::collections::BTreeSet::new();
    let Some(Value::Mapping(paths)) = doc.get_mut("paths") else {
        return;
    };
    for (_, item) in paths.iter_mut() {
        let Value::Mapping(item) = item else { continue };
        for (_, op) in item.iter_mut() {
            let Some(Value::String(id)) = op.get_mut("operationId") else {
                continue;
            };
            if id.trim().is_empty() {
                *id = "Unnamed".to_owned();
            }
            let base = id.clone();
            let mut n = 2;
            while !seen.insert(id.clone()) {
                *id = format!("{base}{n}");
                n += 1;
            }
        }
    }
}

fn document() -> BoxedStrategy<Value> {
    prop_oneof![document_of(false), document_of(true)].boxed()
}

fn document_of(wild: bool) -> BoxedStrategy<Value> {
    // How many of COMPONENTS a clean spec defines; component i refers to those before it.
    let defined = if wild {
        Just(COMPONENTS.len()).boxed()
    } else {
        (0..=COMPONENTS.len()).boxed()
    };
    defined
        .prop_flat_map(move |k| {
            let schemas: Vec<BoxedStrategy<(usize, Value)>> = (0..k)
                .map(|i| {
                    let targets = if wild { COMPONENTS } else { &COMPONENTS[..i] };
                    let keep = if wild {
                        prop::bool::weighted(0.6).boxed()
                    } else {
                        Just(true).boxed()
                    };
                    (keep, schema(wild, targets))
                        .prop_map(move |(keep, v)| (if keep { i } else { usize::MAX }, v))
                        .boxed()
                })
                .collect();
            let targets = if wild { COMPONENTS } else { &COMPONENTS[..k] };
            (
                pool_odds(wild, 30, &["3.0.1", "3.0.3", "3.0"], &["3.1.0", "2.0", "3"]),
                prop::option::of("https://[a-z]{1,8}\\.example(/[a-z]{0,3})?/?"),
                prop::collection::vec(path_item(wild, targets), 0..4),
                schemas,
                prop::collection::vec((select(&["P", "Q"][..]), parameter(wild, targets)), 0..2),
                prop::option::weighted(0.3, security(wild)),
            )
        })
        .prop_map(move |(version, server, paths, schemas, params, security)| {
            let schemas = schemas
                .into_iter()
                .filter(|(i, _)| *i != usize::MAX)
                .map(|(i, v)| (COMPONENTS[i].to_owned(), v))
                .collect();
            let mut components = vec![
                ("schemas".to_owned(), obj(schemas)),
                (
                    "parameters".to_owned(),
                    obj(params.into_iter().map(|(n, v)| (n.to_owned(), v)).collect()),
                ),
            ];
            put(&mut components, "securitySchemes", security);
            let mut p = vec![
                ("openapi".into(), s(version)),
                (
                    "info".into(),
                    obj(vec![
                        ("title".into(), s("Fuzz")),
                        ("version".into(), s("1")),
                    ]),
                ),
            ];
            if let Some(url) = server {
                p.push((
                    "servers".into(),
                    Value::Sequence(vec![obj(vec![("url".into(), Value::String(url))])]),
                ));
            }
            p.push(("paths".into(), obj(paths)));
            p.push(("components".into(), obj(components)));
            let mut doc = obj(p);
            if !wild {
                unique_operation_ids(&mut doc);
            }
            doc
        })
        .boxed()
}

// ---------------------------------------------------------------- mutations of the fragment

fn fragment() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/challenges.yaml"
    );
    let text = std::fs::read_to_string(path).expect("the fragment is readable");
    serde_yaml::from_str(&text).expect("the fragment is YAML")
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Removes the n-th node (in pre-order) from its parent.
    Delete(Index),
    /// Replaces the n-th node by a scalar or an empty collection.
    Replace(Index, Value),
    /// Replaces the n-th node by a copy of the m-th.
    CopyOver(Index, Index),
    /// Renames the key of the n-th node.
    RenameKey(Index, String),
    /// Duplicates the n-th `key:` line of the YAML text.
    DuplicateLine(Index),
}

fn replacement() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(true),
        name().prop_map(Value::String),
        Just(Value::Sequence(Vec::new())),
        Just(Value::Mapping(Mapping::new())),
        reference(true, COMPONENTS)
            .expect("wild references")
            .prop_map(Value::String),
        pattern(true).prop_map(Value::String),
    ]
    .boxed()
}

fn mutations() -> BoxedStrategy<Vec<Mutation>> {
    let one = prop_oneof![
        3 => any::<Index>().prop_map(Mutation::Delete),
        3 => (any::<Index>(), replacement()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::CopyOver(a, b)),
        2 => (any::<Index>(), name()).prop_map(|(i, n)| Mutation::RenameKey(i, n)),
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
    ];
    prop::collection::vec(one, 1..4).boxed()
}

/// A step from a node to a child.
#[derive(Clone)]
enum Step {
    Key(Value),
    At(usize),
}

/// Every node below the root, in pre-order, as the steps leading to it.
fn node_paths(v: &Value) -> Vec<Vec<Step>> {
    fn walk(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match v {
            Value::Mapping(m) => {
                for (k, child) in m {
                    here.push(Step::Key(k.clone()));
                    out.push(here.clone());
                    walk(child, here, out);
                    here.pop();
                }
            }
            Value::Sequence(s) => {
                for (i, child) in s.iter().enumerate() {
                    here.push(Step::At(i));
                    out.push(here.clone());
                    walk(child, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}

fn node_mut<'v>(mut v: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    for step in steps {
        v = match (v, step) {
            (Value::Mapping(m), Step::Key(k)) => m.get_mut(k)?,
            (Value::Sequence(s), Step::At(i)) => s.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn apply(doc: &mut Value, m: Mutation) {
    let paths = node_paths(doc);
    if paths.is_empty() {
        return;
    }
    let pick = |i: &Index| paths[i.index(paths.len())].clone();
    match m {
        Mutation::Delete(i) => {
            let path = pick(&i);
            let (last, parent) = path.split_last().expect("paths are not empty");
            match (node_mut(doc, parent), last) {
                (Some(Value::Mapping(m)), Step::Key(k)) => {
                    m.shift_remove(k);
                }
                (Some(Value::Sequence(s)), Step::At(i)) if *i < s.len() => {
                    s.remove(*i);
                }
                _ => {}
            }
        }
        Mutation::Replace(i, value) => {
            if let Some(node) = node_mut(doc, &pick(&i)) {
                *node = value;
            }
        }
        Mutation::CopyOver(a, b) => {
            let source = node_mut(doc, &pick(&b)).map(|n| n.clone());
            if let (Some(source), Some(node)) = (source, node_mut(doc, &pick(&a))) {
                *node = source;
            }
        }
        Mutation::RenameKey(i, name) => {
            let path = pick(&i);
            let (last, parent) = path.split_last().expect("paths are not empty");
            if let (Some(Value::Mapping(m)), Step::Key(k)) = (node_mut(doc, parent), last) {
                // Rebuilt in order: the renamed key stays where it was (or, when the new
                // name is taken, replaces the value there).
                let old = std::mem::take(m);
                for (key, value) in old {
                    let key = if key == *k {
                        Value::String(name.clone())
                    } else {
                        key
                    };
                    m.insert(key, value);
                }
            }
        }
        Mutation::DuplicateLine(_) => {}
    }
}

/// Duplicates one `key: ...` line, keeping its indentation: a duplicate key (or, when the
/// key opens a block, a key that is given twice).
fn duplicate_a_key_line(text: &str, i: Index) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let keys: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            !t.starts_with('-') && t.contains(':')
        })
        .map(|(n, _)| n)
        .collect();
    if keys.is_empty() {
        return text.to_owned();
    }
    let at = keys[i.index(keys.len())];
    let mut out: Vec<&str> = Vec::with_capacity(lines.len() + 1);
    out.extend_from_slice(&lines[..=at]);
    out.push(lines[at]);
    out.extend_from_slice(&lines[at + 1..]);
    out.join("\n") + "\n"
}
