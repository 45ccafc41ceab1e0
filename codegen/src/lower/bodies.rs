//! Request bodies: a form body's properties become form fields, a JSON body one parameter.
//! A body offered in several content types is sent in the first one, in spec order, that
//! can be sent (a form, or JSON).

use super::schemas::Props;
use super::*;

impl<'a> Lower<'a> {
    /// The operation's request body: its parameters go into `params`; returns how it is
    /// sent, or `None` when the operation takes no body (or it cannot be lowered, which is
    /// reported).
    pub(super) fn request_body(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        id: &str,
        params: &mut Vec<Param>,
        idents: &mut Namespace,
    ) -> Option<BodyMedia> {
        let body = op.request_body.as_ref()?;
        let (body, bat) = self.definition(body, &at.at("requestBody"))?;
        let offered: Vec<&String> = body.content.keys().collect();
        // The first content type, in spec order, that can be sent.
        let Some((content_type, media)) = body
            .content
            .iter()
            .find(|(ct, _)| media::is_json(ct) || media::is_form(ct))
        else {
            let (pointer, message) = match &offered[..] {
                [] => return None,
                [one] => (
                    bat.at("content").at(one.as_str()),
                    format!("request content type `{one}` is not supported"),
                ),
                several => (
                    bat.at("content"),
                    format!(
                        "none of the request body's content types can be sent ({})",
                        several
                            .iter()
                            .map(|ct| format!("`{ct}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            };
            self.error(
                &pointer,
                format!("{message}; use {FORM} (as Twilio's APIs do) or {JSON_TYPES}"),
            );
            return None;
        };
        let mat = bat.at("content").at(content_type);
        let Some(schema) = &media.schema else {
            self.error(
                &mat,
                "the request body has no schema; add one (for a form body, an object whose \
                 properties are the form fields)",
            );
            return None;
        };
        let sat = mat.at("schema");
        if media::is_json(content_type) {
            self.json_body(body, schema, &sat, id, params, idents);
        } else {
            params.extend(self.form_body(media, schema, &mat, id, idents));
        }
        Some(BodyMedia {
            media_type: content_type.clone(),
            also_offered: offered
                .into_iter()
                .filter(|ct| *ct != content_type)
                .cloned()
                .collect(),
        })
    }

    /// A JSON body: one parameter, the whole body.
    fn json_body(
        &mut self,
        body: &openapiv3::RequestBody,
        schema: &'a ReferenceOr<Schema>,
        sat: &Pointer,
        id: &str,
        params: &mut Vec<Param>,
        idents: &mut Namespace,
    ) {
        let hint = Hint {
            type_name: vec![format!("{}Body", names::pascal(id))],
            sid_name: "Sid".into(),
            sid_place: SidPlace::Reference,
        };
        let Some(ty) = self.schema_or_ref_ty(schema, sat, &hint) else {
            return;
        };
        // Tentative, as in `checks`: settled by `settle_nested`.
        let nested = match &ty {
            Ty::Named(id) => !self.is_enum(*id),
            _ => false,
        };
        let checks = if nested {
            vec![Check::Nested]
        } else {
            Vec::new()
        };
        params.push(Param {
            location: Location::JsonBody,
            style: Style::Exploded,
            field: Field {
                wire: "body".into(),
                ident: idents.claim(&["body".to_owned()]),
                ty,
                required: body.required,
                doc: body.description.clone(),
                deprecated: false,
                pii: false,
                checks,
                origin: sat.clone(),
            },
        });
    }

    /// A form body (`media`, at `mat`, its schema `schema`): each property of the object is
    /// a form field.
    fn form_body(
        &mut self,
        media: &'a openapiv3::MediaType,
        schema: &'a ReferenceOr<Schema>,
        mat: &Pointer,
        id: &str,
        idents: &mut Namespace,
    ) -> Vec<Param> {
        let mut params = Vec::new();
        let Some((schema, sat)) = self.target(schema, &mat.at("schema")) else {
            return params;
        };
        let Some(props) = self.form_props(schema, &sat) else {
            return params;
        };
        let names: Vec<&str> = props.entries.iter().map(|(w, _, _)| *w).collect();
        self.form_encoding(media, mat, &names);
        let request = names::pascal(id);
        idents.at_place("form");
        for (wire, prop, p) in &props.entries {
            let hint = Hint {
                type_name: vec![format!("{request}{}", names::pascal(wire))],
                sid_name: (*wire).to_owned(),
                sid_place: SidPlace::Reference,
            };
            let required = props.required.contains(wire);
            if let Some(field) = self.field(wire, prop, p, required, &hint, idents) {
                params.push(Param {
                    location: Location::Form,
                    style: Style::Exploded,
                    field,
                });
            }
        }
        params
    }

    /// The properties of a form body's object schema (at `sat`), or those its `allOf`
    /// merges; `None` (reported) when it is neither.
    fn form_props(&mut self, schema: &'a Schema, sat: &Pointer) -> Option<Props<'a>> {
        let v = view(schema);
        if v.all_of.len() > 1 {
            let props = self.all_of_props(v.all_of, sat, 0)?;
            return self.merged_required_exist(&props, sat).then_some(props);
        }
        let Some(map) = v.properties else {
            if v.kind != Some(Kind::Object) {
                self.error(
                    sat,
                    "a form body must be an object with properties (or an `allOf` of such \
                     objects): each property is a form field",
                );
            }
            return None;
        };
        self.required_exist(v.required, map, sat);
        Some(Props::of(map, v.required, sat))
    }

    /// Checks the `encoding` of a form body's fields: form style, exploded, sent as text
    /// (or JSON for objects).
    fn form_encoding(&mut self, media: &'a openapiv3::MediaType, mat: &Pointer, names: &[&str]) {
        for (name, enc) in &media.encoding {
            let eat = mat.at("encoding").at(name);
            if !names.contains(&name.as_str()) {
                self.error(
                    &eat,
                    format!(
                        "`encoding` names `{name}`, which is not a property of the body{}; \
                         correct the name or remove the entry",
                        did_you_mean(name, names.iter())
                    ),
                );
            }
            let explicit_false = matches!(
                self.raw_at(&eat.at("explode")),
                Some(serde_yaml::Value::Bool(false))
            );
            if explicit_false {
                self.error(
                    &eat.at("explode"),
                    "`explode: false` is not supported: Twilio takes arrays as repeated keys \
                     (`Key=a&Key=b`); remove it or write `explode: true`",
                );
            }
            if let Some(style) = &enc.style {
                if !matches!(style, openapiv3::QueryStyle::Form) {
                    self.error(
                        &eat.at("style"),
                        "only `style: form` is supported in form bodies; remove `style` or \
                         write `style: form`",
                    );
                }
            }
            if let Some(ct) = &enc.content_type {
                if ct != JSON && ct != "text/plain" {
                    self.error(
                        &eat.at("contentType"),
                        format!(
                            "content type `{ct}` of a form field is not supported; a field is \
                             sent as text/plain, or as {JSON} for objects"
                        ),
                    );
                }
            }
        }
    }
}
