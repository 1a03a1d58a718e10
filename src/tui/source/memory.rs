//! Stories held in memory: files named on the command line, the bundled
//! samples, tests. Few enough that a search reads each one.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::library::SpeakerIndex;
use crate::library::story_relevance;
use crate::query::{Filter, Query, name_matches, speaker_names};
use crate::story::{Story, TurnKind, fold};

use super::marks::{Marks, MemoryMarks};
use super::sheet::{MemorySheet, SheetStore};
use super::{
    Found, ImportJob, Importer, ListEntry, QuotedStory, Say, Search, SearchJob, SearchOutcome,
    SourceError, SpeakerPage, Stories, StoryKey, listing, speaker_order,
};

/// Stories held in memory: files opened directly, the bundled samples, tests.
pub struct MemoryStories {
    stories: Arc<Vec<Story>>,
    importer: Option<Importer>,
    /// The quote sheet, for this run only.
    sheet: MemorySheet,
    marks: MemoryMarks,
}

impl MemoryStories {
    pub fn new(stories: Vec<Story>) -> MemoryStories {
        MemoryStories {
            stories: Arc::new(stories),
            importer: None,
            sheet: MemorySheet::default(),
            marks: MemoryMarks::default(),
        }
    }

    /// Keeps the reader's marks in `marks`, which a test may share with
    /// a later run.
    pub fn with_marks(mut self, marks: MemoryMarks) -> MemoryStories {
        self.marks = marks;
        self
    }

    pub(crate) fn with_importer(mut self, importer: Importer) -> MemoryStories {
        self.importer = Some(importer);
        self
    }

    /// Puts `story` in place of the story with its id, as a library
    /// keeps a corrected story: a stand-in for one, in tests.
    #[cfg(test)]
    pub(crate) fn replace(&mut self, story: Story) {
        let stories = Arc::make_mut(&mut self.stories);
        if let Some(place) = stories.iter_mut().find(|s| s.id == story.id) {
            *place = story;
        }
    }

    fn find(&self, id: &str) -> Result<&Story, SourceError> {
        self.stories
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| SourceError::NoStory(id.to_string()))
    }
}

/// The list rows of `stories`, each keyed by its place.
fn entries_of(stories: &[Story]) -> Vec<ListEntry> {
    let keyed = stories.iter().enumerate();
    keyed
        .map(|(i, s)| ListEntry::of(i as StoryKey, s))
        .collect()
}

impl Stories for MemoryStories {
    fn story_count(&mut self) -> usize {
        self.stories.len()
    }

    fn entries_at(&mut self, keys: &[StoryKey]) -> Result<Vec<ListEntry>, SourceError> {
        let at = |&key: &StoryKey| {
            let story = self.stories.get(usize::try_from(key).ok()?)?;
            Some(ListEntry::of(key, story))
        };
        Ok(keys.iter().filter_map(at).collect())
    }

    fn all_ids(&mut self) -> Vec<String> {
        self.stories.iter().map(|s| s.id.clone()).collect()
    }

    fn load(&mut self, id: &str) -> Result<Story, SourceError> {
        self.find(id).cloned()
    }

    fn import(&mut self, id: &str) -> Result<String, SourceError> {
        let story = self.find(id)?.clone();
        match self.importer.as_ref() {
            Some(import) => import(&story, &(Arc::new(|_| {}) as Say)),
            None => Err(SourceError::NoLibrary),
        }
    }

    fn import_job(&mut self, ids: &[String]) -> Option<ImportJob> {
        let import = Arc::clone(self.importer.as_ref()?);
        let stories: Vec<Result<Story, SourceError>> =
            ids.iter().map(|id| self.find(id).cloned()).collect();
        Some(Box::new(move |say: Say| {
            stories
                .into_iter()
                .map(|story| import(&story?, &say))
                .collect()
        }))
    }

    fn search(&self) -> Arc<dyn Search> {
        Arc::new(InMemory(Arc::clone(&self.stories), OnceLock::new()))
    }

    fn sheet(&mut self) -> Option<&mut dyn SheetStore> {
        Some(&mut self.sheet)
    }

    fn marks(&mut self) -> Option<&mut dyn Marks> {
        Some(&mut self.marks)
    }
}

/// Searching stories held in memory: few enough to read each one.
struct InMemory(Arc<Vec<Story>>, OnceLock<SpeakerIndex>);

