//! `hark update`: every feed fetched again, and only its new episodes
//! imported, as newsboat reloads its feeds.

use std::path::Path;
use std::process::ExitCode;

use jiff::Timestamp;

use super::import::{Log, Progress, Tally, fetch_settings, import_episodes};
use super::output;
use crate::config::Config;
use crate::fetch::feed::Episode;
use crate::fetch::{FetchError, Fetcher, Found, Problem};
use crate::library::Library;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print each story's parse warnings, not just their count
    #[arg(long, short)]
    verbose: bool,
}

pub(crate) fn run(root: &Path, args: Args, config: &Config) -> anyhow::Result<ExitCode> {
    let mut library = super::reparsed_if_parser_changed(Library::open_lazily(root)?)?;
    let feeds = library.feeds()?;
    if feeds.is_empty() {
        output::note("No feeds yet: `hark import FEED_URL` imports a podcast's episodes.");
        return Ok(ExitCode::SUCCESS);
    }
    let mut log = Log::new(args.verbose);
    let mut tally = Tally::default();
    let mut fetcher = Fetcher::new(fetch_settings(config));
    let progress = Progress::new(feeds.len());
    for known in &feeds {
        progress.at(&known.url);
        match fetcher.story_or_feed(&known.url, Timestamp::now()) {
            Ok(Found::Feed(feed)) => {
                let new: Vec<&Episode> = feed
                    .show
                    .episodes
                    .iter()
                    .filter(|e| !known.has_seen(&e.id))
                    .collect();
                import_episodes(
                    &mut library,
                    &mut fetcher,
                    &feed,
                    &new,
                    &progress,
                    &mut tally,
                    &mut log,
                )?;
            }
            Ok(Found::Story(_)) => {
                tally.failed += 1;
                let err = FetchError::new(&known.url, Problem::Feed("no longer a feed".into()));
                progress.above(|| output::warn(err));
            }
            Err(err) => {
                tally.failed += 1;
                progress.above(|| output::warn(err));
            }
        }
        progress.done();
    }
    progress.finish();
    Ok(tally.finish(log, "update"))
}
