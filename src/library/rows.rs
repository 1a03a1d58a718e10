//! A story as rows of the database: its list row (with the story itself as
//! JSON, packed against its original where that is kept: `packing`), its
//! people by identity key, their appearances, its turns, and their folded
//! text in the FTS5 index, and the prefixes of its turns' words for the
//! counts (`word_counts`). The rows are made before the write
//! (`StoryRows::of`, on an import's workers) so that the writer only puts
//! them in.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::packing::{self, Codec};
use super::word_counts::{self, CountedTurn, StoryWords};
use crate::story::{Speaker, Story, Turn, TurnKind, fold};

/// A story made into its rows, ready to go in.
#[derive(Debug, Clone)]
pub struct StoryRows {
    id: String,
    list: ListRow,
    json: Vec<u8>,
    packing: Codec,
    people: Vec<PersonRows>,
    turns: Vec<TurnRow>,
    words: StoryWords,
}

/// What the list shows and sorts by.
#[derive(Debug, Clone)]
struct ListRow {
    title: String,
    air_date: Option<String>,
    sort_date: String,
    imported_at: String,
    program: Option<String>,
    station: Option<String>,
    url: Option<String>,
    audio_url: Option<String>,
    file_name: Option<String>,
    warnings: i64,
}

/// One person in the story: who (by identity key), every word they answer
/// to, and their appearance here.
#[derive(Debug, Clone)]
struct PersonRows {
    key: String,
    name: String,
    words: Vec<String>,
    role: Option<&'static str>,
    aliases: String,
    spoken: i64,
}

#[derive(Debug, Clone)]
struct TurnRow {
    kind: &'static str,
    /// Who speaks, as an index into the story's people.
    person: Option<usize>,
    start_ms: Option<i64>,
    folded: String,
}

impl StoryRows {
    /// The rows of `story`, its JSON packed against `original` (the bytes
    /// its original row holds, or will hold when these go in) if given.
    pub fn of(story: &Story, original: Option<&[u8]>) -> StoryRows {
        let json = serde_json::to_vec(story).expect("a story serializes");
        let against = original.and_then(|original| packing::pack_against(&json, original));
        let (json, packing) = match against {
            Some(packed) => (packed, Codec::ZstdAgainstOriginal),
            None => (packing::pack(&json), Codec::Zstd),
        };
        let turns = turn_rows(story);
        StoryRows {
            id: story.id.clone(),
            list: ListRow::of(story),
            json,
            packing,
            people: story
                .speakers
                .iter()
                .map(|s| PersonRows::of(story, s))
                .collect(),
            words: StoryWords::of(counted(&turns)),
            turns,
        }
    }

    /// Whether its JSON needs the original it was packed against.
    pub fn needs_original(&self) -> bool {
        self.packing == Codec::ZstdAgainstOriginal
    }

    /// Puts the rows in, over any stored story of the same id, text and
    /// all. The story keeps its row id: a reader's list holds stories by
    /// it (the TUI's keys), so a corrected or updated story stays where
    /// it was.
    pub fn put_over(&self, txn: &Transaction) -> rusqlite::Result<()> {
        let stored = stored_story(txn, &self.id)?;
        self.put_over_stored(txn, stored)
    }

    /// `put_over`, the story stored till now as `stored_story` read it
    /// (before its original was replaced in the same write: its JSON,
    /// packed against the old one, no longer unpacks), for its words.
    pub fn put_over_stored(
        &self,
        txn: &Transaction,
        stored: Option<Option<Story>>,
    ) -> rusqlite::Result<()> {
        let rowid: Option<i64> = txn
            .prepare_cached("SELECT rowid FROM stories WHERE id = ?1")?
            .query_row([&self.id], |row| row.get(0))
            .optional()?;
        let mut counts = word_counts::Changes::default();
        take_away(stored, &mut counts);
        txn.execute("DELETE FROM stories WHERE id = ?1", [&self.id])?;
        let turn_ids = self.put_at(txn, rowid, &mut KnownSpeakers::default(), &mut counts)?;
        counts.put(txn)?;
        self.index(txn, &turn_ids)
    }

    /// Puts the rows of a story not stored yet in, all but the text
    /// index (`index`), its words' prefixes into `counts` (for the
    /// caller to put in before the write ends); returns its turns' ids,
    /// in order.
    pub fn put(
        &self,
        txn: &Transaction,
        known: &mut KnownSpeakers,
        counts: &mut word_counts::Changes,
    ) -> rusqlite::Result<Vec<i64>> {
        self.put_at(txn, None, known, counts)
    }

