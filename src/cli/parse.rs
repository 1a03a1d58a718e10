//! `hark parse PATH|URL`: the story as JSON, stored nowhere.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json, story_json};
use crate::config::Config;
use crate::fetch::Fetcher;
use crate::library::read_story;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A transcript file or page, a web address, or - for standard input
    #[arg(value_name = "PATH|URL")]
    path: PathBuf,
}

pub fn run(args: Args, config: &Config) -> anyhow::Result<ExitCode> {
    let now = jiff::Timestamp::now();
    let story = if super::import::is_url(&args.path) {
        let mut fetcher = Fetcher::new(super::import::fetch_settings(config));
        fetcher.story(&args.path.to_string_lossy(), now)?.story
    } else {
        read_story(&args.path, now)?
    };
    print_json(&story_json(&story))?;
    Ok(ExitCode::SUCCESS)
}
