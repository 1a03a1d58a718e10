//! The podcast feeds imported so far, in the library's database (before
//! it, in `feeds.json`, which the database takes over once: see
//! `migrate`): each feed's address, its show, when it was last fetched and
//! the episodes already imported from it, so that `hark update` imports
//! only new ones.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::db::{self, Database};
use super::{Library, LibraryError};

/// One feed, as the library remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feed {
    /// The address it was imported from, and is fetched again from.
    pub url: String,
    /// The show's title, as the feed last gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// When it was last fetched.
    pub updated_at: Timestamp,
    /// The episodes imported from it, oldest import first.
    #[serde(default)]
    pub episodes: Vec<SeenEpisode>,
}

/// An episode imported from a feed: the feed's id for it (its guid) and
/// the story it became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenEpisode {
    pub guid: String,
    pub story: String,
}

impl Feed {
    /// Whether the episode with this guid was imported before.
    pub fn has_seen(&self, guid: &str) -> bool {
        self.episodes.iter().any(|e| e.guid == guid)
    }
}

/// The old file's shape: versioned, so a later hark could add to it.
#[derive(Debug, Default, Serialize, Deserialize)]
struct FeedsFile {
    version: u32,
    #[serde(default)]
    feeds: Vec<Feed>,
}

const FEEDS_VERSION: u32 = 1;

/// Where the feeds were kept before the database.
pub const LEGACY_FILE: &str = "feeds.json";

impl Library {
    /// Every feed imported so far, in the order they were first imported.
    /// A library that cannot take a database (read-only) still lists the
    /// feeds kept in the old file.
    pub fn feeds(&self) -> Result<Vec<Feed>, LibraryError> {
        let root = &self.root;
        let legacy = root.join(LEGACY_FILE);
        match Database::open_for_reading(root) {
            Ok(Some(db)) => read(db.conn()).map_err(|e| db.error(e)),
            Ok(None) if !legacy.exists() => Ok(Vec::new()),
            // The old file, not yet taken over: only a library that may
            // not be written to can get here with one.
            Ok(None) => Ok(read_legacy(&legacy)?.unwrap_or_default()),
            Err(err) if legacy.exists() && db::is_permission(&err) => {
                Ok(read_legacy(&legacy)?.unwrap_or_default())
            }
            Err(err) => Err(err),
        }
    }

    /// Remembers that the feed at `url`, the show `title`, was fetched at
    /// `at` and gave the stories `imported`; episodes seen before stay.
    /// One transaction, so that two imports lose neither's episodes.
    pub fn remember_feed(
        &mut self,
        url: &str,
        title: Option<&str>,
        imported: Vec<SeenEpisode>,
        at: Timestamp,
    ) -> Result<Feed, LibraryError> {
        let mut db = Database::open(&self.root)?;
        let path = db.path().to_path_buf();
        let feed = db.write(|txn| {
            txn.execute(
                "INSERT INTO feeds (url, title, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (url) DO UPDATE
                 SET title = COALESCE(excluded.title, title), updated_at = excluded.updated_at",
                params![url, title, at.to_string()],
            )?;
            for episode in &imported {
                put_episode(txn, url, episode)?;
            }
            read_feed(txn, url)
        })?;
        feed.ok_or_else(|| LibraryError::Database {
            path,
            reason: format!("the feed {url} was not kept"),
        })
    }
}

/// Keeps an episode as seen: one seen before keeps its place, and points
/// at the story it now gave.
fn put_episode(txn: &Transaction, url: &str, episode: &SeenEpisode) -> rusqlite::Result<()> {
    txn.execute(
        "INSERT INTO feed_episodes (feed_url, position, guid, story_id)
         VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM feed_episodes WHERE feed_url = ?1), ?2, ?3)
         ON CONFLICT (feed_url, guid) DO UPDATE SET story_id = excluded.story_id",
        params![url, episode.guid, episode.story],
    )
    .map(drop)
}

fn read(conn: &Connection) -> rusqlite::Result<Vec<Feed>> {
    let urls: Vec<String> = {
        let mut statement = conn.prepare("SELECT url FROM feeds ORDER BY rowid")?;
        statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?
    };
    let mut feeds = Vec::with_capacity(urls.len());
    for url in urls {
        feeds.extend(read_feed(conn, &url)?);
    }
    Ok(feeds)
}

