//! Media types as the keys of `content` name them: matched by their grammar (RFC 6838:
//! `type/subtype`, then `;` parameters, all but parameter values case-insensitive), never
//! by a list of names.

/// `application/x-www-form-urlencoded`, the body Twilio's APIs take.
pub(crate) const FORM: &str = "application/x-www-form-urlencoded";
/// `application/json`.
pub(crate) const JSON: &str = "application/json";

/// What the generator says it can send or decode as JSON, for messages.
pub(crate) const JSON_TYPES: &str =
    "JSON (application/json, or an application/*+json type such as application/scim+json)";

/// The type and subtype of a media type, in lower case, its parameters dropped; `None` when
/// it is not of the form `token/token`.
fn essence(media_type: &str) -> Option<(String, String)> {
    let base = media_type.split(';').next().unwrap_or_default().trim();
    let (ty, subtype) = base.split_once('/')?;
    // RFC 9110 `token`.
    let token = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
    };
    (token(ty) && token(subtype)).then(|| (ty.to_ascii_lowercase(), subtype.to_ascii_lowercase()))
}

/// Whether values of this media type are JSON text: `application/json`, or an `application`
/// type with the `+json` structured syntax suffix (RFC 6839), such as
/// `application/scim+json`. Parameters (`; charset=utf-8`) do not matter.
pub(crate) fn is_json(media_type: &str) -> bool {
    match essence(media_type) {
        Some((ty, subtype)) => {
            ty == "application"
                && (subtype == "json"
                    || subtype
                        .strip_suffix("+json")
                        .is_some_and(|name| !name.is_empty()))
        }
        None => false,
    }
}

/// Whether this is `application/x-www-form-urlencoded` (parameters aside).
pub(crate) fn is_form(media_type: &str) -> bool {
    essence(media_type)
        .is_some_and(|(ty, subtype)| ty == "application" && subtype == "x-www-form-urlencoded")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_application_json_or_a_json_suffix() {
        for yes in [
            "application/json",
            "application/scim+json",
            "Application/SCIM+JSON",
            "application/json; charset=utf-8",
            " application/problem+json ;charset=UTF-8",
            "application/vnd.api+json",
        ] {
            assert!(is_json(yes), "{yes}");
        }
        for no in [
            "text/json",
            "application/+json",
            "application/jsonx",
            "application/json+xml",
            "application/x-www-form-urlencoded",
            "application/*",
            "*/*",
            "application",
            "application/sc im+json",
            "",
        ] {
            assert!(!is_json(no), "{no}");
        }
    }

    #[test]
    fn form_is_urlencoded_whatever_the_case_and_parameters() {
        assert!(is_form("application/x-www-form-urlencoded"));
        assert!(is_form("Application/X-WWW-Form-Urlencoded; charset=utf-8"));
        assert!(!is_form("multipart/form-data"));
        assert!(!is_form("application/json"));
    }
}