    /// `put`, the stories row at `rowid` if given (else the next free).
    fn put_at(
        &self,
        txn: &Transaction,
        rowid: Option<i64>,
        known: &mut KnownSpeakers,
        counts: &mut word_counts::Changes,
    ) -> rusqlite::Result<Vec<i64>> {
        self.insert_list_row(txn, rowid)?;
        let mut speaker_ids = Vec::with_capacity(self.people.len());
        for person in &self.people {
            speaker_ids.push(person.put(txn, &self.id, known)?);
        }
        let mut insert = txn.prepare_cached(
            "INSERT INTO turns (story_id, idx, kind, speaker_id, start_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut turn_ids = Vec::with_capacity(self.turns.len());
        for (idx, turn) in self.turns.iter().enumerate() {
            let speaker = turn.person.and_then(|at| speaker_ids.get(at).copied());
            insert.execute(params![
                self.id,
                idx as i64,
                turn.kind,
                speaker,
                turn.start_ms
            ])?;
            turn_ids.push(txn.last_insert_rowid());
        }
        super::people::count_in(txn, &self.id)?;
        counts.add(&self.words);
        Ok(turn_ids)
    }

    /// Puts the folded text of the turns `put` gave the ids of in the
    /// full-text index. A write of many stories does this last, for all
    /// of them: any statement that needs a statement journal, run after
    /// an FTS5 write in the same transaction, makes FTS5 flush what it
    /// holds in memory to a small segment of its own, and merging those
    /// took a quarter of an import.
    pub fn index(&self, txn: &Transaction, turn_ids: &[i64]) -> rusqlite::Result<()> {
        let mut index =
            txn.prepare_cached("INSERT INTO turns_fts (rowid, folded) VALUES (?1, ?2)")?;
        for (id, turn) in turn_ids.iter().zip(&self.turns) {
            index.execute(params![id, turn.folded])?;
        }
        super::headings::index_story(txn, &self.id)
    }

    /// The stories row; a `rowid` of None takes the next free one.
    fn insert_list_row(&self, txn: &Transaction, rowid: Option<i64>) -> rusqlite::Result<()> {
        let row = &self.list;
        txn.prepare_cached(
            "INSERT INTO stories (id, title, air_date, sort_date, imported_at, program,
                 station, url, audio_url, file_name, warnings, turn_count, json, packing, rowid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(params![
            self.id,
            row.title,
            row.air_date,
            row.sort_date,
            row.imported_at,
            row.program,
            row.station,
            row.url,
            row.audio_url,
            row.file_name,
            row.warnings,
            self.turns.len() as i64,
            self.json,
            self.packing.name(),
            rowid,
        ])
        .map(drop)
    }
}

impl ListRow {
    fn of(story: &Story) -> ListRow {
        let sort_date = story
            .date()
            .unwrap_or_else(|| crate::story::imported_on(story.imported_at));
        ListRow {
            title: story.title.clone(),
            air_date: story.date().map(|d| d.to_string()),
            sort_date: sort_date.to_string(),
            imported_at: story.imported_at.to_string(),
            program: story.program.clone(),
            station: story.source.station.clone(),
            url: story.source.url.clone(),
            audio_url: story.source.audio_url.clone(),
            file_name: story.source.file_name.clone(),
            warnings: story.warnings.len() as i64,
        }
    }
}

impl PersonRows {
    fn of(story: &Story, speaker: &Speaker) -> PersonRows {
        let names = std::iter::once(&speaker.name).chain(&speaker.aliases);
        let mut words: Vec<String> = names.flat_map(|name| fold::words(name)).collect();
        words.sort_unstable();
        words.dedup();
        let spoken: usize = story
            .turns
            .iter()
            .filter(|t| t.kind == TurnKind::Speech && t.speaker.as_deref() == Some(&speaker.name))
            .map(Turn::word_count)
            .sum();
        PersonRows {
            key: speaker.key(),
            name: speaker.name.clone(),
            words,
            role: speaker.role.map(|r| r.as_str()),
            aliases: serde_json::to_string(&speaker.aliases).expect("strings serialize"),
            spoken: spoken as i64,
        }
    }

    /// The person (made once, then found by identity key), with every
    /// word they answer to, and their appearance in story `story_id`.
    fn put(
        &self,
        txn: &Transaction,
        story_id: &str,
        known: &mut KnownSpeakers,
    ) -> rusqlite::Result<i64> {
        let person = match known.0.get_mut(&self.key) {
            Some(person) => person,
            None => {
                txn.prepare_cached("INSERT OR IGNORE INTO speakers (key, name) VALUES (?1, ?2)")?
                    .execute(params![self.key, self.name])?;
                let id: i64 = txn
                    .prepare_cached("SELECT id FROM speakers WHERE key = ?1")?
                    .query_row([&self.key], |row| row.get(0))?;
                let person = KnownPerson {
                    id,
                    words: Vec::new(),
                };
                known.0.entry(self.key.clone()).or_insert(person)
            }
        };
        let mut add_word = txn.prepare_cached(
            "INSERT OR IGNORE INTO speaker_words (word, speaker_id) VALUES (?1, ?2)",
        )?;
        for word in &self.words {
            if !person.words.contains(word) {
                add_word.execute(params![word, person.id])?;
                person.words.push(word.clone());
            }
        }
        txn.prepare_cached(
            "INSERT OR IGNORE INTO appearances (story_id, speaker_id, name, role, aliases, words)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            story_id,
            person.id,
            self.name,
            self.role,
            self.aliases,
            self.spoken
        ])?;
        Ok(person.id)
    }
}

/// The people a run of writes has put in already, by identity key, with
/// the words it has put in for them: an import meets the same few
/// thousand people in story after story, and looked each up again cost a
/// third of its writes. Only for writes that commit: a write that fails
/// must `forget` it, since the rows it names went with the write.
#[derive(Debug, Default)]
pub struct KnownSpeakers(std::collections::HashMap<String, KnownPerson>);

#[derive(Debug)]
struct KnownPerson {
    id: i64,
    words: Vec<String>,
}

impl KnownSpeakers {
    pub fn forget(&mut self) {
        self.0.clear();
    }
}

fn turn_rows(story: &Story) -> Vec<TurnRow> {
    story.turns.iter().map(|t| TurnRow::of(story, t)).collect()
}

/// The turns as the counts see them: a speech turn with no one named in
/// it or before it, in a page that is not timed, is its intro (as
/// `Plan::leaving_out_intros` has it in SQL).
fn counted(turns: &[TurnRow]) -> impl Iterator<Item = CountedTurn<'_>> {
    let timed = turns.iter().any(|t| t.start_ms.is_some());
    let mut named = false;
    turns.iter().map(move |turn| {
        let intro = turn.person.is_none() && !timed && !named;
        named |= turn.person.is_some();
        CountedTurn {
            speech: turn.kind == kind_name(TurnKind::Speech),
            intro,
            folded: &turn.folded,
        }
    })
}

