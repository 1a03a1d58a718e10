//! Where the TUI gets its stories. The TUI never learns how they are
//! stored: the library, files named on the command line and the bundled
//! samples all stand behind one small trait, `Stories`, and its searches
//! behind `Search`. `memory` holds stories in memory (files, samples,
//! tests), and `listing` makes their story list as the library makes its
//! own in SQL; `library` reads them from the store. The story list, the
//! quotes and the speakers are windows: the TUI holds the keys of the
//! stories it lists (`StoryKey`) and asks for the rows on screen.
//! `sheet` is the reader's quote sheet, kept behind `SheetStore`; the
//! read and starred marks stand behind `marks::Marks`.
//!
//! The one part of the TUI that may use `library` for I/O; it also uses
//! `story` and `query`, and of the TUI only `Origin`.

mod library;
mod listing;
mod marks;
mod memory;
#[cfg(test)]
mod parity;
mod reader;
pub mod sheet;

pub(crate) use library::{LibraryStories, SamplesUntilImported, importer, sample_bytes};
pub use marks::MemoryMarks;
pub(crate) use marks::{LibraryMarks, ListShow, Mark, MarkSet, Marks};
pub use memory::MemoryStories;
pub use sheet::{SheetChange, SheetEntry, SheetQuote, SheetStore};

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use jiff::civil::Date;

use crate::library::TurnScores;
use crate::library::history::FilterHistory;
use crate::library::speakers::Person;
use crate::library::{
    Corrections, LibraryError, PeopleAsk, PeoplePage, SpeakerIndex, StoryOrder, Words, people_page,
};
use crate::query::{Keyword, Query, Quote};
use crate::story::{Role, Story, fold};

/// Why a source could not do what the TUI asked; each says what to do
/// about it where there is something to do.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("no story with id {0}")]
    NoStory(String),
    #[error("no library to import into: run hark import FILE")]
    NoLibrary,
    #[error("fixes are kept in the library: import the story first")]
    FixesNeedLibrary,
    #[error(transparent)]
    Library(#[from] LibraryError),
}

/// How a search ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchOutcome {
    /// Every match was handed over.
    Finished,
    /// A newer search made it moot: the matches handed over are some.
    Cancelled,
}

impl SearchOutcome {
    /// `Finished` unless `cancelled`.
    pub(crate) fn of(finished: bool) -> SearchOutcome {
        match finished {
            true => SearchOutcome::Finished,
            false => SearchOutcome::Cancelled,
        }
    }
}

/// Shown where a story's date would be when the page gave none.
pub(crate) const NO_AIR_DATE: &str = "undated";

/// A story's place in its source, which stays while the source does: a
/// row id in the library, a position for stories held in memory. The
/// story list holds these alone, and asks for the rows on screen.
pub type StoryKey = i64;

/// What the story list shows, known without opening the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    pub key: StoryKey,
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
    pub(crate) fn of(key: StoryKey, story: &Story) -> ListEntry {
        ListEntry {
            key,
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
    /// its date), as the library sorts.
    pub(crate) fn sort_date(&self) -> Date {
        self.date
            .unwrap_or_else(|| crate::story::imported_on(self.imported_at))
    }

    /// "2016-10-03 · All Things Considered", or "undated" when the
    /// page gave none: the import date is never shown as the air date.
    pub(crate) fn dateline(&self) -> String {
        let date = match self.date {
            Some(date) => date.to_string(),
            None => NO_AIR_DATE.to_string(),
        };
        match &self.program {
            Some(program) => format!("{date} · {program}"),
            None => date,
        }
    }

    pub(crate) fn speaker_count(&self) -> usize {
        self.speakers.len()
    }
}

/// How many stories a reload found that were not there before, and how
/// many that were are gone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reloaded {
    pub added: usize,
    pub removed: usize,
}

pub trait Stories {
    /// How many stories there are: asked at start and after a reload, so
    /// it must be cheap.
    fn story_count(&mut self) -> usize;
    /// The list rows of the stories at `keys`, in that order; a key whose
    /// story has gone since is left out.
    fn entries_at(&mut self, keys: &[StoryKey]) -> Result<Vec<ListEntry>, SourceError>;
    /// Every story's id: what `i` imports from the samples.
    fn all_ids(&mut self) -> Vec<String> {
        Vec::new()
    }
    fn load(&mut self, id: &str) -> Result<Story, SourceError>;
    /// Stores the story in the library; returns a line to show the reader.
    fn import(&mut self, id: &str) -> Result<String, SourceError>;
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

    /// Reads the stories afresh, after `changed` said so or the reader
    /// asked; a source that cannot change has nothing new to say.
    fn reload(&mut self) -> Result<Reloaded, SourceError> {
        Ok(Reloaded::default())
    }

    /// What the stories are now, when a reload changed it: the bundled
    /// samples give way to the library once another process imports into
    /// it. None while it is what the TUI started with.
    fn origin(&self) -> Option<crate::tui::Origin> {
        None
    }

    /// Keeps the filter history for the next run; a source with nowhere
    /// to keep it keeps it only for this one.
    fn save_history(&mut self, _history: &FilterHistory) -> Result<(), SourceError> {
        Ok(())
    }

    /// Keeps the reader's corrections to story `id` and hands back the
    /// story derived again with them. Only a library keeps them.
    fn correct(&mut self, _id: &str, _corrections: Corrections) -> Result<Story, SourceError> {
        Err(SourceError::FixesNeedLibrary)
    }

    /// Where the reader's quote sheet is kept; none for a source with
    /// nowhere to keep one.
    fn sheet(&mut self) -> Option<&mut dyn SheetStore> {
        None
    }

