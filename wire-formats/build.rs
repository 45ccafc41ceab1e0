//! Generates the bindings of `spec/wire_gaps.yaml` into `OUT_DIR`, as any crate using the
//! generator does, with samples; `src/lib.rs` includes them.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if let Err(e) = twilio_openapi_codegen::Config::new("spec/wire_gaps.yaml")
        .samples(true)
        .compile()
    {
        // One line per problem: file#/json/pointer: what is wrong.
        for line in e.to_string().lines() {
            println!("cargo:warning={line}");
        }
        eprintln!("{e}");
        std::process::exit(1);
    }
}
