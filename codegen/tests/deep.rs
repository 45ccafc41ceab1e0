//! Deep specs: however deep a valid spec is, `generate()` returns, in a debug build, on
//! the 2 MiB stack of a test thread. Long chains of named components generate (lowering
//! keeps them in a work stack instead of nesting calls); deep anonymous nesting, which
//! must recurse, is refused with a pointer to where it gets too deep.

use std::fmt::Write;
use std::time::Instant;
use twilio_openapi_codegen::{Error, File, generate};

/// How long the chains of components are.
const CHAIN: usize = 10_000;

const HEAD: &str = "openapi: 3.0.3
info:
  title: Deep
  version: 1.0.0
";

/// A spec whose components are `c0` .. `c{n-1}` as `component(i)` writes them (each a
/// flow-style schema on one line), plus `paths` as given.
fn spec(n: usize, paths: &str, component: impl Fn(usize) -> String) -> String {
    let mut text = format!("{HEAD}paths:{paths}\ncomponents:\n  schemas:\n");
    for i in 0..n {
        writeln!(text, "    c{i}: {}", component(i)).unwrap();
    }
    text
}

/// Operations that send `c0` as a JSON body and receive it back, so that every struct of
/// a chain is outgoing (validated) and checks must travel the whole chain.
const ROUND_TRIP: &str = "
  /v1/Things:
    post:
      operationId: CreateThing
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/c0'}
      responses:
        '200':
          description: Created.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/c0'}";

/// The last link of a chain: an object whose one property has a check, so that every
/// struct before it has checks too (it validates the next one).
fn last() -> String {
    "{type: object, properties: {code: {type: string, maxLength: 8}}}".to_owned()
}

/// A chain of `n` components where each holds the next through `hold(next)`.
fn chain(n: usize, hold: impl Fn(&str) -> String) -> String {
    spec(n, ROUND_TRIP, |i| {
        if i + 1 == n {
            last()
        } else {
            let next = format!("{{$ref: '#/components/schemas/c{}'}}", i + 1);
            format!("{{type: object, properties: {{next: {}}}}}", hold(&next))
        }
    })
}

fn generated(text: &str, what: &str) -> Vec<File> {
    let started = Instant::now();
    let files = generate(text, "deep.yaml").unwrap_or_else(|e| panic!("{what}: {e}"));
    eprintln!(
        "{what}: generated in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    files
}

fn refused(text: &str) -> Error {
    match generate(text, "deep.yaml") {
        Ok(_) => panic!("generated, but the spec should be refused"),
        Err(e) => e,
    }
}

/// `types.rs` without whitespace, and without the trailing commas that come with the
/// line breaks, for types long enough to be wrapped.
fn compact_types(files: &[File]) -> String {
    let text: String = types(files).split_whitespace().collect();
    text.replace(",>", ">")
}

fn types(files: &[File]) -> &str {
    &files
        .iter()
        .find(|f| f.name == "types.rs")
        .expect("types.rs is generated")
        .content
}

/// The item `pub struct {name}` and what follows it, up to the next item.
fn item<'t>(types: &'t str, name: &str) -> &'t str {
    let start = types
        .find(&format!("pub struct {name} "))
        .unwrap_or_else(|| panic!("no struct {name}"));
    let rest = &types[start..];
    let end = rest[1..]
        .find("\npub struct ")
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

/// Every struct of the chain is there, holds the next one as `field` says, and validates
/// it: the check at the end of the chain reaches its head.
fn assert_chain(files: &[File], field: impl Fn(usize) -> String) {
    let types = types(files);
    assert_eq!(types.matches("\npub struct C").count(), CHAIN);
    for i in [0, 1, CHAIN / 2, CHAIN - 2] {
        let s = item(types, &format!("C{i}"));
        let field = field(i + 1);
        assert!(s.contains(&field), "C{i} lacks `{field}`:\n{s}");
        assert!(
            s.contains("pub fn validate("),
            "C{i} is not validated:\n{s}"
        );
        // `next.validate(&field.key("next"))`, or `v.validate(..)` on each item or on an
        // optional one.
        assert!(
            s.contains(".validate(&field.key(\"next\"))") || s.contains("v.validate("),
            "C{i} does not check its next:\n{s}"
        );
    }
    let end = item(types, &format!("C{}", CHAIN - 1));
    assert!(end.contains("length(field.key("), "{end}");
}

