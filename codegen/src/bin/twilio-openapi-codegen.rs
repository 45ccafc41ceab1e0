//! Command-line front end: generates the same files as `build.rs` would.
//!
//! ```text
//! twilio-openapi-codegen --spec FILE --out DIR [--check] [--name NAME]
//! ```
//!
//! Exit codes: 0 done (or, with `--check`, up to date); 1 with `--check`, DIR is stale
//! (a unified diff is printed); 2 the spec cannot be generated (the message names the
//! file, a JSON pointer and the problem); 3 bad arguments or an I/O error.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: twilio-openapi-codegen --spec FILE --out DIR [--check] [--name NAME]

  --spec FILE   the OpenAPI 3.0 spec (YAML or JSON)
  --out DIR     where the generated files go
  --check       write nothing; exit 1 with a unified diff when DIR is stale
  --name NAME   how the spec is named in messages and headers (default: FILE as given)";

struct Args {
    spec: PathBuf,
    out: PathBuf,
    check: bool,
    name: Option<String>,
}

fn parse(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut spec, mut out, mut check, mut name) = (None, None, false, None);
    while let Some(a) = argv.next() {
        match a.as_str() {
            "--spec" => spec = Some(PathBuf::from(argv.next().ok_or("--spec needs a file")?)),
            "--out" => out = Some(PathBuf::from(argv.next().ok_or("--out needs a directory")?)),
            "--name" => name = Some(argv.next().ok_or("--name needs a value")?),
            "--check" => check = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        spec: spec.ok_or("--spec is required")?,
        out: out.ok_or("--out is required")?,
        check,
        name,
    })
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(3);
        }
    };
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| args.spec.display().to_string());
    let text = match std::fs::read_to_string(&args.spec) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.spec.display());
            return ExitCode::from(3);
        }
    };
    let files = match twilio_openapi_codegen::generate(&text, &name) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if args.check {
        let mut stale = false;
        for f in &files {
            let path = args.out.join(&f.name);
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            if old != f.content {
                stale = true;
                let diff = similar::TextDiff::from_lines(&old, &f.content);
                let shown = path.display().to_string();
                print!(
                    "{}",
                    diff.unified_diff()
                        .header(&shown, &format!("{shown} (generated)"))
                );
            }
        }
        return if stale {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }
    match twilio_openapi_codegen::write_files(&args.out, &files) {
        Ok(paths) => {
            for p in paths {
                println!("{}", p.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write into {}: {e}", args.out.display());
            ExitCode::from(3)
        }
    }
}
