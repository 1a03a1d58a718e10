//! The library behind the TUI: its stories, its searches (from the
//! indexes, no transcript read), the bundled samples that stand in for it
//! while it is empty, and the import of stories shown from memory into it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::sheet::{LibrarySheet, SheetStore};
use crate::library::history::FilterHistory;
use crate::library::search;
use crate::library::web::Stored;
use crate::library::{
    self, CatalogEntry, Corrections, Imported, Library, LibraryError, StoryTally,
};
use crate::query::Quote;
use crate::story::Story;
use crate::tui::Origin;

use super::{
    Found, ImportJob, Importer, LibraryMarks, ListEntry, Marks, QuotedStory, Reloaded, Say, Search,
    SearchJob, SearchOutcome, SourceError, SpeakerPage, SpeakerRow, Stories, StoryKey,
    speaker_order,
};

/// A story's original bytes, if hark can find them.
pub(crate) type Originals = Box<dyn Fn(&Story) -> Option<Vec<u8>> + Send + Sync>;

/// A bundled sample's bytes, by its file name.
pub(crate) fn sample_bytes(story: &Story) -> Option<Vec<u8>> {
    let name = story.source.file_name.as_deref()?;
    let (_, bytes) = library::samples::FILES.iter().find(|(n, _)| *n == name)?;
    Some(bytes.to_vec())
}

/// Stores a story shown from memory into the library at `root`, with its
/// original so that it can be re-parsed, on the TUI's import thread
/// (which waits there while another hark writes, up to the database's
/// busy timeout).
pub(crate) fn importer(root: &Path, originals: Originals) -> Importer {
    let root = root.to_path_buf();
    Arc::new(move |story: &Story, _: &Say| {
        let mut library = Library::open_lazily(&root)?;
        let original = originals(story);
        // A page from the web is found again by its address, as
        // `hark import URL` does: its story is updated, never doubled.
        if let Some(url) = story.source.url.as_deref() {
            let (stored, _) = library.store_fetched(story.clone(), &[url], original.as_deref())?;
            return Ok(match stored {
                Stored::Added => format!("imported “{}” into {}", story.title, root.display()),
                Stored::Updated => format!("updated “{}”: the page had changed", story.title),
                Stored::Unchanged => format!("“{}” is already in the library", story.title),
            });
        }
        let added = library.add_with_original(story, original.as_deref());
        match added? {
            Imported::Added => Ok(format!(
                "imported “{}” into {}",
                story.title,
                root.display()
            )),
            Imported::AlreadyPresent => Ok(format!("“{}” is already in the library", story.title)),
        }
    })
}

/// The bundled samples, shown while the library is empty, until stories
/// arrive in it (imported by another process, or the samples themselves
/// with `i`): from then on, the library.
pub(crate) struct SamplesUntilImported {
    samples: Box<dyn Stories>,
    root: PathBuf,
    library: Option<LibraryStories>,
    /// The library was just opened: its entries are the next reload's.
    fresh: bool,
}

impl SamplesUntilImported {
    /// The `samples` source, until stories arrive in the library at `root`.
    pub(crate) fn new(samples: Box<dyn Stories>, root: &Path) -> SamplesUntilImported {
        SamplesUntilImported {
            samples,
            root: root.to_path_buf(),
            library: None,
            fresh: false,
        }
    }

    fn now(&mut self) -> &mut dyn Stories {
        match &mut self.library {
            Some(library) => library,
            None => self.samples.as_mut(),
        }
    }
}

impl Stories for SamplesUntilImported {
    fn story_count(&mut self) -> usize {
        self.now().story_count()
    }

    fn entries_at(&mut self, keys: &[StoryKey]) -> Result<Vec<ListEntry>, SourceError> {
        self.now().entries_at(keys)
    }

    fn all_ids(&mut self) -> Vec<String> {
        self.now().all_ids()
    }

    fn changed(&mut self) -> bool {
        if let Some(library) = &mut self.library {
            return library.changed();
        }
        if !Library::has_stories(&self.root) {
            return false;
        }
        match Library::open(&self.root) {
            Ok(library) => {
                self.library = Some(LibraryStories::new(library));
                self.fresh = true;
                true
            }
            // Another process may be writing it: the next look tells.
            Err(_) => false,
        }
    }

