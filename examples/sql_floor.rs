//! The floor under hark's searches: one SQL statement run on a library's
//! database by the SQLite hark bundles, its rows printed as the sqlite3
//! shell prints them (`|` between columns). The system's sqlite3 shell may
//! be older than hark's SQLite, and cannot read an FTS5 table made with
//! `contentless_delete` (3.43); this reads what hark wrote.
//!
//!     target/release/examples/sql_floor LIBRARY/library.sqlite3 "SELECT …"

use rusqlite::{Connection, OpenFlags, types::ValueRef};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, sql] = args.as_slice() else {
        return Err("usage: sql_floor DATABASE SQL".into());
    };
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut statement = conn.prepare(sql)?;
    let columns = statement.column_count();
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let cells: Vec<String> = (0..columns)
            .map(|i| match row.get_ref(i) {
                Ok(ValueRef::Null) | Err(_) => String::new(),
                Ok(ValueRef::Integer(n)) => n.to_string(),
                Ok(ValueRef::Real(x)) => x.to_string(),
                Ok(ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned(),
                Ok(ValueRef::Blob(b)) => format!("<{} bytes>", b.len()),
            })
            .collect();
        println!("{}", cells.join("|"));
    }
    Ok(())
}
