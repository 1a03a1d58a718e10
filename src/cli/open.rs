//! `hark` and `hark FILE...`: the TUI, on the library, on the bundled
//! samples while the library is empty, or on files read like `less` reads
//! them.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::Timestamp;

use crate::config::Config;
use crate::fetch::{self, Fetcher};
use crate::library::history::FilterHistory;
use crate::library::{self, Library};
use crate::story::Story;
use crate::tui::source::{self, LibraryStories, SamplesUntilImported};
use crate::tui::{self, Keymap, Origin, TuiOptions};

pub(crate) fn run(
    root: &Path,
    files: &[PathBuf],
    mouse: bool,
    settings: &Config,
) -> anyhow::Result<ExitCode> {
    let mut options = if files.is_empty() {
        library_options(root)?
    } else {
        let read = read_files(files, settings);
        if read.is_empty() {
            return Ok(ExitCode::FAILURE);
        }
        let mut originals: HashMap<String, Original> = HashMap::new();
        let mut stories = Vec::with_capacity(read.len());
        for (story, original) in read {
            originals.insert(story.id.clone(), original);
            stories.push(story);
        }
        let mut options = TuiOptions::files(stories.clone());
        let original = move |story: &Story| match originals.get(&story.id)? {
            Original::File(path) => fs::read(path).ok(),
            Original::Fetched(page) => Some(page.clone()),
        };
        let importer = source::importer(root, Box::new(original));
        options.source = Box::new(tui::MemoryStories::new(stories).with_importer(importer));
        options
    };
    options.mouse = mouse;
    options.theme = settings.theme.clone();
    options.list_width = settings.list_width;
    options.export_dir = settings.export_dir.clone();
    options.keymap = Keymap::from_config(&settings.keys).map_err(anyhow::Error::msg)?;
    tui::run(options)?;
    Ok(ExitCode::SUCCESS)
}

/// The TUI on the library at `root`, or on the bundled samples while it
/// is empty: what `hark` opens.
pub fn library_options(root: &Path) -> anyhow::Result<TuiOptions> {
    let library = super::reparsed_if_parser_changed(Library::open(root)?)?;
    let notice = problems_notice(&library);
    let mut options = if library.is_empty() {
        let mut options = TuiOptions::samples(
            library::samples::bundled(),
            source::importer(root, Box::new(source::sample_bytes)),
        );
        options.source = Box::new(SamplesUntilImported::new(options.source, root));
        options
    } else {
        let history = FilterHistory::load(library.root());
        let mut options = TuiOptions::new(Box::new(LibraryStories::new(library)), Origin::Library);
        options.history = history;
        options
    };
    options.notice = notice;
    Ok(options)
}

/// Damaged story files, for the status line; also printed before the TUI
/// starts, so the full list is there when it ends.
fn problems_notice(library: &Library) -> Option<String> {
    let problems = library.problems();
    for problem in problems {
        super::output::warn(problem);
    }
    let first = problems.first()?;
    Some(match problems.len() {
        1 => format!("skipped {first}"),
        n => format!("skipped {first} (and {} more)", n - 1),
    })
}

/// Where a story opened without importing it was read from, so that `i`
/// can keep its original.
enum Original {
    File(PathBuf),
    Fetched(Vec<u8>),
}

/// Every story of each file, with its path, and each web address's story,
/// fetched; a bad one is reported and the rest still open.
fn read_files(files: &[PathBuf], settings: &Config) -> Vec<(Story, Original)> {
    let mut fetcher = None;
    let mut read = Vec::new();
    for path in files {
        let stories = if super::import::is_url(path) {
            let fetcher = fetcher
                .get_or_insert_with(|| Fetcher::new(super::import::fetch_settings(settings)));
            let url = path.to_string_lossy();
            match fetcher.story_or_feed(&url, Timestamp::now()) {
                Ok(fetch::Found::Story(fetched)) => {
                    Ok(vec![(fetched.story, Original::Fetched(fetched.page))])
                }
                Ok(fetch::Found::Feed(_)) => {
                    Err(anyhow::anyhow!(super::import::feed_url_refused(&url)))
                }
                Err(err) => Err(anyhow::Error::from(err)),
            }
        } else {
            library::read_stories(path, Timestamp::now())
                .map(|stories| {
                    let original = || Original::File(path.clone());
                    stories.into_iter().map(|s| (s, original())).collect()
                })
                .map_err(anyhow::Error::from)
        };
        match stories {
            Ok(stories) => read.extend(stories),
            Err(err) => super::output::warn(err),
        }
    }
    read
}