    /// The samples giving way to the library count as its stories come:
    /// the samples imported with `i` are the same stories, not new ones.
    fn reload(&mut self) -> Result<Reloaded, SourceError> {
        match (&mut self.library, std::mem::take(&mut self.fresh)) {
            (Some(library), true) => {
                let (now, before) = (library.story_count(), self.samples.story_count());
                Ok(Reloaded {
                    added: now.saturating_sub(before),
                    removed: before.saturating_sub(now),
                })
            }
            _ => self.now().reload(),
        }
    }

    fn origin(&self) -> Option<Origin> {
        self.library.as_ref().map(|_| Origin::Library)
    }

    fn load(&mut self, id: &str) -> Result<Story, SourceError> {
        self.now().load(id)
    }

    fn import(&mut self, id: &str) -> Result<String, SourceError> {
        self.now().import(id)
    }

    fn import_job(&mut self, ids: &[String]) -> Option<ImportJob> {
        self.now().import_job(ids)
    }

    fn search(&self) -> Arc<dyn Search> {
        match &self.library {
            Some(library) => library.search(),
            None => self.samples.search(),
        }
    }

    fn save_history(&mut self, history: &FilterHistory) -> Result<(), SourceError> {
        self.now().save_history(history)
    }

    fn correct(&mut self, id: &str, corrections: Corrections) -> Result<Story, SourceError> {
        self.now().correct(id, corrections)
    }

    fn quotes(&mut self, turns: &[(String, Vec<usize>)]) -> Vec<Quote> {
        self.now().quotes(turns)
    }

    fn sheet(&mut self) -> Option<&mut dyn SheetStore> {
        self.now().sheet()
    }

    fn marks(&mut self) -> Option<&mut dyn Marks> {
        self.now().marks()
    }
}

/// The library behind the TUI's story source; shared with the search
/// threads, which only read it. The list reads the rows on screen from
/// it, never the whole catalog.
pub(crate) struct LibraryStories {
    /// The searches' handle: a search holds it for as long as it runs.
    library: Arc<Library>,
    /// The screen's own handle, with a connection of its own, so that the
    /// rows on screen and the story to show never wait for a search; none
    /// if it would not open, and then the searches' handle serves both.
    screen: Option<Library>,
    /// The stories as the list last saw them, to tell how many came and
    /// went by the next reload.
    tally: StoryTally,
    /// The stories folder's time at the last look, to tell an import that
    /// has settled from one still going.
    folder_time: Option<u128>,
    /// The library opened afresh on a thread of its own, so that a
    /// reload never holds up the screen.
    reopening: Option<Receiver<Reopened>>,
    reopened: Option<Reopened>,
    /// The quote sheet, in the library's database.
    sheet: LibrarySheet,
    /// The reader's read and starred marks, in the library's database.
    marks: LibraryMarks,
}

type Reopened = Result<Library, LibraryError>;

impl LibraryStories {
    pub(crate) fn new(library: Library) -> LibraryStories {
        LibraryStories {
            screen: Library::open(library.root()).ok(),
            sheet: LibrarySheet::new(library.root()),
            marks: LibraryMarks::new(library.root()),
            tally: library.story_tally().unwrap_or_default(),
            library: Arc::new(library),
            folder_time: None,
            reopening: None,
            reopened: None,
        }
    }

    /// The handle for the screen's own reads.
    fn screen(&self) -> &Library {
        self.screen.as_ref().unwrap_or(&self.library)
    }

    /// Whether the stories folder changed, and then stayed still since
    /// the last look: an import in the middle of its work is left to it.
    /// Asked through the screen's handle: the searches' is held by a
    /// search for as long as it runs, and the screen would wait for it.
    fn settled_change(&mut self) -> bool {
        let now = self.screen().folder_time();
        let settled = now.is_some() && now == self.folder_time;
        self.folder_time = now;
        settled && self.screen().changed_on_disk()
    }
}

impl Stories for LibraryStories {
    fn story_count(&mut self) -> usize {
        self.tally.count
    }

    fn entries_at(&mut self, keys: &[StoryKey]) -> Result<Vec<ListEntry>, SourceError> {
        let entries = self.screen().entries_at(keys)?;
        Ok(entries.into_iter().map(list_entry).collect())
    }

    /// True once a change has settled and the library has been opened
    /// afresh beside the screen: the reload then only swaps it in.
    fn changed(&mut self) -> bool {
        if let Some(reopening) = &self.reopening {
            match reopening.try_recv() {
                Ok(reopened) => self.reopened = Some(reopened),
                Err(TryRecvError::Empty) => return false,
                Err(TryRecvError::Disconnected) => {}
            }
            self.reopening = None;
        }
        if self.reopened.is_some() {
            return true;
        }
        if self.settled_change() {
            let (send, receive) = channel();
            let root = self.library.root().to_path_buf();
            std::thread::spawn(move || {
                // The TUI may have ended meanwhile: nobody left to tell.
                let _ = send.send(Library::open(&root));
            });
            self.reopening = Some(receive);
        }
        false
    }

