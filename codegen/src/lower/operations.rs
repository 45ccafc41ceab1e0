//! Operations: paths and methods, parameters (path, query, header) and the path template.

use super::*;

/// The HTTP methods OpenAPI 3.0 knows as path item keys.
pub(super) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub(super) trait PathParams {
    fn parent_path_params(self) -> Pointer;
}

impl PathParams for Pointer {
    /// From `/paths/{p}/{method}` to `/paths/{p}/parameters`.
    fn parent_path_params(self) -> Pointer {
        let segs: Vec<String> = self.segments().collect();
        let mut p = Pointer::root();
        for s in &segs[..segs.len().saturating_sub(1)] {
            p = p.at(s);
        }
        p.at("parameters")
    }
}

/// Where a parameter of the spec goes (`in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamIn {
    /// The order in which a request's parameters are listed.
    const ORDER: [ParamIn; 4] = [
        ParamIn::Path,
        ParamIn::Query,
        ParamIn::Header,
        ParamIn::Cookie,
    ];

    fn of(param: &Parameter) -> Self {
        match param {
            Parameter::Path { .. } => ParamIn::Path,
            Parameter::Query { .. } => ParamIn::Query,
            Parameter::Header { .. } => ParamIn::Header,
            Parameter::Cookie { .. } => ParamIn::Cookie,
        }
    }
}

/// An operation's parameters by name and place: the definition, the pointer to it and
/// the pointer to where the operation lists it.
type Merged<'a> = IndexMap<(String, ParamIn), (&'a Parameter, Pointer, Pointer)>;

