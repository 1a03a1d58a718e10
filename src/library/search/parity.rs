//! The database's search gives the matcher's answers: every query of a
//! varied list, run through the FTS5 index and through the matcher over
//! every turn of every story, finds the same speech turns and counts
//! them the same, on the bundled samples and on a generated corpus; both
//! where the index decides alone (its fast path) and where the story is
//! read to decide.

use std::collections::BTreeMap;

use std::sync::atomic::AtomicBool;

use super::indexed::{self, Counts};
use super::plan::{self, ListWalk, Order, Plan, lone_word};
use crate::library::db::Database;
use crate::library::{rows, samples, word_counts};
use crate::query::Query;
use crate::story::{Story, TurnKind};

#[allow(dead_code)]
#[path = "../../../examples/gen_corpus/corpus.rs"]
pub(crate) mod corpus;

const QUERIES: &[&str] = &[
    "",
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
    "\"harbor\"",
    "harbor -bridge",
    "-harbor -bridge",
    "harbor -\"harbor bridge\"",
    "@ada harbor",
    "bridge show:morning",
    "café before:2030",
    "water -@ada",
    "u.s",
    "it's",
    "co-op",
    "\"the harb\"",
    "\"harbor b\"",
];

/// The stories of `pages` pages of the corpus generated from `seed`.
pub(crate) fn generated(seed: u64, pages: usize) -> Vec<Story> {
    let mut corpus = corpus::Corpus::new(seed);
    let when = jiff::Timestamp::UNIX_EPOCH;
    (0..pages)
        .flat_map(|_| crate::story::parse::parse_all(corpus.next_page().as_bytes(), None, when))
        .flatten()
        .collect()
}

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

/// A library in a new folder holding `stories`, each added as a reader
/// adds one.
pub(crate) fn library_of(
    stories: impl IntoIterator<Item = Story>,
) -> (tempfile::TempDir, crate::library::Library) {
    let dir = tempfile::tempdir().unwrap();
    let mut library = crate::library::Library::open(dir.path()).unwrap();
    for story in stories {
        library.add(&story).unwrap();
    }
    (dir, library)
}

/// A database in a new folder holding `stories`.
pub(crate) fn database_of(stories: &[Story]) -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(dir.path()).unwrap();
    db.write(|txn| stories.iter().try_for_each(|s| rows::put_story(txn, s)))
        .unwrap();
    (dir, db)
}

/// Runs every query both ways; returns how many found something, so that
/// a corpus the queries miss cannot pass unnoticed.
fn assert_parity(stories: &[Story]) -> usize {
    let (found_some, decided, counted_ahead) = parity_of(stories);
    // Most of the list is words the index decides alone: its fast path.
    assert!(decided >= 20, "only {decided} queries decided by the index");
    assert!(counted_ahead >= 10, "only {counted_ahead} lone words");
    found_some
}

/// Runs every query both ways: how many found something, how many the
/// index decided alone, and how many were counted from the word counts.
fn parity_of(stories: &[Story]) -> (usize, usize, usize) {
    let (_dir, db) = database_of(stories);
    let mut found_some = 0;
    let mut decided = 0;
    let mut counted_ahead = 0;
    for text in QUERIES {
        let query = Query::parse(text).unwrap();
        let expected = linear(stories, &query);
        assert_eq!(indexed_search(&db, stories, &query), expected, "{text}");
        found_some += usize::from(!expected.is_empty());
        let filter = bound(stories, &query);
        decided += usize::from(Plan::new(db.conn(), &filter).unwrap().words_decided());
        if let Some(word) = lone_word(&filter) {
            // Counted from the library's counts, not the index.
            assert!(word_counts::tally(db.conn(), word).unwrap().is_some());
            counted_ahead += 1;
        }
        for leave_out_intros in [false, true] {
            let counted = indexed::count(
                db.conn(),
                db.path(),
                &filter,
                leave_out_intros,
                &AtomicBool::new(false),
            );
            let expected = counts_of(stories, &expected, leave_out_intros);
            assert_eq!(
                counted.unwrap(),
                Some(expected),
                "{text}, {leave_out_intros}"
            );
        }
    }
    (found_some, decided, counted_ahead)
}

fn bound(stories: &[Story], query: &Query) -> crate::query::Filter {
    let names: Vec<Vec<String>> = stories
        .iter()
        .flat_map(|s| &s.speakers)
        .flat_map(crate::query::speaker_names)
        .collect();
    query.bind_to_names(&names)
}

