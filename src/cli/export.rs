//! `hark export-library DIR`: every story as a JSON file, for people who
//! want plain files.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::library::Library;
use crate::story::{Story, sanitize, text::counted};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The folder to write to (made if needed): one `<id>.json` a story,
    /// each the JSON `hark show ID --json` prints
    dir: PathBuf,
}

pub(crate) fn run(library: &Library, args: Args) -> anyhow::Result<ExitCode> {
    let mut failures = 0;
    let written = library.export(&args.dir, story_file, |err| {
        failures += 1;
        super::output::warn(err);
    })?;
    super::output::note(format_args!(
        "wrote {} to {}",
        counted(written, "story", "stories"),
        sanitize::path(&args.dir)
    ));
    Ok(match failures {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}

/// A story's file: `hark show --json`'s output, byte for byte.
fn story_file(story: &Story) -> std::io::Result<Vec<u8>> {
    let value = super::output::story_json(story).map_err(std::io::Error::other)?;
    let mut bytes = serde_json::to_vec_pretty(&value)?;
    bytes.push(b'\n');
    Ok(bytes)
}
