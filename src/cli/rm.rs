//! `hark rm ID`

use std::process::ExitCode;

use crate::library::Library;
use crate::story::sanitize;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The story's id, or any unique prefix of it
    id: String,
}

/// The story, its turns, speakers and original go in one write: all or,
/// on a full disk say, none.
pub(crate) fn run(library: &mut Library, args: Args) -> anyhow::Result<ExitCode> {
    let removed = library.remove(&args.id)?;
    super::output::print(&format!(
        "removed {}  {}\n",
        removed.id,
        sanitize::clean_line(&removed.title)
    ))?;
    Ok(ExitCode::SUCCESS)
}
