//! The reader's own state, kept in the library's database: which stories
//! they have read, which they starred, and the quote sheet, an ordered list
//! of turns each with a note. Every change is one transaction, so two
//! processes (two TUIs, a script) sharing a library never lose one
//! another's changes.

use std::path::Path;

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::LibraryError;
use super::db::Database;

/// One quote on the sheet: a turn of a story, with the reader's note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetEntry {
    /// Stays with the entry wherever it moves.
    pub id: i64,
    pub story_id: String,
    pub turn: usize,
    pub note: String,
    /// The quote as the TUI keeps it (JSON, opaque here), or "".
    pub quote: String,
}

/// The reader's state in the library at a root.
#[derive(Debug)]
pub struct ReaderState {
    db: Database,
}

impl ReaderState {
    pub fn open(root: &Path) -> Result<ReaderState, LibraryError> {
        Ok(ReaderState {
            db: Database::open(root)?,
        })
    }

    /// Opens the state only to read it: None when the library has no
    /// database yet (nothing read, nothing starred), and a read-only
    /// library is read as it is.
    pub fn open_for_reading(root: &Path) -> Result<Option<ReaderState>, LibraryError> {
        Ok(Database::open_for_reading(root)?.map(|db| ReaderState { db }))
    }

    pub fn mark_read(&mut self, story_id: &str) -> Result<(), LibraryError> {
        let now = Timestamp::now().to_string();
        self.db.write(|txn| {
            txn.execute(
                "INSERT OR IGNORE INTO read_marks (story_id, read_at) VALUES (?1, ?2)",
                params![story_id, now],
            )
            .map(drop)
        })
    }

    pub fn mark_unread(&mut self, story_id: &str) -> Result<(), LibraryError> {
        self.db.write(|txn| {
            txn.execute("DELETE FROM read_marks WHERE story_id = ?1", [story_id])
                .map(drop)
        })
    }

    pub fn is_read(&self, story_id: &str) -> Result<bool, LibraryError> {
        self.exists("SELECT 1 FROM read_marks WHERE story_id = ?1", story_id)
    }

    /// Those of `ids` not read yet, in their order.
    pub fn unread<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<&'a str>, LibraryError> {
        let mut unread = Vec::new();
        for id in ids {
            if !self.is_read(id)? {
                unread.push(id);
            }
        }
        Ok(unread)
    }

    /// Every story read, in no order: one query for the TUI's list,
    /// where asking story by story would take as many.
    pub fn read(&self) -> Result<Vec<String>, LibraryError> {
        self.strings("SELECT story_id FROM read_marks")
    }

    pub fn star(&mut self, story_id: &str) -> Result<(), LibraryError> {
        let now = Timestamp::now().to_string();
        self.db.write(|txn| {
            txn.execute(
                "INSERT OR IGNORE INTO stars (story_id, starred_at) VALUES (?1, ?2)",
                params![story_id, now],
            )
            .map(drop)
        })
    }

    pub fn unstar(&mut self, story_id: &str) -> Result<(), LibraryError> {
        self.db.write(|txn| {
            txn.execute("DELETE FROM stars WHERE story_id = ?1", [story_id])
                .map(drop)
        })
    }

    pub fn is_starred(&self, story_id: &str) -> Result<bool, LibraryError> {
        self.exists("SELECT 1 FROM stars WHERE story_id = ?1", story_id)
    }

    /// The starred stories, most recently starred first.
    pub fn starred(&self) -> Result<Vec<String>, LibraryError> {
        self.strings("SELECT story_id FROM stars ORDER BY starred_at DESC, rowid DESC")
    }

    fn exists(&self, sql: &str, story_id: &str) -> Result<bool, LibraryError> {
        let found = self.db.conn().query_row(sql, [story_id], |_| Ok(()));
        found
            .optional()
            .map(|f| f.is_some())
            .map_err(|e| self.db.error(e))
    }

    fn strings(&self, sql: &str) -> Result<Vec<String>, LibraryError> {
        let query = || -> rusqlite::Result<Vec<String>> {
            let mut statement = self.db.conn().prepare(sql)?;
            let rows = statement.query_map([], |row| row.get(0))?;
            rows.collect()
        };
        query().map_err(|e| self.db.error(e))
    }
}

/// The quote sheet.
impl ReaderState {
    /// Adds a turn at the end of the sheet.
    pub fn sheet_add(
        &mut self,
        story_id: &str,
        turn: usize,
        note: &str,
    ) -> Result<SheetEntry, LibraryError> {
        self.sheet_add_quote(story_id, turn, note, "")
    }

