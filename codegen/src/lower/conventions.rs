//! Twilio's conventions, on top of plain OpenAPI: SID prefixes, list envelopes.

use super::*;

/// Whether a pattern is a Twilio SID pattern; returns its two-letter prefix.
pub(super) fn sid_prefix(pattern: &str) -> Option<&str> {
    let prefix = pattern
        .strip_prefix('^')?
        .strip_suffix("[0-9a-fA-F]{32}$")?;
    (prefix.len() == 2 && prefix.bytes().all(|b| b.is_ascii_uppercase())).then_some(prefix)
}

impl<'a> Lower<'a> {
    /// Recognises Twilio's list envelope: a `meta` object with `next_page_url` next to one
    /// array property. Returns that property's name and the pointer to it.
    pub(super) fn page_envelope(
        &mut self,
        props: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        at: &Pointer,
    ) -> Option<(String, Pointer)> {
        let meta = props.get("meta")?;
        let (meta_schema, _) = self.target(meta, &at.at("properties").at("meta"))?;
        let mv = view(meta_schema);
        if !mv
            .properties
            .is_some_and(|p| p.contains_key("next_page_url"))
        {
            return None;
        }
        let mut arrays = Vec::new();
        for (name, prop) in props {
            if name == "meta" {
                continue;
            }
            let p = at.at("properties").at(name);
            let (s, _) = self.target(prop, &p)?;
            if view(s).typ == Some("array") {
                arrays.push((name.clone(), p));
            }
        }
        (arrays.len() == 1 && props.len() == 2).then(|| arrays.remove(0))
    }
}