/// The quotes and stories in `found`, intros left out if asked, as
/// `hark quotes` leaves them out: unnamed speech before anyone is named.
fn counts_of(
    stories: &[Story],
    found: &BTreeMap<String, Vec<usize>>,
    leave_out_intros: bool,
) -> Counts {
    let mut counts = Counts::default();
    for (id, turns) in found {
        let story = stories.iter().find(|s| s.id == *id).unwrap();
        let kept = turns
            .iter()
            .filter(|&&t| {
                !leave_out_intros
                    || story.turns[t].speaker.is_some()
                    || story.unnamed_heading(t) != "Intro"
            })
            .count();
        counts.quotes += kept;
        counts.stories += usize::from(kept > 0);
    }
    counts
}

/// Matching stories come newest first, then by title and id, as the
/// story list has them, each with its turns in order.
#[test]
fn stories_come_in_list_order() {
    let stories = samples::bundled();
    let (_dir, db) = database_of(&stories);
    for text in ["the", "@a", "\"the council\""] {
        let filter = bound(&stories, &Query::parse(text).unwrap());
        let plan = Plan::new(db.conn(), &filter).unwrap();
        let mut order = Vec::new();
        indexed::each_matching_story(
            db.conn(),
            db.path(),
            &plan,
            Order::List,
            &AtomicBool::new(false),
            |story, turns| {
                let story = story?;
                assert!(turns.is_sorted() && !turns.is_empty(), "{text}");
                order.push((story.sort_date(), story.title.clone(), story.id.clone()));
                Ok::<(), crate::library::LibraryError>(())
            },
        )
        .unwrap();
        let in_list_order = order.iter().is_sorted_by(|a, b| {
            crate::library::catalog::list_order(a.0, &a.1, &a.2)
                <= crate::library::catalog::list_order(b.0, &b.1, &b.2)
        });
        assert!(order.len() >= 2 && in_list_order, "{text}: {order:?}");
    }
}

/// However the list's order is come by (every candidate sorted, the list
/// walked story by story, or walked a little and the rest sorted or walked
/// down the list), it gives the matcher's turns, stories in the list's
/// order. A story's twin (its date and title, another id) lets a walk
/// stop between two stories the list tells apart by id alone.
#[test]
fn the_list_order_walked_or_sorted_gives_the_matchers_turns() {
    list_order_parity();
}

/// With every word of some use too common for the index to gather, the
/// matcher decides them: the answers, counts and orders do not change.
#[test]
fn words_too_common_to_gather_are_found_as_the_matcher_finds_them() {
    word_counts::with_most_gathered(1, || {
        let samples = samples::bundled();
        let (_dir, db) = database_of(&samples);
        let left_to_the_matcher = QUERIES
            .iter()
            .map(|text| bound(&samples, &Query::parse(text).unwrap()))
            .filter(|f| plan::gatherable(db.conn(), &f.keywords).unwrap().len() < f.keywords.len())
            .count();
        assert!(left_to_the_matcher >= 12, "{left_to_the_matcher}");
        assert!(parity_of(&samples).0 >= 10);
        let mut generated = generated(17, 30);
        generated.sort_by(|a, b| a.id.cmp(&b.id));
        generated.dedup_by(|a, b| a.id == b.id);
        assert!(parity_of(&generated).0 >= 10);
        list_order_parity();
    });
}