fn read_feed(conn: &Connection, url: &str) -> rusqlite::Result<Option<Feed>> {
    let feed = conn
        .query_row(
            "SELECT title, updated_at FROM feeds WHERE url = ?1",
            [url],
            |row| Ok((row.get::<_, Option<String>>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()?;
    let Some((title, updated_at)) = feed else {
        return Ok(None);
    };
    let updated_at: Timestamp = updated_at.parse().map_err(|e: jiff::Error| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into())
    })?;
    let mut statement = conn.prepare(
        "SELECT guid, story_id FROM feed_episodes WHERE feed_url = ?1 ORDER BY position",
    )?;
    let episodes = statement
        .query_map([url], |row| {
            Ok(SeenEpisode {
                guid: row.get(0)?,
                story: row.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(Feed {
        url: url.to_string(),
        title,
        updated_at,
        episodes,
    }))
}

/// The feeds in the old file, if there is one; a damaged file or one from
/// a newer hark is an error that names it.
fn read_legacy(path: &Path) -> Result<Option<Vec<Feed>>, LibraryError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(LibraryError::io(path, err)),
    };
    let file: FeedsFile = serde_json::from_slice(&bytes).map_err(|e| LibraryError::Damaged {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    if file.version > FEEDS_VERSION {
        return Err(LibraryError::TooNew {
            path: path.to_path_buf(),
            found: file.version,
            supported: FEEDS_VERSION,
        });
    }
    Ok(Some(file.feeds))
}

/// The old file's feeds, read now, to go into the database within the
/// migration's transaction (`migrate`); the file to remove once they have.
pub(super) fn take_over(root: &Path) -> Result<Option<Legacy>, LibraryError> {
    let path = root.join(LEGACY_FILE);
    Ok(read_legacy(&path)?.map(|feeds| Legacy { path, feeds }))
}

pub(super) struct Legacy {
    pub path: PathBuf,
    feeds: Vec<Feed>,
}

impl Legacy {
    pub fn insert(&self, txn: &Transaction) -> rusqlite::Result<()> {
        for feed in &self.feeds {
            txn.execute(
                "INSERT INTO feeds (url, title, updated_at) VALUES (?1, ?2, ?3)",
                params![feed.url, feed.title, feed.updated_at.to_string()],
            )?;
            for episode in &feed.episodes {
                put_episode(txn, &feed.url, episode)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(guid: &str, story: &str) -> SeenEpisode {
        SeenEpisode {
            guid: guid.into(),
            story: story.into(),
        }
    }

    #[test]
    fn feeds_are_remembered_with_every_episode_seen() {
        let dir = tempfile::tempdir().unwrap();
        let mut library = Library::open(dir.path().join("lib")).unwrap();
        assert_eq!(library.feeds().unwrap(), []);
        let first = Timestamp::from_second(1_700_000_000).unwrap();
        let url = "https://shows.example.org/feed.xml";
        library
            .remember_feed(url, Some("Tide Tables"), vec![seen("ep-1", "aa")], first)
            .unwrap();
        let later = Timestamp::from_second(1_700_100_000).unwrap();
        let feed = library
            .remember_feed(
                url,
                None,
                vec![seen("ep-2", "bb"), seen("ep-1", "aa")],
                later,
            )
            .unwrap();
        assert_eq!(feed.title.as_deref(), Some("Tide Tables"));
        assert_eq!(feed.updated_at, later);
        assert!(feed.has_seen("ep-1") && feed.has_seen("ep-2") && !feed.has_seen("ep-3"));

        let reopened = Library::open(dir.path().join("lib")).unwrap();
        let feeds = reopened.feeds().unwrap();
        assert_eq!(feeds, [feed]);
        assert_eq!(feeds[0].episodes, [seen("ep-1", "aa"), seen("ep-2", "bb")]);
    }

    #[test]
    fn a_damaged_feed_list_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("feeds.json"), "{not json").unwrap();
        // Found when the library is opened and moves it in.
        let err = Library::open(dir.path()).unwrap_err();
        assert!(err.to_string().contains("feeds.json"), "{err}");
    }
}
