//! Writes N realistic NPR-style transcript pages into DIR, the same ones
//! every time for the same N and seed, for benchmarks and scale tests.
//!
//!     cargo run --release --example gen_corpus -- N DIR [SEED] [--folders K] [--bytes]
//!
//! Pages go a thousand to a folder, or into K folders with `--folders K`
//! (the pages are the same either way; only where they land changes).
//! `--bytes` prints the total bytes written on standard output, alone, for
//! scripts; the summary line always goes to standard error.
//!
//! It streams: one page is in memory at a time, so a million pages (about
//! 12 GB) need no more memory than ten.

mod corpus;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus N DIR [SEED] [--folders K] [--bytes]";

/// What the command line asked for.
struct Options {
    count: usize,
    dir: PathBuf,
    seed: u64,
    /// How many folders the pages are spread over, in order.
    folders: usize,
    print_bytes: bool,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut positional = Vec::new();
    let mut folders = None;
    let mut print_bytes = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bytes" => print_bytes = true,
            "--folders" => {
                let k = args.next().and_then(|k| k.parse::<usize>().ok());
                folders = Some(
                    k.filter(|&k| k > 0)
                        .ok_or("--folders takes a number above 0")?,
                );
            }
            _ => positional.push(arg),
        }
    }
    let count = positional
        .first()
        .and_then(|n| n.parse::<usize>().ok())
        .ok_or("N must be a number")?;
    let dir = PathBuf::from(positional.get(1).ok_or("DIR is missing")?);
    let seed = match positional.get(2) {
        Some(s) => s
            .parse()
            .map_err(|_| format!("SEED must be a number, not {s:?}"))?,
        None => 2016,
    };
    // A thousand files a folder, as a real archive might keep them.
    let folders = folders.unwrap_or(count.div_ceil(1000)).max(1);
    Ok(Options {
        count,
        dir,
        seed,
        folders,
        print_bytes,
    })
}

/// The folder page `n` of `count` goes in: the pages in order, spread
/// evenly over `folders` folders named 000, 001, …
fn folder_of(dir: &Path, n: usize, count: usize, folders: usize) -> PathBuf {
    let index = n * folders / count.max(1);
    let width = (folders - 1).max(1).to_string().len().max(3);
    dir.join(format!("{index:0width$}"))
}

/// Writes the pages; returns the bytes written.
fn write_corpus(options: &Options) -> Result<u64, String> {
    let mut corpus = corpus::Corpus::new(options.seed);
    let mut bytes = 0u64;
    let mut folder = PathBuf::new();
    for n in 0..options.count {
        let page = corpus.next_page();
        bytes += page.len() as u64;
        let this_folder = folder_of(&options.dir, n, options.count, options.folders);
        if this_folder != folder {
            std::fs::create_dir_all(&this_folder)
                .map_err(|e| format!("cannot create {}: {e}", this_folder.display()))?;
            folder = this_folder;
        }
        let path = folder.join(format!("story-{n:06}.txt"));
        std::fs::write(&path, page).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(bytes)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_options(&args) {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("gen_corpus: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match write_corpus(&options) {
        Ok(bytes) => {
            eprintln!(
                "wrote {} stories, {:.1} MB, in {} folders, to {}",
                options.count,
                bytes as f64 / 1e6,
                options.folders,
                options.dir.display()
            );
            if options.print_bytes {
                println!("{bytes}");
            }
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("gen_corpus: {problem}");
            ExitCode::FAILURE
        }
    }
}
