//! An API's conventions on top of plain OpenAPI, behind one small interface
//! (`Conventions`), so that the rest of lowering reads plain OpenAPI: how identifiers
//! are recognised and their types named, how component names become type names, which
//! objects are list envelopes (and so paged), and how personal data is flagged.
//!
//! `Twilio` is the one implementation: SIDs (`^XX[0-9a-fA-F]{32}$`, one type per
//! prefix), dotted component names (`verify.v2.service.entity.challenge` → `Challenge`),
//! list envelopes (a `meta` object with `next_page_url` beside one array) and
//! `x-twilio: {pii: …}`. Dotted form keys (`Details.Message`) need nothing here: a form
//! body's property names are its keys, sent as written (`names::snake` makes the field
//! names). Another API's conventions would be a second implementation beside `Twilio`.

use super::view::{Kind, View};
use crate::ir::PageFormat;
use crate::names;
use indexmap::IndexMap;

/// What an API adds to plain OpenAPI. See the module documentation.
pub(super) trait Conventions: Sync {
    /// The prefix of an identifier type when values matching `pattern` are identifiers
    /// (each prefix gets its own type), or `None` for an ordinary pattern.
    fn id_prefix<'p>(&self, pattern: &'p str) -> Option<&'p str>;

    /// Whether a property or parameter of this name holds its own resource's identifier
    /// (rather than a reference to another resource): such places name identifier types
    /// first.
    fn is_own_id(&self, name: &str) -> bool;

    /// The name wanted for an identifier type met as property `wire` of struct `owner`.
    fn property_id_name(&self, owner: &str, wire: &str) -> String;

    /// The name wanted for an identifier type met as parameter `name` of `path`.
    fn parameter_id_name(&self, path: &str, name: &str) -> String;

    /// Type names to try, in order, for the component schema `name`.
    fn component_type_names(&self, name: &str) -> Vec<String>;

    /// The property of a list envelope that holds the paging metadata.
    fn page_meta_property(&self) -> &'static str;

    /// Whether an object with these properties is a list envelope; returns the property
    /// holding the items, the one that leads to the next page, and how it does. `shape`
    /// resolves a property to the schema that describes it (or `None` when it cannot be
    /// resolved, which ends the question); it is called only as far as needed, in property
    /// order.
    fn list_items<'a>(
        &self,
        properties: &[&'a str],
        shape: &mut dyn FnMut(&str) -> Option<View<'a>>,
    ) -> Option<(&'a str, &'a str, PageFormat)>;

    /// Whether a schema's or parameter's extensions mark the value as personal data.
    fn personal_data(&self, extensions: &IndexMap<String, serde_json::Value>) -> bool;
}

/// Twilio's conventions.
pub(super) struct Twilio;

impl Conventions for Twilio {
    /// A SID pattern: `^`, two upper-case letters, `[0-9a-fA-F]{32}$`.
    fn id_prefix<'p>(&self, pattern: &'p str) -> Option<&'p str> {
        let prefix = pattern
            .strip_prefix('^')?
            .strip_suffix("[0-9a-fA-F]{32}$")?;
        (prefix.len() == 2 && prefix.bytes().all(|b| b.is_ascii_uppercase())).then_some(prefix)
    }

    /// `sid`, in any case.
    fn is_own_id(&self, name: &str) -> bool {
        name.eq_ignore_ascii_case("sid")
    }

    /// A struct's own `sid` is `<Struct>Sid`; any other SID is named after its property.
    fn property_id_name(&self, owner: &str, wire: &str) -> String {
        if self.is_own_id(wire) {
            format!("{owner}Sid")
        } else {
            wire.to_owned()
        }
    }

    /// A path's `{Sid}` is named after the resource before it (`/Services/{Sid}` →
    /// `ServiceSid`); any other SID after its parameter.
    fn parameter_id_name(&self, path: &str, name: &str) -> String {
        if !self.is_own_id(name) {
            return name.to_owned();
        }
        let placeholder = format!("{{{name}}}");
        let before = path
            .split('/')
            .take_while(|s| *s != placeholder)
            .filter(|s| !s.starts_with('{') && !s.is_empty())
            .last()
            .unwrap_or("Resource");
        format!("{}Sid", names::pascal(&names::singular(before)))
    }

    fn component_type_names(&self, name: &str) -> Vec<String> {
        names::component_candidates(name)
    }

    fn page_meta_property(&self) -> &'static str {
        "meta"
    }

    /// A `meta` object with `next_page_url`, and exactly one other property, an array; or
    /// (Api v2010's format) a `next_page_uri` string beside exactly one array and any
    /// other properties (`page`, `page_size`, `uri`, …).
    fn list_items<'a>(
        &self,
        properties: &[&'a str],
        shape: &mut dyn FnMut(&str) -> Option<View<'a>>,
    ) -> Option<(&'a str, &'a str, PageFormat)> {
        let meta = self.page_meta_property();
        let Some(&meta) = properties.iter().find(|&&p| p == meta) else {
            let &next = properties.iter().find(|&&p| p == "next_page_uri")?;
            if shape(next)?.kind != Some(Kind::String) {
                return None;
            }
            let mut arrays = Vec::new();
            for &name in properties.iter().filter(|&&n| n != next) {
                if shape(name)?.kind == Some(Kind::Array) {
                    arrays.push(name);
                }
            }
            return (arrays.len() == 1).then(|| (arrays[0], next, PageFormat::NextPageUri));
        };
        let mv = shape(meta)?;
        if !mv
            .properties
            .is_some_and(|p| p.contains_key("next_page_url"))
        {
            return None;
        }
        let mut arrays = Vec::new();
        for &name in properties.iter().filter(|&&n| n != meta) {
            if shape(name)?.kind == Some(Kind::Array) {
                arrays.push(name);
            }
        }
        (arrays.len() == 1 && properties.len() == 2).then(|| (arrays[0], meta, PageFormat::Meta))
    }

    /// `x-twilio: {pii: …}`, whatever the `pii` object holds.
    fn personal_data(&self, extensions: &IndexMap<String, serde_json::Value>) -> bool {
        extensions
            .get("x-twilio")
            .is_some_and(|x| x.get("pii").is_some())
    }
}
