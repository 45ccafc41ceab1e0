//! `diff::diff` on edits of the fixture, as a user would make them: each test checks the
//! exact lines (kind, Rust item, message, pointer) and whether the change counts as breaking.

use std::path::Path;
use twilio_openapi_codegen::diff::{Kind, diff, is_breaking};

/// The operations of the fixture, as pointers.
const CREATE: &str = "#/paths/~1v2~1Services~1{ServiceSid}~1Entities~1{Identity}~1Challenges/post";
const LIST: &str = "#/paths/~1v2~1Services~1{ServiceSid}~1Entities~1{Identity}~1Challenges/get";
const ONE: &str = "#/paths/~1v2~1Services~1{ServiceSid}~1Entities~1{Identity}~1Challenges~1{Sid}";
const NOTIFY: &str = "#/paths/~1v2~1Services~1{ServiceSid}~1Entities~1{Identity}~1Challenges~1{ChallengeSid}~1Notifications/post";
const FORM: &str = "requestBody/content/application~1x-www-form-urlencoded/schema/properties";
const CHALLENGE: &str = "#/components/schemas/verify.v2.service.entity.challenge";

fn fixture() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/challenges.yaml");
    std::fs::read_to_string(path).expect("the fixture is readable")
}

/// The fixture with `from` replaced (once) by `to`; `from` must be there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the fixture has no {from:?}");
    text.replacen(from, to, 1)
}

/// The lines `diff` prints for the fixture against `new`, and whether any is breaking.
fn lines(new: &str) -> (Vec<String>, bool) {
    let changes = diff(&fixture(), "old.yaml", new, "new.yaml").expect("both specs generate");
    let breaking = is_breaking(&changes);
    (changes.iter().map(|c| c.to_string()).collect(), breaking)
}

#[test]
fn an_unchanged_spec_gives_no_lines() {
    assert_eq!(lines(&fixture()), (vec![], false));
    // Comments, quoting and folding change the text, not the document.
    let reformatted = edit(
        &fixture(),
        "      description: Fetches one challenge, for instance to poll its status.",
        "      # polled by clients\n      description: 'Fetches one challenge, for instance to poll its status.'",
    );
    assert_eq!(lines(&reformatted), (vec![], false));
}

#[test]
fn an_added_optional_property_is_compatible() {
    let new = edit(
        &fixture(),
        "                AuthPayload:\n                  type: string\n                  minLength: 3",
        "                ReviewNote:\n                  type: string\n                  description: A note for the reviewer.\n\
         \x20               AuthPayload:\n                  type: string\n                  minLength: 3",
    );
    assert_eq!(
        lines(&new),
        (
            vec![format!(
                "compatible: CreateChallengeRequest gains optional field review_note (ReviewNote) \
                 {CREATE}/{FORM}/ReviewNote"
            )],
            false
        )
    );
}

#[test]
fn a_removed_property_is_breaking() {
    // From a request body, and from a response struct.
    let new = edit(
        &fixture(),
        "        url:\n          type: string\n          format: uri\n          nullable: true\n          description: Absolute URL of this challenge.\n",
        "",
    );
    let new = edit(
        &new,
        "                Metadata:\n                  type: object\n                  additionalProperties:\n                    type: string\n                  maxLength: 1024\n",
        "                Unused:\n                  type: string\n",
    );
    let new = edit(
        &new,
        "            encoding:\n              Metadata:\n                contentType: application/json\n",
        "",
    );
    assert_eq!(
        lines(&new),
        (
            vec![
                format!("breaking: Challenge loses field url (url) {CHALLENGE}/properties/url"),
                format!(
                    "compatible: UpdateChallengeRequest gains optional field unused (Unused) \
                     {ONE}/post/{FORM}/Unused"
                ),
                format!(
                    "breaking: UpdateChallengeRequest loses field metadata (Metadata) \
                     {ONE}/post/{FORM}/Metadata"
                ),
            ],
            true
        )
    );
}