    /// Adds a turn at the end of the sheet with `quote`, what the caller
    /// keeps of it.
    pub fn sheet_add_quote(
        &mut self,
        story_id: &str,
        turn: usize,
        note: &str,
        quote: &str,
    ) -> Result<SheetEntry, LibraryError> {
        self.db.write(|txn| {
            txn.execute(
                "INSERT INTO sheet (position, story_id, turn, note, quote)
                 VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM sheet), ?1, ?2, ?3, ?4)",
                params![story_id, turn as i64, note, quote],
            )?;
            Ok(SheetEntry {
                id: txn.last_insert_rowid(),
                story_id: story_id.to_string(),
                turn,
                note: note.to_string(),
                quote: quote.to_string(),
            })
        })
    }

    /// The sheet, in the reader's order.
    pub fn sheet(&self) -> Result<Vec<SheetEntry>, LibraryError> {
        let query = || -> rusqlite::Result<Vec<SheetEntry>> {
            let mut statement = self
                .db
                .conn()
                .prepare("SELECT id, story_id, turn, note, quote FROM sheet ORDER BY position")?;
            let rows = statement.query_map([], |row| {
                Ok(SheetEntry {
                    id: row.get(0)?,
                    story_id: row.get(1)?,
                    turn: row.get::<_, i64>(2)?.max(0) as usize,
                    note: row.get(3)?,
                    quote: row.get(4)?,
                })
            })?;
            rows.collect()
        };
        query().map_err(|e| self.db.error(e))
    }

    /// Moves entry `id` one place up; false when it is first or gone.
    pub fn sheet_move_up(&mut self, id: i64) -> Result<bool, LibraryError> {
        self.db
            .write(|txn| swap_with_neighbour(txn, id, Neighbour::Before))
    }

    /// Moves entry `id` one place down; false when it is last or gone.
    pub fn sheet_move_down(&mut self, id: i64) -> Result<bool, LibraryError> {
        self.db
            .write(|txn| swap_with_neighbour(txn, id, Neighbour::After))
    }

    /// Sets entry `id`'s note; false when it is gone.
    pub fn sheet_set_note(&mut self, id: i64, note: &str) -> Result<bool, LibraryError> {
        self.db.write(|txn| {
            txn.execute(
                "UPDATE sheet SET note = ?2 WHERE id = ?1",
                params![id, note],
            )
            .map(|n| n > 0)
        })
    }

    /// Takes entry `id` off the sheet; false when it was gone already.
    pub fn sheet_remove(&mut self, id: i64) -> Result<bool, LibraryError> {
        self.db.write(|txn| {
            txn.execute("DELETE FROM sheet WHERE id = ?1", [id])
                .map(|n| n > 0)
        })
    }

    pub fn sheet_clear(&mut self) -> Result<(), LibraryError> {
        self.db
            .write(|txn| txn.execute("DELETE FROM sheet", []).map(drop))
    }
}

enum Neighbour {
    Before,
    After,
}

