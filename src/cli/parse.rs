//! `hark parse PATH|URL`: the story as JSON, stored nowhere.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{print_json, story_json};
use crate::config::Config;
use crate::fetch::{Fetcher, Found};
use crate::library::read_stories;
use crate::story::sanitize;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A transcript file or page, a web address, or - for standard input
    #[arg(value_name = "PATH|URL")]
    path: PathBuf,
    /// Print every story of a page that holds several (a member station's
    /// listing page), as a JSON array
    #[arg(long)]
    all: bool,
}

pub(crate) fn run(args: Args, config: &Config) -> anyhow::Result<ExitCode> {
    let now = jiff::Timestamp::now();
    let stories = if super::import::is_url(&args.path) {
        let mut fetcher = Fetcher::new(super::import::fetch_settings(config));
        let url = args.path.to_string_lossy();
        match fetcher.story_or_feed(&url, now)? {
            Found::Story(fetched) => vec![fetched.story],
            Found::Feed(_) => anyhow::bail!(super::import::feed_url_refused(&url)),
        }
    } else {
        read_stories(&args.path, now)?
    };
    if args.all {
        let all: Vec<_> = stories.iter().map(story_json).collect::<Result<_, _>>()?;
        print_json(&all)?;
        return Ok(ExitCode::SUCCESS);
    }
    if stories.len() > 1 {
        super::output::warn(format_args!(
            "{} holds {} stories; this is the first (`hark parse --all` prints every one)",
            sanitize::path(&args.path),
            stories.len()
        ));
    }
    print_json(&story_json(&stories[0])?)?;
    Ok(ExitCode::SUCCESS)
}