#[test]
fn a_newly_required_parameter_is_breaking() {
    // A new required query parameter, and an optional form field made required.
    let new = edit(
        &fixture(),
        "      - name: PageToken\n",
        "      - name: Channel\n        in: query\n        required: true\n        schema:\n          type: string\n      - name: PageToken\n",
    );
    let new = edit(
        &new,
        "              required:\n              - FactorSid\n",
        "              required:\n              - FactorSid\n              - AuthPayload\n",
    );
    assert_eq!(
        lines(&new),
        (
            vec![
                format!(
                    "breaking: CreateChallengeRequest::new takes (service_sid: ServiceSid, \
                     identity: String, auth_payload: String, factor_sid: FactorSid) (was \
                     (service_sid: ServiceSid, identity: String, factor_sid: FactorSid)) {CREATE}"
                ),
                format!(
                    "breaking: CreateChallengeRequest field auth_payload (AuthPayload) becomes \
                     required: an argument of CreateChallengeRequest::new, no longer a setter \
                     {CREATE}/{FORM}/AuthPayload"
                ),
                format!(
                    "breaking: ListChallengeRequest::new takes (service_sid: ServiceSid, \
                     identity: String, channel: String) (was (service_sid: ServiceSid, identity: \
                     String)) {LIST}"
                ),
                format!(
                    "breaking: ListChallengeRequest gains required field channel (Channel): a new \
                     argument of ListChallengeRequest::new {LIST}/parameters/7"
                ),
            ],
            true
        )
    );
}

#[test]
fn a_required_field_becoming_optional_is_breaking_too() {
    // `new` loses an argument and the field becomes an Option.
    let new = edit(
        &fixture(),
        "              required:\n              - FactorSid\n",
        "",
    );
    assert_eq!(
        lines(&new),
        (
            vec![
                format!(
                    "breaking: CreateChallengeRequest::new takes (service_sid: ServiceSid, \
                     identity: String) (was (service_sid: ServiceSid, identity: String, \
                     factor_sid: FactorSid)) {CREATE}"
                ),
                format!(
                    "breaking: CreateChallengeRequest field factor_sid (FactorSid) becomes optional: \
                 CreateChallengeRequest::new no longer takes it, the setter \
                 CreateChallengeRequest::factor_sid does, and the field is Option<FactorSid> \
                 {CREATE}/{FORM}/FactorSid"
                )
            ],
            true
        )
    );
}

#[test]
fn an_added_enum_value_is_compatible_and_a_removed_one_breaking() {
    let added = edit(
        &fixture(),
        "      - denied\n",
        "      - denied\n      - canceled\n",
    );
    assert_eq!(
        lines(&added),
        (
            vec![
                "compatible: ChallengeStatus gains variant Canceled (`canceled`) \
                 #/components/schemas/challenge_enum_challenge_statuses/enum/4"
                    .to_owned()
            ],
            false
        )
    );
    let removed = edit(&fixture(), "      - not_needed\n", "");
    assert_eq!(
        lines(&removed),
        (
            vec![
                "breaking: ChallengeReason loses variant NotNeeded (`not_needed`; it now decodes \
                 as Unknown) #/components/schemas/challenge_enum_challenge_reasons/enum/1"
                    .to_owned()
            ],
            true
        )
    );
}

#[test]
fn a_changed_type_is_breaking() {
    let new = edit(
        &fixture(),
        "                Ttl:\n                  type: integer",
        "                Ttl:\n                  type: string",
    );
    assert_eq!(
        lines(&new),
        (
            vec![format!(
                "breaking: CreateNotificationRequest field ttl (Ttl) changes type from \
                 Option<i64> to Option<String> {NOTIFY}/{FORM}/Ttl"
            )],
            true
        )
    );
}

#[test]
fn types_are_compared_by_name_whatever_their_place_in_the_table() {
    // A new type ahead of all the others moves every other type's place in the model.
    let new = edit(
        &fixture(),
        "  schemas:\n    verify.v2.service.entity.challenge:",
        "  schemas:\n    shade:\n      type: string\n      enum: [light, dark]\n    \
         verify.v2.service.entity.challenge:",
    );
    assert_eq!(
        lines(&new),
        (
            vec!["compatible: Shade added (enum) #/components/schemas/shade".to_owned()],
            false
        )
    );
}

/// The `get` of `/Challenges/{Sid}` (FetchChallenge), as written in the fixture.
fn fetch_operation(text: &str) -> &str {
    let start = text
        .find("    get:\n      operationId: FetchChallenge")
        .expect("FetchChallenge");
    let len = text[start..]
        .find("    post:\n")
        .expect("UpdateChallenge follows");
    &text[start..start + len]
}

#[test]
fn a_removed_operation_is_breaking() {
    let text = fixture();
    let new = edit(&text, fetch_operation(&text), "");
    assert_eq!(
        lines(&new),
        (
            vec![format!(
                "breaking: Client::fetch_challenge removed (GET \
                 /v2/Services/{{ServiceSid}}/Entities/{{Identity}}/Challenges/{{Sid}}), with \
                 request type FetchChallengeRequest {ONE}/get"
            )],
            true
        )
    );
}

