//! How a list of changes is shown: one line each for people (`text`), one record each for
//! machines (`json`), a summary for a pull-request comment (`markdown`), and the version
//! bump the changes need under Cargo's semver rules.

use super::{Change, Kind};
use std::fmt;

/// An output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One line per change: `breaking: Item what #pointer`, then a summary line.
    Text,
    /// One object: `changes` (one record per change: `rule`, `severity`, `item`, `pointer`,
    /// `message`, `old`, `new`), `counts` per severity and the `semver` bump.
    Json,
    /// A summary fit for a pull-request comment: counts, the bump, then one table per
    /// severity, breaking first.
    Markdown,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "markdown" => Ok(Format::Markdown),
            other => Err(format!("unknown format `{other}`: text, json or markdown")),
        }
    }
}

/// The release a set of changes needs, as Cargo's semver rules read versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// A patch release (docs only; for a `0.x` crate, anything that is not breaking).
    Patch,
    /// A minor release (new API; for a `0.x` crate, a breaking change).
    Minor,
    /// A major release (a breaking change of a crate at `1.0` or later).
    Major,
}

impl Bump {
    /// The bump for a crate at `1.0` or later (`stable`) or at `0.x`.
    pub fn of(changes: &[Change], stable: bool) -> Bump {
        let worst = changes
            .iter()
            .map(|c| c.kind)
            .fold(None, |w, k| match (w, k) {
                (Some(Kind::Breaking), _) | (_, Kind::Breaking) => Some(Kind::Breaking),
                (Some(Kind::Compatible), _) | (_, Kind::Compatible) => Some(Kind::Compatible),
                _ => Some(Kind::Docs),
            });
        match (worst, stable) {
            (None, _) => Bump::None,
            (Some(Kind::Breaking), true) => Bump::Major,
            (Some(Kind::Breaking), false) | (Some(Kind::Compatible), true) => Bump::Minor,
            (Some(Kind::Compatible), false) | (Some(Kind::Docs), _) => Bump::Patch,
        }
    }

    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many changes of each kind: breaking, compatible, docs.
fn counts(changes: &[Change]) -> [(Kind, usize); 3] {
    [Kind::Breaking, Kind::Compatible, Kind::Docs]
        .map(|k| (k, changes.iter().filter(|c| c.kind == k).count()))
}

/// `2 breaking, 1 compatible, 0 docs; release: major (0.x: minor)`.
fn summary(changes: &[Change]) -> String {
    let counts: Vec<String> = counts(changes)
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    format!(
        "{}; release: {} (0.x: {})",
        counts.join(", "),
        Bump::of(changes, true),
        Bump::of(changes, false)
    )
}

/// The changes in `format`. Text of no changes is empty, so that an unchanged API prints
/// nothing.
pub fn render(changes: &[Change], format: Format) -> String {
    match format {
        Format::Text if changes.is_empty() => String::new(),
        Format::Text => {
            let mut out: String = changes.iter().map(|c| format!("{c}\n")).collect();
            out.push_str(&format!("summary: {}\n", summary(changes)));
            out
        }
        Format::Json => json(changes),
        Format::Markdown => markdown(changes),
    }
}

fn json(changes: &[Change]) -> String {
    let records: Vec<serde_json::Value> = changes
        .iter()
        .map(|c| {
            serde_json::json!({
                "rule": c.rule,
                "severity": c.kind.as_str(),
                "item": c.item,
                "pointer": format!("#{}", c.pointer),
                "message": c.message,
                "old": c.old,
                "new": c.new,
            })
        })
        .collect();
    let counts: serde_json::Map<String, serde_json::Value> = counts(changes)
        .iter()
        .map(|(k, n)| (k.as_str().to_owned(), (*n).into()))
        .collect();
    let report = serde_json::json!({
        "changes": records,
        "counts": counts,
        "semver": {
            "stable": Bump::of(changes, true).as_str(),
            "zero": Bump::of(changes, false).as_str(),
        },
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn markdown(changes: &[Change]) -> String {
    let mut out = String::from("### API changes\n\n");
    if changes.is_empty() {
        out.push_str("None: the generated API is the same.\n");
        return out;
    }
    let counts: Vec<String> = counts(changes)
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| match k {
            Kind::Breaking => format!("**{n} breaking**"),
            other => format!("{n} {other}"),
        })
        .collect();
    out.push_str(&format!(
        "{}. Release needed: **{}** (for a 0.x crate: {}).\n",
        counts.join(", "),
        Bump::of(changes, true),
        Bump::of(changes, false)
    ));
    for kind in [Kind::Breaking, Kind::Compatible, Kind::Docs] {
        let rows: Vec<&Change> = changes.iter().filter(|c| c.kind == kind).collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n#### {kind} ({})\n\n| Item | Change | Rule | Spec |\n|---|---|---|---|\n",
            rows.len()
        ));
        for c in rows {
            out.push_str(&format!(
                "| `{}` | {} | `{}` | `#{}` |\n",
                cell(&c.item),
                cell(&c.message),
                c.rule,
                cell(&c.pointer)
            ));
        }
    }
    out
}

/// Text in a table cell: its pipes escaped, on one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
