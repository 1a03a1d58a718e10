//! Every story's heading (its title, program and speakers' names) as one
//! folded line, and those lines in an FTS5 index by the story's rowid
//! (schema_7.sql's `story_headings`), so that the story list's word search
//! looks a word up rather than reading every heading. A story's heading
//! goes in with its text (`index_story`, from `rows`) and out by a trigger
//! as the story goes; `rebuild` puts every heading in again.

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::story::fold;

/// A heading as one folded line: its parts joined as paragraphs are
/// (a `|` between them, so no phrase runs from one into the next), a
/// space before each word and after the last.
pub fn line<'a>(
    title: &'a str,
    program: Option<&'a str>,
    names: impl Iterator<Item = &'a str>,
) -> String {
    let parts = std::iter::once(title).chain(program).chain(names);
    let mut line = String::new();
    for (i, part) in parts.enumerate() {
        if i > 0 {
            line.push_str(" |");
        }
        fold::push_words(part, &mut line);
    }
    line.push(' ');
    line
}

/// `hark_heading(title, program, names)`, `names` a JSON array: `line`,
/// for the schema's step and `rebuild`.
pub fn register_function(conn: &Connection, flags: FunctionFlags) -> rusqlite::Result<()> {
    conn.create_scalar_function("hark_heading", 3, flags, |ctx| {
        let title: String = ctx.get(0)?;
        let program: Option<String> = ctx.get(1)?;
        let names: Option<String> = ctx.get(2)?;
        let names: Vec<String> = names
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        Ok(line(
            &title,
            program.as_deref(),
            names.iter().map(String::as_str),
        ))
    })
}

/// The heading of the story at `rowid`, read from its row and its
/// appearances; None when there is no such story.
pub fn of_story(conn: &Connection, rowid: i64) -> rusqlite::Result<Option<String>> {
    let row: Option<(String, String, Option<String>)> = conn
        .prepare_cached("SELECT id, title, program FROM stories WHERE rowid = ?1")?
        .query_row([rowid], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?;
    let Some((id, title, program)) = row else {
        return Ok(None);
    };
    let mut names =
        conn.prepare_cached("SELECT name FROM appearances WHERE story_id = ?1 ORDER BY rowid")?;
    let names = names
        .query_map([&id], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(line(
        &title,
        program.as_deref(),
        names.iter().map(String::as_str),
    )))
}

/// Puts the heading of story `story_id`, whose rows went in just now, in
/// the index.
pub fn index_story(txn: &Transaction, story_id: &str) -> rusqlite::Result<()> {
    let rowid: Option<i64> = txn
        .prepare_cached("SELECT rowid FROM stories WHERE id = ?1")?
        .query_row([story_id], |row| row.get(0))
        .optional()?;
    let Some(rowid) = rowid else {
        return Ok(());
    };
    if let Some(heading) = of_story(txn, rowid)? {
        txn.prepare_cached("INSERT INTO story_headings (rowid, folded) VALUES (?1, ?2)")?
            .execute(params![rowid, heading])?;
    }
    Ok(())
}

/// Empties the index and puts every story's heading in again.
pub fn rebuild(txn: &Transaction) -> rusqlite::Result<()> {
    txn.execute_batch(
        "INSERT INTO story_headings (story_headings) VALUES ('delete-all');
         INSERT INTO story_headings (rowid, folded)
         SELECT s.rowid, hark_heading(s.title, s.program,
             (SELECT json_group_array(a.name ORDER BY a.rowid)
              FROM appearances a WHERE a.story_id = s.id))
         FROM stories s;",
    )
}