impl<'a> Lower<'a> {
    pub(super) fn paths(&mut self) {
        let doc = self.doc;
        for (path, item) in doc.paths.iter() {
            let at = Pointer::root().at("paths").at(path);
            if !path.starts_with('/') {
                self.error(
                    &at,
                    format!("path `{path}` does not start with `/`; write it as `/{path}`"),
                );
            }
            let item = match item {
                ReferenceOr::Item(i) => i,
                ReferenceOr::Reference { .. } => {
                    self.error(
                        &at.at("$ref"),
                        "path items given by `$ref` are not supported; write the path item \
                         inline",
                    );
                    continue;
                }
            };
            // Methods in the order the spec writes them.
            let order: Vec<String> = match self.raw_at(&at) {
                Some(serde_yaml::Value::Mapping(m)) => m
                    .keys()
                    .filter_map(|k| k.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            for key in order {
                let (method, op) = match key.as_str() {
                    "get" => (Method::Get, &item.get),
                    "post" => (Method::Post, &item.post),
                    "put" => (Method::Put, &item.put),
                    "patch" => (Method::Patch, &item.patch),
                    "delete" => (Method::Delete, &item.delete),
                    "head" | "options" | "trace" => {
                        self.error(
                            &at.at(&key),
                            format!(
                                "`{key}` operations are not supported; only get, post, put, \
                                 patch and delete become client methods: remove this one"
                            ),
                        );
                        continue;
                    }
                    other if METHODS.contains(&other.to_ascii_lowercase().as_str()) => {
                        self.error(
                            &at.at(&key),
                            format!(
                                "`{key}` is not an operation: method keys are lower case; \
                                 write `{}`",
                                other.to_ascii_lowercase()
                            ),
                        );
                        continue;
                    }
                    _ => continue,
                };
                if let Some(op) = op {
                    self.operation(path, method, &item.parameters, op, &at.at(&key));
                }
            }
        }
    }

    /// Lowers one operation, or reports why it cannot be.
    pub(super) fn operation(
        &mut self,
        path: &str,
        method: Method,
        shared: &'a [ReferenceOr<Parameter>],
        op: &'a openapiv3::Operation,
        at: &Pointer,
    ) {
        let Some(id) = self.operation_id(op, at) else {
            return;
        };
        let request_name = self
            .type_names
            .claim(&[format!("{}Request", names::pascal(&id))]);
        let errors_before = self.diags.len();
        let (merged, unresolved) = self.merged_params(shared, op, at);
        let declared: Vec<(String, Pointer)> = merged
            .iter()
            .filter(|((_, place), _)| *place == ParamIn::Path)
            .map(|((name, _), (_, _, site))| (name.clone(), site.clone()))
            .collect();
        let mut idents = Namespace::fields();
        let mut params = self.parameters(&merged, &id, path, &mut idents);
        let path_parts = self.path_parts(path, &declared, unresolved, at);
        let body = self.request_body(op, at, &id, &mut params, &mut idents);
        let answer = self.response(op, at, &id);
        let security = self.operation_security(op, at);

        if self.diags.len() > errors_before {
            return;
        }
        let fn_name = self.methods.claim(&[names::snake(&id)]);
        let stream_fn = answer
            .paged
            .then(|| self.methods.claim(&[format!("{fn_name}_stream")]));
        let pairs: Vec<_> = params
            .iter()
            .map(|p| (&p.field, Some(p.location)))
            .collect();
        let new_args = super::new_args(&pairs, &path_parts);
        let body_kind = body_kind(&params, body.as_ref());
        self.operations.push(Operation {
            fn_name,
            stream_fn,
            id,
            request_name,
            method,
            path: path.to_owned(),
            path_parts,
            summary: op.summary.clone(),
            doc: op.description.clone(),
            deprecated: op.deprecated,
            params,
            new_args,
            body,
            body_kind,
            response: answer.response,
            accept: answer.accept,
            security,
            origin: at.clone(),
        });
    }

    /// The operation's `operationId`, once it is known to be given, not empty and unique.
    fn operation_id(&mut self, op: &openapiv3::Operation, at: &Pointer) -> Option<String> {
        let Some(id) = op.operation_id.clone() else {
            self.error(
                at,
                "the operation has no `operationId`; add one, such as `FetchThing`: it names \
                 the client method and the request type",
            );
            return None;
        };
        if id.trim().is_empty() {
            self.error(
                &at.at("operationId"),
                "the `operationId` is empty; give it a name, such as `FetchThing`: it names \
                 the client method and the request type",
            );
            return None;
        }
        if let Some(first) = self.operation_ids.get(&id) {
            let first = first.clone();
            self.error(
                &at.at("operationId"),
                format!(
                    "operationId `{id}` is used twice (first at {first}); operationIds name the \
                     client methods and must be unique"
                ),
            );
            return None;
        }
        self.operation_ids.insert(id.clone(), at.at("operationId"));
        Some(id)
    }

    /// Parameters: path-level ones, overridden by operation-level ones of the same name
    /// and place. Each keeps two pointers: where it is defined (its keywords) and where
    /// the operation lists it (the `$ref` or the inline definition). The flag tells
    /// whether a `$ref` could not be resolved.
    fn merged_params(
        &mut self,
        shared: &'a [ReferenceOr<Parameter>],
        op: &'a openapiv3::Operation,
        at: &Pointer,
    ) -> (Merged<'a>, bool) {
        let mut merged = Merged::new();
        let mut unresolved = false;
        for (list, base) in [
            (shared, at.clone().parent_path_params()),
            (&op.parameters[..], at.at("parameters")),
        ] {
            for (i, p) in list.iter().enumerate() {
                let site = base.at(i);
                let Some((param, def)) = self.definition(p, &site) else {
                    unresolved = true;
                    continue;
                };
                let place = ParamIn::of(param);
                merged.insert(
                    (param.parameter_data_ref().name.clone(), place),
                    (param, def, site),
                );
            }
        }
        (merged, unresolved)
    }

    /// The path, query and header parameters, in that order (each in spec order).
    fn parameters(
        &mut self,
        merged: &Merged<'a>,
        id: &str,
        path: &str,
        idents: &mut Namespace,
    ) -> Vec<Param> {
        let mut params = Vec::new();
        for wanted in ParamIn::ORDER {
            for ((name, place), (param, pat, _)) in merged {
                if *place != wanted {
                    continue;
                }
                let location = match wanted {
                    ParamIn::Path => Location::Path,
                    ParamIn::Query => Location::Query,
                    ParamIn::Header => Location::Header,
                    ParamIn::Cookie => {
                        self.error(
                            &self.keyword(pat, "in"),
                            format!(
                                "`{name}` is a cookie parameter, which is not supported \
                                 (Twilio's APIs take none); remove it, or send it as a header"
                            ),
                        );
                        continue;
                    }
                };
                let hint = self.param_hint(id, path, name);
                idents.at_place(match location {
                    Location::Path => "path",
                    Location::Query => "query",
                    _ => "header",
                });
                if let Some(field) = self.parameter(name, location, param, pat, &hint, idents) {
                    let style = self.style(name, param, pat, &field.ty);
                    params.push(Param {
                        location,
                        style,
                        field,
                    });
                }
            }
        }
        params
    }

    /// One path, query or header parameter, defined at `pat`.
    fn parameter(
        &mut self,
        name: &str,
        location: Location,
        param: &'a Parameter,
        pat: &Pointer,
        hint: &Hint,
        idents: &mut Namespace,
    ) -> Option<Field> {
        let data = param.parameter_data_ref();
        if location == Location::Path && !data.required {
            self.error(
                &self.keyword(pat, "required"),
                format!(
                    "path parameter `{name}` must be `required: true` (a path cannot leave out \
                     a placeholder); add `required: true`"
                ),
            );
        }
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => s,
            ParameterSchemaOrContent::Content(_) => {
                self.error(
                    &pat.at("content"),
                    "parameters described by `content` are not supported; describe the value \
                     with `schema`",
                );
                return None;
            }
        };
        let sat = pat.at("schema");
        let ty = self.schema_or_ref_ty(schema, &sat, hint)?;
        let target = self.target(schema, &sat);
        let checks = match &target {
            Some((t, target_at)) => self.checks(t, target_at, None, &ty),
            None => Vec::new(),
        };
        if location == Location::Path && !self.is_scalar(&ty) {
            self.error(
                &sat,
                format!(
                    "path parameter `{name}` must be a scalar (a string, number, boolean, \
                     date, SID or string enum): an array or object has no place in a path"
                ),
            );
            return None;
        }
        let default = target.and_then(|(t, _)| t.schema_data.default.as_ref());
        Some(Field {
            wire: name.to_owned(),
            ident: idents.claim_field(name),
            ty,
            required: data.required,
            doc: with_default(data.description.clone(), default),
            deprecated: data.deprecated.unwrap_or(false),
            pii: self.conventions.personal_data(&data.extensions),
            checks,
            origin: pat.clone(),
        })
    }

    /// How a parameter's array is written: for a query parameter, its `style` (`form`, the
    /// default, is the one supported) and `explode` (`false`: an array's items
    /// comma-separated in one pair); every other place repeats the pair per item.
    fn style(&mut self, name: &str, param: &Parameter, pat: &Pointer, ty: &Ty) -> Style {
        let Parameter::Query {
            style,
            parameter_data,
            ..
        } = param
        else {
            return Style::Exploded;
        };
        let written = match style {
            QueryStyle::Form => None,
            QueryStyle::SpaceDelimited => Some("spaceDelimited"),
            QueryStyle::PipeDelimited => Some("pipeDelimited"),
            QueryStyle::DeepObject => Some("deepObject"),
        };
        if let Some(written) = written {
            self.error(
                &pat.at("style"),
                format!(
                    "query parameter `{name}` has `style: {written}`, which is not supported; \
                     only `style: form` is (an array as repeated keys, or comma-separated with \
                     `explode: false`): remove `style` or write `style: form`"
                ),
            );
            return Style::Exploded;
        }
        if parameter_data.explode != Some(false) {
            return Style::Exploded;
        }
        let holds = match ty {
            Ty::Vec(item) if !self.is_scalar(item) => "an array of arrays or objects",
            Ty::Vec(_) => return Style::CommaSeparated,
            // One pair either way.
            t if self.is_scalar(t) => return Style::Exploded,
            _ => "an object",
        };
        self.error(
            &pat.at("explode"),
            format!(
                "query parameter `{name}` has `explode: false` but holds {holds}; `explode: \
                 false` is supported for scalars and arrays of scalars (`{name}=a,b`): remove \
                 it to send the value as repeated keys"
            ),
        );
        Style::Exploded
    }

    /// Naming hints for a parameter: a SID named after the resource before it in the path.
    pub(super) fn param_hint(&self, op_id: &str, path: &str, name: &str) -> Hint {
        let sid_name = self.conventions.parameter_id_name(path, name);
        Hint {
            type_name: vec![format!("{}{}", names::pascal(op_id), names::pascal(name))],
            sid_name,
            sid_place: SidPlace::of(self.conventions.is_own_id(name), SidPlace::Path),
        }
    }

    /// Splits the path template at its placeholders and checks them against the declared
    /// path parameters (`declared`: names, and where the operation lists them). When a
    /// parameter `$ref` could not be resolved (`unresolved`), a placeholder without a
    /// parameter is not reported again.
    pub(super) fn path_parts(
        &mut self,
        path: &str,
        declared: &[(String, Pointer)],
        unresolved: bool,
        at: &Pointer,
    ) -> Vec<PathPart> {
        let path_at = Pointer::root().at("paths").at(path);
        let mut parts = Vec::new();
        let mut rest = path;
        let mut seen = Vec::new();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.error(
                    &path_at,
                    format!("path `{path}` has a `{{` that is never closed; close it with `}}`"),
                );
                return parts;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            if name.is_empty() || name.contains('{') {
                self.error(
                    &path_at,
                    format!(
                        "path `{path}` has a malformed placeholder `{}`; a placeholder is a \
                         parameter name in braces, such as `{{Sid}}`",
                        &rest[open..=close]
                    ),
                );
                return parts;
            }
            if !unresolved && !declared.iter().any(|(d, _)| d == name) {
                self.error(
                    at,
                    format!(
                        "the path template has `{{{name}}}` but the operation declares no path \
                         parameter `{name}`{}; add one (`name: {name}`, `in: path`, \
                         `required: true`) to the operation's or the path item's `parameters`",
                        did_you_mean(name, declared.iter().map(|(d, _)| d))
                    ),
                );
            }
            seen.push(name.to_owned());
            parts.push(PathPart::Param(name.to_owned()));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for (name, site) in declared {
            if !seen.contains(name) {
                self.error(
                    site,
                    format!(
                        "path parameter `{name}` does not appear in the path template \
                         `{path}`{}; add `{{{name}}}` to the path, or correct the parameter's \
                         `name` or `in`",
                        did_you_mean(name, &seen)
                    ),
                );
            }
        }
        parts
    }
}

/// How a request's body is written: one JSON value when a parameter is the JSON body, form
/// pairs when any is a form field, else none.
fn body_kind(params: &[Param], body: Option<&BodyMedia>) -> BodyKind {
    if params.iter().any(|p| p.location == Location::JsonBody) {
        let media_type = body.map_or(JSON, |b| b.media_type.as_str());
        BodyKind::Json(media_type.to_owned())
    } else if params.iter().any(|p| p.location == Location::Form) {
        BodyKind::Form
    } else {
        BodyKind::None
    }
}
