//! The broken-spec corpus: every file under `tests/broken/` (YAML, or JSON for the cases
//! about JSON) has one defect (except the `several_*` ones), and `generate()` must fail
//! with exactly the expected message: the file name as given, `#`, the JSON pointer of the
//! offending node, and what is wrong and what to do. Every YAML case written as JSON fails
//! with the same message.

use std::path::{Path, PathBuf};
use twilio_openapi_codegen::generate;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

/// The file of the corpus with this stem: `{name}.yaml`, or `{name}.json` when that exists.
fn file_for(name: &str) -> String {
    let json = format!("{name}.json");
    if dir().join(&json).exists() {
        json
    } else {
        format!("{name}.yaml")
    }
}

/// The `Display` text of the error for one file of the corpus.
fn error_for(name: &str) -> String {
    let file = file_for(name);
    let text = std::fs::read_to_string(dir().join(&file))
        .unwrap_or_else(|e| panic!("cannot read tests/broken/{file}: {e}"));
    error_in(&text, &file)
}

/// The `Display` text of the error for this spec text.
fn error_in(text: &str, file: &str) -> String {
    match generate(text, file) {
        Ok(_) => panic!("{file} generated, but it is broken"),
        Err(e) => e.to_string(),
    }
}

/// (file stem, expected `Display` text), one defect each.
const CORPUS: &[(&str, &str)] = &[
    (
        "all_of_cycle",
        r#"all_of_cycle.yaml#/components/schemas/label/allOf/0/$ref: schema `name` refers to itself (name -> label -> name); recursive types are not supported: break the cycle, for instance by replacing one of these `$ref`s with `{}` (any JSON)"#,
    ),
    (
        "all_of_not_an_object",
        r#"all_of_not_an_object.yaml#/components/schemas/thing/allOf/1: `allOf` merges objects only; this member is not an object with properties: describe the value with one schema, or wrap it in a property"#,
    ),
    (
        "array_without_items",
        r#"array_without_items.yaml#/components/schemas/thing/properties/tags: an array schema must have `items`, the schema of its elements; add one, such as `items: {type: string}` (or `items: {}` for elements of any type)"#,
    ),
    (
        "binary_form_field",
        r#"binary_form_field.yaml#/paths/~1v1~1Things/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/Photo/format: `format: binary` (raw bytes, a file upload) is not supported: multipart bodies are not generated; send text (drop the format, or use `format: byte` for base64)"#,
    ),
    (
        "cookie_parameter",
        r#"cookie_parameter.yaml#/paths/~1v1~1Things/get/parameters/0/in: `session` is a cookie parameter, which is not supported (Twilio's APIs take none); remove it, or send it as a header"#,
    ),
    (
        "default_not_in_enum",
        r#"default_not_in_enum.yaml#/components/schemas/thing/properties/status/default: `default: "Active"` is not one of the `enum` values ("active", "suspended"), and a default must be a valid value; make it one of them, or remove `default`"#,
    ),
    (
        "duplicate_operation_id",
        r#"duplicate_operation_id.yaml#/paths/~1v1~1Other~1Things/get/operationId: operationId `ListThing` is used twice (first at /paths/~1v1~1Things/get/operationId); operationIds name the client methods and must be unique"#,
    ),
    (
        "duplicate_parameter",
        r#"duplicate_parameter.yaml#/paths/~1v1~1Things/get/parameters/2: parameter `PageSize` (`in: query`) is listed twice (first at /paths/~1v1~1Things/get/parameters/0); a parameter is identified by its name and location, so this one would silently replace the first: remove one, or correct its `name` or `in`"#,
    ),
    (
        "encoding_unknown_property",
        r#"encoding_unknown_property.yaml#/paths/~1v1~1Things/post/requestBody/content/application~1x-www-form-urlencoded/encoding/Tag: `encoding` names `Tag`, which is not a property of the body (did you mean `Tags`?); correct the name or remove the entry"#,
    ),
    (
        "enum_value_wrong_type",
        r#"enum_value_wrong_type.yaml#/components/schemas/thing/properties/status/enum/1: enum value `404` is not a string, as the schema's `type: string` requires; quote it (`'404'`), or correct `type`"#,
    ),
    (
        "form_explode_false",
        r#"form_explode_false.yaml#/paths/~1v1~1Things/post/requestBody/content/application~1x-www-form-urlencoded/encoding/Tags/explode: `explode: false` is not supported: Twilio takes arrays as repeated keys (`Key=a&Key=b`); remove it or write `explode: true`"#,
    ),
    (
        "head_operation",
        r#"head_operation.yaml#/paths/~1v1~1Things/head: `head` operations are not supported; only get, post, put, patch and delete become client methods: remove this one"#,
    ),
    (
        "invalid_pattern",
        r#"invalid_pattern.yaml#/components/schemas/thing/properties/code/pattern: pattern `^[0-9]{3($` is not a valid regular expression: expected closing brace for counted repetition, but got something else; write one the `regex-lite` crate accepts (the bindings check values with it; it has no Unicode classes such as `\p{L}`)"#,
    ),
    (
        "json_syntax",
        r#"json_syntax.json#: not valid JSON: line 9, column 42: trailing comma"#,
    ),
    (
        "min_items_above_max_items",
        r#"min_items_above_max_items.yaml#/components/schemas/thing/properties/tags/minItems: `minItems: 3` is above `maxItems: 2`, so no value can be valid; correct one of the two"#,
    ),
    (
        "min_length_above_max_length",
        r#"min_length_above_max_length.yaml#/components/schemas/thing/properties/code/minLength: `minLength: 8` is above `maxLength: 6`, so no value can be valid; correct one of the two"#,
    ),
    (
        "minimum_above_maximum",
        r#"minimum_above_maximum.yaml#/components/schemas/thing/properties/ttl/minimum: `minimum: 3600` is above `maximum: 60`, so no value can be valid; correct one of the two"#,
    ),
    (
        "missing_openapi",
        r#"missing_openapi.yaml#: no `openapi` version field; an OpenAPI 3.0 document starts with `openapi: 3.0.3`"#,
    ),
    (
        "missing_operation_id",
        r#"missing_operation_id.yaml#/paths/~1v1~1Things/get: the operation has no `operationId`; add one, such as `FetchThing`: it names the client method and the request type"#,
    ),
    (
        "no_success_response",
        r#"no_success_response.yaml#/paths/~1v1~1Things/get/responses: the operation declares no 2xx response (nor a redirect, 3xx), so its success cannot be decoded; add one, such as `'200'` with an application/json schema or `'204'` without content"#,
    ),
    (
        "non_finite_number",
        r#"non_finite_number.yaml#/components/schemas/thing/properties/count/maximum: `.inf` is not a number JSON can hold, and OpenAPI documents must be JSON-compatible; write a finite number"#,
    ),
    (
        "enum_without_type",
        r#"enum_without_type.yaml#/components/schemas/thing/properties/priority/enum: this `enum` is not supported: string values become a Rust enum, and the values of an integer, number or boolean schema are checked before sending; values of another type than the schema's, or objects and arrays, are not: give the schema the values' type, or drop `enum`"#,
    ),
    (
        "not_an_object",
        r#"not_an_object.yaml#: the document is not an object; an OpenAPI document is a mapping that starts with `openapi: 3.0.3`"#,
    ),
    (
        "one_of_discriminator_inline",
        r#"one_of_discriminator_inline.yaml#/components/schemas/thing/properties/value/oneOf/1: a `discriminator` needs every alternative to be a `$ref` to a component, whose name (or `mapping`) gives its value; move the inline schema under #/components/schemas"#,
    ),
    (
        "openapi31",
        r#"openapi31.yaml#/openapi: OpenAPI version 3.1.0 is not supported; this generator reads OpenAPI 3.0.x (convert the document to 3.0 first)"#,
    ),
    (
        "openapi_number",
        r#"openapi_number.yaml#/openapi: `openapi: 3.0` is read as a number; write the version as a string, such as `openapi: 3.0.3` or `openapi: '3.0'`"#,
    ),
    (
        "path_param_not_in_template",
        r#"path_param_not_in_template.yaml#/paths/~1v1~1Things/get/parameters/0: path parameter `Sid` does not appear in the path template `/v1/Things`; add `{Sid}` to the path, or correct the parameter's `name` or `in`"#,
    ),
    (
        "path_param_not_required",
        r#"path_param_not_required.yaml#/paths/~1v1~1Things~1{Sid}/delete/parameters/0: path parameter `Sid` must be `required: true` (a path cannot leave out a placeholder); add `required: true`"#,
    ),
    (
        "path_without_slash",
        r#"path_without_slash.yaml#/paths/v1~1Things: path `v1/Things` does not start with `/`; a path is appended to the server URL and must start with a slash: write `/v1/Things`"#,
    ),
    (
        "placeholder_without_param",
        r#"placeholder_without_param.yaml#/paths/~1v1~1Things~1{Sid}/delete: the path template has `{Sid}` but the operation declares no path parameter `Sid`; add one (`name: Sid`, `in: path`, `required: true`) to the operation's or the path item's `parameters`"#,
    ),
    (
        "ref_external",
        r#"ref_external.yaml#/paths/~1v1~1Things/get/responses/200/content/application~1json/schema/$ref: `$ref: common.yaml#/components/schemas/thing` points into another document; references must stay within this file: copy the definition under #/components/schemas and point at it there"#,
    ),
    (
        "ref_chain_response",
        r#"ref_chain_response.yaml#/paths/~1v1~1Things/get/responses/200/$ref: `$ref: #/components/responses/Things` points at a response that is itself a `$ref`; point at the definition directly"#,
    ),
    (
        "ref_missing_parameter",
        r#"ref_missing_parameter.yaml#/paths/~1v1~1Things~1{Sid}/get/parameters/0/$ref: `$ref: #/components/parameters/Sid` points to nothing: there is no parameter `Sid` under #/components/parameters"#,
    ),
    (
        "ref_missing_schema",
        r#"ref_missing_schema.yaml#/paths/~1v1~1Things/get/responses/200/content/application~1json/schema/$ref: `$ref: #/components/schemas/thing` points to nothing: there is no schema `thing` under #/components/schemas (did you mean `things`?)"#,
    ),
    (
        "ref_wrong_kind",
        r#"ref_wrong_kind.yaml#/paths/~1v1~1Things~1{Sid}/get/parameters/0/$ref: `$ref: #/components/schemas/Sid` points to a schema, but a parameter belongs here; point to a parameter under #/components/parameters (define one there if need be)"#,
    ),
    (
        "request_multipart",
        r#"request_multipart.yaml#/paths/~1v1~1Things/post/requestBody/content/multipart~1form-data: request content type `multipart/form-data` is not supported; use application/x-www-form-urlencoded (as Twilio's APIs do) or JSON (application/json, or an application/*+json type such as application/scim+json)"#,
    ),
    (
        "required_missing_property",
        r#"required_missing_property.yaml#/components/schemas/thing/required/1: `required` names `name`, which is not among the properties; add the property or remove the name"#,
    ),
    (
        "response_text_csv",
        r#"response_text_csv.yaml#/paths/~1v1~1Things/get/responses/200/content/text~1csv: response content type `text/csv` is not supported: only JSON (application/json, or an application/*+json type such as application/scim+json) is decoded; describe the response as application/json, or drop `content` to ignore the body"#,
    ),
    (
        "response_without_description",
        r#"response_without_description.yaml#/paths/~1v1~1Things/get/responses/204: not a valid Response Object: missing field `description`"#,
    ),
    (
        "schema_cycle",
        r#"schema_cycle.yaml#/components/schemas/child/properties/parent/$ref: schema `parent` refers to itself (parent -> child -> parent); recursive types are not supported: break the cycle, for instance by replacing one of these `$ref`s with `{}` (any JSON)"#,
    ),
    (
        "security_api_key",
        r#"security_api_key.yaml#/components/securitySchemes/key/type: security scheme `key` is `type: apiKey` (a key sent as `X-Api-Key`), which the client cannot send; supported: `type: http` with `scheme: basic` or `scheme: bearer`, and `type: oauth2` with a `clientCredentials` flow"#,
    ),
    (
        "security_http_digest",
        r#"security_http_digest.yaml#/components/securitySchemes/digest/scheme: security scheme `digest` is `type: http` with `scheme: digest`, which the client cannot send; supported: `type: http` with `scheme: basic` or `scheme: bearer`, and `type: oauth2` with a `clientCredentials` flow"#,
    ),
    (
        "security_undeclared_scheme",
        r#"security_undeclared_scheme.yaml#/paths/~1v1~1Things/get/security/1/apiKey: the security requirement names `apiKey`, which is not a scheme under #/components/securitySchemes (declared: `accountSid_authToken`); declare it there or correct the name"#,
    ),
    (
        "swagger2",
        r#"swagger2.yaml#/swagger: this is a Swagger 2.0 document; convert it to OpenAPI 3.0 first (for instance with swagger2openapi)"#,
    ),
    (
        "unknown_type",
        r#"unknown_type.yaml#/components/schemas/thing/properties/name/type: unknown type `strin` (did you mean `string`?); OpenAPI 3.0 knows string, integer, number, boolean, array and object"#,
    ),
    (
        "upper_case_method",
        r#"upper_case_method.yaml#/paths/~1v1~1Things/GET: `GET` is not an operation: method keys are lower case; write `get`"#,
    ),
    (
        "yaml_syntax",
        r#"yaml_syntax.yaml#: not valid YAML: line 8, column 1: did not find expected ',' or ']', while parsing a flow sequence at line 7 column 10"#,
    ),
];

