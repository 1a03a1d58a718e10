//! `hark import PATH|URL...` and `hark import --urls FILE`

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiff::Timestamp;

use super::output;
use crate::config::Config;
use crate::fetch::feed::Episode;
use crate::fetch::{self, Fetched, FetchedFeed, Fetcher, Found};
use crate::library::feeds::SeenEpisode;
use crate::library::import::{ImportEvent, files};
use crate::library::web::Stored;
use crate::library::{Imported, Library};
use crate::story::text::counted;
use crate::story::{Story, sanitize};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files, folders (every *.txt, *.html, *.vtt and *.srt below them),
    /// web addresses (http:// or https://), or - for standard input
    #[arg(required_unless_present = "urls", value_name = "PATH|URL")]
    paths: Vec<PathBuf>,
    /// A file of web addresses, one a line, `#` starting a comment; - reads
    /// them from standard input
    #[arg(long, value_name = "FILE")]
    urls: Option<PathBuf>,
    /// Print each story's parse warnings, not just their count
    #[arg(long, short)]
    verbose: bool,
}

/// How the import went, story by story.
#[derive(Default)]
pub(super) struct Tally {
    added: usize,
    updated: usize,
    unchanged: usize,
    pub(super) failed: usize,
    warnings: usize,
    /// Episodes of a feed that offer no transcript: nothing to import,
    /// and no failure.
    without_transcript: usize,
}

pub(crate) fn run(root: &Path, args: Args, config: &Config) -> anyhow::Result<ExitCode> {
    let (urls, paths): (Vec<PathBuf>, Vec<PathBuf>) =
        args.paths.into_iter().partition(|p| is_url(p));
    let mut urls: Vec<String> = urls
        .iter()
        .map(|u| u.to_string_lossy().into_owned())
        .collect();
    if let Some(list) = &args.urls {
        urls.extend(read_url_list(list)?);
    }
    let mut library = super::reparsed_if_parser_changed(Library::open_lazily(root)?)?;
    let mut log = Log::new(args.verbose);
    let mut tally = Tally::default();
    if !paths.is_empty() {
        import_files(&mut library, paths, &mut tally, &mut log)?;
    }
    if !urls.is_empty() {
        import_urls(&mut library, &urls, config, &mut tally, &mut log)?;
    }
    Ok(tally.finish(log, "import"))
}

impl Tally {
    fn summary(&self) -> String {
        let updated = match self.updated {
            0 => String::new(),
            n => format!(", updated {n}"),
        };
        let without = match self.without_transcript {
            0 => String::new(),
            n => format!(
                ", {} without a transcript",
                counted(n, "episode", "episodes")
            ),
        };
        format!(
            "imported {}{updated}, unchanged {}, failed {}, warnings {}{without}",
            self.added, self.unchanged, self.failed, self.warnings
        )
    }

    /// Prints the summary, and the exit code it comes to: a failure if any
    /// story failed or the log could not be written.
    pub(super) fn finish(&self, mut log: Log, command: &str) -> ExitCode {
        let summary = self.summary();
        log.line(format_args!("{summary}"));
        if self.warnings > 0 && !log.verbose {
            log.line(format_args!(
                "(`hark {command} --verbose` prints each warning; `hark check` lists them later)"
            ));
        }
        if let Some(err) = log.failed {
            // The stories are stored: say so where it can still be read.
            output::warn(format_args!("{err}; the {command} went on: {summary}"));
            return ExitCode::FAILURE;
        }
        match self.failed {
            0 => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        }
    }

    /// Counts a fetched story as stored, and says what storing it did.
    fn stored(&mut self, stored: Stored, story: &Story) -> &'static str {
        self.warnings += story.warnings.len();
        match stored {
            Stored::Added => {
                self.added += 1;
                ""
            }
            Stored::Updated => {
                self.updated += 1;
                " (updated: the page changed)"
            }
            Stored::Unchanged => {
                self.unchanged += 1;
                " (unchanged)"
            }
        }
    }
}

