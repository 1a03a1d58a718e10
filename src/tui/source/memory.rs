//! Stories held in memory: files named on the command line, the bundled
//! samples, tests. Few enough that a search reads each one.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::library::SpeakerIndex;
use crate::library::story_relevance;
use crate::query::{Filter, Query, speaker_names};
use crate::story::{Story, TurnKind};

use super::marks::{Marks, MemoryMarks};
use super::sheet::{MemorySheet, SheetStore};
use super::{
    Found, ImportJob, Importer, ListEntry, Say, Search, SearchJob, SearchOutcome, SourceError,
    SpeakerPage, Stories, speaker_order,
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

    fn find(&self, id: &str) -> Result<&Story, SourceError> {
        self.stories
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| SourceError::NoStory(id.to_string()))
    }
}

impl Stories for MemoryStories {
    fn entries(&mut self) -> Vec<ListEntry> {
        self.stories.iter().map(ListEntry::of).collect()
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
    /// Everyone who speaks, indexed once for the pages to come.
    fn speakers(&self) -> &SpeakerIndex {
        self.1.get_or_init(|| {
            let mut index = SpeakerIndex::default();
            self.0.iter().for_each(|story| index.add(story));
            index
        })
    }

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