fn list_order_parity() {
    let mut stories = samples::bundled();
    let mut twin = stories[0].clone();
    // An id as ids are (hex), the last digit changed.
    let last = if twin.id.ends_with('0') { "1" } else { "0" };
    twin.id = format!("{}{last}", &twin.id[..twin.id.len() - 1]);
    stories.push(twin);
    let (_dir, db) = database_of(&stories);
    let read = |stories, turns| ListWalk {
        stories,
        turns,
        ..ListWalk::default()
    };
    let sift = |stories, turns, sifted| ListWalk {
        stories,
        turns,
        few: 0,
        most: usize::MAX,
        sifted,
        met_often: 0,
        ..ListWalk::default()
    };
    let go_on = |turns, going_on_turns, going_on_stories| ListWalk {
        turns,
        going_on_turns,
        going_on_stories,
        going_on_from: 0,
        going_on_window: usize::MAX,
        ..ListWalk::default()
    };
    let walks = [
        ListWalk::default(),
        read(usize::MAX, usize::MAX),
        read(2, usize::MAX),
        read(usize::MAX, 3),
        read(0, 0),
        sift(0, usize::MAX, usize::MAX),
        sift(1, usize::MAX, 2),
        sift(2, 3, usize::MAX),
        go_on(1, 4, 1),
        go_on(2, 5, 2),
        go_on(1, usize::MAX, usize::MAX),
        go_on(3, usize::MAX, 3),
        ListWalk {
            stories: 1,
            ..go_on(1, 6, 2)
        },
        // Stops at the first story with no matching turn, or goes on.
        ListWalk {
            going_on_window: 1,
            ..go_on(1, usize::MAX, usize::MAX)
        },
        ListWalk {
            going_on_window: 2,
            ..go_on(2, usize::MAX, usize::MAX)
        },
    ];
    // Every place a walk can stop at.
    let walks = walks
        .into_iter()
        .chain((1..=stories.len()).map(|n| read(n, usize::MAX)))
        .collect::<Vec<_>>();
    for text in QUERIES {
        let query = Query::parse(text).unwrap();
        let mut expected: Vec<(String, Vec<usize>)> =
            linear(&stories, &query).into_iter().collect();
        let place = |id: &str| {
            let s = stories.iter().find(|s| s.id == id).unwrap();
            crate::library::catalog::list_order(s.sort_date(), &s.title, &s.id)
        };
        expected.sort_by(|a, b| place(&a.0).cmp(&place(&b.0)));
        let filter = bound(&stories, &query);
        for &walk in &walks {
            let plan = Plan::new(db.conn(), &filter)
                .unwrap()
                .walking_the_list(walk);
            let mut found = Vec::new();
            indexed::each_matching_story(
                db.conn(),
                db.path(),
                &plan,
                Order::List,
                &AtomicBool::new(false),
                |story, turns| {
                    found.push((story?.id.clone(), turns.to_vec()));
                    Ok::<(), crate::library::LibraryError>(())
                },
            )
            .unwrap();
            assert_eq!(found, expected, "{text}, {walk:?}");
            // Turn by turn, as the TUI's quotes take them: the same.
            let mut turns: Vec<(String, Vec<usize>)> = Vec::new();
            let never = AtomicBool::new(false);
            let each = |id: &str, turn: usize, _: &str| match turns.last_mut() {
                Some((last, those)) if last == id => those.push(turn),
                _ => turns.push((id.to_string(), vec![turn])),
            };
            indexed::each_planned(db.conn(), db.path(), &plan, Order::List, &never, each).unwrap();
            assert_eq!(turns, expected, "turn by turn: {text}, {walk:?}");
        }
    }
}

#[test]
fn the_index_finds_what_the_matcher_finds_in_the_samples() {
    let found_some = assert_parity(&samples::bundled());
    assert!(found_some >= 10, "only {found_some} queries matched");
}

#[test]
fn the_index_finds_what_the_matcher_finds_in_a_generated_corpus() {
    let mut stories = generated(17, 60);
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

/// The rest of the list for a filter without words comes down the list's
/// index, each story's turns by their own: SQLite sorts nothing but a
/// story's turns. Words and names keep the sort, their index leading.
#[test]
fn the_rest_of_a_filter_without_words_is_not_sorted_first() {
    let stories = samples::bundled();
    let (_dir, db) = database_of(&stories);
    let last = ["2024-01-01", "M", "0"].map(String::from);
    let cases = [
        ("", true),
        ("show:morning", true),
        ("-@host", true),
        ("harbor", false),
        ("@ada", false),
    ];
    for (text, down_the_list) in cases {
        let filter = bound(&stories, &Query::parse(text).unwrap());
        let plan = Plan::new(db.conn(), &filter).unwrap();
        let (sql, params) = indexed::rest_of_the_list(&plan, Some(last.clone()));
        let mut explain = db
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let steps: Vec<String> = explain
            .query_map(rusqlite::params_from_iter(&params), |row| row.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let sorts_every_row = steps.iter().any(|s| s == "USE TEMP B-TREE FOR ORDER BY");
        assert_eq!(sorts_every_row, !down_the_list, "{text:?}: {steps:?}");
    }
}

/// The stories an `@name` walks the list for come from an index of the
/// appearances alone (schema_8.sql), not a row read for each.
#[test]
fn the_stories_a_person_appears_in_come_from_an_index_alone() {
    let stories = samples::bundled();
    let (_dir, db) = database_of(&stories);
    let filter = bound(&stories, &Query::parse("@ada").unwrap());
    let walk = ListWalk {
        met_often: 0,
        ..ListWalk::default()
    };
    let plan = Plan::new(db.conn(), &filter)
        .unwrap()
        .walking_the_list(walk);
    let sql = plan.stories_in_list_order_sql(db.conn()).unwrap();
    assert!(sql.contains("INDEXED BY stories_in_list_order"), "{sql}");
    let mut explain = db
        .conn()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let steps: Vec<String> = explain
        .query_map([], |row| row.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let covered = "SEARCH appearances USING COVERING INDEX appearances_by_speaker_story";
    assert!(steps.iter().any(|s| s.starts_with(covered)), "{steps:?}");
}
