//! `hark import PATH...`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::Timestamp;

use super::output;

use crate::library::import::{ImportEvent, files};
use crate::library::{Imported, Library};
use crate::story::sanitize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (every *.txt, *.vtt and *.srt below them), or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print each story's parse warnings, not just their count
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let mut library = super::reparsed_if_parser_changed(Library::open_lazily(root)?)?;
    let mut log = Log {
        out: output::stdout(),
        failed: None,
    };
    let (mut added, mut unchanged) = (0, 0);
    let mut failures = 0;
    let mut warnings = 0;
    let files = files(args.paths.clone()).skipping_library(library.root());
    library.import(files, Timestamp::now(), |event| match event {
        ImportEvent::Stored {
            story, imported, ..
        } => {
            let title = sanitize::clean_line(&story.title);
            warnings += story.warnings.len();
            match imported {
                Imported::Added => {
                    added += 1;
                    log.line(format_args!("{}  {title}", story.id));
                }
                Imported::AlreadyPresent => {
                    unchanged += 1;
                    log.line(format_args!("{}  {title} (already in library)", story.id));
                }
            }
            if args.verbose {
                for warning in &story.warnings {
                    log.line(format_args!(
                        "  ! {}",
                        sanitize::clean_line(&warning.to_string())
                    ));
                }
            }
        }
        ImportEvent::Skipped(err) => output::warn(err),
        ImportEvent::Failed(err) => {
            failures += 1;
            output::warn(err);
        }
    })?;
    let summary =
        format!("imported {added}, unchanged {unchanged}, failed {failures}, warnings {warnings}");
    log.line(format_args!("{summary}"));
    if warnings > 0 && !args.verbose {
        log.line(format_args!(
            "(`hark import --verbose` prints each warning; `hark check` lists them later)"
        ));
    }
    if let Some(err) = log.failed {
        // The stories are stored: say so where it can still be read.
        output::warn(format_args!("{err}; the import went on: {summary}"));
        return Ok(ExitCode::FAILURE);
    }
    Ok(if failures > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The import's log on stdout, a line per story as it is stored. A log that
/// cannot be written (a full disk, a closed pipe) stops being written, and
/// the import goes on: the stories matter more than the lines about them.
struct Log {
    out: output::Stdout,
    failed: Option<std::io::Error>,
}

impl Log {
    fn line(&mut self, line: std::fmt::Arguments) {
        if self.failed.is_some() {
            return;
        }
        let written = writeln!(self.out, "{line}").and_then(|()| self.out.flush());
        self.failed = written.err();
    }
}
