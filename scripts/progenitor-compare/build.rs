// build.rs of the comparison crate: progenitor's documented build-script use (generate
// tokens, parse with syn, print with prettyplease), reading the YAML spec.
use std::path::Path;

fn main() {
    let spec = "spec.yaml";
    println!("cargo:rerun-if-changed={spec}");
    let file = std::fs::File::open(spec).expect("spec.yaml");
    let api: openapiv3::OpenAPI = serde_yaml::from_reader(file).expect("a valid OpenAPI document");
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&api).expect("progenitor generates the client");
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("codegen.rs");
    std::fs::write(out, prettyplease::unparse(&file)).unwrap();
}
