//! Each story's original bytes, zstd-packed (`packing`), a row a story in
//! the database: what a better parser re-derives the story from (`hark
//! reparse`), and the dictionary its JSON is packed against. Rows of
//! schema 2 are gzip, and still read. The old layout kept them as
//! `originals/<id>.gz`, which the migration reads once.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::packing::{self, Codec};
use super::{LibraryError, paths};

/// The folder where a library kept in files kept its originals.
pub const LEGACY_DIR: &str = "originals";

/// `bytes` packed as the table keeps them: done before the write, on an
/// import's workers.
pub fn pack(bytes: &[u8]) -> Vec<u8> {
    packing::pack(bytes)
}

/// Keeps `packed` (from `pack`) as story `id`'s original, unless one is
/// kept already (the same id means the same text). Returns whether it
/// went in: a story's JSON is packed against the original kept, so a
/// story whose original was not this one is packed alone.
pub fn save(txn: &Transaction, id: &str, packed: &[u8]) -> rusqlite::Result<bool> {
    txn.prepare_cached(
        "INSERT OR IGNORE INTO originals (story_id, packed, codec) VALUES (?1, ?2, 'zstd')",
    )?
    .execute(params![id, packed])
    .map(|n| n > 0)
}

/// Keeps `gzipped`, an original of the old layout, as story `id`'s.
pub fn save_legacy(txn: &Transaction, id: &str, gzipped: &[u8]) -> rusqlite::Result<bool> {
    txn.prepare_cached(
        "INSERT OR IGNORE INTO originals (story_id, packed, codec) VALUES (?1, ?2, 'gzip')",
    )?
    .execute(params![id, gzipped])
    .map(|n| n > 0)
}

/// Keeps `packed` as story `id`'s original, over any kept before: a page
/// from the web that changed keeps its story's id. The story must be put
/// again in the same write, packed against this one.
pub fn replace(txn: &Transaction, id: &str, packed: &[u8]) -> rusqlite::Result<()> {
    txn.prepare_cached(
        "INSERT OR REPLACE INTO originals (story_id, packed, codec) VALUES (?1, ?2, 'zstd')",
    )?
    .execute(params![id, packed])
    .map(drop)
}

/// Story `id`'s original bytes; none for a story imported before hark
/// kept originals. `db_path` names the database in an error.
pub fn read(conn: &Connection, db_path: &Path, id: &str) -> Result<Option<Vec<u8>>, LibraryError> {
    let stored: Option<(Vec<u8>, String)> = conn
        .prepare_cached("SELECT packed, codec FROM originals WHERE story_id = ?1")
        .and_then(|mut s| {
            s.query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()
        })
        .map_err(|e| super::db::error(db_path, e))?;
    let Some((packed, codec)) = stored else {
        return Ok(None);
    };
    packing::unpack_original(&packed, &codec)
        .map(Some)
        .map_err(|err| LibraryError::Damaged {
            path: db_path.to_path_buf(),
            reason: format!("the original of story {id} is not readable: {err}"),
        })
}

fn gunzip(gzipped: &[u8]) -> std::io::Result<Vec<u8>> {
    packing::unpack(
        gzipped,
        Codec::Gzip,
        None,
        super::reading::MAX_FILE_BYTES + 1,
    )
}

/// Forgets story `id`'s original, with the story.
pub fn remove(txn: &Transaction, id: &str) -> rusqlite::Result<()> {
    txn.execute("DELETE FROM originals WHERE story_id = ?1", [id])
        .map(drop)
}

/// The ids of every story whose original is kept, and that is stored.
pub fn ids(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT o.story_id FROM originals o JOIN stories s ON s.id = o.story_id
         ORDER BY o.story_id",
    )?;
    let rows = statement.query_map([], |row| row.get(0))?;
    rows.collect()
}

/// One original of the old layout (`originals/<id>.gz`): its story's id
/// and its gzipped bytes as they were, checked to be readable.
pub fn read_legacy(path: &Path) -> Result<Option<(String, Vec<u8>)>, LibraryError> {
    let Some(id) = paths::id_named(path, ".gz") else {
        return Ok(None);
    };
    let gzipped = super::reading::read_regular(path, super::reading::MAX_FILE_BYTES)
        .map_err(|e| LibraryError::io(path, e))?;
    gunzip(&gzipped).map_err(|err| LibraryError::Damaged {
        path: path.to_path_buf(),
        reason: format!("not a readable gzip file: {err}"),
    })?;
    Ok(Some((id.to_string(), gzipped)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::db::Database;

    #[test]
    fn originals_come_back_byte_for_byte_and_compressed() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Database::open(dir.path()).unwrap();
        let text = "HOST: Good morning.\r\n\r\nCaf\u{e9} \u{fffd} ".repeat(200);
        let packed = pack(text.as_bytes());
        assert!(packed.len() < text.len() / 4, "{} bytes", packed.len());
        assert!(db.write(|txn| save(txn, "0a1b", &packed)).unwrap());
        assert!(
            !db.write(|txn| save(txn, "0a1b", b"other")).unwrap(),
            "kept"
        );
        let path = db.path().to_path_buf();
        let back = read(db.conn(), &path, "0a1b").unwrap().unwrap();
        assert_eq!(back, text.as_bytes());
        assert_eq!(read(db.conn(), &path, "0c").unwrap(), None);
        db.write(|txn| remove(txn, "0a1b")).unwrap();
        assert_eq!(read(db.conn(), &path, "0a1b").unwrap(), None);
    }

    #[test]
    fn a_damaged_original_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Database::open(dir.path()).unwrap();
        db.write(|txn| save(txn, "0a", b"not gzip")).unwrap();
        let path = db.path().to_path_buf();
        let err = read(db.conn(), &path, "0a").unwrap_err().to_string();
        assert!(
            err.contains("library.sqlite3") && err.contains("0a"),
            "{err}"
        );
        let old = dir.path().join("0b.gz");
        std::fs::write(&old, b"not gzip either").unwrap();
        let err = read_legacy(&old).unwrap_err().to_string();
        assert!(err.contains("0b.gz"), "{err}");
    }
}