#[test]
fn an_added_operation_is_compatible_and_a_renamed_one_both() {
    let text = fixture();
    let delete = fetch_operation(&text)
        .replacen("    get:", "    delete:", 1)
        .replacen("FetchChallenge", "DeleteChallenge", 1)
        .replacen("'200'", "'204'", 1);
    let delete = delete
        .split_once("          content:")
        .map(|(head, _)| format!("{head}\n"))
        .unwrap_or(delete);
    let added = edit(
        &text,
        "    post:\n      operationId: UpdateChallenge",
        &format!("{delete}    post:\n      operationId: UpdateChallenge"),
    );
    assert_eq!(
        lines(&added),
        (
            vec![format!(
                "compatible: Client::delete_challenge added (DELETE \
                 /v2/Services/{{ServiceSid}}/Entities/{{Identity}}/Challenges/{{Sid}}), with \
                 request type DeleteChallengeRequest {ONE}/delete"
            )],
            false
        )
    );
    let renamed = edit(
        &text,
        "operationId: FetchChallenge",
        "operationId: GetChallenge",
    );
    let (got, breaking) = lines(&renamed);
    assert!(breaking);
    assert_eq!(
        got,
        vec![
            format!(
                "compatible: Client::get_challenge added (GET \
                 /v2/Services/{{ServiceSid}}/Entities/{{Identity}}/Challenges/{{Sid}}), with \
                 request type GetChallengeRequest {ONE}/get"
            ),
            format!(
                "breaking: Client::fetch_challenge removed (GET \
                 /v2/Services/{{ServiceSid}}/Entities/{{Identity}}/Challenges/{{Sid}}), with \
                 request type FetchChallengeRequest {ONE}/get"
            ),
        ]
    );
}

#[test]
fn description_edits_are_docs_and_examples_give_no_line() {
    let new = edit(
        &fixture(),
        "Fetches one challenge, for instance to poll its status.",
        "Fetches one challenge, for instance to poll its status until it is answered.",
    );
    let new = edit(
        &new,
        "description: SID of the Verify Service the entity belongs to.",
        "description: SID of the Verify Service that the entity belongs to.",
    );
    let new = edit(
        &new,
        "example: NTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "example: NTbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    );
    let new = edit(&new, "      description: Where the challenge stands.\n", "");
    assert_eq!(
        lines(&new),
        (
            vec![
                // A shared parameter documents one field of each of the five requests.
                "docs: CreateChallengeRequest.service_sid (and 4 more) description changed \
                 #/components/parameters/ServiceSid"
                    .to_owned(),
                // The field's doc is the enum's, through its `$ref`.
                "docs: Challenge.status description removed \
                 #/components/schemas/verify.v2.service.entity.challenge/properties/status"
                    .to_owned(),
                "docs: ChallengeStatus description removed \
                 #/components/schemas/challenge_enum_challenge_statuses"
                    .to_owned(),
                // The example of `Notification.sid` changes too: no generated doc shows it.
                format!("docs: Client::fetch_challenge description changed {ONE}/get/description"),
            ],
            false
        )
    );
}

#[test]
fn constraints_of_what_users_send_tighten_or_loosen() {
    let tighter = edit(&fixture(), "maxLength: 256", "maxLength: 128");
    assert_eq!(
        lines(&tighter),
        (
            vec![format!(
                "breaking: CreateChallengeRequest field details_message (Details.Message) \
                 tightens its constraints: maxLength 256 -> 128 {CREATE}/{FORM}/Details.Message"
            )],
            true
        )
    );
    let looser = edit(&fixture(), "maxItems: 20", "maxItems: 50");
    assert_eq!(
        lines(&looser),
        (
            vec![format!(
                "compatible: CreateChallengeRequest field details_fields (Details.Fields) \
                 loosens its constraints: maxItems 20 -> 50 {CREATE}/{FORM}/Details.Fields"
            )],
            false
        )
    );
    // Response structs check nothing, so their constraints do not show.
    let response = edit(
        &fixture(),
        "          description: Delivery priority;",
        "          maxLength: 10\n          description: Delivery priority;",
    );
    assert_eq!(lines(&response), (vec![], false));
}

#[test]
fn deprecation_is_compatible() {
    let new = edit(
        &fixture(),
        "      operationId: ListChallenge\n",
        "      operationId: ListChallenge\n      deprecated: true\n",
    );
    assert_eq!(
        lines(&new),
        (
            vec![format!(
                "compatible: Client::list_challenge is now deprecated {LIST}"
            )],
            false
        )
    );
}

