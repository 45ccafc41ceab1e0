//! Generates the bindings from `spec/verify_v2_challenges.yaml` into `OUT_DIR`.
//!
//! `src/lib.rs` includes `bindings.rs` (which includes the rest); `src/snapshot.rs`
//! compares every file with the checked-in copy under `generated/`.

include!("src/generator_settings.rs");

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/generator_settings.rs");
    let config = twilio_openapi_codegen::Config::new("spec/verify_v2_challenges.yaml")
        .settings(generator_settings());
    if let Err(e) = config.compile() {
        // One line per problem: file#/json/pointer: what is wrong.
        for line in e.to_string().lines() {
            println!("cargo:warning={line}");
        }
        eprintln!("{e}");
        std::process::exit(1);
    }
}
