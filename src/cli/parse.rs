//! `hark parse PATH`: the story as JSON, stored nowhere.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json, story_json};
use crate::library::read_story;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A transcript file, or - for standard input
    #[arg(value_name = "PATH")]
    path: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let story = read_story(&args.path, jiff::Timestamp::now())?;
    print_json(&story_json(&story)?)?;
    Ok(ExitCode::SUCCESS)
}