    /// The library opened afresh (at once, when `r` asks before a change
    /// was seen), and how many stories came and went since the last
    /// look; searches still running keep the one they started on.
    fn reload(&mut self) -> Result<Reloaded, SourceError> {
        let library = match self.reopened.take() {
            Some(reopened) => reopened?,
            None => Library::open(self.library.root())?,
        };
        let tally = library.story_tally()?;
        let added = library.stories_after(self.tally.last_rowid)?;
        let removed = (self.tally.count + added).saturating_sub(tally.count);
        self.screen = Library::open(library.root()).ok();
        self.library = Arc::new(library);
        self.tally = tally;
        Ok(Reloaded { added, removed })
    }

    fn load(&mut self, id: &str) -> Result<Story, SourceError> {
        Ok(self.screen().load(id)?)
    }

    fn import(&mut self, _: &str) -> Result<String, SourceError> {
        Ok("this story is in the library already".into())
    }

    fn search(&self) -> Arc<dyn Search> {
        Arc::new(LibrarySearch(Arc::clone(&self.library)))
    }

    fn marks(&mut self) -> Option<&mut dyn Marks> {
        Some(&mut self.marks)
    }

    fn save_history(&mut self, history: &FilterHistory) -> Result<(), SourceError> {
        Ok(history.save(self.library.root())?)
    }

    fn sheet(&mut self) -> Option<&mut dyn SheetStore> {
        Some(&mut self.sheet)
    }

    /// Corrects through a library of its own, then reads the library
    /// afresh for the searches to come (those running keep the old one).
    fn correct(&mut self, id: &str, corrections: Corrections) -> Result<Story, SourceError> {
        let root = self.library.root().to_path_buf();
        let mut library = Library::open_lazily(&root)?;
        let story = library.correct(id, corrections)?;
        self.library = Arc::new(library);
        Ok(story)
    }
}

/// Hands on each `@name` of `filter` that names no one in the library,
/// with the nearest name that does.
fn say_who_is_nobody(
    library: &Library,
    filter: &crate::query::Filter,
    found: &mut dyn FnMut(Found),
) {
    use crate::library::search::Names;
    for term in &filter.speakers {
        if !library.names_someone(term) {
            let term = term.join(" ");
            let nearest = search::closest_name(library, &term).ok().flatten();
            found(Found::Nobody { term, nearest });
        }
    }
}

/// A row of the library's list as the TUI's story list has it.
fn list_entry((key, e): (i64, CatalogEntry)) -> ListEntry {
    ListEntry {
        key,
        id: e.id,
        title: e.title,
        date: e.date,
        program: e.program,
        speakers: e.speakers,
        warnings: e.warnings,
        station: e.station,
        imported_at: e.imported_at,
    }
}

/// Library-wide search over the database: its FTS5 index and speaker
/// words give the candidates, the matcher decides.
struct LibrarySearch(Arc<Library>);

/// A window of the speakers view, read from the totals the store keeps.
fn speaker_page(page: library::OwnedPeoplePage) -> SpeakerPage {
    let row = |p: library::speakers::Totals| SpeakerRow {
        name: p.name,
        roles: p.roles,
        turns: p.turns,
        words: p.words,
        stories: p.stories,
    };
    SpeakerPage {
        total: page.total,
        everyone: page.everyone,
        words: page.words,
        offset: page.offset,
        rows: page.people.into_iter().map(row).collect(),
        kept_at: page.kept_at,
    }
}

impl Search for LibrarySearch {
    fn run(
        &self,
        job: &SearchJob,
        cancel: &AtomicBool,
        found: &mut dyn FnMut(Found),
    ) -> Result<SearchOutcome, SourceError> {
        let library = &self.0;
        let finished = library.interruptible(cancel, || self.run_job(job, cancel, found));
        // A search interrupted because it was cancelled is no failure.
        match finished {
            Err(_) if cancel.load(Ordering::Relaxed) => Ok(SearchOutcome::Cancelled),
            finished => Ok(SearchOutcome::of(finished?)),
        }
    }
}