    /// Where the reader's read and starred marks are kept; None keeps
    /// them for this run only, in the App.
    fn marks(&mut self) -> Option<&mut dyn Marks> {
        None
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

/// What the story list asks for: the stories its filter lets through
/// (`@name`s, words anywhere in a story, dates, shows), those its mode
/// keeps by the reader's marks as they stood when asked, in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListAsk {
    pub query: Query,
    pub order: StoryOrder,
    pub show: ListShow,
    pub marks: MarkSet,
}

/// Work for a `Search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchJob {
    /// The story list: the keys of the stories it shows, in its order.
    List(ListAsk),
    /// Speech turns the query matches, in every story, stories in the
    /// list's first order (newest first): the quotes view. The search
    /// stops once it has handed over `limit` turns (with the story that
    /// reached it whole), so that a filter matching nearly everything
    /// costs a window, not the library.
    Quotes { query: Query, limit: usize },
    /// How many speech turns the query matches, and in how many stories,
    /// counted from the index: the quotes view's total when it holds back.
    QuoteCount(Query),
    /// A window of the people who speak, each person once: the speakers
    /// view asks for the rows around its screen.
    SpeakerPage(PeopleAsk),
    /// How well each of these turns (by story id) answers the keywords:
    /// the quotes view's order by relevance, asked for when chosen.
    Relevance {
        keywords: Vec<Keyword>,
        turns: Vec<(String, Vec<usize>)>,
    },
}

/// Where a speaker's turns go in the quotes view's speaker order: the
/// first eight bytes of their folded name, surname first, which sort as
/// the names do; turns nobody is named for go last.
pub(crate) fn speaker_order(name: &str) -> u64 {
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

/// What the quotes view shows of a story beside its quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedStory {
    pub key: StoryKey,
    pub id: String,
    pub title: String,
    pub date: Option<Date>,
}

impl QuotedStory {
    pub(crate) fn of(key: StoryKey, story: &Story) -> QuotedStory {
        QuotedStory {
            key,
            id: story.id.clone(),
            title: story.title.clone(),
            date: story.date(),
        }
    }
}

/// A story's matching turns, each with its speaker's `speaker_order`.
pub(crate) type StoryTurns = (QuotedStory, Vec<(usize, u64)>);

/// Matches as a search finds them, a batch at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The story list's next keys, in its order.
    ListKeys(Vec<StoryKey>),
    /// Stories, each with turns of it, in the order asked.
    Turns(Vec<StoryTurns>),
    /// The quotes' total: `SearchJob::QuoteCount`.
    QuoteCount {
        quotes: usize,
        stories: usize,
    },
    /// An `@name` of the quotes' query names no one; `nearest` is whom
    /// the reader may have meant.
    Nobody {
        term: String,
        nearest: Option<String>,
    },
    SpeakerPage(SpeakerPage),
    /// Turns with their relevance: `library::window::relevance`.
    Relevance(TurnScores),
}

impl Found {
    /// Adds `more` to this batch; hands it back if it is of another kind.
    pub(crate) fn absorb(&mut self, more: Found) -> Option<Found> {
        match (self, more) {
            (Found::ListKeys(all), Found::ListKeys(more)) => all.extend(more),
            (Found::Turns(all), Found::Turns(more)) => all.extend(more),
            (Found::Relevance(all), Found::Relevance(more)) => all.extend(more),
            (_, more) => return Some(more),
        }
        None
    }
}

pub trait Search: Send + Sync {
    /// Hands matches to `found` as they turn up, until done or `cancel` is
    /// set.
    fn run(
        &self,
        job: &SearchJob,
        cancel: &AtomicBool,
        found: &mut dyn FnMut(Found),
    ) -> Result<SearchOutcome, SourceError>;
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
    fn of(person: &Person) -> SpeakerRow {
        SpeakerRow {
            name: person.name.clone(),
            roles: person.roles.clone(),
            turns: person.turns,
            words: person.words,
            stories: person.stories.len(),
        }
    }
}

/// A window of the speakers view's rows, with the counts around it:
/// `library::PeoplePage` made owned, to cross to the UI thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerPage {
    /// The people the name filter lets through.
    pub total: usize,
    /// Everyone in the library.
    pub everyone: usize,
    /// Everyone's words, and the most of anyone's, for the share bars.
    pub words: Words,
    pub offset: usize,
    pub rows: Vec<SpeakerRow>,
    /// Where the person to keep selected now stands.
    pub kept_at: Option<usize>,
}

impl SpeakerPage {
    /// The window `ask` names, of the people in `index`.
    pub(crate) fn of(index: &SpeakerIndex, ask: &PeopleAsk) -> SpeakerPage {
        let page: PeoplePage = people_page(index, ask);
        SpeakerPage {
            total: page.total,
            everyone: page.everyone,
            words: page.words,
            offset: page.offset,
            rows: page.people.into_iter().map(SpeakerRow::of).collect(),
            kept_at: page.kept_at,
        }
    }
}

/// Stores a story somewhere lasting; given by the caller so that the
/// in-memory source need not know about the library. It runs off the UI
/// thread, since it may wait for another hark's write; `Say` puts a word
/// on the status line meanwhile.
pub(crate) type Importer = Arc<dyn Fn(&Story, &Say) -> Result<String, SourceError> + Send + Sync>;

/// Says something on the status line while a slow job runs.
pub(crate) type Say = Arc<dyn Fn(String) + Send + Sync>;

/// An import ready to run on a thread: one result per story.
pub(crate) type ImportJob = Box<dyn FnOnce(Say) -> Vec<Result<String, SourceError>> + Send>;
