//! Where the TUI gets its stories. The TUI never learns how they are
//! stored: the library, files named on the command line and the bundled
//! samples all stand behind one small trait.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use jiff::civil::Date;

use crate::library::history::FilterHistory;
use crate::library::{Corrections, SpeakerIndex};
use crate::query::{Filter, Keyword, Query, Quote, speaker_names};
use crate::story::{Role, Story, TurnKind, fold};

/// Shown where a story's date would be when the page gave none.
pub const NO_AIR_DATE: &str = "undated";

/// What the story list shows, known without opening the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    pub id: String,
    pub title: String,
    /// The air date; none when the page gave none.
    pub date: Option<Date>,
    pub program: Option<String>,
    pub speakers: Vec<String>,
    pub station: Option<String>,
    pub imported_at: jiff::Timestamp,
    /// How many things the parser was unsure of: the list marks them.
    pub warnings: usize,
}

impl ListEntry {
    pub fn of(story: &Story) -> ListEntry {
        ListEntry {
            id: story.id.clone(),
            title: story.title.clone(),
            date: story.date(),
            program: story.program.clone(),
            speakers: story.speakers.iter().map(|s| s.name.clone()).collect(),
            station: story.source.station.clone(),
            imported_at: story.imported_at,
            warnings: story.warnings.len(),
        }
    }

    /// Where it sorts: by air date, else by import day (never shown as
    /// its date), as the catalog sorts.
    pub fn sort_date(&self) -> Date {
        self.date
            .unwrap_or_else(|| crate::story::imported_on(self.imported_at))
    }

    /// "2016-10-03 · All Things Considered", or "undated" when the
    /// page gave none: the import date is never shown as the air date.
    pub fn dateline(&self) -> String {
        let date = match self.date {
            Some(date) => date.to_string(),
            None => NO_AIR_DATE.to_string(),
        };
        match &self.program {
            Some(program) => format!("{date} · {program}"),
            None => date,
        }
    }

    pub fn speaker_count(&self) -> usize {
        self.speakers.len()
    }
}

pub trait Stories {
    /// Asked once, at start: a source may hand its entries over rather
    /// than copy them.
    fn entries(&mut self) -> Vec<ListEntry>;
    fn load(&mut self, id: &str) -> Result<Story, String>;
    /// Stores the story in the library; returns a line to show the reader.
    fn import(&mut self, id: &str) -> Result<String, String>;
    /// The import of `ids` as a job for a thread of its own, for a source
    /// whose import may be slow (it may wait for another hark's import to
    /// finish); None to import them at once with `import`.
    fn import_job(&mut self, _ids: &[String]) -> Option<ImportJob> {
        None
    }
    /// Searches across every story; shareable with a thread, so a long
    /// search never holds up typing.
    fn search(&self) -> Arc<dyn Search>;

    /// Whether stories were added or removed behind the TUI's back: asked
    /// every second, so it must be cheap.
    fn changed(&mut self) -> bool {
        false
    }

    /// The entries as they are now, after `changed` said so or the reader
    /// asked; a source that cannot change has nothing new to say.
    fn reload(&mut self) -> Result<Vec<ListEntry>, String> {
        Ok(self.entries())
    }

    /// What the stories are now, when a reload changed it: the bundled
    /// samples give way to the library once another process imports into
    /// it. None while it is what the TUI started with.
    fn origin(&self) -> Option<super::Origin> {
        None
    }

    /// Keeps the filter history for the next run; a source with nowhere
    /// to keep it keeps it only for this one.
    fn save_history(&mut self, _history: &FilterHistory) -> Result<(), String> {
        Ok(())
    }

    /// Keeps the reader's corrections to story `id` and hands back the
    /// story derived again with them. Only a library keeps them.
    fn correct(&mut self, _id: &str, _corrections: Corrections) -> Result<Story, String> {
        Err("fixes are kept in the library: import the story first".into())
    }

    /// The quotes at `turns`, by story id; a story that will not load is
    /// passed over, since the rest are still worth having.
    fn quotes(&mut self, turns: &[(String, Vec<usize>)]) -> Vec<Quote> {
        let mut quotes = Vec::new();
        for (id, wanted) in turns {
            if let Ok(story) = self.load(id) {
                quotes.extend(wanted.iter().filter_map(|&t| Quote::of(&story, t)));
            }
        }
        quotes
    }
}

