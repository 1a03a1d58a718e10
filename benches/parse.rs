//! Parse throughput on generated NPR-style pages.
//!
//!     cargo bench --bench parse

#[path = "../examples/gen_corpus/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hark::parse;
use jiff::Timestamp;

fn parse_throughput(c: &mut Criterion) {
    let mut corpus = corpus::Corpus::new(2016);
    let pages: Vec<String> = (0..200).map(|_| corpus.next_page()).collect();
    let bytes: usize = pages.iter().map(String::len).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("200 generated pages", |b| {
        b.iter(|| {
            for page in &pages {
                let story = parse(page.as_bytes(), Some("page.txt"), Timestamp::UNIX_EPOCH);
                std::hint::black_box(story.expect("generated pages parse"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse_throughput);
criterion_main!(benches);
