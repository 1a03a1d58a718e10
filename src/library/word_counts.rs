//! How many speech turns, and how many stories, hold a word that begins
//! with each prefix: what a one-word filter's count reads. The index
//! counts a word by gathering its every match, and a common word's are
//! millions (`the` at a million stories: 10.6 million turns, 4 s, and
//! FTS5 holding a prefix's every match in memory first). They also tell
//! which prefixes are too common for FTS5 to gather (`too_common`), and
//! what longer ones such a prefix stands for (`split`). Every write keeps
//! the counts in step: a story's prefixes are tallied where its rows are
//! made (`StoryWords::of`, on an import's workers), added as it goes in
//! and taken away as it goes out (`rows`). A story that would not read as
//! it went out leaves the counts unknown (`forget`) until `hark check
//! --repair` counts again (`rows::recount_words`); the index answers
//! meanwhile.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use rustc_hash::FxHashMap;

/// The longest prefix kept, in characters: every prefix of a word of
/// hundreds of letters (a URL, hostile text) would be hundreds of rows. A
/// longer keyword is counted by the index.
pub const LONGEST: usize = 24;

/// Speech turns holding a word with one prefix, and stories with such a
/// turn; and the same with a page's intro left out (its speech before
/// anyone is named, not of a timed transcript), as `hark quotes` counts;
/// and turns of any kind (cues and notes too), as the index holds them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub turns: i64,
    pub stories: i64,
    pub attributed_turns: i64,
    pub attributed_stories: i64,
    pub any_turns: i64,
}

impl Tally {
    fn add(&mut self, other: Tally, sign: i64) {
        self.turns += sign * other.turns;
        self.stories += sign * other.stories;
        self.attributed_turns += sign * other.attributed_turns;
        self.attributed_stories += sign * other.attributed_stories;
        self.any_turns += sign * other.any_turns;
    }
}

/// One turn as the counts see it.
pub struct CountedTurn<'a> {
    pub speech: bool,
    /// Speech before anyone is named, in a page that is not timed.
    pub intro: bool,
    /// The turn's folded text (`rows::folded_text`).
    pub folded: &'a str,
}

/// Every prefix of every word of one story's turns, with its tally: the
/// prefixes end to end in one string, so that a story's thousands of them
/// are not as many allocations.
#[derive(Debug, Clone, Default)]
pub struct StoryWords {
    prefixes: String,
    ends: Vec<usize>,
    tallies: Vec<Tally>,
    /// More words than a story is counted with (`MOST_WORDS`): hostile
    /// text, whose prefixes would take gigabytes. Its words are not
    /// tallied, and the counts go unknown as it comes or goes.
    too_many: bool,
}

/// The most distinct words 64 turns of a story are counted with, and the
/// most prefixes a story is: a transcript has a few thousand words and
/// prefixes, a day-long hearing some tens of thousands.
const MOST_WORDS: usize = 100_000;
const MOST_PREFIXES: usize = 1_000_000;

impl StoryWords {
    pub fn of<'a>(turns: impl IntoIterator<Item = CountedTurn<'a>>) -> StoryWords {
        let turns: Vec<CountedTurn> = turns.into_iter().collect();
        let mut story = StoryWords::default();
        if turns.len() <= 64 {
            story.too_many = !sweep(&turns, |prefix, tally| story.push(prefix, tally));
            return story;
        }
        // A long story (a hearing of thousands of turns) a bit a turn
        // would mark each word with thousands: it goes 64 turns at a time.
        let mut at: FxHashMap<&str, Tally> = FxHashMap::default();
        for part in turns.chunks(64) {
            let swept = sweep(part, |prefix, tally| {
                let kept = at.entry(prefix).or_default();
                kept.turns += tally.turns;
                kept.attributed_turns += tally.attributed_turns;
                kept.any_turns += tally.any_turns;
                kept.stories = kept.stories.max(tally.stories);
                kept.attributed_stories = kept.attributed_stories.max(tally.attributed_stories);
            });
            if !swept || at.len() > MOST_PREFIXES {
                story.too_many = true;
                return story;
            }
        }
        for (prefix, tally) in at {
            story.push(prefix, tally);
        }
        story
    }

    /// Whether its words were tallied (see `MOST_WORDS`).
    pub fn counted(&self) -> bool {
        !self.too_many
    }

    fn push(&mut self, prefix: &str, tally: Tally) {
        self.prefixes.push_str(prefix);
        self.ends.push(self.prefixes.len());
        self.tallies.push(tally);
    }

    fn iter(&self) -> impl Iterator<Item = (&str, Tally)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .zip(&self.tallies)
            .map(|((start, &end), &tally)| (&self.prefixes[start..end], tally))
    }
}

