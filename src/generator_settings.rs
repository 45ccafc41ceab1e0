// The generator settings of this crate's bindings: `include!`d by `build.rs`, which generates
// with them, and by the snapshot test (`src/snapshot.rs`), whose summary of a spec change
// compares the crates generated with them. Not a module of the library.

/// How `build.rs` generates `generated/`'s files.
fn generator_settings() -> twilio_openapi_codegen::Settings {
    twilio_openapi_codegen::Settings::default()
}
