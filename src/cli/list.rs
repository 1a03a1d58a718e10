//! `hark list`: the stories in list order, printed as the database reads
//! them.

use std::io::Write;
use std::process::ExitCode;

use std::collections::HashSet;

use serde::Serialize;

use super::output::Out;
use crate::library::state::ReaderState;
use crate::library::{CatalogEntry, Library, LibraryError};
use crate::story::text::counted;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print JSON: an array of {"id", "title", "date" (the air date or
    /// null), "imported_at", "program", "speakers", "warnings", ...,
    /// "read", "starred" (the reader's marks, where they can be read)}
    #[arg(long)]
    json: bool,
    /// Only the stories not read yet: never opened in the TUI, or marked
    /// unread there with m
    #[arg(long, conflicts_with = "starred")]
    unread: bool,
    /// Only the stories starred in the TUI with *
    #[arg(long)]
    starred: bool,
}

/// A story as `hark list --json` gives it: the catalog's fields, and the
/// reader's marks on it.
#[derive(Serialize)]
struct Listed {
    #[serde(flatten)]
    entry: CatalogEntry,
    #[serde(skip_serializing_if = "Option::is_none")]
    read: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    starred: Option<bool>,
}

/// The ids of the stories read and of those starred.
struct Marks {
    read: HashSet<String>,
    starred: HashSet<String>,
}

impl Marks {
    /// Read without writing: a library with no database yet has none, and
    /// a read-only one is read as it is.
    fn of(library: &Library) -> Result<Marks, LibraryError> {
        let Some(state) = ReaderState::open_for_reading(library.root())? else {
            return Ok(Marks {
                read: HashSet::new(),
                starred: HashSet::new(),
            });
        };
        Ok(Marks {
            read: state.read()?.into_iter().collect(),
            starred: state.starred()?.into_iter().collect(),
        })
    }
}

/// The marks `args` need: at all for `--unread` and `--starred`; for
/// `--json` if they can be read, since the list is worth having without
/// them (on a full disk, say).
fn marks_for(library: &Library, args: &Args) -> anyhow::Result<Option<Marks>> {
    if args.unread || args.starred {
        return Ok(Some(Marks::of(library)?));
    }
    if !args.json {
        return Ok(None);
    }
    match Marks::of(library) {
        Ok(marks) => Ok(Some(marks)),
        Err(err) => {
            super::output::warn(format!("listed without read and starred: {err}"));
            Ok(None)
        }
    }
}

pub(crate) fn run(library: &Library, args: Args, out: &Out) -> anyhow::Result<ExitCode> {
    let marks = marks_for(library, &args)?;
    let shown = |entry: &CatalogEntry| match &marks {
        Some(marks) if args.unread => !marks.read.contains(&entry.id),
        Some(marks) if args.starred => marks.starred.contains(&entry.id),
        _ => true,
    };
    let mut stdout = super::output::stdout();
    if args.json {
        let mut array = super::output::JsonArray::default();
        library.each_entry(|entry| match shown(&entry) {
            true => {
                let listed = Listed {
                    read: marks.as_ref().map(|m| m.read.contains(&entry.id)),
                    starred: marks.as_ref().map(|m| m.starred.contains(&entry.id)),
                    entry,
                };
                array.element(&mut stdout, &listed)
            }
            false => Ok(()),
        })?;
        array.finish(&mut stdout)?;
        stdout.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    library.each_entry(|entry| match shown(&entry) {
        true => print_line(&mut stdout, &entry, out),
        false => Ok(()),
    })?;
    stdout.flush()?;
    if library.is_empty() {
        super::output::note(format!(
            "The library at {} is empty: add stories with `hark import FILE...`.",
            crate::story::sanitize::path(library.root())
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// A line a story: id, date, title, and what else the catalog knows.
fn print_line(stdout: &mut impl Write, entry: &CatalogEntry, out: &Out) -> anyhow::Result<()> {
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
    Ok(())
}