impl LibrarySearch {
    /// `run`'s work: whether it finished, or why it failed.
    fn run_job(
        &self,
        job: &SearchJob,
        cancel: &AtomicBool,
        found: &mut dyn FnMut(Found),
    ) -> Result<bool, SourceError> {
        let library = &self.0;
        let finished = match job {
            SearchJob::List(ask) => {
                let filter = search::bind_to_library(&ask.query, &**library);
                let keep = |id: &str| ask.show.keeps(&ask.marks, id);
                library.each_listed(ask.order, &filter, keep, cancel, |keys| {
                    found(Found::ListKeys(keys))
                })
            }
            SearchJob::Quotes { query, limit } => {
                let filter = search::bind_to_library(query, &**library);
                say_who_is_nobody(library, &filter, found);
                // Stopped by the reader's next search or by the limit
                // (which `for_each_quoted_story` keeps, and sets it at).
                let enough = AtomicBool::new(false);
                let walked = search::for_each_quoted_story(
                    library,
                    &filter,
                    *limit,
                    &enough,
                    |heading, turns| {
                        if cancel.load(Ordering::Relaxed) {
                            enough.store(true, Ordering::Relaxed);
                            return;
                        }
                        let quoted = QuotedStory {
                            key: heading.rowid,
                            id: heading.id,
                            title: heading.title,
                            date: heading.date,
                        };
                        let turns = (turns.into_iter())
                            .map(|(turn, key)| (turn, speaker_order(&key)))
                            .collect();
                        // A story's turns come together: one message for them all.
                        found(Found::Turns(vec![(quoted, turns)]));
                    },
                );
                walked.map(|_| !cancel.load(Ordering::Relaxed))
            }
            SearchJob::QuoteCount(query) => {
                let filter = search::bind_to_library(query, &**library);
                let counted = search::count_matching_turns(library, &filter, false, cancel);
                counted.map(|counts| match counts {
                    Some(counts) => {
                        let (quotes, stories) = (counts.quotes, counts.stories);
                        found(Found::QuoteCount { quotes, stories });
                        true
                    }
                    None => false,
                })
            }
            SearchJob::SpeakerPage(ask) => library.people_page(ask).map(|page| {
                found(Found::SpeakerPage(speaker_page(page)));
                true
            }),
            SearchJob::Relevance { keywords, turns } => library
                .turns_relevance(keywords, turns, cancel)
                .map(|scored| match scored {
                    Some(scored) => {
                        found(Found::Relevance(scored));
                        true
                    }
                    None => false,
                }),
        };
        Ok(finished?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Action;
    use crate::tui::{Focus, TuiOptions, dispatch, start};
    use jiff::Timestamp;

    fn story(title: &str) -> Story {
        let text = format!("{title}\n\nANA LIMA, HOST: Words about {title}.\n");
        crate::story::parse::parse(text.as_bytes(), None, Timestamp::UNIX_EPOCH).unwrap()
    }

    /// A story added by another handle (another process, in life) is seen
    /// once the folder settles, read beside the screen, and then the
    /// library is quiet again: no reload every second after.
    #[test]
    fn a_change_is_reloaded_once_and_then_the_library_is_quiet() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = Library::open(dir.path()).unwrap();
        writer.add(&story("First")).unwrap();
        let mut source = LibraryStories::new(Library::open(dir.path()).unwrap());
        assert_eq!(source.story_count(), 1);
        assert!(!source.changed() && !source.changed(), "nothing changed");
        writer.add(&story("Second")).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !source.changed() {
            assert!(
                std::time::Instant::now() < deadline,
                "the change was never seen"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let reloaded = source.reload().unwrap();
        assert_eq!((reloaded.added, reloaded.removed), (1, 0));
        assert_eq!(source.story_count(), 2);
        for _ in 0..3 {
            assert!(!source.changed(), "quiet after the reload");
        }
    }

    /// A search holds the searches' handle for as long as it runs (at a
    /// million stories, minutes for a word in every story): the screen's
    /// look for changes must not wait for it, or the screen stops.
    #[test]
    fn the_look_for_changes_never_waits_for_a_running_search() {
        let dir = tempfile::tempdir().unwrap();
        Library::open(dir.path())
            .unwrap()
            .add(&story("First"))
            .unwrap();
        let mut source = LibraryStories::new(Library::open(dir.path()).unwrap());
        let searching = Arc::clone(&source.library);
        let (held, holding) = std::sync::mpsc::channel();
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let search = std::thread::spawn(move || {
            let _db = searching.db();
            held.send(()).unwrap();
            // Held until the look is over, or for long enough to fail it.
            let _ = finished.recv_timeout(std::time::Duration::from_secs(20));
        });
        holding.recv().unwrap();
        let (looked, look) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let changed = source.changed();
            let _ = looked.send(changed);
        });
        let answer = look.recv_timeout(std::time::Duration::from_secs(10));
        let _ = done.send(());
        search.join().unwrap();
        assert_eq!(answer, Ok(false), "the look waited for the search");
    }

    /// Story `i`: "harbor" said 0 to 3 times in turns of varying length.
    fn harbor_story(i: usize) -> Story {
        let harbors = vec!["harbor"; i % 4].join(" ");
        let filler = vec!["tide"; i % 7].join(" ");
        let text = format!(
            "Report {i}\n\nMarch {}, 2020\n\nANA LIMA, HOST: Story {i} {harbors} {filler}.\n\nBO REY: A {filler} harbor {harbors}.\n",
            1 + i % 28
        );
        crate::story::parse::parse(text.as_bytes(), None, Timestamp::UNIX_EPOCH).unwrap()
    }

    /// The stories a quotes job hands over, with their turns, in order.
    fn quoted(source: &dyn Stories, query: &str, limit: usize) -> Vec<(String, usize)> {
        let job = SearchJob::Quotes {
            query: crate::query::Query::parse(query).unwrap(),
            limit,
        };
        let mut stories = Vec::new();
        let never = AtomicBool::new(false);
        let outcome = source.search().run(&job, &never, &mut |found| {
            if let Found::Turns(turns) = found {
                stories.extend(turns.into_iter().map(|(s, turns)| (s.id, turns.len())));
            }
        });
        assert_eq!(
            outcome.unwrap(),
            SearchOutcome::Finished,
            "a limit is no cancel"
        );
        stories
    }

    /// A quotes job stops at its limit, with the story that reached it
    /// whole: the newest stories first, as without a limit.
    #[test]
    fn the_quotes_search_stops_at_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = Library::open(dir.path()).unwrap();
        let stories: Vec<Story> = (0..60).map(harbor_story).collect();
        for story in &stories {
            writer.add(story).unwrap();
        }
        let library = LibraryStories::new(Library::open(dir.path()).unwrap());
        let memory = super::super::MemoryStories::new(stories);
        for source in [&library as &dyn Stories, &memory] {
            let all = quoted(source, "harbor", usize::MAX);
            let first = quoted(source, "harbor", 7);
            let handed: usize = first.iter().map(|(_, turns)| turns).sum();
            let last = first.last().map_or(0, |(_, turns)| *turns);
            assert!(handed >= 7 && handed - last < 7, "{first:?}");
            assert!(first.len() < all.len());
            assert_eq!(first[..], all[..first.len()], "the newest first");
        }
    }

