//! Responses: the success response's JSON type, or no body.

use super::*;

impl<'a> Lower<'a> {
    pub(super) fn response(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        id: &str,
    ) -> (Response, bool) {
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
            self.error(
                &rat,
                "the operation declares no 2xx response, so its success cannot be decoded; \
                 add one, such as `'200'` with an application/json schema or `'204'` without \
                 content",
            );
            return (Response::Empty, false);
        };
        let Some((response, cat)) = self.definition(response, &rat.at(&code)) else {
            return (Response::Empty, false);
        };
        if response.content.is_empty() {
            return (Response::Empty, false);
        }
        let Some((json_type, media)) = response
            .content
            .iter()
            .find(|(ct, _)| ct.split(';').next().map(str::trim) == Some(JSON))
        else {
            let ct = response.content.keys().next().cloned().unwrap_or_default();
            self.error(
                &cat.at("content").at(&ct),
                format!(
                    "response content type `{ct}` is not supported: only {JSON} is decoded; \
                     describe the response as {JSON}, or drop `content` to ignore the body"
                ),
            );
            return (Response::Empty, false);
        };
        let Some(schema) = &media.schema else {
            return (Response::Json(Ty::Any), false);
        };
        let sat = cat.at("content").at(json_type).at("schema");
        let hint = Hint {
            type_name: vec![format!("{}Response", names::pascal(id))],
            sid_name: "Sid".into(),
        };
        let Some(ty) = self.schema_or_ref_ty(schema, &sat, &hint) else {
            return (Response::Empty, false);
        };
        let paged = match &ty {
            Ty::Named(id) => {
                matches!(self.type_def(*id), Some(TypeDef::Struct(s)) if s.paging.is_some())
            }
            _ => false,
        };
        (Response::Json(ty), paged)
    }
}
