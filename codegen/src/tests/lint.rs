//! OpenAPI 3.0's rules, as `load` checks them (see `src/lint.rs`): the corpus in
//! `tests/broken/` has one case per rule with its exact message; here, the edges of each
//! rule (what it must let through as much as what it must refuse), and Twilio's real specs,
//! which must break none.

use crate::load::load;

/// A spec with these `paths` and `components` (YAML, indented as top-level values).
fn spec(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:{paths}\ncomponents:{components}\n"
    )
}

/// The pointers of the problems `load` reports, in order; empty when it loads.
fn problems(text: &str) -> Vec<String> {
    match load(text, "api.yaml") {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics.into_iter().map(|d| d.pointer).collect(),
    }
}

/// One schema under `#/components/schemas/s`, given as a flow mapping.
fn schema(body: &str) -> Vec<String> {
    problems(&spec(" {}", &format!("\n  schemas:\n    s: {body}")))
}

#[test]
fn constraints_that_can_hold_pass() {
    for body in [
        "{type: integer, minimum: 1, maximum: 1}",
        "{type: number, minimum: 0.5, maximum: 0.75}",
        "{type: number, minimum: 1, exclusiveMinimum: true, maximum: 2}",
        "{type: string, minLength: 2, maxLength: 2}",
        "{type: array, items: {}, minItems: 0, maxItems: 0}",
        "{type: object, minProperties: 1, maxProperties: 3}",
        "{type: string, enum: [a, b], default: b}",
        "{type: string, nullable: true, enum: [a, null], default: null}",
        "{type: string, nullable: true, enum: [a], default: null}",
        "{type: integer, enum: [1, 2.0], default: 2}",
        "{type: number, enum: [1, 2.5], default: 1.0}",
        "{type: boolean, enum: [true]}",
        "{enum: [a, 1, null]}",
        "{type: array, items: {type: string}, enum: [[a], [b]]}",
        "{type: object, enum: [{a: 1}]}",
        "{type: string, enum: ['1', 'true']}",
    ] {
        assert_eq!(schema(body), Vec::<String>::new(), "{body}");
    }
}

#[test]
fn constraints_that_can_never_hold_are_refused() {
    let at = |k: &str| format!("/components/schemas/s/{k}");
    for (body, pointer) in [
        ("{type: number, minimum: 2.5, maximum: 2}", at("minimum")),
        (
            "{type: integer, minimum: 3, maximum: 3, exclusiveMaximum: true}",
            at("minimum"),
        ),
        (
            "{type: string, minLength: 3, maxLength: 2}",
            at("minLength"),
        ),
        (
            "{type: array, items: {}, minItems: 1, maxItems: 0}",
            at("minItems"),
        ),
        (
            "{type: object, minProperties: 4, maxProperties: 3}",
            at("minProperties"),
        ),
        ("{type: integer, enum: [1, 1.5]}", at("enum/1")),
        ("{type: number, enum: ['1']}", at("enum/0")),
        ("{type: boolean, enum: ['true']}", at("enum/0")),
        ("{type: string, enum: [a, null]}", at("enum/1")),
        ("{type: string, enum: [a, b], default: c}", at("default")),
        ("{type: string, enum: [a], default: null}", at("default")),
        ("{type: array}", "/components/schemas/s".to_owned()),
    ] {
        assert_eq!(schema(body), [pointer], "{body}");
    }
}

#[test]
fn the_messages_say_what_to_do() {
    let text = spec(
        " {}",
        "\n  schemas:\n    s: {type: string, enum: [a, null]}",
    );
    let e = load(&text, "api.yaml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "api.yaml#/components/schemas/s/enum/1: enum value `null` is not a string, and the \
         schema is not `nullable: true`; remove the value, or add `nullable: true`"
    );
    let long: Vec<String> = (0..10).map(|i| format!("v{i}")).collect();
    let text = spec(
        " {}",
        &format!(
            "\n  schemas:\n    s: {{type: string, enum: [{}], default: x}}",
            long.join(", ")
        ),
    );
    let e = load(&text, "api.yaml").unwrap_err();
    assert!(
        e.to_string().contains(
            "(\"v0\", \"v1\", \"v2\", \"v3\", \"v4\", \"v5\", \"v6\", \"v7\", and 2 more)"
        ),
        "{e}"
    );
}