/// The words of folded text as the full-text index's `ascii` tokenizer
/// has them: runs of ASCII letters and digits and of any other character
/// that is not ASCII.
fn words_of(folded: &str) -> impl Iterator<Item = &str> {
    // Split at ASCII bytes, so always between characters.
    folded
        .as_bytes()
        .split(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| std::str::from_utf8(w).expect("split at ASCII bytes"))
}

/// Where `word`'s prefixes of one character and more end, up to
/// `LONGEST` characters.
fn prefix_ends(word: &str) -> impl Iterator<Item = usize> + '_ {
    let ends = (1..=word.len()).filter(|&end| word.is_char_boundary(end));
    ends.take(LONGEST)
}

/// Tallies every prefix of the words of up to 64 `turns` (a bit a turn):
/// each word is marked with the turns it is in; sorted, the words that
/// share a prefix come together, and the prefix's turns are all its
/// words' marks at once.
/// False, having tallied nothing, when they hold over `MOST_WORDS` words.
fn sweep<'a>(turns: &[CountedTurn<'a>], mut tally: impl FnMut(&'a str, Tally)) -> bool {
    debug_assert!(turns.len() <= 64);
    let (mut speech, mut attributed) = (0u64, 0u64);
    let mut marks: FxHashMap<&'a str, u64> = FxHashMap::default();
    for (turn, said) in turns.iter().enumerate() {
        let bit = 1u64 << turn;
        if said.speech {
            speech |= bit;
        }
        if said.speech && !said.intro {
            attributed |= bit;
        }
        for word in words_of(said.folded) {
            *marks.entry(word).or_default() |= bit;
            if marks.len() > MOST_WORDS {
                return false;
            }
        }
    }
    let mut words: Vec<(&str, u64)> = marks.into_iter().collect();
    words.sort_unstable_by_key(|&(word, _)| word);
    let close =
        |word: &'a str, (end, turns): (usize, u64), tally: &mut dyn FnMut(&'a str, Tally)| {
            let said = i64::from((turns & speech).count_ones());
            let kept = i64::from((turns & attributed).count_ones());
            let counted = Tally {
                turns: said,
                stories: i64::from(said > 0),
                attributed_turns: kept,
                attributed_stories: i64::from(kept > 0),
                any_turns: i64::from(turns.count_ones()),
            };
            tally(&word[..end], counted);
        };
    // The prefixes of the word before, shortest first: where each ends,
    // and the turns of every word under it so far.
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut previous = "";
    for (word, turns) in words {
        let shared = common_prefix(previous, word);
        while open.last().is_some_and(|&(end, _)| end > shared) {
            let closed = open.pop().expect("an open prefix");
            if let Some(parent) = open.last_mut() {
                parent.1 |= closed.1;
            }
            close(previous, closed, &mut tally);
        }
        // The prefixes still open are this word's too (they may be all it
        // has: a word sharing its first LONGEST characters opens none).
        if let Some(parent) = open.last_mut() {
            parent.1 |= turns;
        }
        for end in prefix_ends(word).filter(|&end| end > shared) {
            open.push((end, turns));
        }
        previous = word;
    }
    while let Some(closed) = open.pop() {
        if let Some(parent) = open.last_mut() {
            parent.1 |= closed.1;
        }
        close(previous, closed, &mut tally);
    }
    true
}

