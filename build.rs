//! Generates the bindings from `spec/verify_v2_challenges.yaml` into `OUT_DIR`.
//!
//! `src/lib.rs` includes `bindings.rs` (which includes the rest); `src/snapshot.rs`
//! compares every file with the checked-in copy under `generated/`.
//!
//! A second, much smaller spec, `tests/fixtures/wire_gaps.yaml`, is generated into
//! `OUT_DIR/wire_gaps/`: OpenAPI constructs that the Verify fragment does not use (query
//! arrays with `explode: false`, ...). Only `tests/wire_gaps.rs` includes those bindings,
//! so that they are compiled as a user's crate would compile them and sent to a local
//! server; the library never does. Generating them costs a few milliseconds.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let config = twilio_openapi_codegen::Config::new("spec/verify_v2_challenges.yaml");
    compile(config);
    let out = std::env::var_os("OUT_DIR").map(std::path::PathBuf::from);
    if let Some(out) = out {
        compile(
            twilio_openapi_codegen::Config::new("tests/fixtures/wire_gaps.yaml")
                .out_dir(out.join("wire_gaps")),
        );
    }
}

fn compile(config: twilio_openapi_codegen::Config) {
    if let Err(e) = config.compile() {
        // One line per problem: file#/json/pointer: what is wrong.
        for line in e.to_string().lines() {
            println!("cargo:warning={line}");
        }
        eprintln!("{e}");
        std::process::exit(1);
    }
}
