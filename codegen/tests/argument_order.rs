//! The order in which `new` (and a handle's method) takes required values: path parameters
//! in the order the path names them, then the others by wire name, whatever order the spec
//! lists them in; `diff` reports any change to that order as breaking.
//!
//! Twilio has reordered the properties of request bodies between releases (for example
//! `To` and `Channel` of a verification, both strings): with arguments in spec order,
//! unchanged user code would still compile and swap the two values.

#[allow(dead_code)] // assert_contains: the other test files use it.
mod common;

use twilio_openapi_codegen::diff::{diff, is_breaking};
use twilio_openapi_codegen::generate;

/// A request with two path parameters, a required query parameter and three required form
/// fields of one type, listed in an order that is neither the path's nor the names'.
const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Order, version: '1'}
paths:
  /v1/Services/{ServiceSid}/Calls/{CallName}:
    post:
      operationId: CreateCall
      parameters:
        - {name: CallName, in: path, required: true, schema: {type: string}}
        - {name: Mode, in: query, required: true, schema: {type: string}}
        - {name: ServiceSid, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [To, From, Body]
              properties:
                To: {type: string}
                Note: {type: string}
                From: {type: string}
                Body: {type: string}
      responses:
        '204': {description: Done.}
"#;

/// `SPEC` with the parameters and the form properties listed in another order.
fn reordered() -> String {
    SPEC.replace(
        "        - {name: CallName, in: path, required: true, schema: {type: string}}\n        - {name: Mode, in: query, required: true, schema: {type: string}}\n        - {name: ServiceSid, in: path, required: true, schema: {type: string}}\n",
        "        - {name: ServiceSid, in: path, required: true, schema: {type: string}}\n        - {name: Mode, in: query, required: true, schema: {type: string}}\n        - {name: CallName, in: path, required: true, schema: {type: string}}\n",
    )
    .replace(
        "                To: {type: string}\n                Note: {type: string}\n                From: {type: string}\n                Body: {type: string}\n",
        "                Body: {type: string}\n                From: {type: string}\n                Note: {type: string}\n                To: {type: string}\n",
    )
}

/// The `constructor!` call of the generated request and the handle method's signature.
fn signatures(spec: &str) -> (String, String) {
    let files = generate(spec, "order.yaml").expect("generates");
    let requests = common::file(&files, "requests.rs");
    let start = requests.find("constructor!(").expect("a constructor");
    let end = start + requests[start..].find(");").expect("its end");
    let constructor = requests[start..end].split_whitespace().collect::<Vec<_>>();
    let client = common::file(&files, "client.rs");
    let start = client.find("pub fn update(").expect("a handle method");
    let end = start + client[start..].find('{').expect("its body");
    let method = client[start..end].split_whitespace().collect::<Vec<_>>();
    (constructor.join(" "), method.join(" "))
}

#[test]
fn new_takes_path_parameters_in_path_order_then_the_others_by_name() {
    let (constructor, method) = signatures(SPEC);
    assert_eq!(
        constructor,
        "constructor!( (service_sid into String, call_name into String, body into String, \
         from into String, mode into String, to into String), (note)"
    );
    // The handle holds the path parameters; its method takes the rest in the same order.
    assert!(
        method.starts_with(
            "pub fn update( &self, body: __runtime::__field_arg!(into String), \
             from: __runtime::__field_arg!(into String), \
             mode: __runtime::__field_arg!(into String), \
             to: __runtime::__field_arg!(into String), )"
        ),
        "{method}"
    );
}

#[test]
fn a_spec_that_reorders_parameters_changes_no_signature_and_diff_is_silent() {
    assert_eq!(signatures(&reordered()), signatures(SPEC));
    let changes = diff(SPEC, "old.yaml", &reordered(), "new.yaml").expect("both generate");
    assert!(changes.is_empty(), "{changes:#?}");
}

#[test]
fn any_change_to_the_order_new_takes_is_breaking_with_both_orders() {
    // `Body` renamed `Text`: the argument moves from first to last among the form fields.
    let renamed = SPEC
        .replace("required: [To, From, Body]", "required: [To, From, Text]")
        .replace(
            "                Body: {type: string}\n",
            "                Text: {type: string}\n",
        );
    let changes = diff(SPEC, "old.yaml", &renamed, "new.yaml").expect("both generate");
    assert!(is_breaking(&changes));
    let lines: Vec<String> = changes.iter().map(|c| c.to_string()).collect();
    let expected = "breaking: CreateCallRequest::new takes (service_sid: String, call_name: String, \
                    from: String, mode: String, text: String, to: String) (was (service_sid: \
                    String, call_name: String, body: String, from: String, mode: String, to: \
                    String)) #/paths/~1v1~1Services~1{ServiceSid}~1Calls~1{CallName}/post";
    assert!(lines.iter().any(|l| l == expected), "{lines:#?}");
}
