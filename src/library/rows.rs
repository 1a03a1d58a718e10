//! A story as rows of the database: its list row (with the story itself as
//! JSON, deflated), its people by identity key, their appearances, and its
//! turns with their folded text, which the FTS5 index follows by trigger.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use rusqlite::{Transaction, params};

use crate::story::{Story, Turn, TurnKind, fold};

/// Puts `story` in, over any stored story of the same id.
pub fn put_story(txn: &Transaction, story: &Story) -> rusqlite::Result<()> {
    delete_story(txn, &story.id)?;
    insert_story_row(txn, story)?;
    let mut speaker_ids = Vec::with_capacity(story.speakers.len());
    for speaker in &story.speakers {
        speaker_ids.push(put_appearance(txn, story, speaker)?);
    }
    let mut insert = txn.prepare_cached(
        "INSERT INTO turns (story_id, idx, kind, speaker_id, start_ms, folded)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (idx, turn) in story.turns.iter().enumerate() {
        let speaker = turn.speaker.as_deref().and_then(|name| {
            let at = story.speakers.iter().position(|s| s.name == name)?;
            speaker_ids.get(at).copied()
        });
        insert.execute(params![
            story.id,
            idx as i64,
            kind_name(turn.kind),
            speaker,
            turn.start_ms.map(|ms| ms as i64),
            folded_text(&turn.paragraphs),
        ])?;
    }
    Ok(())
}

/// Takes story `id` out, with its appearances and turns (by cascade).
pub fn delete_story(txn: &Transaction, id: &str) -> rusqlite::Result<bool> {
    txn.execute("DELETE FROM stories WHERE id = ?1", [id])
        .map(|n| n > 0)
}

fn insert_story_row(txn: &Transaction, story: &Story) -> rusqlite::Result<()> {
    let json = packed_json(story);
    let sort_date = story
        .date()
        .unwrap_or_else(|| crate::story::imported_on(story.imported_at));
    txn.prepare_cached(
        "INSERT INTO stories (id, title, air_date, sort_date, imported_at, program,
             station, url, audio_url, file_name, warnings, turn_count, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        story.id,
        story.title,
        story.date().map(|d| d.to_string()),
        sort_date.to_string(),
        story.imported_at.to_string(),
        story.program,
        story.source.station,
        story.source.url,
        story.source.audio_url,
        story.source.file_name,
        story.warnings.len() as i64,
        story.turns.len() as i64,
        json,
    ])
    .map(drop)
}

/// The person `speaker` is, by identity key (made once, then found by
/// it), with every word they answer to, and their appearance here.
fn put_appearance(
    txn: &Transaction,
    story: &Story,
    speaker: &crate::story::Speaker,
) -> rusqlite::Result<i64> {
    let key = speaker.key();
    txn.prepare_cached("INSERT OR IGNORE INTO speakers (key, name) VALUES (?1, ?2)")?
        .execute(params![key, speaker.name])?;
    let id: i64 = txn
        .prepare_cached("SELECT id FROM speakers WHERE key = ?1")?
        .query_row([&key], |row| row.get(0))?;
    let mut add_word = txn
        .prepare_cached("INSERT OR IGNORE INTO speaker_words (word, speaker_id) VALUES (?1, ?2)")?;
    for name in std::iter::once(&speaker.name).chain(&speaker.aliases) {
        for word in fold::words(name) {
            add_word.execute(params![word, id])?;
        }
    }
    let words: usize = story
        .turns
        .iter()
        .filter(|t| t.kind == TurnKind::Speech && t.speaker.as_deref() == Some(&speaker.name))
        .map(Turn::word_count)
        .sum();
    let aliases = serde_json::to_string(&speaker.aliases).expect("strings serialize");
    txn.prepare_cached(
        "INSERT OR IGNORE INTO appearances (story_id, speaker_id, name, role, aliases, words)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        story.id,
        id,
        speaker.name,
        speaker.role.map(|r| r.as_str()),
        aliases,
        words as i64
    ])?;
    Ok(id)
}

/// A story's JSON as the stories table keeps it: zlib-deflated, which
/// takes transcripts' prose to about a third.
pub fn packed_json(story: &Story) -> Vec<u8> {
    let json = serde_json::to_vec(story).expect("a story serializes");
    let mut packed = ZlibEncoder::new(Vec::with_capacity(json.len() / 3), Compression::default());
    packed.write_all(&json).expect("writing to memory");
    packed.finish().expect("writing to memory")
}

/// The JSON `packed_json` made, read back no larger than `limit`; a row
/// written plain (a JSON object) is taken as it is.
pub fn unpacked_json(stored: &[u8], limit: u64) -> std::io::Result<Vec<u8>> {
    if stored.first() == Some(&b'{') {
        return Ok(stored.to_vec());
    }
    let mut json = Vec::with_capacity(stored.len() * 3);
    ZlibDecoder::new(stored)
        .take(limit)
        .read_to_end(&mut json)?;
    Ok(json)
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
