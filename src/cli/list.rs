//! `hark list`

use std::io::Write;
use std::process::ExitCode;

use super::output::{Out, print_json};
use crate::library::Library;
use crate::story::text::counted;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print JSON: an array of {"id", "title", "date" (the air date or
    /// null), "imported_at", "program", "speakers", "warnings", ...}
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(library: &Library, args: Args, out: &Out) -> anyhow::Result<ExitCode> {
    if args.json {
        print_json(&library.entries())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut stdout = super::output::stdout();
    for entry in library.entries() {
        let mut about: Vec<String> = entry.program.iter().cloned().collect();
        about.push(counted(entry.speakers.len(), "speaker", "speakers"));
        if entry.warnings > 0 {
            about.push(counted(entry.warnings, "warning", "warnings"));
        }
        // No air date: say so, rather than show the import date in its place.
        let date = entry
            .date
            .map_or_else(|| "undated".into(), |d| d.to_string());
        let title = out.bold(&entry.title);
        writeln!(
            stdout,
            "{}  {date:<10}  {title}  {}",
            // The catalog is a file too, and may have been edited by hand.
            crate::story::sanitize::clean_line(&entry.id),
            out.dim(&about.join(" · "))
        )?;
    }
    stdout.flush()?;
    if library.is_empty() {
        super::output::note(format!(
            "The library at {} is empty: add stories with `hark import FILE...`.",
            crate::story::sanitize::path(library.root())
        ));
    }
    Ok(ExitCode::SUCCESS)
}