#[test]
fn a_chain_of_components_through_properties_generates() {
    let files = generated(&chain(CHAIN, str::to_owned), "direct chain");
    assert_chain(&files, |i| format!("pub next: Option<C{i}>"));
}

#[test]
fn a_chain_of_components_through_arrays_generates() {
    let files = generated(
        &chain(CHAIN, |next| format!("{{type: array, items: {next}}}")),
        "chain through arrays",
    );
    assert_chain(&files, |i| format!("pub next: Vec<C{i}>"));
}

#[test]
fn a_chain_of_components_through_all_of_generates() {
    let files = generated(
        &chain(CHAIN, |next| format!("{{allOf: [{next}]}}")),
        "chain through allOf",
    );
    assert_chain(&files, |i| format!("pub next: Option<C{i}>"));
}

/// Components that are not types of their own (a reference to a reference, a single
/// `allOf`) stand for the component they lead to, and are followed in a loop. (Each is
/// followed again at each use, so a chain costs time quadratic in its length: these
/// chains are shorter.)
#[test]
fn chains_of_aliases_generate() {
    const ALIASES: usize = 1_000;
    for (what, alias) in [
        ("references", "{$ref: '#/components/schemas/c{}'}"),
        ("allOf", "{allOf: [{$ref: '#/components/schemas/c{}'}]}"),
    ] {
        let text = spec(ALIASES, ROUND_TRIP, |i| {
            if i + 1 == ALIASES {
                last()
            } else {
                alias.replace("{}", &(i + 1).to_string())
            }
        });
        let files = generated(&text, &format!("chain of {what}"));
        let types = types(&files);
        assert_eq!(types.matches("\npub struct ").count(), 1, "{what}");
        let end = format!("C{}", ALIASES - 1);
        let requests = &files
            .iter()
            .find(|f| f.name == "requests.rs")
            .unwrap()
            .content;
        assert!(
            requests.contains(&format!("pub body: Option<{end}>")),
            "{what}"
        );
    }
}

/// A chain that closes on itself is still refused, once, where it closes, naming every
/// member.
#[test]
fn a_long_cycle_is_reported_where_it_closes() {
    let text = spec(CHAIN, " {}", |i| {
        let next = (i + 1) % CHAIN;
        format!("{{type: object, properties: {{next: {{$ref: '#/components/schemas/c{next}'}}}}}}")
    });
    let e = refused(&text);
    assert_eq!(e.diagnostics.len(), 1, "{e}");
    let d = &e.diagnostics[0];
    assert_eq!(
        d.pointer,
        format!("/components/schemas/c{}/properties/next/$ref", CHAIN - 1)
    );
    let members: Vec<String> = (0..CHAIN).map(|i| format!("c{i}")).collect();
    let expected = format!(
        "schema `c0` refers to itself ({} -> c0); recursive types are not supported",
        members.join(" -> ")
    );
    assert!(d.message.starts_with(&expected), "{}", &d.message[..200]);
}

/// Inline objects `depth` levels deep, each holding the next as property `x`.
fn inline_objects(depth: usize) -> String {
    let mut schema = "{type: string}".to_owned();
    for _ in 0..depth {
        schema = format!("{{type: object, properties: {{x: {schema}}}}}");
    }
    spec(1, " {}", |_| schema.clone())
}

/// Inline arrays `depth` levels deep.
fn inline_arrays(depth: usize) -> String {
    let mut schema = "{type: string}".to_owned();
    for _ in 0..depth {
        schema = format!("{{type: array, items: {schema}}}");
    }
    spec(1, " {}", |_| {
        format!("{{type: object, properties: {{x: {schema}}}}}")
    })
}

/// The pointer to the schema `levels` levels of `segments` below `c0`.
fn below_c0(levels: usize, segments: &str) -> String {
    format!("/components/schemas/c0{}", segments.repeat(levels))
}

#[test]
fn inline_nesting_up_to_the_limit_generates() {
    // The document's mappings and sequences: root, components, schemas, c0, then two per
    // object (the schema and its `properties`) or one per array, 48 at most.
    let files = generated(&inline_objects(22), "22 inline objects");
    assert!(types(&files).contains("pub struct C0X "));
    let files = generated(&inline_arrays(42), "42 inline arrays");
    let vecs = format!("pubx:{}String{}", "Vec<".repeat(42), ">".repeat(42));
    assert!(compact_types(&files).contains(&vecs));
}

