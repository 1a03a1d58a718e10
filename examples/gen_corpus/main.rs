//! Writes N realistic NPR-style transcript pages into DIR, the same ones
//! every time for the same N and seed, for benchmarks and scale tests.
//!
//!     cargo run --release --example gen_corpus -- N DIR [SEED]

mod corpus;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: gen_corpus N DIR [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2016);
    let dir = PathBuf::from(dir);
    let mut corpus = corpus::Corpus::new(seed);
    let mut bytes = 0usize;
    for n in 0..count {
        let page = corpus.next_page();
        bytes += page.len();
        // A thousand files a folder, as a real archive might keep them.
        let folder = dir.join(format!("{:03}", n / 1000));
        if n % 1000 == 0 {
            std::fs::create_dir_all(&folder).expect("create folder");
        }
        std::fs::write(folder.join(format!("story-{n:06}.txt")), page).expect("write story");
    }
    eprintln!(
        "wrote {count} stories, {:.1} MB, to {}",
        bytes as f64 / 1e6,
        dir.display()
    );
}
