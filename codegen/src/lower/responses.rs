//! Responses: the success response's JSON type, or no body; or, for an operation whose
//! documented answers are redirects only (3xx, no 2xx), the redirect itself.

use super::*;

/// An operation's answer, as lowered.
pub(super) struct Answer {
    /// What a success holds.
    pub(super) response: Response,
    /// The media type to send as `Accept`.
    pub(super) accept: String,
    /// Whether the answer is a list page.
    pub(super) paged: bool,
}

impl Answer {
    /// An answer without a JSON body of its own (errors still come as JSON).
    fn bodiless(response: Response) -> Self {
        Answer {
            response,
            accept: JSON.to_owned(),
            paged: false,
        }
    }
}

impl<'a> Lower<'a> {
    pub(super) fn response(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        id: &str,
    ) -> Answer {
        let rat = at.at("responses");
        let success = op
            .responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                StatusCode::Code(c) if (200..300).contains(c) => Some((c.to_string(), r)),
                StatusCode::Range(2) => Some(("2XX".to_owned(), r)),
                _ => None,
            });
        let mut success: Vec<_> = success.collect();
        success.sort_by(|a, b| a.0.cmp(&b.0));
        let Some((code, response)) = success.into_iter().next() else {
            if documents_redirects(op) {
                // Its target is the answer; a body the spec gives a redirect is not read.
                return Answer::bodiless(Response::Redirect);
            }
            self.error(
                &rat,
                "the operation declares no 2xx response (nor a redirect, 3xx), so its success \
                 cannot be decoded; add one, such as `'200'` with an application/json schema \
                 or `'204'` without content",
            );
            return Answer::bodiless(Response::Empty);
        };
        let Some((response, cat)) = self.definition(response, &rat.at(&code)) else {
            return Answer::bodiless(Response::Empty);
        };
        if response.content.is_empty() {
            return Answer::bodiless(Response::Empty);
        }
        let Some((json_type, media)) = response.content.iter().find(|(ct, _)| media::is_json(ct))
        else {
            let ct = response.content.keys().next().cloned().unwrap_or_default();
            self.error(
                &cat.at("content").at(&ct),
                format!(
                    "response content type `{ct}` is not supported: only {JSON_TYPES} is \
                     decoded; describe the response as {JSON}, or drop `content` to ignore the \
                     body"
                ),
            );
            return Answer::bodiless(Response::Empty);
        };
        let accept = json_type.clone();
        let Some(schema) = &media.schema else {
            return Answer {
                response: Response::Json(Ty::Any),
                accept,
                paged: false,
            };
        };
        let sat = cat.at("content").at(json_type).at("schema");
        let hint = Hint {
            type_name: vec![format!("{}Response", names::pascal(id))],
            sid_name: "Sid".into(),
            sid_place: SidPlace::Reference,
        };
        let Some(ty) = self.schema_or_ref_ty(schema, &sat, &hint) else {
            return Answer::bodiless(Response::Empty);
        };
        let paged = match &ty {
            Ty::Named(id) => {
                matches!(self.type_def(*id), Some(TypeDef::Struct(s)) if s.paging.is_some())
            }
            _ => false,
        };
        Answer {
            response: Response::Json(ty),
            accept,
            paged,
        }
    }
}

/// Whether the operation documents a redirect (a 3xx code, or `3XX`).
fn documents_redirects(op: &openapiv3::Operation) -> bool {
    op.responses.responses.keys().any(|code| match code {
        StatusCode::Code(c) => (300..400).contains(c),
        StatusCode::Range(r) => *r == 3,
    })
}