#[test]
fn deeper_inline_nesting_is_refused_with_a_pointer() {
    for (text, pointer) in [
        // The 45th object is the 49th level; its `properties` would be the 50th.
        (
            inline_objects(60),
            below_c0(22, "/properties/x") + "/properties",
        ),
        (
            inline_arrays(100),
            below_c0(1, "/properties/x") + &"/items".repeat(43),
        ),
    ] {
        let e = refused(&text);
        assert_eq!(e.diagnostics.len(), 1, "{e}");
        assert_eq!(e.diagnostics[0].pointer, pointer);
        assert!(
            e.to_string()
                .contains("nests more than 48 levels of mappings and sequences here"),
            "{e}"
        );
    }
}

/// Past the parsers' own limit (128 levels, in both the YAML and the JSON reader) the
/// parser refuses, with a line and a column.
#[test]
fn nesting_past_the_parser_limit_is_refused() {
    let e = refused(&inline_arrays(500));
    assert!(e.to_string().contains("recursion limit exceeded"), "{e}");
    let json = format!(
        "{{\"openapi\": \"3.0.3\", \"x\": {}0{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let e = refused(&json);
    assert_eq!(e.diagnostics[0].pointer, "");
    assert!(
        e.to_string()
            .contains("not valid JSON: line 1, column 153: recursion limit exceeded"),
        "{e}"
    );
}

/// Components that are not named types are lowered at each use, inside the schema that
/// uses them: a chain of arrays of arrays nests Rust types, and is refused past
/// 64 levels.
#[test]
fn a_chain_of_array_components_nests_up_to_the_limit() {
    let arrays = |n: usize| {
        spec(n, " {}", |i| match i {
            0 => "{type: object, properties: {x: {$ref: '#/components/schemas/c1'}}}".into(),
            i if i + 1 == n => "{type: string}".into(),
            i => format!(
                "{{type: array, items: {{$ref: '#/components/schemas/c{}'}}}}",
                i + 1
            ),
        })
    };
    // c1 .. c63 are arrays and c64 a string: 64 levels, the most there may be; c65 would
    // be the 65th.
    let files = generated(&arrays(65), "63 array components");
    let vecs = format!("pubx:{}String{}", "Vec<".repeat(63), ">".repeat(63));
    assert!(compact_types(&files).contains(&vecs));
    // Once is enough: the chain is one problem, though every component leads too deep.
    let e = refused(&arrays(CHAIN));
    assert_eq!(e.diagnostics.len(), 1, "{e}");
    assert_eq!(e.diagnostics[0].pointer, "/components/schemas/c65");
    assert!(
        e.diagnostics[0]
            .message
            .starts_with("schemas nest more than 64 levels deep here"),
        "{e}"
    );
}

/// The most stack lowering takes: named components lowered inside one another up to the
/// depth where they start to wait in the work stack, then, in the deepest of them, as much
/// nesting as a body may have (through array components, which the document's own
/// nesting limit does not see).
#[test]
fn the_deepest_lowering_fits_a_test_thread() {
    const NAMED: usize = 40;
    let text = spec(NAMED + 64, " {}", |i| match i {
        i if i + 1 < NAMED => format!(
            "{{type: object, properties: {{next: {{$ref: '#/components/schemas/c{}'}}, \
             deep: {{$ref: '#/components/schemas/c{NAMED}'}}}}}}",
            i + 1
        ),
        i if i + 1 == NAMED => {
            format!(
                "{{type: object, properties: {{deep: {{$ref: '#/components/schemas/c{NAMED}'}}}}}}"
            )
        }
        i if i + 1 < NAMED + 64 => {
            format!(
                "{{type: array, items: {{$ref: '#/components/schemas/c{}'}}}}",
                i + 1
            )
        }
        _ => "{type: string}".to_owned(),
    });
    let files = generated(&text, "named components, each with 63 arrays inside");
    let vecs = format!("pubdeep:{}String{}", "Vec<".repeat(63), ">".repeat(63));
    assert_eq!(compact_types(&files).matches(&vecs).count(), NAMED);
}