#[test]
fn every_broken_spec_fails_with_its_message() {
    let mut wrong = Vec::new();
    for (name, expected) in CORPUS {
        let got = error_for(name);
        if got != *expected {
            wrong.push(format!(
                "{}\n  expected: {expected}\n  got:      {got}",
                file_for(name)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} differ:\n{}",
        wrong.len(),
        CORPUS.len(),
        wrong.join("\n")
    );
}

#[test]
fn each_single_defect_spec_reports_one_problem() {
    for (name, expected) in CORPUS {
        assert_eq!(expected.lines().count(), 1, "{name}: one defect, one line");
        assert!(
            expected.starts_with(&format!("{}#", file_for(name))),
            "{name}: the message starts with the file name as given and `#`"
        );
    }
}

#[test]
fn the_corpus_table_covers_every_file() {
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/broken is readable")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| {
            n.strip_suffix(".yaml")
                .or_else(|| n.strip_suffix(".json"))
                .map(str::to_owned)
        })
        .filter(|n| !n.starts_with("several_"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CORPUS.iter().map(|(n, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every file of tests/broken has an expected message"
    );
    assert!(CORPUS.len() >= 24);
}

/// JSON is read as JSON and YAML as YAML, into the same tree: each YAML case written as
/// JSON (and given the same name, so that only its text differs) fails with the same
/// message. Not the cases about YAML's syntax or numbers JSON cannot write.
#[test]
fn every_case_as_json_fails_with_the_same_message() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (name, expected) in CORPUS {
        if file_for(name).ends_with(".json") || ["yaml_syntax", "non_finite_number"].contains(name)
        {
            continue;
        }
        let file = format!("{name}.yaml");
        let yaml = std::fs::read_to_string(dir().join(&file)).expect("readable");
        let value: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("YAML");
        let json = serde_json::to_string_pretty(&value).expect("JSON");
        let got = error_in(&json, &file);
        if got != *expected {
            wrong.push(format!(
                "{file} as JSON\n  expected: {expected}\n  got:      {got}"
            ));
        }
        checked += 1;
    }
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(checked >= 30, "{checked}");
}

/// A spec with several defects reports all of them, in document order (paths come before
/// components in this file), not just the first one found.
#[test]
fn several_defects_are_all_reported_in_document_order() {
    let got = error_for("several_defects");
    let expected = [
        "several_defects.yaml#/paths/~1v1~1Things~1{Sid}/get: the path template has `{Sid}` but \
         the operation declares no path parameter `Sid`; add one (`name: Sid`, `in: path`, \
         `required: true`) to the operation's or the path item's `parameters`",
        "several_defects.yaml#/paths/~1v1~1Things~1{Sid}/post: the operation has no \
         `operationId`; add one, such as `FetchThing`: it names the client method and the \
         request type",
        "several_defects.yaml#/components/securitySchemes/key/type: security scheme `key` is \
         `type: apiKey` (a key sent as `X-Api-Key`), which the client cannot send; supported: \
         `type: http` with `scheme: basic` or `scheme: bearer`, and `type: oauth2` with a \
         `clientCredentials` flow",
        "several_defects.yaml#/components/schemas/thing/properties/kind/type: unknown type \
         `strin` (did you mean `string`?); OpenAPI 3.0 knows string, integer, number, boolean, \
         array and object",
        r#"several_defects.yaml#/components/schemas/thing/properties/code/pattern: pattern `((` is not a valid regular expression: found open group without closing ')'; write one the `regex-lite` crate accepts (the bindings check values with it; it has no Unicode classes such as `\p{L}`)"#,
    ];
    let got: Vec<&str> = got.lines().collect();
    assert_eq!(got, expected);
}

/// The rules of OpenAPI 3.0 (the linter's) are checked together with what the typed model
/// cannot read (here a response without `description`): every problem in one run, in
/// document order, an enum value of the wrong type reported once, by the linter.
#[test]
fn lint_problems_are_all_reported_in_document_order() {
    let got = error_for("several_lint_defects");
    let expected = [
        r#"several_lint_defects.yaml#/security/0/basic: the security requirement names `basic`, which is not a scheme under #/components/securitySchemes (declared: `accountSid_authToken`); declare it there or correct the name"#,
        r#"several_lint_defects.yaml#/paths/~1v1~1Things/get/parameters/0/schema/enum/1: enum value `1` is not a string, as the schema's `type: string` requires; quote it (`'1'`), or correct `type`"#,
        r#"several_lint_defects.yaml#/paths/~1v1~1Things/get/parameters/1: parameter `Status` (`in: query`) is listed twice (first at /paths/~1v1~1Things/get/parameters/0); a parameter is identified by its name and location, so this one would silently replace the first: remove one, or correct its `name` or `in`"#,
        r#"several_lint_defects.yaml#/paths/~1v1~1Things/get/responses/204: not a valid Response Object: missing field `description`"#,
        r#"several_lint_defects.yaml#/paths/v1~1Others: path `v1/Others` does not start with `/`; a path is appended to the server URL and must start with a slash: write `/v1/Others`"#,
        r#"several_lint_defects.yaml#/components/schemas/thing/properties/count/minimum: `minimum: 5` is above `maximum: 1`, so no value can be valid; correct one of the two"#,
        r#"several_lint_defects.yaml#/components/schemas/thing/properties/tags: an array schema must have `items`, the schema of its elements; add one, such as `items: {type: string}` (or `items: {}` for elements of any type)"#,
    ];
    let got: Vec<&str> = got.lines().collect();
    assert_eq!(got, expected);
}

/// The structured form agrees with the text: one diagnostic per line, pointers as given.
#[test]
fn diagnostics_carry_the_pointer_and_message_separately() {
    let text = std::fs::read_to_string(dir().join("ref_missing_schema.yaml")).unwrap();
    let e = generate(&text, "spec/api.yaml").unwrap_err();
    assert_eq!(e.file, "spec/api.yaml");
    assert_eq!(e.diagnostics.len(), 1);
    assert_eq!(
        e.diagnostics[0].pointer,
        "/paths/~1v1~1Things/get/responses/200/content/application~1json/schema/$ref"
    );
    assert!(
        e.diagnostics[0]
            .message
            .contains("(did you mean `things`?)")
    );
}
