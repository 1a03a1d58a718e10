//! `hark sheet`: the quote sheet gathered in the TUI (`a`, then `C`),
//! printed; `hark sheet clear` empties it.

use std::path::Path;
use std::process::ExitCode;

use super::output::{note, print};
use crate::story::sanitize;
use crate::tui::source::SheetStore;
use crate::tui::source::sheet::{LibrarySheet, sheet_json, sheet_markdown, sheet_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Txt,
    Md,
    Json,
}

/// What `--format json` prints, as the help says it.
const JSON_HELP: &str = "\
JSON: an array, top of the sheet first, of objects with
  position    1 for the top of the sheet
  note        the reader's note, \"\" when none
  story_id    the story's id in the library
  title       the story's title
  date        its air date (YYYY-MM-DD), or null
  program     its program, or null
  station     its station, or null
  speaker     who said it, or null for an unattributed turn
  role        what the story calls them (\"host\"), or null
  turn        the turn's index in the story, from 0
  start       when the turn starts in the audio (\"12:34\"), or null
  url         the story's web page, or null
  paragraphs  the quoted text, a paragraph at a time
  excerpt     true when it is part of the turn (sentences selected with v)
  text        the paragraphs joined by blank lines
New fields may be added; none of these will change meaning.";

#[derive(Debug, clap::Args)]
#[command(after_help = JSON_HELP)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// How to print it: md (a blockquote per quote, attributed, with its
    /// note), txt or json (below)
    #[arg(long, value_enum, default_value = "md")]
    format: Format,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Empty the sheet
    Clear,
}

/// The sheet of the library at `root`; a library not made yet has an
/// empty one, and is not made by asking.
pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    if !root.is_dir() {
        if args.format == Format::Json {
            print("[]\n")?;
        }
        note(format_args!(
            "no library at {}: the quote sheet is empty",
            sanitize::path(root)
        ));
        return Ok(ExitCode::SUCCESS);
    }
    print_or_clear(&mut LibrarySheet::new(root), args)
}

fn print_or_clear(sheet: &mut dyn SheetStore, args: Args) -> anyhow::Result<ExitCode> {
    if let Some(Command::Clear) = args.command {
        let count = sheet.entries()?.len();
        sheet.clear()?;
        note(format_args!(
            "cleared the quote sheet ({})",
            crate::story::text::counted(count, "quote", "quotes")
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let entries = sheet.entries()?;
    if entries.is_empty() && args.format != Format::Json {
        note("the quote sheet is empty: in the TUI, a adds the marked turn or a selection");
        return Ok(ExitCode::SUCCESS);
    }
    let text = match args.format {
        Format::Md => sheet_markdown(&entries),
        Format::Txt => sheet_text(&entries),
        Format::Json => sheet_json(&entries) + "\n",
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}
