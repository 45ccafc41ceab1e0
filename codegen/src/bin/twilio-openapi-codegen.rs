//! Command-line front end: generates the same files as `build.rs` would, or explains the
//! difference between two versions of a spec in API terms.
//!
//! ```text
//! twilio-openapi-codegen --spec FILE --out DIR [--check] [--name NAME] [SETTINGS]
//! twilio-openapi-codegen diff --old FILE --new FILE [--format text|json|markdown] [SETTINGS]
//! ```
//!
//! Exit codes when generating: 0 done (or, with `--check`, up to date); 1 with `--check`,
//! DIR is stale (a unified diff is printed); 2 the spec cannot be generated (the message
//! names the file, a JSON pointer and the problem); 3 bad arguments or an I/O error.
//!
//! `diff` compares the crates generated from two specs with the same settings. As text it
//! prints one line per change (`breaking:`, `compatible:` or `docs:`, the Rust item, what
//! changes and a pointer into the spec; see `twilio_openapi_codegen::diff`) and a summary
//! line (counts and the release the change needs); `--format json` one record per change,
//! `--format markdown` a pull-request comment. It exits 0 when nothing is breaking, 1 when
//! something is, 2 when a spec cannot be read or generated, 3 on bad arguments.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: twilio-openapi-codegen --spec FILE --out DIR [--check] [--name NAME] [SETTINGS]
       twilio-openapi-codegen diff --old FILE --new FILE [--format FORMAT] [SETTINGS]

  --spec FILE   the OpenAPI 3.0 spec (YAML or JSON)
  --out DIR     where the generated files go
  --check       write nothing; exit 1 with a unified diff when DIR is stale
  --name NAME   how the spec is named in messages and headers (default: FILE as given)

  SETTINGS, as on the build.rs Config (each may be repeated where it adds to a list):
  --runtime-path PATH        the runtime's path (default ::twilio_openapi_runtime)
  --client-name NAME         the generated client type (default Client)
  --user-agent NAME VERSION  the User-Agent product (default: the including crate's)
  --base-url-env VAR         the variable that overrides the base URL
  --derive PATH              an extra derive on every generated struct and enum
  --operation ID             generate this operation (a filter; with --path-prefix)
  --path-prefix PREFIX       generate the operations under this path (a filter)
  --keep-renamed OLD NEW     keep type NEW under its former name OLD (a deprecated alias)
  --samples                  also write samples.rs: a sample request per operation and
                             samples::run(&client), which sends them all

  diff          what changes for users of the crate generated (with SETTINGS) from the
                --old spec to the --new one; exit 1 when anything is breaking
  --old FILE    the spec before the change (- reads standard input)
  --new FILE    the spec after the change (- reads standard input)
  --format F    text (one line per change, each starting with breaking:, compatible:
                or docs:, then a summary line), json (one record per change) or
                markdown (a pull-request comment); default text";

/// What to do.
enum Command {
    Generate(Box<Args>),
    Diff(Box<DiffArgs>),
}

struct DiffArgs {
    old: PathBuf,
    new: PathBuf,
    format: twilio_openapi_codegen::diff::Format,
    settings: twilio_openapi_codegen::Settings,
}

struct Args {
    spec: PathBuf,
    out: PathBuf,
    check: bool,
    name: Option<String>,
    settings: twilio_openapi_codegen::Settings,
}

/// Parses the arguments; `Err("")` asks for the usage.
fn parse(argv: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut argv = argv.peekable();
    if argv.peek().map(String::as_str) == Some("diff") {
        argv.next();
        return parse_diff(argv);
    }
    let (mut spec, mut out, mut check, mut name) = (None, None, false, None);
    let mut settings = twilio_openapi_codegen::Settings::default();
    while let Some(a) = argv.next() {
        if setting(&a, &mut argv, &mut settings)? {
            continue;
        }
        let mut value = |what: &str| argv.next().ok_or(format!("{a} needs {what}"));
        match a.as_str() {
            "--spec" => spec = Some(PathBuf::from(value("a file")?)),
            "--out" => out = Some(PathBuf::from(value("a directory")?)),
            "--name" => name = Some(value("a value")?),
            "--check" => check = true,
            other => return Err(not_an_option(other)),
        }
    }
    Ok(Command::Generate(Box::new(Args {
        spec: spec.ok_or("--spec is required")?,
        out: out.ok_or("--out is required")?,
        check,
        name,
        settings,
    })))
}

/// One of the SETTINGS (with its values, taken from `argv`) into `settings`: false when
/// `a` is not one.
fn setting(
    a: &str,
    argv: &mut impl Iterator<Item = String>,
    settings: &mut twilio_openapi_codegen::Settings,
) -> Result<bool, String> {
    let mut value = |what: &str| argv.next().ok_or(format!("{a} needs {what}"));
    match a {
        "--runtime-path" => settings.runtime_path = value("a path")?,
        "--client-name" => settings.client_name = value("a name")?,
        "--user-agent" => settings.user_agent = Some((value("a name")?, value("a version")?)),
        "--base-url-env" => settings.base_url_env = Some(value("a variable name")?),
        "--derive" => settings.derives.push(value("a path")?),
        "--operation" => settings.operation_ids.push(value("an operationId")?),
        "--path-prefix" => settings.path_prefixes.push(value("a path prefix")?),
        "--keep-renamed" => settings
            .renamed
            .push((value("the former name")?, value("the new name")?)),
        "--samples" => settings.samples = true,
        _ => return Ok(false),
    }
    Ok(true)
}

fn parse_diff(mut argv: impl Iterator<Item = String>) -> Result<Command, String> {
    let (mut old, mut new) = (None, None);
    let mut format = twilio_openapi_codegen::diff::Format::Text;
    let mut settings = twilio_openapi_codegen::Settings::default();
    while let Some(a) = argv.next() {
        if setting(&a, &mut argv, &mut settings)? {
            continue;
        }
        match a.as_str() {
            "--old" => old = Some(PathBuf::from(argv.next().ok_or("--old needs a file")?)),
            "--new" => new = Some(PathBuf::from(argv.next().ok_or("--new needs a file")?)),
            "--format" => format = argv.next().ok_or("--format needs a format")?.parse()?,
            other => return Err(not_an_option(other)),
        }
    }
    let (old, new) = (
        old.ok_or("--old is required")?,
        new.ok_or("--new is required")?,
    );
    if old.as_os_str() == "-" && new.as_os_str() == "-" {
        return Err("only one of --old and --new can read standard input".into());
    }
    Ok(Command::Diff(Box::new(DiffArgs {
        old,
        new,
        format,
        settings,
    })))
}

/// The error for an argument neither parser knows (`""` for `--help`: show the usage).
fn not_an_option(arg: &str) -> String {
    match arg {
        "-h" | "--help" => String::new(),
        other => format!("unknown argument `{other}`"),
    }
}

/// Reads a spec (`-`: standard input).
fn read_spec(path: &std::path::Path) -> Result<String, String> {
    let read = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    };
    read.map_err(|e| format!("error: cannot read {}: {e}", path.display()))
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Command::Generate(a)) => a,
        Ok(Command::Diff(d)) => return diff(&d),
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
    let text = match read_spec(&args.spec) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(3);
        }
    };
    let files = match twilio_openapi_codegen::generate_with(&text, &name, &args.settings) {
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

/// `diff`: prints the changes; 1 when any is breaking, 2 when a spec cannot be read or
/// generated.
fn diff(args: &DiffArgs) -> ExitCode {
    let (old, new) = (&args.old, &args.new);
    let texts = read_spec(old).and_then(|o| Ok((o, read_spec(new)?)));
    let (old_text, new_text) = match texts {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    let changes = twilio_openapi_codegen::diff::diff_with(
        &old_text,
        &old_name,
        &new_text,
        &new_name,
        &args.settings,
    );
    match changes {
        Ok(changes) => {
            print!(
                "{}",
                twilio_openapi_codegen::diff::render(&changes, args.format)
            );
            if twilio_openapi_codegen::diff::is_breaking(&changes) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
