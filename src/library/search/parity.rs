//! The database's search gives the matcher's answers: every query of a
//! varied list, run through the FTS5 index and through the matcher over
//! every turn of every story, finds the same speech turns, on the bundled
//! samples and on a generated corpus.

use std::collections::BTreeMap;

use super::indexed;
use crate::library::db::Database;
use crate::library::{rows, samples};
use crate::query::Query;
use crate::story::{Story, TurnKind};

#[allow(dead_code)]
#[path = "../../../examples/gen_corpus/corpus.rs"]
mod corpus;

const QUERIES: &[&str] = &[
    "harbor",
    "HARBOR",
    "harb",
    "bridge council",
    "\"harbor bridge\"",
    "\"the council\"",
    "\"plan b\"",
    "lighthouse -fog",
    "-the",
    "@szymanska",
    "@SZYMAŃSKA",
    "@lucia",
    "@lucía budget",
    "@chloé",
    "@ada -water",
    "-@host",
    "@grünewald -@ada",
    "sørensen",
    "ibanez",
    "café",
    "cafe",
    "warbler",
    "bakery co",
    "\"co op\"",
    "the -\"the council\"",
    "after:2024 harbor",
    "show:morning",
    "zzzqqq",
    "a",
    "s",
];

/// The speech turns `query` matches, as the matcher finds them one turn
/// at a time over `stories`.
fn linear(stories: &[Story], query: &Query) -> BTreeMap<String, Vec<usize>> {
    let names: Vec<Vec<String>> = stories
        .iter()
        .flat_map(|s| &s.speakers)
        .flat_map(crate::query::speaker_names)
        .collect();
    let filter = query.bind_to_names(&names);
    let mut found = BTreeMap::new();
    for story in stories {
        let turns: Vec<usize> = (0..story.turns.len())
            .filter(|&i| {
                let turn = &story.turns[i];
                turn.kind == TurnKind::Speech && filter.matches_turn(story, turn)
            })
            .collect();
        if !turns.is_empty() {
            found.insert(story.id.clone(), turns);
        }
    }
    found
}

fn indexed_search(db: &Database, stories: &[Story], query: &Query) -> BTreeMap<String, Vec<usize>> {
    let names: Vec<Vec<String>> = stories
        .iter()
        .flat_map(|s| &s.speakers)
        .flat_map(crate::query::speaker_names)
        .collect();
    let filter = query.bind_to_names(&names);
    indexed::matching_turns(db.conn(), &filter).unwrap()
}

fn database_of(stories: &[Story]) -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(dir.path()).unwrap();
    db.write(|txn| stories.iter().try_for_each(|s| rows::put_story(txn, s)))
        .unwrap();
    (dir, db)
}

/// Runs every query both ways; returns how many found something, so that
/// a corpus the queries miss cannot pass unnoticed.
fn assert_parity(stories: &[Story]) -> usize {
    let (_dir, db) = database_of(stories);
    let mut found_some = 0;
    for text in QUERIES {
        let query = Query::parse(text).unwrap();
        let expected = linear(stories, &query);
        assert_eq!(indexed_search(&db, stories, &query), expected, "{text}");
        found_some += usize::from(!expected.is_empty());
    }
    found_some
}

#[test]
fn the_index_finds_what_the_matcher_finds_in_the_samples() {
    let found_some = assert_parity(&samples::bundled());
    assert!(found_some >= 10, "only {found_some} queries matched");
}

#[test]
fn the_index_finds_what_the_matcher_finds_in_a_generated_corpus() {
    let mut corpus = corpus::Corpus::new(17);
    let when = jiff::Timestamp::UNIX_EPOCH;
    let mut stories: Vec<Story> = (0..60)
        .flat_map(|_| crate::story::parse::parse_all(corpus.next_page().as_bytes(), None, when))
        .flatten()
        .collect();
    stories.sort_by(|a, b| a.id.cmp(&b.id));
    stories.dedup_by(|a, b| a.id == b.id);
    assert!(stories.len() >= 50);
    let found_some = assert_parity(&stories);
    assert!(found_some >= 15, "only {found_some} queries matched");
}

#[test]
fn a_story_put_again_replaces_its_rows_and_index_entries() {
    let stories = samples::bundled();
    let (_dir, mut db) = database_of(&stories);
    let query = Query::parse("harbor").unwrap();
    let before = indexed_search(&db, &stories, &query);
    assert!(!before.is_empty());
    db.write(|txn| stories.iter().try_for_each(|s| rows::put_story(txn, s)))
        .unwrap();
    assert_eq!(indexed_search(&db, &stories, &query), before);
    let gone = before.keys().next().unwrap().clone();
    db.write(|txn| rows::delete_story(txn, &gone)).unwrap();
    let after = indexed_search(&db, &stories, &query);
    assert!(!after.contains_key(&gone));
    assert_eq!(after.len(), before.len() - 1);
}