/// How many bytes `a` and `b` start with alike, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let same = std::iter::zip(a.as_bytes(), b.as_bytes())
        .take_while(|(x, y)| x == y)
        .count();
    (0..=same)
        .rev()
        .find(|&at| a.is_char_boundary(at))
        .unwrap_or(0)
}

/// Changes to the counts, gathered over a write and put in at its end.
#[derive(Debug, Default)]
pub struct Changes {
    by_prefix: FxHashMap<Box<str>, Tally>,
    lost: bool,
}

impl Changes {
    pub fn add(&mut self, story: &StoryWords) {
        self.apply(story, 1);
    }

    pub fn take_away(&mut self, story: &StoryWords) {
        self.apply(story, -1);
    }

    /// A story went whose words could not be read: the counts are no
    /// longer known.
    pub fn lose_track(&mut self) {
        self.lost = true;
    }

    fn apply(&mut self, story: &StoryWords, sign: i64) {
        if story.too_many {
            self.lose_track();
            return;
        }
        for (prefix, tally) in story.iter() {
            match self.by_prefix.get_mut(prefix) {
                Some(kept) => kept.add(tally, sign),
                None => {
                    let mut kept = Tally::default();
                    kept.add(tally, sign);
                    self.by_prefix.insert(prefix.into(), kept);
                }
            }
        }
    }

    /// Puts the changes in the counts, and starts over.
    pub fn put(&mut self, txn: &Transaction) -> rusqlite::Result<()> {
        if std::mem::take(&mut self.lost) {
            self.by_prefix.clear();
            return forget(txn);
        }
        let mut upsert = txn.prepare_cached(
            "INSERT INTO word_counts (prefix, turns, stories, attributed_turns, attributed_stories,
                 any_turns)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (prefix) DO UPDATE SET
                 turns = turns + excluded.turns,
                 stories = stories + excluded.stories,
                 attributed_turns = attributed_turns + excluded.attributed_turns,
                 attributed_stories = attributed_stories + excluded.attributed_stories,
                 any_turns = any_turns + excluded.any_turns",
        )?;
        let mut emptied = Vec::new();
        for (prefix, t) in self.by_prefix.drain() {
            if t == Tally::default() {
                continue;
            }
            upsert.execute(params![
                &*prefix,
                t.turns,
                t.stories,
                t.attributed_turns,
                t.attributed_stories,
                t.any_turns
            ])?;
            if t.any_turns < 0 {
                emptied.push(prefix);
            }
        }
        let mut delete =
            txn.prepare_cached("DELETE FROM word_counts WHERE prefix = ?1 AND any_turns <= 0")?;
        for prefix in emptied {
            delete.execute([&*prefix])?;
        }
        Ok(())
    }
}

/// The counts are unknown from here (a story went that would not read):
/// they are emptied, and the index counts until `recount`.
fn forget(txn: &Transaction) -> rusqlite::Result<()> {
    txn.execute_batch("DELETE FROM word_counts; UPDATE word_counts_kept SET known = 0;")
}

/// Empties the counts, to count every story again, unknown until
/// `finish_recount`.
pub fn start_recount(txn: &Transaction) -> rusqlite::Result<()> {
    forget(txn)
}

/// The counts are whole again: every story was counted since
/// `start_recount`, and every one read.
pub fn finish_recount(txn: &Transaction) -> rusqlite::Result<()> {
    txn.execute("UPDATE word_counts_kept SET known = 1", [])?;
    Ok(())
}

/// The tally of `prefix` (folded, at most `LONGEST` characters), when the
/// counts are known: none of a library that has not kept them (read-only,
/// at an older schema) or has lost track.
pub fn tally(conn: &Connection, prefix: &str) -> rusqlite::Result<Option<Tally>> {
    let known: Option<bool> = conn
        .prepare_cached("SELECT known FROM word_counts_kept")
        .and_then(|mut s| s.query_row([], |row| row.get(0)).optional())
        .unwrap_or(None);
    if known != Some(true) {
        return Ok(None);
    }
    let tally = conn
        .prepare_cached(
            "SELECT turns, stories, attributed_turns, attributed_stories, any_turns
             FROM word_counts WHERE prefix = ?1",
        )?
        .query_row([prefix], |row| {
            Ok(Tally {
                turns: row.get(0)?,
                stories: row.get(1)?,
                attributed_turns: row.get(2)?,
                attributed_stories: row.get(3)?,
                any_turns: row.get(4)?,
            })
        })
        .optional()?;
    Ok(Some(tally.unwrap_or_default()))
}