/// What `hark parse` and the TUI say of a feed's address.
pub(super) fn feed_url_refused(url: &str) -> String {
    format!(
        "{}: a podcast feed, not a transcript: `hark import` imports its episodes",
        sanitize::clean_line(url)
    )
}

pub(crate) fn is_url(path: &Path) -> bool {
    path.to_str()
        .is_some_and(|s| s.starts_with("http://") || s.starts_with("https://"))
}

/// One address a line; blank lines and `#` comments are skipped.
fn read_url_list(path: &Path) -> anyhow::Result<Vec<String>> {
    let reader: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path).with_context(|| sanitize::path(path))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut urls = Vec::new();
    for line in reader.lines() {
        let line = line.with_context(|| sanitize::path(path))?;
        let line = line
            .split_once('#')
            .map_or(line.as_str(), |(u, _)| u)
            .trim();
        if !line.is_empty() {
            urls.push(line.to_string());
        }
    }
    Ok(urls)
}

fn import_files(
    library: &mut Library,
    paths: Vec<PathBuf>,
    tally: &mut Tally,
    log: &mut Log,
) -> anyhow::Result<()> {
    let files = files(paths).skipping_library(library.root());
    library.import(files, Timestamp::now(), |event| match event {
        ImportEvent::Stored {
            story, imported, ..
        } => {
            let note = match imported {
                Imported::Added => {
                    tally.added += 1;
                    ""
                }
                Imported::AlreadyPresent => {
                    tally.unchanged += 1;
                    " (already in library)"
                }
            };
            tally.warnings += story.warnings.len();
            log.story(story, note);
        }
        ImportEvent::Skipped(err) => output::warn(err),
        ImportEvent::Failed(err) => {
            tally.failed += 1;
            output::warn(err);
        }
    })?;
    Ok(())
}

/// The politeness settings: config.toml's, else the defaults.
pub(crate) fn fetch_settings(config: &Config) -> fetch::Settings {
    let defaults = fetch::Settings::default();
    let seconds = |s: Option<f64>, default| s.map_or(default, Duration::from_secs_f64);
    fetch::Settings {
        delay: seconds(config.fetch.delay, defaults.delay),
        timeout: seconds(config.fetch.timeout, defaults.timeout),
        retries: config.fetch.retries.unwrap_or(defaults.retries),
    }
}

/// Fetches and stores each URL in turn: a story's page, or every episode
/// of a feed. A failure costs only its URL.
fn import_urls(
    library: &mut Library,
    urls: &[String],
    config: &Config,
    tally: &mut Tally,
    log: &mut Log,
) -> anyhow::Result<()> {
    let mut fetcher = Fetcher::new(fetch_settings(config));
    let progress = Progress::new(urls.len());
    for url in urls {
        progress.at(url);
        match fetcher.story_or_feed(url, Timestamp::now()) {
            Ok(Found::Story(fetched)) => {
                store(library, *fetched, &[], url, tally, &progress, log)?;
            }
            Ok(Found::Feed(feed)) => {
                let episodes: Vec<&Episode> = feed.show.episodes.iter().collect();
                import_episodes(
                    library,
                    &mut fetcher,
                    &feed,
                    &episodes,
                    &progress,
                    tally,
                    log,
                )?;
            }
            Err(err) => {
                tally.failed += 1;
                progress.above(|| output::warn(err));
            }
        }
        progress.done();
    }
    progress.finish();
    Ok(())
}

/// Stores a fetched story, known also by `aliases`, and logs it.
fn store(
    library: &mut Library,
    fetched: Fetched,
    aliases: &[&str],
    url: &str,
    tally: &mut Tally,
    progress: &Progress,
    log: &mut Log,
) -> anyhow::Result<Story> {
    let mut addresses: Vec<String> = fetched.addresses().into_iter().map(String::from).collect();
    addresses.extend(aliases.iter().map(|a| a.to_string()));
    let addresses: Vec<&str> = addresses.iter().map(String::as_str).collect();
    let (stored, story) = library
        .store_fetched(fetched.story, &addresses, Some(&fetched.page))
        .with_context(|| sanitize::clean_line(url).into_owned())?;
    let note = tally.stored(stored, &story);
    progress.above(|| log.story(&story, note));
    Ok(story)
}