/// The prefixes of `story`'s words, as `StoryRows::of` tallies them.
pub fn story_words(story: &Story) -> StoryWords {
    StoryWords::of(counted(&turn_rows(story)))
}

impl TurnRow {
    fn of(story: &Story, turn: &Turn) -> TurnRow {
        TurnRow {
            kind: kind_name(turn.kind),
            person: turn
                .speaker
                .as_deref()
                .and_then(|name| story.speakers.iter().position(|s| s.name == name)),
            start_ms: turn.start_ms.map(|ms| ms as i64),
            folded: folded_text(&turn.paragraphs),
        }
    }
}

/// Puts `story` in, over any stored story of the same id, its JSON packed
/// against the original its id has kept, if one is (and reads).
pub fn put_story(txn: &Transaction, story: &Story) -> rusqlite::Result<()> {
    let kept: Option<(Vec<u8>, String)> = txn
        .prepare_cached("SELECT packed, codec FROM originals WHERE story_id = ?1")?
        .query_row([&story.id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let original = kept.and_then(|(packed, codec)| packing::unpack_original(&packed, &codec).ok());
    StoryRows::of(story, original.as_deref()).put_over(txn)
}

/// Takes story `id` out, with its appearances and turns (by cascade),
/// their text from the index (by trigger), and its words from the counts.
pub fn delete_story(txn: &Transaction, id: &str) -> rusqlite::Result<bool> {
    let mut counts = word_counts::Changes::default();
    let deleted = delete_story_counting(txn, id, &mut counts)?;
    counts.put(txn)?;
    Ok(deleted)
}

/// `delete_story`, its words taken from `counts` (read from the story as
/// stored: a story that will not read leaves the counts unknown).
fn delete_story_counting(
    txn: &Transaction,
    id: &str,
    counts: &mut word_counts::Changes,
) -> rusqlite::Result<bool> {
    let stored = stored_story(txn, id)?;
    if stored.is_none() {
        return Ok(false);
    }
    take_away(stored, counts);
    txn.execute("DELETE FROM stories WHERE id = ?1", [id])
        .map(|n| n > 0)
}

/// Takes a stored story's words (as `stored_story` read it) from
/// `counts`; one that would not read leaves them unknown.
fn take_away(stored: Option<Option<Story>>, counts: &mut word_counts::Changes) {
    match stored {
        Some(Some(story)) => counts.take_away(&story_words(&story)),
        Some(None) => counts.lose_track(),
        None => {}
    }
}

/// Story `id` as stored: None when there is none, Some(None) when it will
/// not read.
pub fn stored_story(conn: &Connection, id: &str) -> rusqlite::Result<Option<Option<Story>>> {
    let json = stored_json(conn, id, super::store::MAX_STORY_BYTES + 1)?;
    Ok(json.map(|json| {
        json.ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
    }))
}

/// Empties the full-text index and the word counts and puts every turn
/// of every story that reads back in: what `hark check --repair` rebuilds
/// them with. Returns the ids of the stories that would not read (their
/// original lost, say), whose turns it could not index.
pub fn reindex_text(txn: &Transaction) -> rusqlite::Result<Vec<String>> {
    txn.execute(
        "INSERT INTO turns_fts (turns_fts) VALUES ('delete-all')",
        [],
    )?;
    each_stored_story(txn, index_story_text)
}

/// Counts the words of every story again (`word_counts`): a schema step's
/// and a repair's. Returns the ids of the stories that would not read,
/// which the counts leave out.
pub fn recount_words(txn: &Transaction) -> rusqlite::Result<Vec<String>> {
    each_stored_story(txn, |_, _| Ok(()))
}

/// Runs `each` on every story that reads, counting its words afresh as it
/// goes; returns the ids of those that would not read.
fn each_stored_story(
    txn: &Transaction,
    mut each: impl FnMut(&Transaction, &Story) -> rusqlite::Result<()>,
) -> rusqlite::Result<Vec<String>> {
    /// Counts put in every so many stories, to keep the changes' memory
    /// flat: they add up.
    const COUNTED_AT_ONCE: usize = 2_000;
    word_counts::start_recount(txn)?;
    let ids: Vec<String> = txn
        .prepare("SELECT id FROM stories")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut unreadable = Vec::new();
    let mut all_counted = true;
    let mut counts = word_counts::Changes::default();
    for (i, id) in ids.into_iter().enumerate() {
        match stored_story(txn, &id)? {
            Some(Some(story)) => {
                each(txn, &story)?;
                let words = story_words(&story);
                all_counted &= words.counted();
                counts.add(&words);
            }
            Some(None) => unreadable.push(id),
            None => {}
        }
        if (i + 1) % COUNTED_AT_ONCE == 0 {
            counts.put(txn)?;
        }
    }
    counts.put(txn)?;
    // A story that would not read is in the counts no more than in the
    // matcher's answers, but its turns may still be in the index, and
    // its removal could not take away what it never added: the counts
    // stay unknown while one is stored, as while one too many words
    // for them is.
    if unreadable.is_empty() && all_counted {
        word_counts::finish_recount(txn)?;
    }
    Ok(unreadable)
}

/// Puts the folded text of every stored turn of `story` in the index.
fn index_story_text(txn: &Transaction, story: &Story) -> rusqlite::Result<()> {
    let mut turn_ids = txn.prepare_cached("SELECT idx, id FROM turns WHERE story_id = ?1")?;
    let mut index = txn.prepare_cached("INSERT INTO turns_fts (rowid, folded) VALUES (?1, ?2)")?;
    let rows = turn_ids.query_map([&story.id], |row| {
        Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (idx, rowid) = row?;
        if let Some(turn) = usize::try_from(idx).ok().and_then(|i| story.turns.get(i)) {
            index.execute(params![rowid, folded_text(&turn.paragraphs)])?;
        }
    }
    Ok(())
}

/// Story `id`'s JSON, unpacked no larger than `limit`: None when there is
/// no such story, an I/O error when its row will not unpack.
pub fn stored_json(
    conn: &Connection,
    id: &str,
    limit: u64,
) -> rusqlite::Result<Option<std::io::Result<Vec<u8>>>> {
    type Row = (Vec<u8>, String, Option<Vec<u8>>, Option<String>);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT s.json, s.packing, o.packed, o.codec FROM stories s
             LEFT JOIN originals o ON o.story_id = s.id AND s.packing = 'zstd+original'
             WHERE s.id = ?1",
        )?
        .query_row([id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
    Ok(row.map(|(json, packing, original, codec)| {
        let packing = Codec::named(&packing)?;
        let original = match (original, codec) {
            (Some(packed), Some(codec)) => Some(packing::unpack_original(&packed, &codec)?),
            _ => None,
        };
        packing::unpack(&json, packing, original.as_deref(), limit)
    }))
}

pub fn kind_name(kind: TurnKind) -> &'static str {
    match kind {
        TurnKind::Speech => "speech",
        TurnKind::Cue => "cue",
        TurnKind::Note => "note",
    }
}

/// A turn's paragraphs as the index holds them: folded words, a space
/// before each, a paragraph a line.
pub fn folded_text(paragraphs: &[String]) -> String {
    let mut text = String::new();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        fold::push_words(paragraph, &mut text);
    }
    text
}

/// Whether story `id` is stored.
pub fn has_story(txn: &Transaction, id: &str) -> rusqlite::Result<bool> {
    txn.prepare_cached("SELECT EXISTS (SELECT 1 FROM stories WHERE id = ?1)")?
        .query_row([id], |row| row.get(0))
}