/// A prefix in more turns than this is too common for the index to
/// gather: FTS5 holds a prefix's every match, with positions, in memory
/// before it hands on the first (8 to 15 bytes a turn: `h` at a million
/// stories, in 18 million turns, took 266 MB; `harbor`, in 6.4 million,
/// 47 MB), and a word said that often narrows little. Such a word is left
/// to the matcher (`Plan`), or looked up as the longer prefixes it stands
/// for (`split`).
pub const MOST_GATHERED: i64 = 3_000_000;

#[cfg(test)]
thread_local! {
    /// `MOST_GATHERED` for this thread's tests, whose libraries are small.
    static MOST_GATHERED_HERE: std::cell::Cell<Option<i64>> =
        const { std::cell::Cell::new(None) };
}

/// Runs `run` with `most` in `MOST_GATHERED`'s place on this thread.
#[cfg(test)]
pub fn with_most_gathered<T>(most: i64, run: impl FnOnce() -> T) -> T {
    MOST_GATHERED_HERE.with(|here| here.set(Some(most)));
    let ran = run();
    MOST_GATHERED_HERE.with(|here| here.set(None));
    ran
}

fn most_gathered() -> i64 {
    #[cfg(test)]
    if let Some(most) = MOST_GATHERED_HERE.with(std::cell::Cell::get) {
        return most;
    }
    MOST_GATHERED
}

/// Whether `word`, looked up as a prefix, is in more turns of any kind
/// than the index should gather (`MOST_GATHERED`), as far as the counts
/// know.
pub fn too_common(conn: &Connection, word: &str) -> rusqlite::Result<bool> {
    if word.is_empty() || word.chars().count() > LONGEST {
        return Ok(false);
    }
    Ok(tally(conn, word)?.is_some_and(|t| t.any_turns > most_gathered()))
}

/// `word` as a prefix, as FTS5 expressions that together match what
/// `"word" *` matches, each gathering no more than `MOST_GATHERED` turns'
/// matches (but a prefix of `LONGEST` characters, which the counts split
/// no further): the word itself (a whole word is read as it goes, never
/// gathered), and each prefix a character longer, split again while too
/// common. `"word" *` alone when it is not too common, or the counts are
/// not known. (The longer prefixes are found below `char(0x10FFFF)`: a
/// word going on with that character is missed.)
pub fn split(conn: &Connection, word: &str) -> rusqlite::Result<Vec<String>> {
    let mut parts = Vec::new();
    split_into(conn, word, &mut parts)?;
    Ok(parts)
}

fn split_into(conn: &Connection, prefix: &str, parts: &mut Vec<String>) -> rusqlite::Result<()> {
    // The counts keep no longer prefix to split into.
    if prefix.chars().count() >= LONGEST || !too_common(conn, prefix)? {
        parts.push(format!("{} *", quoted(prefix)));
        return Ok(());
    }
    parts.push(quoted(prefix));
    for longer in one_longer(conn, prefix)? {
        split_into(conn, &longer, parts)?;
    }
    Ok(())
}

