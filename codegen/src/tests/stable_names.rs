//! A SID type's name depends on the places that use its prefix, never on which one lowering
//! meets first: adding a property that refers to a resource renames nothing, and listing
//! the same things in another order names them the same.

use crate::diff::{diff, is_breaking};
use crate::load::load;
use crate::{ir::Api, lower};

/// A service that refers to a template, and the template itself, whose own `sid` names
/// the `HJ` type; `{extra}` goes into the service's properties.
fn spec(extra: &str) -> String {
    format!(
        r#"
openapi: 3.0.3
info: {{title: Names, version: '1'}}
paths:
  /v1/Services/{{Sid}}:
    get:
      operationId: FetchService
      parameters:
        - {{name: Sid, in: path, required: true, schema: {{type: string, pattern: '^VA[0-9a-fA-F]{{32}}$'}}}}
      responses:
        '200':
          description: The service.
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/test.v1.service'}}
components:
  schemas:
    test.v1.service:
      type: object
      properties:
{extra}        sid: {{type: string, pattern: '^VA[0-9a-fA-F]{{32}}$'}}
        account_sid: {{type: string, pattern: '^AC[0-9a-fA-F]{{32}}$'}}
    test.v1.verification_template:
      type: object
      properties:
        sid: {{type: string, pattern: '^HJ[0-9a-fA-F]{{32}}$'}}
        account_sid: {{type: string, pattern: '^AC[0-9a-fA-F]{{32}}$'}}
"#
    )
}

fn sids(text: &str) -> Vec<(String, String)> {
    let (doc, raw) = load(text, "names.yaml").expect("loads");
    let api: Api = lower::lower("names.yaml", &doc, &raw).expect("lowers");
    let mut sids: Vec<(String, String)> =
        api.sids.into_iter().map(|s| (s.prefix, s.name)).collect();
    sids.sort();
    sids
}

#[test]
fn a_reference_added_before_the_owner_renames_nothing() {
    let before = spec("");
    let after =
        spec("        default_template_sid: {type: string, pattern: '^HJ[0-9a-fA-F]{32}$'}\n");
    let expected = [
        ("AC", "AccountSid"),
        ("HJ", "VerificationTemplateSid"),
        ("VA", "ServiceSid"),
    ]
    .map(|(p, n)| (p.to_owned(), n.to_owned()));
    assert_eq!(sids(&before), expected);
    assert_eq!(sids(&after), expected);
    let changes = diff(&before, "before.yaml", &after, "after.yaml").expect("both generate");
    assert!(!is_breaking(&changes), "{changes:#?}");
    let lines: Vec<String> = changes.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        lines,
        [
            "compatible: Service gains optional field default_template_sid (default_template_sid) \
          #/components/schemas/test.v1.service/properties/default_template_sid"
        ]
    );
}

#[test]
fn the_order_of_the_spec_does_not_name_sid_types() {
    // The template listed first: its `sid` is met before the service refers to it.
    let text =
        spec("        default_template_sid: {type: string, pattern: '^HJ[0-9a-fA-F]{32}$'}\n");
    let (head, components) = text.split_once("    test.v1.service:").expect("split");
    let (service, template) = components
        .split_once("    test.v1.verification_template:")
        .expect("split");
    let reordered =
        format!("{head}    test.v1.verification_template:{template}    test.v1.service:{service}");
    assert_ne!(reordered, text);
    assert_eq!(sids(&reordered), sids(&text));
}

/// Components `{names}` (each an object with one property), listed in this order.
fn components(names: &[&str]) -> String {
    let schemas: String = names
        .iter()
        .map(|n| {
            format!(
                "    {n}:\n      type: object\n      properties:\n        id: {{type: string}}\n"
            )
        })
        .collect();
    format!(
        "openapi: 3.0.3\ninfo: {{title: Names, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    )
}

/// Component name to Rust type name.
fn type_names(text: &str) -> Vec<(String, String)> {
    let (doc, raw) = load(text, "names.yaml").expect("loads");
    let api: Api = lower::lower("names.yaml", &doc, &raw).expect("lowers");
    let mut names: Vec<(String, String)> = api
        .types
        .iter()
        .map(|t| {
            let origin = t.origin().to_string();
            let component = origin.rsplit('/').next().unwrap_or_default().to_owned();
            (component, t.name().to_owned())
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_nested_resource_added_first_in_the_list_takes_no_name_from_the_one_above_it() {
    let before = components(&["api.v1.account.recording"]);
    // Listed first, as a sorted spec lists it, and wanting the same name.
    let after = components(&["api.v1.account.call.recording", "api.v1.account.recording"]);
    let recording = (
        "api.v1.account.recording".to_owned(),
        "Recording".to_owned(),
    );
    assert_eq!(type_names(&before), std::slice::from_ref(&recording));
    assert_eq!(
        type_names(&after),
        [
            (
                "api.v1.account.call.recording".to_owned(),
                "CallRecording".to_owned()
            ),
            recording
        ]
    );
    // Whatever the order the spec lists them in.
    let reversed = components(&["api.v1.account.recording", "api.v1.account.call.recording"]);
    assert_eq!(type_names(&reversed), type_names(&after));
}