/// Swaps entry `id`'s place with the entry just before or after it. The
/// positions are unique, so one goes through a free place on the way.
fn swap_with_neighbour(txn: &Transaction, id: i64, side: Neighbour) -> rusqlite::Result<bool> {
    let position: Option<i64> = txn
        .query_row("SELECT position FROM sheet WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(position) = position else {
        return Ok(false);
    };
    let neighbour_sql = match side {
        Neighbour::Before => {
            "SELECT id, position FROM sheet WHERE position < ?1 ORDER BY position DESC LIMIT 1"
        }
        Neighbour::After => {
            "SELECT id, position FROM sheet WHERE position > ?1 ORDER BY position LIMIT 1"
        }
    };
    let neighbour: Option<(i64, i64)> = txn
        .query_row(neighbour_sql, [position], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((other, other_position)) = neighbour else {
        return Ok(false);
    };
    let set = "UPDATE sheet SET position = ?2 WHERE id = ?1";
    txn.execute(set, params![id, -1])?;
    txn.execute(set, params![other, position])?;
    txn.execute(set, params![id, other_position])?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(state: &ReaderState) -> Vec<String> {
        state.sheet().unwrap().into_iter().map(|e| e.note).collect()
    }

    #[test]
    fn read_marks_come_and_go() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = ReaderState::open(dir.path()).unwrap();
        state.mark_read("aa").unwrap();
        state.mark_read("aa").unwrap();
        assert!(state.is_read("aa").unwrap());
        assert_eq!(state.unread(["aa", "bb", "cc"]).unwrap(), ["bb", "cc"]);
        state.mark_read("cc").unwrap();
        let mut read = state.read().unwrap();
        read.sort();
        assert_eq!(read, ["aa", "cc"]);
        state.mark_unread("aa").unwrap();
        assert_eq!(state.unread(["aa", "bb"]).unwrap(), ["aa", "bb"]);
        assert_eq!(state.read().unwrap(), ["cc"]);
    }

    #[test]
    fn stars_list_newest_first_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = ReaderState::open(dir.path()).unwrap();
        for id in ["aa", "bb", "cc"] {
            state.star(id).unwrap();
        }
        state.unstar("bb").unwrap();
        drop(state);
        let state = ReaderState::open(dir.path()).unwrap();
        assert_eq!(state.starred().unwrap(), ["cc", "aa"]);
        assert!(state.is_starred("aa").unwrap() && !state.is_starred("bb").unwrap());
    }

    #[test]
    fn the_sheet_keeps_its_order_through_moves_notes_and_removals() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = ReaderState::open(dir.path()).unwrap();
        let a = state.sheet_add("aa", 1, "first").unwrap();
        let b = state.sheet_add("bb", 4, "second").unwrap();
        let c = state.sheet_add("aa", 7, "third").unwrap();
        assert!(state.sheet_move_up(c.id).unwrap());
        assert_eq!(notes(&state), ["first", "third", "second"]);
        assert!(!state.sheet_move_up(a.id).unwrap(), "first stays first");
        assert!(state.sheet_move_down(a.id).unwrap());
        assert_eq!(notes(&state), ["third", "first", "second"]);
        assert!(!state.sheet_move_down(b.id).unwrap(), "last stays last");
        assert!(state.sheet_set_note(b.id, "the bridge").unwrap());
        assert!(state.sheet_remove(a.id).unwrap());
        assert!(!state.sheet_remove(a.id).unwrap());
        let sheet = state.sheet().unwrap();
        assert_eq!(notes(&state), ["third", "the bridge"]);
        assert_eq!((sheet[0].story_id.as_str(), sheet[0].turn), ("aa", 7));
        assert!(
            !state.sheet_move_up(a.id).unwrap(),
            "a removed entry stays put"
        );
        state.sheet_clear().unwrap();
        assert!(state.sheet().unwrap().is_empty());
    }

    #[test]
    fn a_sheet_entry_keeps_the_quote_it_was_added_with() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = ReaderState::open(dir.path()).unwrap();
        state.sheet_add("aa", 1, "").unwrap();
        let kept = state
            .sheet_add_quote("bb", 2, "", "{\"speaker\":\"Ida\"}")
            .unwrap();
        drop(state);
        let state = ReaderState::open(dir.path()).unwrap();
        let quotes: Vec<String> = state
            .sheet()
            .unwrap()
            .into_iter()
            .map(|e| e.quote)
            .collect();
        assert_eq!(quotes, ["", "{\"speaker\":\"Ida\"}"]);
        assert_eq!(kept.quote, quotes[1]);
    }

    #[test]
    fn two_processes_adding_to_the_sheet_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        drop(ReaderState::open(dir.path()).unwrap());
        let root = dir.path().to_path_buf();
        let writers: Vec<_> = (0..2)
            .map(|writer| {
                let root = root.clone();
                std::thread::spawn(move || {
                    let mut state = ReaderState::open(&root).unwrap();
                    for turn in 0..40 {
                        state.sheet_add(&format!("{writer}a"), turn, "").unwrap();
                        state.star(&format!("{writer}{turn}")).unwrap();
                    }
                })
            })
            .collect();
        writers.into_iter().for_each(|w| w.join().unwrap());
        let state = ReaderState::open(&root).unwrap();
        let sheet = state.sheet().unwrap();
        assert_eq!(sheet.len(), 80);
        for writer in ["0a", "1a"] {
            let turns: Vec<usize> = sheet
                .iter()
                .filter(|e| e.story_id == writer)
                .map(|e| e.turn)
                .collect();
            assert_eq!(turns, (0..40).collect::<Vec<_>>(), "each in its order");
        }
        assert_eq!(state.starred().unwrap().len(), 80);
    }
}
