//! The generator must never name an operation's method like one `Client` already has:
//! its list of reserved names has to cover every method in `src/client.rs`.

#[test]
fn the_generator_reserves_every_method_name_of_client() {
    let source = include_str!("../src/client.rs");
    let start = source
        .find("\nimpl Client {")
        .expect("src/client.rs has `impl Client {`");
    let body = &source[start..];
    let end = body.find("\n}\n").expect("the impl block ends");
    let methods: Vec<&str> = body[..end]
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("    ")?;
            let rest = rest.strip_prefix("pub ").unwrap_or(rest);
            let rest = rest.strip_prefix("async ").unwrap_or(rest);
            let name = rest.strip_prefix("fn ")?;
            name.split(['(', '<']).next()
        })
        .collect();
    assert!(methods.len() >= 6, "found only {methods:?}");
    for m in &methods {
        assert!(
            twilio_openapi_codegen::names::RESERVED_METHODS.contains(m),
            "Client::{m} is not in codegen/src/names.rs RESERVED_METHODS"
        );
    }
}
