//! Naming rules: every Rust name is decided here, once, from spec names.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust keywords (strict and reserved) that cannot be used as field or variant names.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "union",
];

/// Type names the generated modules rely on, and names the bindings define next to the
/// spec's types (a generated type of one of these names would clash there); a spec type
/// never takes one of them. The runtime's re-exports ([`RUNTIME_REEXPORTS`]) are taken too.
const RESERVED_TYPES: &[&str] = &[
    "Default",
    "From",
    "Into",
    "IntoIterator",
    "ApiError",
    "ClientBuilder",
    "Credentials",
    "InvalidSid",
    "Operation",
    "Paged",
    "Request",
    "ResponseKind",
    "RetryPolicy",
    "Secret",
    "ValidationError",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Client",
    "Error",
    "PageMeta",
    "Sid",
    "SidKind",
    "BTreeMap",
    "DateTime",
    "Utc",
    "NaiveDate",
    "Value",
    "Self",
];

/// The runtime items re-exported next to the generated ones, so that a user of the
/// bindings writes `use my_bindings::{Client, Credentials, Error}` and nothing else.
pub const RUNTIME_REEXPORTS: &[&str] = &[
    "ApiError",
    "Call",
    "ClientAuthMethod",
    "Credentials",
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "Error",
    "InvalidSid",
    "JsonObject",
    "ListStream",
    "Operation",
    "PageMeta",
    "Paged",
    "Redirect",
    "Request",
    "ResponseKind",
    "RetryPolicy",
    "Rule",
    "Scheme",
    "Secret",
    "Sid",
    "SidKind",
    "Stream",
    "StreamExt",
    "TokenError",
    "ValidationError",
];

/// The function of a generated `samples` module that sends every sample; a sample's own
/// function never takes this name.
pub const SAMPLES_RUNNER: &str = "run";

/// The environment variable that overrides a product's base URL, after Twilio's
/// convention: `TWILIO_` and the first label of the host of `servers[0]`, then
/// `_BASE_URL` (`https://verify.twilio.com` gives `TWILIO_VERIFY_BASE_URL`). Without a
/// host it is `TWILIO_BASE_URL`.
pub fn base_url_env(base_url: &str) -> String {
    let host = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest)
        .split(['/', ':', '.'])
        .next()
        .unwrap_or_default();
    let label: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if label.is_empty() {
        "TWILIO_BASE_URL".to_owned()
    } else {
        format!("TWILIO_{label}_BASE_URL")
    }
}

/// Names the generated structs define as methods next to the field setters (`new`, and
/// `validate` on outgoing structs); a field never takes one.
const RESERVED_FIELDS: &[&str] = &["new", "validate"];

