//! `hark feeds`: the podcast feeds imported so far.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;

use super::output::{Out, print_json};
use crate::library::Library;
use crate::story::sanitize::clean_line;
use crate::story::text::counted;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print JSON: an array of {"url", "title", "episodes" (how many were
    /// imported), "updated_at", "stories": [{"guid", "id"}]}
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(library: &Library, args: Args, out: &Out) -> anyhow::Result<ExitCode> {
    let feeds = library.feeds()?;
    if args.json {
        let all: Vec<_> = feeds
            .iter()
            .map(|feed| {
                let stories: Vec<_> = feed
                    .episodes
                    .iter()
                    .map(|e| json!({"guid": e.guid, "id": e.story}))
                    .collect();
                json!({
                    "url": feed.url,
                    "title": feed.title,
                    "episodes": feed.episodes.len(),
                    "updated_at": feed.updated_at,
                    "stories": stories,
                })
            })
            .collect();
        print_json(&all)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut stdout = super::output::stdout();
    let zone = jiff::tz::TimeZone::system();
    for feed in &feeds {
        let episodes = counted(feed.episodes.len(), "episode", "episodes");
        let updated = feed
            .updated_at
            .to_zoned(zone.clone())
            .strftime("%Y-%m-%d %H:%M");
        // The file may have been edited by hand: clean what it says.
        let title = out.bold(&clean_line(feed.title.as_deref().unwrap_or("(untitled)")));
        writeln!(
            stdout,
            "{title}  {}  {}",
            out.dim(&format!("{episodes} · updated {updated}")),
            clean_line(&feed.url)
        )?;
    }
    stdout.flush()?;
    if feeds.is_empty() {
        super::output::note("No feeds yet: `hark import FEED_URL` imports a podcast's episodes.");
    }
    Ok(ExitCode::SUCCESS)
}