/// Work for a `Search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchJob {
    /// Stories holding every keyword somewhere, and stories holding any
    /// left-out one: the story list's filter.
    Stories {
        keywords: Vec<Keyword>,
        without: Vec<Keyword>,
    },
    /// Speech turns the query matches, in every story: the quotes view.
    Quotes(Query),
    /// Everyone who speaks, each person once: the speakers view. Not a
    /// search, but at 100,000 stories it takes as long as one.
    Speakers,
}

/// Where a speaker's turns go in the quotes view's speaker order: the
/// first eight bytes of their folded name, surname first, which sort as
/// the names do; turns nobody is named for go last.
pub fn speaker_order(name: &str) -> u64 {
    let mut words = fold::words(name);
    let Some(surname) = words.pop() else {
        return u64::MAX;
    };
    words.insert(0, surname);
    let mut bytes = [0u8; 8];
    for (slot, byte) in bytes.iter_mut().zip(words.join(" ").bytes()) {
        *slot = byte;
    }
    u64::from_be_bytes(bytes).min(u64::MAX - 1)
}

/// A story's matching turns, each with its speaker's `speaker_order`.
pub type StoryTurns = (String, Vec<(usize, u64)>);

/// Matches as a search finds them, a batch at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Stories holding every keyword.
    Stories(Vec<String>),
    /// Stories holding a left-out keyword.
    LeftOut(Vec<String>),
    /// Story ids, each with turns of it.
    Turns(Vec<StoryTurns>),
    Speakers(Vec<SpeakerRow>),
}

impl Found {
    /// Adds `more` to this batch; hands it back if it is of another kind.
    pub fn absorb(&mut self, more: Found) -> Option<Found> {
        match (self, more) {
            (Found::Stories(all), Found::Stories(more)) => all.extend(more),
            (Found::LeftOut(all), Found::LeftOut(more)) => all.extend(more),
            (Found::Turns(all), Found::Turns(more)) => all.extend(more),
            (Found::Speakers(all), Found::Speakers(more)) => all.extend(more),
            (_, more) => return Some(more),
        }
        None
    }
}

pub trait Search: Send + Sync {
    /// Hands matches to `found` as they turn up, until done or `cancel` is
    /// set; returns false when cancelled.
    fn run(
        &self,
        job: &SearchJob,
        cancel: &AtomicBool,
        found: &mut dyn FnMut(Found),
    ) -> Result<bool, String>;
}

/// One person in the speakers view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerRow {
    pub name: String,
    /// Each role with the number of stories they had it in.
    pub roles: Vec<(Role, usize)>,
    pub turns: usize,
    pub words: usize,
    pub stories: usize,
}

impl SpeakerRow {
    pub fn all(index: &SpeakerIndex) -> Vec<SpeakerRow> {
        index
            .people()
            .map(|(_, p)| SpeakerRow {
                name: p.name.clone(),
                roles: p.roles.clone(),
                turns: p.turns,
                words: p.words,
                stories: p.stories.len(),
            })
            .collect()
    }
}

/// Stores a story somewhere lasting; given by the caller so that the
/// in-memory source need not know about the library. It runs off the UI
/// thread, since it may wait for another hark's write; `Say` puts a word
/// on the status line meanwhile.
pub type Importer = Arc<dyn Fn(&Story, &Say) -> Result<String, String> + Send + Sync>;

/// Says something on the status line while a slow job runs.
pub type Say = Arc<dyn Fn(String) + Send + Sync>;

/// An import ready to run on a thread: one result per story.
pub type ImportJob = Box<dyn FnOnce(Say) -> Vec<Result<String, String>> + Send>;

/// Stories held in memory: files opened directly, the bundled samples, tests.
pub struct MemoryStories {
    stories: Arc<Vec<Story>>,
    importer: Option<Importer>,
}

impl MemoryStories {
    pub fn new(stories: Vec<Story>) -> MemoryStories {
        MemoryStories {
            stories: Arc::new(stories),
            importer: None,
        }
    }

