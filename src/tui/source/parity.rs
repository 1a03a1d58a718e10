//! The in-memory source reads every story; the library's answers from its
//! indexes. Over the same stories they must find the same things, or the
//! TUI would show one thing for files opened directly and another once
//! they are imported.

use std::collections::BTreeSet;
use std::sync::atomic::AtomicBool;

use super::{
    Found, LibraryStories, ListAsk, ListShow, MarkSet, MemoryStories, SearchJob, SearchOutcome,
    Stories,
};
use crate::library::{self, Library, StoryOrder};
use crate::query::Query;

/// Searches of each shape the filter bar takes: names, words, phrases,
/// left-out words and names, and mixes of them; one names nobody.
const QUERIES: &[&str] = &[
    "@pimentel",
    "@\"joana pimentel\"",
    "@grant",
    "@okafor",
    "bridge",
    "harbor bridge",
    "\"the hard part\"",
    "\"a long way\"",
    "-bridge",
    "robot -@pimentel",
    "@grant harbor",
    "lighthouse -harbor",
    "@fairweather council -mayor",
    "@\"nobody here\"",
    "council -@whitfield",
    "\"not against\" -\"the hard part\"",
];

/// What a search found: the story list (in its order, when that is by
/// title); the rest as sets, so the order batches came in is no matter.
#[derive(Debug, Default, PartialEq, Eq)]
struct Answer {
    /// The story list's stories.
    stories: Vec<String>,
    turns: BTreeSet<(String, usize, u64)>,
    speakers: BTreeSet<String>,
    nobody: BTreeSet<String>,
    counts: Option<(usize, usize)>,
}

fn answer(source: &mut dyn Stories, job: &SearchJob) -> Answer {
    let mut answer = Answer::default();
    let mut keys = Vec::new();
    let never = AtomicBool::new(false);
    let outcome = source.search().run(job, &never, &mut |found| match found {
        Found::ListKeys(more) => keys.extend(more),
        Found::Turns(turns) => {
            for (story, turns) in turns {
                let each = turns
                    .into_iter()
                    .map(|(turn, key)| (story.id.clone(), turn, key));
                answer.turns.extend(each);
            }
        }
        Found::QuoteCount { quotes, stories } => answer.counts = Some((quotes, stories)),
        Found::Nobody { term, .. } => {
            answer.nobody.insert(term);
        }
        Found::SpeakerPage(page) => answer.speakers.extend(page.rows.into_iter().map(|r| {
            format!(
                "{} {:?} {} {} {}",
                r.name, r.roles, r.turns, r.words, r.stories
            )
        })),
        Found::Relevance(_) => panic!("relevance is never asked for here"),
    });
    assert_eq!(outcome.unwrap(), SearchOutcome::Finished, "{job:?}");
    let rows = source.entries_at(&keys).unwrap();
    assert_eq!(rows.len(), keys.len(), "every key listed has its row");
    answer.stories.extend(rows.into_iter().map(|row| row.id));
    // The samples' titles differ, but their dates and programs tie, and
    // ties go the given way in memory and by title in the library.
    if !matches!(job, SearchJob::List(ask) if ask.order == StoryOrder::Title) {
        answer.stories.sort();
    }
    answer
}

/// The story list's job for `text`, in `order`, every story shown
/// whatever its marks.
fn list_job(text: &str, order: StoryOrder) -> SearchJob {
    SearchJob::List(ListAsk {
        query: Query::parse(text).unwrap(),
        order,
        show: ListShow::All,
        marks: MarkSet::default(),
    })
}

#[test]
fn the_library_and_memory_sources_find_the_same() {
    let samples = library::samples::bundled();
    let dir = tempfile::tempdir().unwrap();
    let mut writer = Library::open(dir.path()).unwrap();
    for story in &samples {
        writer.add(story).unwrap();
    }
    let mut memory = MemoryStories::new(samples.clone());
    let mut library = LibraryStories::new(Library::open(dir.path()).unwrap());
    let everyone = crate::library::PeopleAsk {
        limit: usize::MAX,
        ..Default::default()
    };
    let mut jobs = vec![SearchJob::SpeakerPage(everyone)];
    for text in QUERIES {
        jobs.push(SearchJob::QuoteCount(Query::parse(text).unwrap()));
        jobs.push(SearchJob::Quotes {
            query: Query::parse(text).unwrap(),
            limit: usize::MAX,
        });
        jobs.push(list_job(text, StoryOrder::AirDate));
    }
    jobs.push(list_job("", StoryOrder::Title));
    let mut found_any = 0;
    for job in &jobs {
        let (in_memory, in_library) = (answer(&mut memory, job), answer(&mut library, job));
        assert_eq!(in_memory, in_library, "{job:?}");
        found_any += usize::from(in_memory != Answer::default());
    }
    // Most searches must find something, or equal answers prove little.
    assert!(
        found_any * 4 >= jobs.len() * 3,
        "{found_any} of {}",
        jobs.len()
    );
}