fn quoted(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// The prefixes kept that are `prefix` and one character more.
fn one_longer(conn: &Connection, prefix: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT prefix FROM word_counts
         WHERE prefix > ?1 AND prefix < ?1 || char(1114111)
         AND length(prefix) = length(?1) + 1",
    )?;
    let rows = statement.query_map([prefix], |row| row.get(0))?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::library::db::Database;
    use crate::library::{rows, samples};
    use crate::story::{Story, TurnKind};

    fn speech(folded: &str) -> CountedTurn<'_> {
        CountedTurn {
            speech: true,
            intro: false,
            folded,
        }
    }

    fn tallies(story: &StoryWords) -> std::collections::BTreeMap<String, (i64, i64)> {
        story
            .iter()
            .map(|(p, t)| (p.to_string(), (t.turns, t.attributed_turns)))
            .collect()
    }

    #[test]
    fn each_prefix_counts_a_turn_once_however_many_words_share_it() {
        let story = StoryWords::of([speech(" the theater there\n the"), speech(" then")]);
        let t = tallies(&story);
        assert_eq!(t["t"], (2, 2));
        assert_eq!(t["the"], (2, 2));
        assert_eq!(t["thea"], (1, 1));
        assert_eq!(t["then"], (1, 1));
        assert_eq!(t["there"], (1, 1));
        assert!(!t.contains_key("he"), "only prefixes, not inner parts");
        assert!(
            story
                .iter()
                .all(|(_, t)| t.stories == 1 && t.any_turns == t.turns)
        );
    }

    #[test]
    fn cues_count_only_as_turns_of_any_kind_and_intros_are_told_apart() {
        let story = StoryWords::of([
            CountedTurn {
                speech: true,
                intro: true,
                folded: " harbor",
            },
            CountedTurn {
                speech: false,
                intro: false,
                folded: " music",
            },
        ]);
        let harbor = story.iter().find(|(p, _)| *p == "harbor").unwrap().1;
        assert_eq!((harbor.turns, harbor.attributed_turns), (1, 0));
        assert_eq!((harbor.stories, harbor.attributed_stories), (1, 0));
        let music = story.iter().find(|(p, _)| *p == "music").unwrap().1;
        assert_eq!((music.turns, music.stories, music.any_turns), (0, 0, 1));
    }

    #[test]
    fn words_split_where_the_index_splits_and_prefixes_are_whole_characters() {
        let story = StoryWords::of([speech(" łódź\n l'été 6:15")]);
        let t = tallies(&story);
        for prefix in ["ł", "łó", "łódź", "l", "été", "6", "15"] {
            assert!(t.contains_key(prefix), "{prefix}");
        }
        assert_eq!(t["l"], (1, 1));
        assert!(!t.contains_key("l'"));
    }

    #[test]
    fn words_alike_past_the_longest_prefix_each_count_their_turns() {
        let a = "a".repeat(LONGEST + 1);
        let (one, two) = (format!(" {a}"), format!(" {a}b"));
        let story = StoryWords::of([speech(&one), speech(&two)]);
        let t = tallies(&story);
        assert_eq!(t[&a[..LONGEST]], (2, 2));
        assert_eq!(t["a"], (2, 2));
    }

    #[test]
    fn a_story_of_too_many_words_is_not_counted_and_the_counts_go_unknown() {
        let many: String = (0..=MOST_WORDS).map(|n| format!(" w{n}")).collect();
        let story = StoryWords::of([speech(&many)]);
        assert!(story.too_many && story.iter().next().is_none());
        // Under MOST_WORDS words in each 64 turns, over MOST_PREFIXES in all.
        let turns: Vec<String> = (0..=MOST_WORDS / 1000)
            .map(|t| {
                (0..1000)
                    .map(|n| format!(" q{t:03}z{n:04}abcdefghijklmn"))
                    .collect()
            })
            .collect();
        let long = StoryWords::of(turns.iter().map(|t| speech(t)));
        assert!(long.too_many, "counted 64 turns at a time, all the same");
        let (_dir, mut db) = crate::library::search::parity::database_of(&samples::bundled());
        db.write(|txn| {
            let mut changes = Changes::default();
            changes.add(&story);
            changes.put(txn)
        })
        .unwrap();
        assert_eq!(tally(db.conn(), "the").unwrap(), None);
        // A recount that meets it leaves them so.
        let hostile = crate::story::parse::parse(
            format!("Hostile\n\nANA LIMA, HOST:{many}").as_bytes(),
            None,
            jiff::Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        db.write(|txn| rows::put_story(txn, &hostile)).unwrap();
        db.write(|txn| rows::recount_words(txn).map(drop)).unwrap();
        assert_eq!(tally(db.conn(), "the").unwrap(), None);
        db.write(|txn| rows::delete_story(txn, &hostile.id).map(drop))
            .unwrap();
        db.write(|txn| rows::recount_words(txn).map(drop)).unwrap();
        assert!(tally(db.conn(), "the").unwrap().is_some());
    }

    #[test]
    fn a_long_word_keeps_only_its_first_prefixes() {
        let long = format!(" {}", "a".repeat(1000));
        let story = StoryWords::of([speech(&long)]);
        assert_eq!(story.iter().count(), LONGEST);
        assert!(story.iter().all(|(p, _)| p.len() <= LONGEST));
    }

    #[test]
    fn a_story_of_many_turns_counts_each_turn() {
        let texts: Vec<String> = (0..150)
            .map(|i| format!(" turn{} shared", i % 70))
            .collect();
        let story = StoryWords::of(texts.iter().enumerate().map(|(i, t)| CountedTurn {
            speech: true,
            intro: i < 3,
            folded: t,
        }));
        let t = tallies(&story);
        assert_eq!(t["shared"], (150, 147));
        assert_eq!(t["turn"], (150, 147));
        // turn1 (turns 1, 71, 141; the first an intro) and turn10 to
        // turn19 (two turns each).
        assert_eq!(t["turn1"], (3 + 10 * 2, 2 + 10 * 2));
        assert_eq!(t["turn69"], (2, 2));
    }

    /// Every row of the counts, by prefix.
    fn stored(db: &Database) -> BTreeMap<String, [i64; 5]> {
        let mut statement = db.conn().prepare("SELECT * FROM word_counts").unwrap();
        let rows = statement
            .query_map([], |r| {
                let counts = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?];
                Ok((r.get(0)?, counts))
            })
            .unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    /// A speech turn of `story` with a speaker, for a word of its own.
    fn spoken_turn(story: &Story) -> usize {
        story
            .turns
            .iter()
            .position(|t| t.kind == TurnKind::Speech && t.speaker.is_some())
            .unwrap()
    }

    #[test]
    fn the_counts_stay_those_of_a_recount_as_stories_come_go_and_change() {
        let stories = samples::bundled();
        let (_dir, mut db) = crate::library::search::parity::database_of(&stories);
        assert!(stored(&db).len() > 1000, "the samples' words are counted");
        let mut changed = stories[2].clone();
        let at = spoken_turn(&changed);
        changed.turns[at]
            .paragraphs
            .push("Zyzzyva, zyzzyvas.".into());
        db.write(|txn| {
            rows::put_story(txn, &stories[1])?;
            rows::delete_story(txn, &stories[0].id)?;
            rows::put_story(txn, &changed)
        })
        .unwrap();
        let kept = stored(&db);
        db.write(|txn| rows::recount_words(txn).map(drop)).unwrap();
        assert_eq!(kept, stored(&db));
        let zyzzyva = Tally {
            turns: 1,
            stories: 1,
            attributed_turns: 1,
            attributed_stories: 1,
            any_turns: 1,
        };
        assert_eq!(tally(db.conn(), "zyzzyva").unwrap(), Some(zyzzyva));
        assert_eq!(
            tally(db.conn(), "zyzzyvax").unwrap(),
            Some(Tally::default())
        );
        db.write(|txn| rows::delete_story(txn, &changed.id).map(drop))
            .unwrap();
        assert!(
            !stored(&db).contains_key("zyzzyva"),
            "a prefix no one holds goes"
        );
    }

    #[test]
    fn a_story_that_went_unread_leaves_the_counts_unknown_until_a_repair() {
        let stories = samples::bundled();
        let (dir, mut db) = crate::library::search::parity::database_of(&stories);
        db.write(|txn| {
            txn.execute(
                "UPDATE stories SET json = x'00' WHERE id = ?1",
                [&stories[0].id],
            )?;
            rows::delete_story(txn, &stories[0].id).map(drop)
        })
        .unwrap();
        assert_eq!(tally(db.conn(), "harbor").unwrap(), None);
        assert!(stored(&db).is_empty());
        drop(db);
        crate::library::db::repair(dir.path()).unwrap();
        let mut db = Database::open(dir.path()).unwrap();
        let whole = crate::library::search::parity::database_of(&stories[1..]).1;
        assert_eq!(stored(&db), stored(&whole));
        assert!(tally(db.conn(), "harbor").unwrap().is_some());
        // A stored story that does not read: a repair cannot count it,
        // so the counts stay unknown until it goes and a repair counts.
        db.write(|txn| {
            txn.execute(
                "UPDATE stories SET json = x'00' WHERE id = ?1",
                [&stories[1].id],
            )
        })
        .unwrap();
        drop(db);
        crate::library::db::repair(dir.path()).unwrap();
        let mut db = Database::open(dir.path()).unwrap();
        assert_eq!(tally(db.conn(), "harbor").unwrap(), None);
        db.write(|txn| rows::delete_story(txn, &stories[1].id).map(drop))
            .unwrap();
        drop(db);
        crate::library::db::repair(dir.path()).unwrap();
        let db = Database::open(dir.path()).unwrap();
        assert_eq!(
            stored(&db),
            stored(&crate::library::search::parity::database_of(&stories[2..]).1)
        );
        assert!(tally(db.conn(), "harbor").unwrap().is_some());
    }

    #[test]
    fn a_library_from_before_the_counts_gets_them_on_opening() {
        let stories = samples::bundled();
        let (dir, mut db) = crate::library::search::parity::database_of(&stories);
        let counted = stored(&db);
        db.write(|txn| {
            txn.execute_batch("DROP TABLE word_counts; DROP TABLE word_counts_kept;")?;
            // Back to before schema_9.sql, the eighth step.
            txn.pragma_update(None, "user_version", 7)
        })
        .unwrap();
        drop(db);
        let said = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let sink = said.clone();
        crate::library::progress::on_progress(move |line| sink.borrow_mut().push(line.to_string()));
        let db = Database::open(dir.path()).unwrap();
        let said = said.borrow();
        let line = format!("counting the words of {} stories", stories.len());
        assert!(said.iter().any(|l| l.starts_with(&line)), "{said:?}");
        assert_eq!(stored(&db), counted);
        assert!(tally(db.conn(), "the").unwrap().unwrap().turns > 10);
    }

    /// The turns the index holds for an FTS5 expression.
    fn matched(db: &Database, expression: &str) -> Vec<i64> {
        let sql = "SELECT rowid FROM turns_fts WHERE turns_fts MATCH ?1 ORDER BY rowid";
        let mut statement = db.conn().prepare(sql).unwrap();
        let rows = statement.query_map([expression], |r| r.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn a_common_prefix_splits_into_parts_that_match_what_it_matches() {
        let stories = samples::bundled();
        let (_dir, db) = crate::library::search::parity::database_of(&stories);
        assert_eq!(
            split(db.conn(), "t").unwrap(),
            ["\"t\" *"],
            "not too common"
        );
        with_most_gathered(20, || {
            for prefix in ["t", "th", "h", "s"] {
                let parts = split(db.conn(), prefix).unwrap();
                assert!(parts.len() > 5, "{prefix}: {parts:?}");
                assert_eq!(parts[0], format!("\"{prefix}\""), "the word itself, whole");
                let mut together: Vec<i64> = parts.iter().flat_map(|p| matched(&db, p)).collect();
                together.sort_unstable();
                together.dedup();
                assert_eq!(
                    together,
                    matched(&db, &format!("\"{prefix}\" *")),
                    "{prefix}"
                );
                for part in parts.iter().filter(|p| p.ends_with('*')) {
                    let word = part.trim_end_matches(" *").trim_matches('"');
                    assert!(!too_common(db.conn(), word).unwrap(), "{part}");
                }
            }
        });
    }

    #[test]
    fn common_prefix_stops_at_a_character_boundary() {
        assert_eq!(common_prefix("thé", "thè"), 2);
        assert_eq!(common_prefix("the", "there"), 3);
        assert_eq!(common_prefix("", "a"), 0);
        assert_eq!(common_prefix("ab", "b"), 0);
    }
}
