//! Unit tests of the generator's stages, which are private to the crate: `load`, `lower`
//! (the model in `ir`) and `emit`. What a build script or the command line can see is
//! tested through the public API under `tests/`, with the same fixtures
//! (`tests/fixtures/`) and the same helpers (`tests/common/mod.rs`, included here).

#[path = "../../tests/common/mod.rs"]
mod common;

mod all_of;
mod lint;
mod pipeline;
mod samples;
mod scalar_enums;
mod security;
mod stable_names;
mod unions;
mod wire_formats;