/// Schemas are checked wherever they are: inline in parameters, bodies and responses,
/// inside properties, items, `allOf` and `additionalProperties`.
#[test]
fn schemas_are_checked_wherever_they_are() {
    let paths = "
  /v1/Things:
    post:
      operationId: CreateThing
      parameters:
      - {name: Q, in: query, schema: {type: array}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                A: {type: string, minLength: 2, maxLength: 1}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                additionalProperties: {type: integer, minimum: 2, maximum: 1}
                properties:
                  l: {type: array, items: {type: string, enum: [1]}}
                  m: {allOf: [{type: string, enum: [x], default: y}]}";
    let base = "/paths/~1v1~1Things/post";
    let body = "requestBody/content/application~1x-www-form-urlencoded/schema";
    let ok = "responses/200/content/application~1json/schema";
    assert_eq!(
        problems(&spec(paths, " {}")),
        [
            format!("{base}/parameters/0/schema"),
            format!("{base}/{body}/properties/A/minLength"),
            format!("{base}/{ok}/additionalProperties/minimum"),
            format!("{base}/{ok}/properties/l/items/enum/0"),
            format!("{base}/{ok}/properties/m/allOf/0/default"),
        ]
    );
}

#[test]
fn parameters_are_unique_by_name_and_location() {
    let list = |params: &str| {
        let paths = format!(
            "
  /v1/Things/{{Sid}}:
    parameters:
    - {{name: Sid, in: path, required: true, schema: {{type: string}}}}
    get:
      operationId: FetchThing
      parameters: {params}
      responses:
        '204': {{description: OK}}"
        );
        let components = "
  parameters:
    Page: {name: Page, in: query, schema: {type: integer}}";
        problems(&spec(&paths, components))
    };
    let second = "/paths/~1v1~1Things~1{Sid}/get/parameters/1".to_owned();
    // The same name in another location, and an operation's parameter overriding its path
    // item's (as OpenAPI allows), are fine.
    assert_eq!(
        list(
            "[{name: Page, in: query, schema: {type: string}}, {name: Page, in: header, schema: {type: string}}]"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        list("[{name: Sid, in: path, required: true, schema: {type: string, maxLength: 34}}]"),
        Vec::<String>::new()
    );
    // Twice in one list, inline or through a `$ref`; header names without regard to case.
    assert_eq!(
        list(
            "[{$ref: '#/components/parameters/Page'}, {name: Page, in: query, schema: {type: string}}]"
        ),
        [second.as_str()]
    );
    assert_eq!(
        list(
            "[{name: X-Tag, in: header, schema: {type: string}}, {name: x-tag, in: header, schema: {type: string}}]"
        ),
        [second.as_str()]
    );
    // Twice in the path item's list.
    let paths = "
  /v1/Things:
    parameters:
    - {name: Page, in: query, schema: {type: string}}
    - {name: Page, in: query, schema: {type: string}}
    get:
      operationId: ListThing
      responses:
        '204': {description: OK}";
    assert_eq!(
        problems(&spec(paths, " {}")),
        ["/paths/~1v1~1Things/parameters/1"]
    );
}

#[test]
fn a_ref_points_to_the_right_kind_of_component() {
    let paths = "
  /v1/Things:
    post:
      operationId: CreateThing
      parameters:
      - $ref: '#/components/parameters/Page'
      - $ref: '#/components/headers/Tag'
      requestBody: {$ref: '#/components/schemas/Thing'}
      responses:
        '200': {$ref: '#/components/requestBodies/Body'}
        '201': {$ref: '#/components/responses/Created'}
        '202':
          description: Accepted
          content:
            application/json:
              schema: {$ref: '#/components/responses/Created'}";
    let components = "
  parameters:
    Page: {name: Page, in: query, schema: {type: integer}}
    Alias: {$ref: '#/components/schemas/Thing'}
  headers:
    Tag: {schema: {type: string}}
  requestBodies:
    Body: {content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
  responses:
    Created: {description: Created}
  schemas:
    Thing: {type: object}
    Other: {$ref: '#/components/schemas/Thing'}";
    let base = "/paths/~1v1~1Things/post";
    assert_eq!(
        problems(&spec(paths, components)),
        [
            format!("{base}/parameters/1/$ref"),
            format!("{base}/requestBody/$ref"),
            format!("{base}/responses/200/$ref"),
            format!("{base}/responses/202/content/application~1json/schema/$ref"),
            "/components/parameters/Alias/$ref".to_owned(),
        ]
    );
}

#[test]
fn security_requirements_name_declared_schemes() {
    let text = "openapi: 3.0.3
info: {title: t, version: '1'}
security: [{basic: []}, {}]
paths:
  /v1/Things:
    get:
      operationId: ListThing
      security: [{basic: [], token: []}]
      responses:
        '204': {description: OK}
";
    let e = load(text, "api.yaml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "api.yaml#/security/0/basic: the security requirement names `basic`, which is not a \
         scheme under #/components/securitySchemes (none is declared); declare it there or \
         correct the name\n\
         api.yaml#/paths/~1v1~1Things/get/security/0/basic: the security requirement names \
         `basic`, which is not a scheme under #/components/securitySchemes (none is \
         declared); declare it there or correct the name\n\
         api.yaml#/paths/~1v1~1Things/get/security/0/token: the security requirement names \
         `token`, which is not a scheme under #/components/securitySchemes (none is \
         declared); declare it there or correct the name"
    );
    let declared = text.replace(
        "paths:",
        "components: {securitySchemes: {basic: {type: http, scheme: basic}, token: {type: http, scheme: bearer}}}\npaths:",
    );
    assert_eq!(problems(&declared), Vec::<String>::new());
}

#[test]
fn path_keys_start_with_a_slash() {
    let paths = "
  x-note: extensions are not paths
  /v1/Things:
    get:
      operationId: ListThing
      responses:
        '204': {description: OK}
  '{Sid}':
    get:
      operationId: FetchThing
      responses:
        '204': {description: OK}";
    assert_eq!(problems(&spec(paths, " {}")), ["/paths/{Sid}"]);
}

/// Twilio's published specs break none of the rules (the generator may still refuse
/// one for what it does not support, which is not `load`'s business). They are not part of
/// this repository: read from `../shared/specs/` next to the checkout when it is there.
#[test]
fn twilio_specs_break_no_rule() {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/specs");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(format!("{shared}/twilio-oai"))
        .map(|d| {
            d.filter_map(|e| Some(e.ok()?.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.push(format!("{shared}/twilio_verify_v2.yaml").into());
    files.push(format!("{shared}/twilio_verify_v2.json").into());
    files.push(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/verify_v2_challenges.yaml"
        )
        .into(),
    );
    files.sort();
    let mut read = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {} is not there", path.display());
            continue;
        };
        if let Err(e) = load(&text, &path.display().to_string()) {
            panic!("{e}");
        }
        read += 1;
    }
    eprintln!("{read} specs break no rule");
}