#[test]
fn a_spec_that_cannot_be_generated_fails_with_its_pointer() {
    let broken = edit(
        &fixture(),
        "type: integer\n          format: int64",
        "type: integr\n          format: int64",
    );
    let err =
        diff(&fixture(), "old.yaml", &broken, "new.yaml").expect_err("the new spec is broken");
    assert_eq!(
        err.to_string(),
        format!(
            "new.yaml{LIST}/parameters/5/schema/type: unknown type `integr` (did you mean \
             `integer`?); OpenAPI 3.0 knows string, integer, number, boolean, array and object"
        )
    );
    let err =
        diff("openapi: 3.0.1\n: [", "old.yaml", &fixture(), "new.yaml").expect_err("not YAML");
    assert!(
        err.to_string().starts_with("old.yaml#: not valid YAML"),
        "{err}"
    );
}

#[test]
fn kinds_print_as_their_words() {
    assert_eq!(Kind::Breaking.to_string(), "breaking");
    assert_eq!(Kind::Compatible.to_string(), "compatible");
    assert_eq!(Kind::Docs.to_string(), "docs");
}

#[test]
fn credentials_an_operation_no_longer_accepts_are_breaking_and_new_ones_compatible() {
    let schemes =
        "  securitySchemes:\n    accountSid_authToken:\n      type: http\n      scheme: basic\n";
    let with_bearer = edit(
        &fixture(),
        schemes,
        &format!("{schemes}    token:\n      type: http\n      scheme: bearer\n"),
    );
    let fetch = "      operationId: FetchChallenge\n";
    // `security` is the text that follows `security:` in FetchChallenge.
    let accepts = |security: &str| {
        edit(
            &with_bearer,
            fetch,
            &format!("{fetch}      security:{security}"),
        )
    };
    assert_eq!(
        lines(&accepts("\n      - token: []\n")),
        (
            vec![format!(
                "breaking: Client::fetch_challenge accepts a bearer token (was HTTP Basic) \
                 {ONE}/get"
            )],
            true
        )
    );
    assert_eq!(
        lines(&accepts(
            "\n      - accountSid_authToken: []\n      - token: []\n"
        )),
        (
            vec![format!(
                "compatible: Client::fetch_challenge accepts HTTP Basic, then a bearer token \
                 (was HTTP Basic) {ONE}/get"
            )],
            false
        )
    );
    assert_eq!(
        lines(&accepts(" []\n")),
        (
            vec![format!(
                "compatible: Client::fetch_challenge accepts no credentials (was HTTP Basic) \
                 {ONE}/get"
            )],
            false
        ),
        "any credentials do for an operation that takes none"
    );
}

#[test]
fn a_moved_component_is_one_rename_line_and_its_uses_give_none() {
    // The status enum under another component name: its Rust name follows, the values stay.
    let new = fixture().replace(
        "challenge_enum_challenge_statuses",
        "challenge_enum_statuses",
    );
    let changes = diff(&fixture(), "old.yaml", &new, "new.yaml").expect("both generate");
    let lines: Vec<String> = changes.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        lines,
        [
            "breaking: ChallengeStatus is renamed to Status (the same shape) \
          #/components/schemas/challenge_enum_statuses"
        ]
    );
    assert_eq!(
        (
            changes[0].rule,
            changes[0].old.as_deref(),
            changes[0].new.as_deref()
        ),
        ("type-renamed", Some("ChallengeStatus"), Some("Status"))
    );
}

#[test]
fn a_rename_kept_as_a_deprecated_alias_is_compatible() {
    let new = fixture().replace(
        "challenge_enum_challenge_statuses",
        "challenge_enum_statuses",
    );
    let mut settings = twilio_openapi_codegen::Settings::default();
    settings.renamed = vec![("ChallengeStatus".into(), "Status".into())];
    let changes = twilio_openapi_codegen::diff::diff_with(
        &fixture(),
        "old.yaml",
        &new,
        "new.yaml",
        &settings,
    )
    .expect("both generate");
    let lines: Vec<String> = changes.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        lines,
        [
            "compatible: ChallengeStatus is renamed to Status (the same shape); the old name \
          stays, a deprecated alias #/components/schemas/challenge_enum_statuses"
        ]
    );
    // The generated code keeps the name.
    let files =
        twilio_openapi_codegen::generate_with(&new, "new.yaml", &settings).expect("generates");
    let types = &files
        .iter()
        .find(|f| f.name == "types.rs")
        .expect("types.rs")
        .content;
    assert!(
        types.contains(
            "#[deprecated(note = \"renamed to `Status`\")]\npub type ChallengeStatus = Status;"
        ),
        "{types}"
    );
    // A name that is no type of the spec is refused.
    settings.renamed = vec![("Old".into(), "NoSuchType".into())];
    let e = twilio_openapi_codegen::generate_with(&new, "new.yaml", &settings).unwrap_err();
    assert!(e.to_string().contains("renamed type `NoSuchType`"), "{e}");
}
