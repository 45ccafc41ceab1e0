//! Diagnostics: every failure names the spec file, a JSON pointer into it and what is wrong.

use std::fmt;

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer (RFC 6901) to the offending node; empty for the whole document.
    pub pointer: String,
    /// What is wrong, and where possible what to do about it.
    pub message: String,
}

/// Why generation failed: the spec file and every problem found in it, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The spec file as it was named to the generator.
    pub file: String,
    /// At least one problem.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub(crate) fn one(file: &str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            file: file.to_owned(),
            diagnostics: vec![Diagnostic {
                pointer: pointer.into(),
                message: message.into(),
            }],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}#{}: {}", self.file, d.pointer, d.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// A JSON pointer under construction; segments are escaped as RFC 6901 asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the document root.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// Parses a local `$ref` target (`#/components/schemas/x`) into a pointer.
    pub fn from_ref(reference: &str) -> Option<Self> {
        reference.strip_prefix('#').map(|p| Pointer(p.to_owned()))
    }

    /// This pointer extended by one segment.
    pub fn at(&self, segment: impl fmt::Display) -> Self {
        let seg = segment.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, seg))
    }

    /// The unescaped segments of this pointer.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
