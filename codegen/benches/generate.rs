//! Generation time, parse + lower + emit + format, for our fragment and for the full
//! Verify v2 spec (read from `$TWILIO_VERIFY_SPEC` or `../../shared/specs/`).
//!
//! `cargo bench -p twilio-openapi-codegen`; see docs/performance.md.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn spec(path: &str) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn generation(c: &mut Criterion) {
    let fragment = spec(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/challenges.yaml"
    ))
    .expect("the fragment is part of the repository");
    let full_path = std::env::var("TWILIO_VERIFY_SPEC").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/specs/twilio_verify_v2.yaml"
        )
        .into()
    });
    let mut g = c.benchmark_group("generate");
    g.bench_function("fragment (5 operations)", |b| {
        b.iter(|| {
            twilio_openapi_codegen::generate(black_box(&fragment), "fragment.yaml")
                .expect("generates")
        })
    });
    match spec(&full_path) {
        Some(full) => {
            g.bench_function("full Verify v2 (57 operations)", |b| {
                b.iter(|| {
                    twilio_openapi_codegen::generate(black_box(&full), "verify_v2.yaml")
                        .expect("generates")
                })
            });
        }
        None => eprintln!("full Verify v2 skipped: {full_path} not found (set TWILIO_VERIFY_SPEC)"),
    }
    g.finish();
}

criterion_group!(benches, generation);
criterion_main!(benches);
