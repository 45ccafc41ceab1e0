//! The client type's own methods and traits ([`ClientDef`]): the same for every spec, and
//! decided here once, before the operations are named, so that the namer reserves what the
//! emitter writes (`Namespace::methods`, and the handles' first steps).

use crate::ir::{ClientDef, ClientMethod, ClientMethodKind, ClientTrait};

/// The client's own methods and traits.
pub(crate) fn decide() -> ClientDef {
    let method = |name: &str, kind| ClientMethod {
        name: name.to_owned(),
        kind,
    };
    ClientDef {
        methods: vec![
            method("new", ClientMethodKind::New),
            method("builder", ClientMethodKind::Builder),
            method("from_env", ClientMethodKind::FromEnv),
            method("base_url", ClientMethodKind::BaseUrl),
            method("core", ClientMethodKind::Core),
        ],
        traits: vec![
            ClientTrait::Debug,
            ClientTrait::Clone,
            ClientTrait::FromCore,
        ],
    }
}
