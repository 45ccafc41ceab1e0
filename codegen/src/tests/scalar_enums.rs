//! An `enum` on an integer, number or boolean schema: the value keeps its scalar type and
//! is checked against the listed values before sending (a response may hold any value).
//! On the wire: `wire-formats/tests/wire_gaps.rs`.

use super::common;
use crate::generate;
use crate::ir::Check;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Enums, version: '1'}
paths:
  /v1/Things:
    get:
      operationId: ListThing
      parameters:
        - {name: Priority, in: query, schema: {type: integer, format: int32, enum: [1, 2, 3]}}
        - {name: Ratio, in: query, schema: {type: number, enum: [0.5, 1]}}
        - {name: Strict, in: query, schema: {type: boolean, enum: [true]}}
      responses:
        '204': {description: Done.}
"#;

#[test]
fn the_listed_values_become_a_check_of_the_scalar() {
    let (doc, raw) = crate::load::load(SPEC, "enums.yaml").expect("loads");
    let api = crate::lower::lower("enums.yaml", &doc, &raw).expect("lowers");
    let checks: Vec<(&str, &[Check])> = api.operations[0]
        .params
        .iter()
        .map(|p| (p.field.wire.as_str(), p.field.checks.as_slice()))
        .collect();
    let values =
        |v: serde_json::Value| vec![Check::Allowed(v.as_array().cloned().unwrap_or_default())];
    assert_eq!(
        checks,
        [
            ("Priority", &values(serde_json::json!([1, 2, 3]))[..]),
            ("Ratio", &values(serde_json::json!([0.5, 1.0]))[..]),
            ("Strict", &values(serde_json::json!([true]))[..]),
        ]
    );
    let files = generate(SPEC, "enums.yaml").expect("generates");
    let requests = common::file(&files, "requests.rs");
    common::assert_contains(
        "requests.rs",
        requests,
        &[
            "pub priority: Option<i32>,",
            "allowed(\"Priority\", &self.priority, &[1, 2, 3])?;",
            "allowed(\"Ratio\", &self.ratio, &[0.5, 1.0])?;",
            "allowed(\"Strict\", &self.strict, &[true])?;",
        ],
    );
}
