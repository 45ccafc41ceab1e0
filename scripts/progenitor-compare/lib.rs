// The comparison crate's library: the client progenitor generated in build.rs.
#![allow(clippy::all, unused, missing_docs)]
include!(concat!(env!("OUT_DIR"), "/codegen.rs"));
