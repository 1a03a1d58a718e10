//! `hark` and `hark FILE...`: the TUI, on the library, on the bundled
//! samples while the library is empty, or on files read like `less` reads
//! them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use jiff::Timestamp;

use crate::config::Config;
use crate::fetch::Fetcher;
use crate::library::web::Stored;
use crate::library::{self, CatalogEntry, Imported, Library};
use crate::query::search;
use crate::story::Story;
use crate::tui::source::{Found, Search, SearchJob, SpeakerRow};
use crate::tui::{self, Importer, Keymap, ListEntry, Origin, Stories, TuiOptions};

pub fn run(
    root: &Path,
    files: &[PathBuf],
    mouse: bool,
    settings: &Config,
) -> anyhow::Result<ExitCode> {
    let mut options = if files.is_empty() {
        library_options(root)?
    } else {
        let stories = read_files(files, settings);
        if stories.is_empty() {
            return Ok(ExitCode::FAILURE);
        }
        let mut options = TuiOptions::files(stories.clone());
        options.source = Box::new(tui::MemoryStories::new(stories).with_importer(importer(root)));
        options
    };
    options.mouse = mouse;
    options.theme = settings.theme.clone();
    options.keymap = Keymap::from_config(&settings.keys).map_err(anyhow::Error::msg)?;
    tui::run(options)?;
    Ok(ExitCode::SUCCESS)
}

/// The TUI on the library at `root`, or on the bundled samples while it
/// is empty: what `hark` opens.
pub fn library_options(root: &Path) -> anyhow::Result<TuiOptions> {
    let library = Library::open(root)?;
    let notice = problems_notice(&library);
    let mut options = if library.is_empty() {
        TuiOptions::samples(library::samples::bundled(), importer(root))
    } else {
        TuiOptions::new(Box::new(LibraryStories::new(library)), Origin::Library)
    };
    options.notice = notice;
    Ok(options)
}

/// Damaged story files, for the status line; also printed before the TUI
/// starts, so the full list is there when it ends.
fn problems_notice(library: &Library) -> Option<String> {
    let problems = library.problems();
    for problem in problems {
        eprintln!("hark: {problem}");
    }
    let first = problems.first()?;
    Some(match problems.len() {
        1 => format!("skipped {first}"),
        n => format!("skipped {first} (and {} more)", n - 1),
    })
}

/// Each file parsed, each web address fetched; a bad one is reported and
/// the rest still open.
fn read_files(files: &[PathBuf], settings: &Config) -> Vec<Story> {
    let mut fetcher = None;
    files
        .iter()
        .filter_map(|path| {
            let story = if super::import::is_url(path) {
                let fetcher = fetcher
                    .get_or_insert_with(|| Fetcher::new(super::import::fetch_settings(settings)));
                let url = path.to_string_lossy();
                fetcher
                    .story(&url, Timestamp::now())
                    .map(|f| f.story)
                    .map_err(anyhow::Error::from)
            } else {
                library::read_story(path, Timestamp::now()).map_err(anyhow::Error::from)
            };
            story.inspect_err(|err| eprintln!("hark: {err}")).ok()
        })
        .collect()
}

/// Stores a story shown from memory into the library at `root`.
fn importer(root: &Path) -> Importer {
    let root = root.to_path_buf();
    Box::new(move |story: &Story| {
        let mut library = Library::open_lazily(&root).map_err(|e| e.to_string())?;
        // A page from the web is found again by its address, as
        // `hark import URL` does: its story is updated, never doubled.
        if let Some(url) = story.source.url.as_deref() {
            let (stored, _) = library
                .store_fetched(story.clone(), &[url])
                .map_err(|e| e.to_string())?;
            return Ok(match stored {
                Stored::Added => format!("imported “{}” into {}", story.title, root.display()),
                Stored::Updated => format!("updated “{}”: the page had changed", story.title),
                Stored::Unchanged => format!("“{}” is already in the library", story.title),
            });
        }
        match library.add(story).map_err(|e| e.to_string())? {
            Imported::Added => Ok(format!(
                "imported “{}” into {}",
                story.title,
                root.display()
            )),
            Imported::AlreadyPresent => Ok(format!("“{}” is already in the library", story.title)),
        }
    })
}

/// The library behind the TUI's story source; shared with the search
/// threads, which only read it. The catalog is the story list's to keep.
struct LibraryStories {
    library: Arc<Library>,
    entries: Vec<CatalogEntry>,
}

impl LibraryStories {
    fn new(mut library: Library) -> LibraryStories {
        let entries = library.take_entries();
        LibraryStories {
            library: Arc::new(library),
            entries,
        }
    }
}

impl Stories for LibraryStories {
    fn entries(&mut self) -> Vec<ListEntry> {
        std::mem::take(&mut self.entries)
            .into_iter()
            .map(|e| ListEntry {
                id: e.id,
                title: e.title,
                date: e.date,
                speakers: e.speakers,
            })
            .collect()
    }

    fn load(&mut self, id: &str) -> Result<Story, String> {
        self.library.load(id).map_err(|e| e.to_string())
    }

    fn import(&mut self, _: &str) -> Result<String, String> {
        Ok("this story is in the library already".into())
    }

    fn search(&self) -> Arc<dyn Search> {
        Arc::new(LibrarySearch(Arc::clone(&self.library)))
    }
}

/// Library-wide search from the indexes: the speaker index for `@name`,
/// the packed text for words. No transcript is read.
struct LibrarySearch(Arc<Library>);

impl Search for LibrarySearch {
    fn run(
        &self,
        job: &SearchJob,
        cancel: &AtomicBool,
        found: &mut dyn FnMut(Found),
    ) -> Result<bool, String> {
        let library = &self.0;
        let finished = match job {
            SearchJob::Stories(keywords) => {
                search::for_each_story_with(library, keywords, cancel, |id| {
                    found(Found::Stories(vec![id.to_string()]))
                })
            }
            SearchJob::Quotes(query) => {
                let filter = search::bind_to_library(query, library.speakers());
                // A story's turns come together: one message for them all.
                let mut story: Option<(String, Vec<usize>)> = None;
                let finished =
                    search::for_each_matching_turn(library, &filter, cancel, |id, turn| {
                        match &mut story {
                            Some((open, turns)) if open == id => turns.push(turn),
                            _ => {
                                let next = (id.to_string(), vec![turn]);
                                if let Some(done) = story.replace(next) {
                                    found(Found::Turns(vec![done]));
                                }
                            }
                        }
                    });
                found(Found::Turns(story.into_iter().collect()));
                finished
            }
            SearchJob::Speakers => {
                found(Found::Speakers(SpeakerRow::all(library.speakers())));
                Ok(true)
            }
        };
        finished.map_err(|e| e.to_string())
    }
}
