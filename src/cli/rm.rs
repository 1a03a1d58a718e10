//! `hark rm ID`

use std::process::ExitCode;

use crate::library::{Library, LibraryError};
use crate::story::sanitize;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The story's id, or any unique prefix of it
    id: String,
}

/// A story whose file went but whose index lines could not (a full disk)
/// is removed all the same: the message says so, and the indexes, left
/// stale, are rebuilt from the story files.
pub(crate) fn run(library: &mut Library, args: Args) -> anyhow::Result<ExitCode> {
    let removed = match library.remove(&args.id) {
        Ok(removed) => removed,
        Err(LibraryError::IndexesBehind { removed, source }) => {
            super::output::warn(format_args!(
                "the story is removed, but the indexes could not be updated ({source}); \
                 hark reads the story files instead until there is room to rebuild them"
            ));
            *removed
        }
        Err(err) => return Err(err.into()),
    };
    super::output::print(&format!(
        "removed {}  {}\n",
        removed.id,
        sanitize::clean_line(&removed.title)
    ))?;
    Ok(ExitCode::SUCCESS)
}
