//! The in-memory source reads every story; the library's answers from its
//! indexes. Over the same stories they must find the same things, or the
//! TUI would show one thing for files opened directly and another once
//! they are imported.

use std::collections::BTreeSet;
use std::sync::atomic::AtomicBool;

use super::{Found, LibraryStories, MemoryStories, SearchJob, SearchOutcome, Stories};
use crate::library::{self, Library};
use crate::query::{Query, speaker_names};
use crate::story::Story;

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

/// What a search found, as sets, so the order batches came in is no matter.
#[derive(Debug, Default, PartialEq, Eq)]
struct Answer {
    stories: BTreeSet<String>,
    left_out: BTreeSet<String>,
    turns: BTreeSet<(String, usize, u64)>,
    speakers: BTreeSet<String>,
}

fn answer(source: &dyn Stories, job: &SearchJob) -> Answer {
    let mut answer = Answer::default();
    let never = AtomicBool::new(false);
    let outcome = source.search().run(job, &never, &mut |found| match found {
        Found::Stories(ids) => answer.stories.extend(ids),
        Found::LeftOut(ids) => answer.left_out.extend(ids),
        Found::Turns(turns) => {
            for (id, turns) in turns {
                let each = turns.into_iter().map(|(turn, key)| (id.clone(), turn, key));
                answer.turns.extend(each);
            }
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
    answer
}

/// The story list's job for `text`, with `@name`s bound as the App binds
/// them: against every speaker's names.
fn stories_job(text: &str, stories: &[Story]) -> SearchJob {
    let names: Vec<Vec<String>> = stories
        .iter()
        .flat_map(|s| &s.speakers)
        .flat_map(speaker_names)
        .collect();
    let filter = Query::parse(text).unwrap().bind_to_names(&names);
    SearchJob::Stories {
        keywords: filter.keywords,
        without: filter.without,
    }
}

#[test]
fn the_library_and_memory_sources_find_the_same() {
    let samples = library::samples::bundled();
    let dir = tempfile::tempdir().unwrap();
    let mut writer = Library::open(dir.path()).unwrap();
    for story in &samples {
        writer.add(story).unwrap();
    }
    let memory = MemoryStories::new(samples.clone());
    let library = LibraryStories::new(Library::open(dir.path()).unwrap());
    let everyone = crate::library::PeopleAsk {
        limit: usize::MAX,
        ..Default::default()
    };
    let mut jobs = vec![SearchJob::SpeakerPage(everyone)];
    for text in QUERIES {
        jobs.push(SearchJob::Quotes(Query::parse(text).unwrap()));
        jobs.push(stories_job(text, &samples));
    }
    let mut found_any = 0;
    for job in &jobs {
        let (in_memory, in_library) = (answer(&memory, job), answer(&library, job));
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
