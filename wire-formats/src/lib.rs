//! Bindings generated from `spec/wire_gaps.yaml`: the OpenAPI constructs that the Verify
//! fragment does not use (query arrays with `explode: false`, `application/*+json` media
//! types, a body offered in several content types, a redirect-only operation, `oneOf` and
//! `anyOf`, an `allOf` of several objects, `enum` on numbers). Compiled here as a user's crate
//! compiles bindings, with every lint of the workspace; its `tests/wire_gaps.rs` sends their
//! requests to a loopback server and checks the bytes. Not published.

#![deny(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