    pub fn with_importer(mut self, importer: Importer) -> MemoryStories {
        self.importer = Some(importer);
        self
    }

    fn find(&self, id: &str) -> Result<&Story, String> {
        self.stories
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| format!("no story with id {id}"))
    }
}

impl Stories for MemoryStories {
    fn entries(&mut self) -> Vec<ListEntry> {
        self.stories.iter().map(ListEntry::of).collect()
    }

    fn load(&mut self, id: &str) -> Result<Story, String> {
        self.find(id).cloned()
    }

    fn import(&mut self, id: &str) -> Result<String, String> {
        let story = self.find(id)?.clone();
        match self.importer.as_ref() {
            Some(import) => import(&story, &(Arc::new(|_| {}) as Say)),
            None => Err("no library to import into: run hark import FILE".into()),
        }
    }

    fn import_job(&mut self, ids: &[String]) -> Option<ImportJob> {
        let import = Arc::clone(self.importer.as_ref()?);
        let stories: Vec<Result<Story, String>> =
            ids.iter().map(|id| self.find(id).cloned()).collect();
        Some(Box::new(move |say: Say| {
            stories
                .into_iter()
                .map(|story| import(&story?, &say))
                .collect()
        }))
    }

    fn search(&self) -> Arc<dyn Search> {
        Arc::new(InMemory(Arc::clone(&self.stories)))
    }
}

/// Searching stories held in memory: few enough to read each one.
struct InMemory(Arc<Vec<Story>>);

impl Search for InMemory {
    fn run(
        &self,
        job: &SearchJob,
        cancel: &AtomicBool,
        found: &mut dyn FnMut(Found),
    ) -> Result<bool, String> {
        let stories = self.0.iter();
        let finished = match job {
            SearchJob::Stories { keywords, without } => {
                let has_all = Filter {
                    keywords: keywords.clone(),
                    ..Filter::default()
                };
                let has_any = |story: &Story| {
                    without.iter().any(|kw| {
                        let one = Filter {
                            keywords: vec![kw.clone()],
                            ..Filter::default()
                        };
                        one.matches_story(story)
                    })
                };
                each_until_cancelled(stories, cancel, |story| {
                    if has_any(story) {
                        found(Found::LeftOut(vec![story.id.clone()]));
                    }
                    if !keywords.is_empty() && has_all.matches_story(story) {
                        found(Found::Stories(vec![story.id.clone()]));
                    }
                })
            }
            SearchJob::Quotes(query) => {
                let filter = self.bind(query);
                each_until_cancelled(stories, cancel, |story| {
                    let turns: Vec<(usize, u64)> = (0..story.turns.len())
                        .filter(|&i| {
                            let turn = &story.turns[i];
                            turn.kind == TurnKind::Speech && filter.matches_turn(story, turn)
                        })
                        .map(|i| {
                            let name = story.turns[i].speaker.as_deref().unwrap_or("");
                            (i, speaker_order(name))
                        })
                        .collect();
                    if !turns.is_empty() {
                        found(Found::Turns(vec![(story.id.clone(), turns)]));
                    }
                })
            }
            SearchJob::Speakers => {
                let mut index = SpeakerIndex::default();
                self.0.iter().for_each(|story| index.add(story));
                found(Found::Speakers(SpeakerRow::all(&index)));
                true
            }
        };
        Ok(finished)
    }
}

impl InMemory {
    /// Binds against every speaker of every story, as the library does.
    fn bind(&self, query: &Query) -> Filter {
        let names: Vec<Vec<String>> = self
            .0
            .iter()
            .flat_map(|s| &s.speakers)
            .flat_map(speaker_names)
            .collect();
        query.bind_to_names(&names)
    }
}

/// Calls `each` on every story until `cancel` is set; false if it was.
fn each_until_cancelled<'a>(
    stories: impl Iterator<Item = &'a Story>,
    cancel: &AtomicBool,
    mut each: impl FnMut(&'a Story),
) -> bool {
    for story in stories {
        if cancel.load(Ordering::Relaxed) {
            return false;
        }
        each(story);
    }
    true
}
