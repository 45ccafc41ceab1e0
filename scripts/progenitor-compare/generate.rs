// `generate SPEC OUT_FILE`: progenitor's generator as a command line, doing what ours does
// for the same input (read YAML, generate, format with prettyplease, write), so that the
// whole process can be timed the same way.
fn main() {
    let mut args = std::env::args().skip(1);
    let (spec, out) = match (args.next(), args.next()) {
        (Some(spec), Some(out)) => (spec, out),
        _ => {
            eprintln!("usage: generate SPEC OUT_FILE");
            std::process::exit(3);
        }
    };
    let text = std::fs::read_to_string(&spec).expect("spec");
    let api: openapiv3::OpenAPI = serde_yaml::from_str(&text).expect("a valid OpenAPI document");
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&api).expect("progenitor generates the client");
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    std::fs::write(out, prettyplease::unparse(&file)).expect("write");
}
