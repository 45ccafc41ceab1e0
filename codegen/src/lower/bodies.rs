//! Request bodies: a form body's properties become form fields, a JSON body one parameter.

use super::*;

impl<'a> Lower<'a> {
    pub(super) fn request_body(
        &mut self,
        op: &'a openapiv3::Operation,
        at: &Pointer,
        id: &str,
        params: &mut Vec<Param>,
        idents: &mut Namespace,
    ) {
        let Some(body) = &op.request_body else { return };
        let Some((body, bat)) = self.definition(body, &at.at("requestBody")) else {
            return;
        };
        let Some((content_type, media)) = body.content.iter().next() else {
            return;
        };
        let mat = bat.at("content").at(content_type);
        if body.content.len() > 1 {
            self.error(
                &bat.at("content"),
                "a request body with several content types is not supported; keep one \
                 (application/x-www-form-urlencoded or application/json)",
            );
            return;
        }
        let Some(schema) = &media.schema else {
            self.error(
                &mat,
                "the request body has no schema; add one (for a form body, an object whose \
                 properties are the form fields)",
            );
            return;
        };
        let sat = mat.at("schema");
        let base = content_type.split(';').next().unwrap_or("").trim();
        if base == JSON {
            let hint = Hint {
                type_name: vec![format!("{}Body", names::pascal(id))],
                sid_name: "Sid".into(),
            };
            let Some(ty) = self.schema_or_ref_ty(schema, &sat, &hint) else {
                return;
            };
            // Tentative, as in `checks`: settled by `settle_nested`.
            let nested = match &ty {
                Ty::Named(n) => self.by_name.get(n).is_some_and(|r| !r.is_enum),
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
                },
            });
            return;
        }
        if base != FORM {
            self.error(
                &mat,
                format!(
                    "request content type `{content_type}` is not supported; use {FORM} (as \
                     Twilio's APIs do) or {JSON}"
                ),
            );
            return;
        }
        let Some((schema, sat)) = self.target(schema, &sat) else {
            return;
        };
        let v = view(schema);
        let Some(props) = v.properties else {
            if v.kind != Some(Kind::Object) {
                self.error(
                    &sat,
                    "a form body must be an object with properties: each property is a form \
                     field",
                );
            }
            return;
        };
        for (name, enc) in &media.encoding {
            let eat = mat.at("encoding").at(name);
            if !props.contains_key(name) {
                self.error(
                    &eat,
                    format!(
                        "`encoding` names `{name}`, which is not a property of the body{}; \
                         correct the name or remove the entry",
                        did_you_mean(name, props.keys())
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
        let request = names::pascal(id);
        for (wire, prop) in props {
            let p = sat.at("properties").at(wire);
            let hint = Hint {
                type_name: vec![format!("{request}{}", names::pascal(wire))],
                sid_name: wire.clone(),
            };
            if let Some(field) =
                self.field(wire, prop, &p, v.required.contains(wire), &hint, idents)
            {
                params.push(Param {
                    location: Location::Form,
                    style: Style::Exploded,
                    field,
                });
            }
        }
        self.required_exist(v.required, props, &sat);
    }
}