/// Imports `episodes` of `feed`, each from its preferred transcript, and
/// remembers the feed with the ones imported. An episode without a
/// transcript is counted; one whose transcript fails is reported and the
/// rest go on.
pub(super) fn import_episodes(
    library: &mut Library,
    fetcher: &mut Fetcher,
    feed: &FetchedFeed,
    episodes: &[&Episode],
    progress: &Progress,
    tally: &mut Tally,
    log: &mut Log,
) -> anyhow::Result<()> {
    let (with, without): (Vec<&Episode>, Vec<&Episode>) =
        episodes.iter().partition(|e| e.best_transcript().is_some());
    tally.without_transcript += without.len();
    progress.more(with.len());
    let mut imported = Vec::new();
    for episode in with {
        let label = episode.best_transcript().map_or("", |t| t.url.as_str());
        progress.at(label);
        match fetcher.episode(&feed.show, episode, &feed.requested, Timestamp::now()) {
            Ok(fetched) => {
                let url = fetched.requested.clone();
                let story = store(library, fetched, &[&episode.id], &url, tally, progress, log)?;
                imported.push(SeenEpisode {
                    guid: episode.id.clone(),
                    story: story.id,
                });
            }
            Err(err) => {
                tally.failed += 1;
                progress.above(|| output::warn(err));
            }
        }
        progress.done();
    }
    let title = feed.show.title.as_deref();
    library
        .remember_feed(&feed.requested, title, imported, Timestamp::now())
        .with_context(|| sanitize::clean_line(&feed.requested).into_owned())?;
    Ok(())
}

/// A progress bar on a terminal (count, rate, time left), nothing when
/// stderr is not one: the lines printed per URL say enough there.
pub(super) struct Progress(Option<ProgressBar>);

impl Progress {
    pub(super) fn new(len: usize) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{bar:30} {pos}/{len} pages · {per_sec} · {eta} left · {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(bar))
    }

    /// `more` pages to fetch than counted at first: a feed's episodes.
    fn more(&self, more: usize) {
        if let Some(bar) = &self.0 {
            bar.inc_length(more as u64);
        }
    }

    pub(super) fn at(&self, url: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(sanitize::clean_line(url).into_owned());
        }
    }

    pub(super) fn done(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Prints above the bar (or alone, without one).
    pub(super) fn above(&self, print: impl FnOnce()) {
        match &self.0 {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// The import's log on stdout, a line per story as it is stored. A log that
/// cannot be written (a full disk, a closed pipe) stops being written, and
/// the import goes on: the stories matter more than the lines about them.
pub(super) struct Log {
    out: output::Stdout,
    failed: Option<std::io::Error>,
    /// Each story's warnings under it, not just their count.
    verbose: bool,
}

impl Log {
    pub(super) fn new(verbose: bool) -> Log {
        Log {
            out: output::stdout(),
            failed: None,
            verbose,
        }
    }

    pub(super) fn line(&mut self, line: std::fmt::Arguments) {
        if self.failed.is_some() {
            return;
        }
        let written = writeln!(self.out, "{line}").and_then(|()| self.out.flush());
        self.failed = written.err();
    }

    fn story(&mut self, story: &Story, note: &str) {
        let title = sanitize::clean_line(&story.title);
        self.line(format_args!("{}  {title}{note}", story.id));
        if self.verbose {
            for warning in &story.warnings {
                let warning = sanitize::clean_line(&warning.to_string()).into_owned();
                self.line(format_args!("  ! {warning}"));
            }
        }
    }
}
