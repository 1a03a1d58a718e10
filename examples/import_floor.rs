//! The floor under `hark import`: how fast SQLite alone takes in a
//! corpus's searchable text, with nothing else of hark's store around it.
//! Every page is parsed and folded on every core, as the import does; one
//! thread writes each turn's folded words into a contentless FTS5 table
//! set up as the library's `turns_fts` (the `ascii` tokenizer, a 16 MB
//! hash, automerge 8, 16 MB or 2,000 files a transaction, a 256 MB page
//! cache, WAL). With `originals`, each page also goes in as a zstd blob
//! packed on the parsing threads.
//!
//!     target/release/examples/import_floor CORPUS NEW.sqlite3 [originals]

use std::path::PathBuf;
use std::sync::{Mutex, mpsc};
use std::time::Instant;

use hark::testing::{folded_text, import_files};
use rusqlite::{Connection, params};

struct Page {
    bytes: usize,
    turns: Vec<String>,
    packed: Option<Vec<u8>>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (corpus, db, originals) = match args.as_slice() {
        [c, d] => (c, d, false),
        [c, d, o] if o == "originals" => (c, d, true),
        _ => return Err("usage: import_floor CORPUS NEW.sqlite3 [originals]".into()),
    };
    let conn = Connection::open(db)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         PRAGMA cache_size = -262144; PRAGMA wal_autocheckpoint = 8192;
         CREATE VIRTUAL TABLE t USING fts5 (folded, content = '',
             contentless_delete = 1, tokenize = 'ascii');
         INSERT INTO t (t, rank) VALUES ('hashsize', 16777216);
         INSERT INTO t (t, rank) VALUES ('automerge', 8);
         CREATE TABLE originals (id INTEGER PRIMARY KEY, packed BLOB NOT NULL);",
    )?;
    let paths = Mutex::new(import_files(vec![PathBuf::from(corpus)]));
    let start = Instant::now();
    let (mut bytes, mut turns, mut pages) = (0usize, 0usize, 0usize);
    std::thread::scope(|scope| -> rusqlite::Result<()> {
        let (sender, receiver) = mpsc::sync_channel::<Page>(64);
        for _ in 0..std::thread::available_parallelism().map_or(1, |n| n.get()) {
            let (sender, paths) = (sender.clone(), &paths);
            scope.spawn(move || {
                loop {
                    // Its own statement: a `while let` would hold the lock
                    // through the loop's body, one page parsed at a time.
                    let next = paths.lock().unwrap().next();
                    let Some(Ok(path)) = next else { break };
                    let raw = std::fs::read(&path).unwrap_or_default();
                    let turns = hark::parse(&raw, None, jiff::Timestamp::UNIX_EPOCH)
                        .map(|story| {
                            story
                                .turns
                                .iter()
                                .map(|t| folded_text(&t.paragraphs))
                                .collect()
                        })
                        .unwrap_or_default();
                    let packed = originals.then(|| zstd::bulk::compress(&raw, 1).unwrap());
                    let page = Page {
                        bytes: raw.len(),
                        turns,
                        packed,
                    };
                    if sender.send(page).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut batch = (0usize, 0usize);
        conn.execute_batch("BEGIN")?;
        let mut rowid = 0i64;
        for page in receiver {
            for text in &page.turns {
                rowid += 1;
                conn.prepare_cached("INSERT INTO t (rowid, folded) VALUES (?, ?)")?
                    .execute(params![rowid, text])?;
            }
            if let Some(packed) = &page.packed {
                conn.prepare_cached("INSERT INTO originals (packed) VALUES (?)")?
                    .execute(params![packed])?;
            }
            (bytes, turns, pages) = (bytes + page.bytes, turns + page.turns.len(), pages + 1);
            batch = (batch.0 + page.bytes, batch.1 + 1);
            if batch.0 >= 16 << 20 || batch.1 >= 2000 {
                conn.execute_batch("COMMIT; BEGIN")?;
                batch = (0, 0);
            }
        }
        conn.execute_batch("COMMIT")
    })?;
    let took = start.elapsed().as_secs_f64();
    println!(
        "{pages} pages, {turns} turns, {bytes} bytes in {took:.1} s: {:.1} MB/s",
        bytes as f64 / took / 1e6
    );
    Ok(())
}
