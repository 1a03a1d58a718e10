//! The podcast feeds imported so far, in `feeds.json`: each feed's
//! address, its show, when it was last fetched and the episodes already
//! imported from it, so that `hark update` imports only new ones.

use std::io::Write;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::paths::Layout;
use super::{Library, LibraryError, atomic};

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

/// The file's shape: versioned, so a later hark can add to it.
#[derive(Debug, Default, Serialize, Deserialize)]
struct FeedsFile {
    version: u32,
    #[serde(default)]
    feeds: Vec<Feed>,
}

const FEEDS_VERSION: u32 = 1;

impl Layout {
    fn feeds(&self) -> std::path::PathBuf {
        self.root.join("feeds.json")
    }
}

impl Library {
    /// Every feed imported so far, in the order they were first imported.
    pub fn feeds(&self) -> Result<Vec<Feed>, LibraryError> {
        read(&self.layout)
    }

    /// Remembers that the feed at `url`, the show `title`, was fetched at
    /// `at` and gave the stories `imported`; episodes seen before stay.
    /// Read and written under the library's lock, so that two imports
    /// lose neither's episodes.
    pub fn remember_feed(
        &mut self,
        url: &str,
        title: Option<&str>,
        imported: Vec<SeenEpisode>,
        at: Timestamp,
    ) -> Result<Feed, LibraryError> {
        self.write(|txn| {
            let layout = txn.layout().clone();
            let mut feeds = read(&layout)?;
            let index = match feeds.iter().position(|f| f.url == url) {
                Some(index) => index,
                None => {
                    feeds.push(Feed {
                        url: url.to_string(),
                        title: None,
                        updated_at: at,
                        episodes: Vec::new(),
                    });
                    feeds.len() - 1
                }
            };
            let feed = &mut feeds[index];
            feed.title = title.map(str::to_string).or(feed.title.take());
            feed.updated_at = at;
            for episode in imported {
                match feed.episodes.iter_mut().find(|e| e.guid == episode.guid) {
                    Some(seen) => seen.story = episode.story,
                    None => feed.episodes.push(episode),
                }
            }
            let feed = feed.clone();
            write(&layout, feeds)?;
            Ok(feed)
        })
    }
}

fn read(layout: &Layout) -> Result<Vec<Feed>, LibraryError> {
    let path = layout.feeds();
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(LibraryError::io(&path, err)),
    };
    let file: FeedsFile = serde_json::from_slice(&bytes).map_err(|e| LibraryError::Damaged {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    if file.version > FEEDS_VERSION {
        return Err(LibraryError::TooNew {
            path,
            found: file.version,
            supported: FEEDS_VERSION,
        });
    }
    Ok(file.feeds)
}

fn write(layout: &Layout, feeds: Vec<Feed>) -> Result<(), LibraryError> {
    let file = FeedsFile {
        version: FEEDS_VERSION,
        feeds,
    };
    let json = serde_json::to_vec_pretty(&file).expect("feeds serialize");
    atomic::write_with(&layout.feeds(), |out| out.write_all(&json))
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
        let library = Library::open(dir.path()).unwrap();
        std::fs::write(dir.path().join("feeds.json"), "{not json").unwrap();
        let err = library.feeds().unwrap_err();
        assert!(err.to_string().contains("feeds.json"), "{err}");
    }
}