/// Spec names as words for `heck`: anything but ASCII letters and digits separates words.
///
/// Generated identifiers are ASCII only: `proc_macro2` rejects characters that are
/// alphanumeric but not identifier characters (`²`, `٣`), and non-ASCII identifiers trip
/// rustc's confusable-identifier lints.
fn ascii_words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A snake_case identifier for a field or function.
pub fn snake(name: &str) -> String {
    let mut s = ascii_words(name).to_snake_case();
    if s.is_empty() {
        s = "value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'n');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// The names a field or parameter wants, best first: its wire name in snake case, with a
/// comparison filter's operator in words (`DateSent<` gives `date_sent_before`, `>` `_after`,
/// `<=` `_on_or_before`, `>=` `_on_or_after`); then, for a parameter sent at `place`, the
/// same with the place (`account_sid_in_form`), for when another parameter has the name.
pub fn field_candidates(wire: &str, place: Option<&str>) -> Vec<String> {
    const OPERATORS: [(&str, &str); 4] = [
        ("<=", "on_or_before"),
        (">=", "on_or_after"),
        ("<", "before"),
        (">", "after"),
    ];
    let base = OPERATORS
        .iter()
        .find_map(|(op, word)| {
            let name = wire.strip_suffix(op)?;
            Some(snake(&format!("{name}_{word}")))
        })
        .unwrap_or_else(|| snake(wire));
    let mut out = vec![base.clone()];
    out.extend(place.map(|p| format!("{}_in_{p}", base.trim_end_matches('_'))));
    out
}

/// An UpperCamelCase identifier for a type or variant.
pub fn pascal(name: &str) -> String {
    let mut s = ascii_words(name).to_upper_camel_case();
    if s.is_empty() {
        s = "Value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// The variants of the prelude's `Option` and `Result`. An enum value spelt like one of
/// them (`none`, `some`, `ok`, `err`) would give a variant that reads as the prelude's
/// (`Some(ChallengeReason::None)`) and that a glob import (`use ChallengeReason::*`) would
/// put in place of the prelude's; [`variant`] appends `Value` to it.
const PRELUDE_VARIANTS: &[&str] = &["None", "Some", "Ok", "Err"];

/// An UpperCamelCase identifier for an enum variant: [`pascal`] of the value, with `Value`
/// appended when that is a variant of the prelude (`None`, `Some`, `Ok`, `Err`): `none` gives
/// `NoneValue`, `not_needed` gives `NotNeeded`.
pub fn variant(value: &str) -> String {
    let mut s = pascal(value);
    if PRELUDE_VARIANTS.contains(&s.as_str()) {
        s.push_str("Value");
    }
    s
}

/// English singular of a plural word, for the plural forms Twilio's names use; a word that
/// is singular already (`status`, `analysis`, `access`) is kept.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("uses") || word.ends_with("sses") || word.ends_with("xes") {
        word[..word.len() - 2].to_owned()
    } else if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
        && word.len() > 1
    {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

/// Candidate type names for a component schema, best first.
///
/// `verify.v2.service.entity.challenge` gives `Challenge`, then `EntityChallenge`, ...;
/// `challenge_enum_challenge_statuses` gives `ChallengeStatus`, then
/// `ChallengeChallengeStatus`; anything else is taken whole.
pub fn component_candidates(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((owner, rest)) = name.split_once("_enum_") {
        let base = pascal(&singular(rest));
        out.push(base.clone());
        out.push(format!(
            "{}{}",
            pascal(owner.rsplit('.').next().unwrap_or(owner)),
            base
        ));
    } else if name.contains('.') {
        let segments: Vec<&str> = name.split('.').collect();
        for take in 1..=segments.len() {
            let tail = &segments[segments.len() - take..];
            out.push(pascal(&tail.join("_")));
        }
    }
    out.push(pascal(name));
    out.dedup();
    out
}

/// Hands out names so that no two items of one namespace share one.
#[derive(Debug, Default)]
pub struct Namespace {
    used: BTreeSet<String>,
    /// For the fields of a request: where the parameters now being named are sent
    /// (`query`, `form`, …), which a field whose name is taken adds to it (see
    /// [`field_candidates`]).
    place: Option<&'static str>,
}

impl Namespace {
    /// A namespace for type names: the reserved names, and the runtime items the
    /// bindings re-export, are taken from the start.
    pub fn types() -> Self {
        let mut names = Self::taken(RESERVED_TYPES);
        names
            .used
            .extend(RUNTIME_REEXPORTS.iter().map(|s| (*s).to_owned()));
        names
    }

    /// A namespace for `Client` methods: the client's own methods (`reserved`, the model's
    /// `ClientDef::reserved`) are taken.
    pub fn methods<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Self::taken(&reserved.into_iter().collect::<Vec<_>>())
    }

    /// A namespace for the fields of one struct: the generated methods are taken.
    pub fn fields() -> Self {
        Self::taken(RESERVED_FIELDS)
    }

    fn taken(names: &[&str]) -> Self {
        Namespace {
            used: names.iter().map(|s| (*s).to_owned()).collect(),
            place: None,
        }
    }

    /// Like [`claim`](Self::claim), for an item that comes with a companion named
    /// `{name}{suffix}` (a SID type and its `…Kind` marker): hands out only a name for which
    /// both are free, and takes both.
    pub fn claim_pair(&mut self, candidates: &[String], suffix: &str) -> String {
        let free =
            |ns: &Self, c: &str| !ns.used.contains(c) && !ns.used.contains(&format!("{c}{suffix}"));
        let chosen = match candidates.iter().find(|c| free(self, c)) {
            Some(c) => c.clone(),
            None => {
                let last = candidates
                    .last()
                    .cloned()
                    .unwrap_or_else(|| "Item".to_owned());
                (2..)
                    .map(|n| format!("{last}{n}"))
                    .find(|c| free(self, c))
                    .unwrap_or(last)
            }
        };
        self.used.insert(format!("{chosen}{suffix}"));
        self.used.insert(chosen.clone());
        chosen
    }

    /// Whether a name is taken (the unit tests below ask; the generator only claims).
    #[cfg(test)]
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    /// Says where the parameters named from now on are sent (see [`field_candidates`]).
    pub fn at_place(&mut self, place: &'static str) {
        self.place = Some(place);
    }

    /// The name of the field or parameter `wire`, from [`field_candidates`].
    pub fn claim_field(&mut self, wire: &str) -> String {
        let candidates = field_candidates(wire, self.place);
        self.claim(&candidates)
    }

    /// Takes the first free candidate, or the last one with the smallest free number appended.
    pub fn claim(&mut self, candidates: &[String]) -> String {
        for c in candidates {
            if self.used.insert(c.clone()) {
                return c.clone();
            }
        }
        let last = candidates
            .last()
            .cloned()
            .unwrap_or_else(|| "Item".to_owned());
        let mut n = 2;
        loop {
            let c = format!("{last}{n}");
            if self.used.insert(c.clone()) {
                return c;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_names_are_short_and_idiomatic() {
        assert_eq!(
            component_candidates("verify.v2.service.entity.challenge")[0],
            "Challenge"
        );
        assert_eq!(
            component_candidates("verify.v2.service.entity.challenge.notification")[..2],
            [
                "Notification".to_owned(),
                "ChallengeNotification".to_owned()
            ]
        );
        assert_eq!(
            component_candidates("challenge_enum_challenge_statuses")[0],
            "ChallengeStatus"
        );
        assert_eq!(
            component_candidates("challenge_enum_factor_types")[1],
            "ChallengeFactorType"
        );
        assert_eq!(
            component_candidates("challenge_enum_list_orders")[0],
            "ListOrder"
        );
    }

    #[test]
    fn identifiers_avoid_keywords_and_digits() {
        assert_eq!(snake("Details.Message"), "details_message");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("3ds"), "n3ds");
        assert_eq!(pascal("in-progress"), "InProgress");
        assert_eq!(pascal("GET"), "Get");
        assert_eq!(pascal("self"), "Self_");
    }

    #[test]
    fn enum_values_never_spell_a_prelude_variant() {
        assert_eq!(variant("none"), "NoneValue");
        assert_eq!(variant("NONE"), "NoneValue");
        assert_eq!(variant("some"), "SomeValue");
        assert_eq!(variant("ok"), "OkValue");
        assert_eq!(variant("err"), "ErrValue");
        assert_eq!(variant("not_needed"), "NotNeeded");
        assert_eq!(variant("none_left"), "NoneLeft");
        assert_eq!(variant("error"), "Error");
        assert_eq!(variant("self"), "Self_");
    }

    #[test]
    fn namespace_resolves_collisions_deterministically() {
        let mut ns = Namespace::types();
        assert_eq!(
            ns.claim(&["Error".into(), "ServiceError".into()]),
            "ServiceError"
        );
        assert_eq!(ns.claim(&["A".into()]), "A");
        assert_eq!(ns.claim(&["A".into()]), "A2");
        assert_eq!(ns.claim(&["A".into()]), "A3");
    }

    #[test]
    fn identifiers_are_ascii_whatever_the_spec_says() {
        // `²` and `٣` are alphanumeric but no identifier characters; `é` would be one, but
        // non-ASCII identifiers trip rustc's confusable-identifier lints.
        assert_eq!(snake("x²"), "x");
        assert_eq!(snake("٣"), "value");
        assert_eq!(pascal("名前"), "Value");
        assert_eq!(pascal("café-au-lait"), "CafAuLait");
        assert_eq!(snake("\u{301}a"), "a");
        for name in ["é", "x²", "٣", "a\u{301}", "Ünï", "", "_", "..", "~1"] {
            for id in [snake(name), pascal(name)] {
                assert!(!id.is_empty() && id.is_ascii(), "{name:?} gave {id:?}");
                assert!(!id.starts_with(|c: char| c.is_ascii_digit()), "{id}");
            }
        }
    }

    #[test]
    fn base_url_env_follows_the_first_label_of_the_host() {
        assert_eq!(
            base_url_env("https://verify.twilio.com"),
            "TWILIO_VERIFY_BASE_URL"
        );
        assert_eq!(
            base_url_env("https://flex-api.twilio.com/"),
            "TWILIO_FLEX_API_BASE_URL"
        );
        assert_eq!(
            base_url_env("http://localhost:8080"),
            "TWILIO_LOCALHOST_BASE_URL"
        );
        assert_eq!(base_url_env(""), "TWILIO_BASE_URL");
    }

    #[test]
    fn reserved_names_are_never_handed_out() {
        let mut methods = Namespace::methods(["core", "clone"]);
        assert_eq!(methods.claim(&["core".into()]), "core2");
        assert_eq!(methods.claim(&["clone".into()]), "clone2");
        assert_eq!(methods.claim(&["fetch_thing".into()]), "fetch_thing");
        assert_eq!(methods.claim(&["fetch_thing".into()]), "fetch_thing2");
        let mut fields = Namespace::fields();
        assert_eq!(fields.claim(&["new".into()]), "new2");
        assert_eq!(fields.claim(&["validate".into()]), "validate2");
        let mut types = Namespace::types();
        assert_eq!(types.claim(&["Request".into()]), "Request2");
        assert_eq!(types.claim(&["Default".into()]), "Default2");
        assert_eq!(types.claim(&["StreamExt".into()]), "StreamExt2");
    }

    #[test]
    fn a_sid_type_and_its_kind_marker_are_claimed_together() {
        let mut ns = Namespace::types();
        ns.claim(&["ThingSidKind".into()]);
        // `ThingSid` is free but its marker `ThingSidKind` is not.
        assert_eq!(
            ns.claim_pair(&["ThingSid".into(), "ThingSidTh".into()], "Kind"),
            "ThingSidTh"
        );
        assert!(ns.contains("ThingSidThKind"));
        assert_eq!(ns.claim_pair(&["ThingSidTh".into()], "Kind"), "ThingSidTh2");
        assert!(ns.contains("ThingSidTh2Kind"));
    }

    #[test]
    fn comparison_filters_and_clashing_parameters_get_names_that_say_what_they_are() {
        assert_eq!(field_candidates("DateSent<", None), ["date_sent_before"]);
        assert_eq!(field_candidates("DateSent>", None), ["date_sent_after"]);
        assert_eq!(
            field_candidates("StartTime<=", None),
            ["start_time_on_or_before"]
        );
        assert_eq!(
            field_candidates("StartTime>=", None),
            ["start_time_on_or_after"]
        );
        assert_eq!(
            field_candidates("AccountSid", Some("form")),
            ["account_sid", "account_sid_in_form"]
        );
        // A path parameter `AccountSid` named first, then a form field of the same name.
        let mut fields = Namespace::fields();
        fields.at_place("path");
        assert_eq!(fields.claim_field("AccountSid"), "account_sid");
        fields.at_place("form");
        assert_eq!(fields.claim_field("AccountSid"), "account_sid_in_form");
        assert_eq!(fields.claim_field("Type"), "type_");
    }

    #[test]
    fn singular_handles_twilio_plurals() {
        assert_eq!(singular("statuses"), "status");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("challenges"), "challenge");
        assert_eq!(singular("access"), "access");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("patchstatus"), "patchstatus");
        assert_eq!(singular("analysis"), "analysis");
        assert_eq!(singular("issues"), "issue");
    }
}
