//! `hark` and `hark FILE...`: the TUI, on the library, on the bundled
//! samples while the library is empty, or on files read like `less` reads
//! them.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use jiff::Timestamp;

use crate::config::Config;
use crate::fetch::{self, Fetcher};
use crate::library::web::Stored;
use crate::library::{self, CatalogEntry, Corrections, Imported, Library};
use crate::query::search;
use crate::story::Story;
use crate::tui::source::{Found, Search, SearchJob, SpeakerRow};
use crate::tui::{self, Importer, Keymap, ListEntry, Origin, Say, Stories, TuiOptions};

pub fn run(
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
        let importer = importer(root, Box::new(original));
        options.source = Box::new(tui::MemoryStories::new(stories).with_importer(importer));
        options
    };
    options.mouse = mouse;
    options.theme = settings.theme.clone();
    options.keymap = Keymap::from_config(&settings.keys).map_err(anyhow::Error::msg)?;
    // Nothing may print over the screen: waits are said on the status line.
    library::on_wait(|_| {});
    tui::run(options)?;
    Ok(ExitCode::SUCCESS)
}

/// The TUI on the library at `root`, or on the bundled samples while it
/// is empty: what `hark` opens.
pub fn library_options(root: &Path) -> anyhow::Result<TuiOptions> {
    let library = super::reparsed_if_parser_changed(Library::open(root)?)?;
    let notice = problems_notice(&library);
    let mut options = if library.is_empty() {
        TuiOptions::samples(
            library::samples::bundled(),
            importer(root, Box::new(sample_bytes)),
        )
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

/// A story's original bytes, if hark can find them.
type Originals = Box<dyn Fn(&Story) -> Option<Vec<u8>> + Send + Sync>;

/// A bundled sample's bytes, by its file name.
fn sample_bytes(story: &Story) -> Option<Vec<u8>> {
    let name = story.source.file_name.as_deref()?;
    let (_, bytes) = library::samples::FILES.iter().find(|(n, _)| *n == name)?;
    Some(bytes.to_vec())
}

/// Stores a story shown from memory into the library at `root`, with its
/// original so that it can be re-parsed, on the TUI's import thread: a
/// wait for another hark's write is said on the status line.
fn importer(root: &Path, originals: Originals) -> Importer {
    let root = root.to_path_buf();
    Arc::new(move |story: &Story, say: &Say| {
        let say = Arc::clone(say);
        library::on_wait(move |_| {
            say("waiting for another hark to finish writing the library…".into())
        });
        let mut library = Library::open_lazily(&root).map_err(|e| e.to_string())?;
        let original = originals(story);
        // A page from the web is found again by its address, as
        // `hark import URL` does: its story is updated, never doubled.
        if let Some(url) = story.source.url.as_deref() {
            let (stored, _) = library
                .store_fetched(story.clone(), &[url], original.as_deref())
                .map_err(|e| e.to_string())?;
            return Ok(match stored {
                Stored::Added => format!("imported “{}” into {}", story.title, root.display()),
                Stored::Updated => format!("updated “{}”: the page had changed", story.title),
                Stored::Unchanged => format!("“{}” is already in the library", story.title),
            });
        }
        let added = library.add_with_original(story, original.as_deref());
        match added.map_err(|e| e.to_string())? {
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
                program: e.program,
                speakers: e.speakers,
                warnings: e.warnings,
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

    /// Corrects through a library of its own, then reads the library
    /// afresh for the searches to come (those running keep the old one).
    fn correct(&mut self, id: &str, corrections: Corrections) -> Result<Story, String> {
        let root = self.library.root().to_path_buf();
        let mut library = Library::open_lazily(&root).map_err(|e| e.to_string())?;
        let story = library
            .correct(id, corrections)
            .map_err(|e| e.to_string())?;
        self.library = Arc::new(library);
        Ok(story)
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
