//! `hark reparse [ID...]`: stories derived again from their originals
//! with this hark's parser, keeping their ids and the reader's corrections.

use std::process::ExitCode;

use crate::library::{Library, Reparsed};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Stories to re-parse, by id or unique prefix [default: every story]
    #[arg(value_name = "ID")]
    ids: Vec<String>,
}

/// How a reparse went, story by story.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub changed: usize,
    pub unchanged: usize,
    pub without_original: usize,
    pub failed: usize,
}

impl Tally {
    /// Counts one story, printing what the reader needs to know of it.
    pub(crate) fn count(&mut self, id: &str, outcome: &Reparsed) {
        match outcome {
            Reparsed::Changed => {
                self.changed += 1;
                self.line(format_args!("{id}  re-parsed"));
            }
            Reparsed::Unchanged => self.unchanged += 1,
            Reparsed::NoOriginal => {
                self.without_original += 1;
                self.line(format_args!(
                    "{id}  cannot be re-parsed: imported before hark kept originals \
                     (import its file again to keep it)"
                ));
            }
            Reparsed::Failed(err) => {
                self.failed += 1;
                super::output::warn(format_args!("{id}: {err}"));
            }
        }
    }

    /// A line on stdout; a log that cannot be written does not stop the
    /// reparse, whose work is in the library, not in the lines about it.
    fn line(&self, line: std::fmt::Arguments) {
        let _ = super::output::print(&format!("{line}\n"));
    }

    pub(crate) fn summary(&self) -> String {
        format!(
            "re-parsed: changed {}, unchanged {}, without original {}, failed {}",
            self.changed, self.unchanged, self.without_original, self.failed
        )
    }
}

pub(crate) fn run(library: &mut Library, args: Args) -> anyhow::Result<ExitCode> {
    let mut tally = Tally::default();
    library.reparse(&args.ids, |id, outcome| tally.count(id, outcome))?;
    super::output::print(&format!("{}\n", tally.summary()))?;
    Ok(match tally.failed {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}
