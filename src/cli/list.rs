//! `hark list`

use std::io::Write;
use std::process::ExitCode;

use super::output::{Out, print_json};
use crate::library::Library;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: an array of {"id", "title", "date", "speakers", ...}
    #[arg(long)]
    json: bool,
}

pub fn run(library: &Library, args: Args, out: &Out) -> anyhow::Result<ExitCode> {
    if args.json {
        print_json(&library.entries())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for entry in library.entries() {
        let speakers = match entry.speakers.len() {
            1 => "1 speaker".to_string(),
            n => format!("{n} speakers"),
        };
        let title = out.bold(&entry.title);
        writeln!(
            stdout,
            "{}  {}  {title}  {}",
            entry.id,
            entry.date,
            out.dim(&speakers)
        )?;
    }
    stdout.flush()?;
    if library.is_empty() {
        eprintln!(
            "The library at {} is empty: add stories with `hark import FILE...`.",
            library.root().display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