    /// The quotes view's relevance order is FTS5's: the quotes, ranked by
    /// bm25 and then newest first, as SQLite ranks them itself.
    #[test]
    fn quotes_by_relevance_follow_bm25() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = Library::open(dir.path()).unwrap();
        for i in 0..200 {
            writer.add(&harbor_story(i)).unwrap();
        }
        let source = LibraryStories::new(Library::open(dir.path()).unwrap());
        let options = TuiOptions::new(Box::new(source), Origin::Library);
        let (mut app, mut source) = start(options, (100, 40));
        dispatch(&mut app, source.as_mut(), Action::ShowQuotes);
        app.set_filter_text("harbor");
        crate::tui::serve(&mut app, source.as_mut());
        for _ in 0..3 {
            dispatch(&mut app, source.as_mut(), Action::SortQuotes);
        }
        assert_eq!(app.focus(), Focus::Quotes);
        assert_eq!(app.quotes().order.label(), "relevance");
        let shown: Vec<(String, usize)> = app
            .quotes()
            .hits
            .iter()
            .map(|h| {
                (
                    app.quotes().quoted[h.entry as usize].id.clone(),
                    h.turn as usize,
                )
            })
            .collect();
        let db = writer.db();
        let mut statement = db
            .conn()
            .prepare(
                "SELECT turns.story_id, turns.idx FROM turns_fts
                 JOIN turns ON turns.id = turns_fts.rowid
                 JOIN stories ON stories.id = turns.story_id
                 WHERE turns_fts MATCH 'harbor*' AND turns.kind = 'speech'
                 ORDER BY bm25(turns_fts), stories.sort_date DESC, stories.title,
                          stories.id, turns.idx",
            )
            .unwrap();
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as usize)));
        let reference: Vec<(String, usize)> = rows.unwrap().map(Result::unwrap).collect();
        assert!(reference.len() > 200, "{}", reference.len());
        assert_eq!(shown, reference);
    }
}