impl Search for InMemory {
    fn run(
        &self,
        job: &SearchJob,
        cancel: &AtomicBool,
        found: &mut dyn FnMut(Found),
    ) -> Result<SearchOutcome, SourceError> {
        let finished = match job {
            SearchJob::List(ask) => {
                let entries = entries_of(&self.0);
                found(Found::ListKeys(listing::listed(&self.0, &entries, ask)));
                true
            }
            SearchJob::Quotes { query, limit } => {
                let filter = self.bind(query);
                self.say_who_is_nobody(&filter, found);
                let mut handed = 0;
                each_until_cancelled(self.newest_first(), cancel, |(key, story)| {
                    let aired = filter.matches_story_facts(story.date(), story.program.as_deref());
                    if handed >= *limit || !aired {
                        return;
                    }
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
                        handed += turns.len();
                        found(Found::Turns(vec![(QuotedStory::of(key, story), turns)]));
                    }
                })
            }
            SearchJob::QuoteCount(query) => {
                let filter = self.bind(query);
                let (mut quotes, mut stories) = (0, 0);
                let finished = each_until_cancelled(self.0.iter(), cancel, |story| {
                    let aired = filter.matches_story_facts(story.date(), story.program.as_deref());
                    let speech = story
                        .turns
                        .iter()
                        .filter(|turn| turn.kind == TurnKind::Speech);
                    let matching = speech.filter(|turn| aired && filter.matches_turn(story, turn));
                    let count = matching.count();
                    quotes += count;
                    stories += usize::from(count > 0);
                });
                found(Found::QuoteCount { quotes, stories });
                finished
            }
            SearchJob::SpeakerPage(ask) => {
                let index = self.speakers();
                found(Found::SpeakerPage(SpeakerPage::of(index, ask)));
                true
            }
            SearchJob::Relevance { keywords, turns } => {
                let scored = turns.iter().map(|(id, wanted)| {
                    let story = self.0.iter().find(|s| s.id == *id);
                    (id.clone(), story_relevance(story, keywords, wanted))
                });
                found(Found::Relevance(scored.collect()));
                true
            }
        };
        Ok(SearchOutcome::of(finished))
    }
}

impl InMemory {
    /// The stories with their keys, as the list first has them: newest
    /// first.
    fn newest_first(&self) -> impl Iterator<Item = (StoryKey, &Story)> {
        let entries = entries_of(&self.0);
        let ranks = listing::ranks(crate::library::StoryOrder::AirDate, &entries);
        let mut places: Vec<usize> = (0..self.0.len()).collect();
        places.sort_unstable_by_key(|&i| ranks[i]);
        places.into_iter().map(|i| (i as StoryKey, &self.0[i]))
    }

    /// Everyone who speaks, indexed once for the pages to come.
    fn speakers(&self) -> &SpeakerIndex {
        self.1.get_or_init(|| {
            let mut index = SpeakerIndex::default();
            self.0.iter().for_each(|story| index.add(story));
            index
        })
    }

    /// Every name and alias of every speaker, as folded words.
    fn names(&self) -> Vec<Vec<String>> {
        let speakers = self.0.iter().flat_map(|s| &s.speakers);
        speakers.flat_map(speaker_names).collect()
    }

    /// Binds against every speaker of every story, as the library does.
    fn bind(&self, query: &Query) -> Filter {
        query.bind_to_names(&self.names())
    }

    /// Hands on each `@name` of `filter` that names no one, with the
    /// nearest name that does.
    fn say_who_is_nobody(&self, filter: &Filter, found: &mut dyn FnMut(Found)) {
        let names = self.names();
        let speakers = self.0.iter().flat_map(|s| &s.speakers);
        let full_names: Vec<Vec<String>> = speakers.map(|s| fold::words(&s.name)).collect();
        for term in &filter.speakers {
            if !names.iter().any(|name| name_matches(term, name)) {
                found(Found::Nobody {
                    term: term.join(" "),
                    nearest: nearest_name(term, &full_names),
                });
            }
        }
    }
}

/// The name nearest `term` ("agata szymanska" for "szymansky"), if any
/// is near: by the whole name or by one of its words.
fn nearest_name(term: &[String], names: &[Vec<String>]) -> Option<String> {
    let wanted = term.join(" ");
    let nearest = names
        .iter()
        .map(|name| {
            let whole = strsim::jaro_winkler(&wanted, &name.join(" "));
            let part = name
                .iter()
                .map(|w| strsim::jaro_winkler(&wanted, w))
                .fold(0.0, f64::max);
            (whole.max(part), name)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    nearest.map(|(_, name)| name.join(" "))
}

/// Calls `each` on every story until `cancel` is set; false if it was.
fn each_until_cancelled<T>(
    stories: impl Iterator<Item = T>,
    cancel: &AtomicBool,
    mut each: impl FnMut(T),
) -> bool {
    for story in stories {
        if cancel.load(Ordering::Relaxed) {
            return false;
        }
        each(story);
    }
    true
}
