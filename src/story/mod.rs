//! The domain: what a story is, how raw text becomes one, and who speaks in it.
//! Nothing here touches a terminal or a disk.

pub mod fold;
pub mod parse;
mod resolve;
pub mod sanitize;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Bumped whenever the stored shape changes, so a newer hark can migrate
/// files written by an older one and an older hark can refuse newer files.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub format_version: u32,
    pub id: String,
    pub title: String,
    pub source: Source,
    pub imported_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub air_date: Option<Date>,
    pub speakers: Vec<Speaker>,
    pub turns: Vec<Turn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file name the story was imported from; none for standard input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// The member station, when the page names one in its chrome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Display name in proper case, unique within a story.
    pub name: String,
    /// The first full label as written, without the colon.
    pub label: String,
    pub role: Option<Role>,
    /// Other labels as written that resolved to this speaker.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A title carried by the label, such as "Mayor".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The affiliation an old-style label carries in parentheses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Host,
    Byline,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub kind: TurnKind,
    pub speaker: Option<String>,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TurnKind {
    Speech,
    Cue,
    Note,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Host => "host",
            Role::Byline => "byline",
        }
    }
}

impl Speaker {
    /// The identity of the person across stories: "Josh Earnest" in two
    /// stories is one speaker.
    pub fn key(&self) -> String {
        fold::name_key(&self.name)
    }

    /// The name with its role, as a turn heading shows it.
    pub fn heading(&self) -> String {
        match self.role {
            Some(role) => format!("{}, {}", self.name, role.as_str()),
            None => self.name.clone(),
        }
    }
}

impl Story {
    pub fn speaker(&self, name: &str) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.name == name)
    }

    /// The date a reader cares about: when it aired, else when it was imported.
    pub fn date(&self) -> Date {
        self.air_date
            .unwrap_or_else(|| self.imported_at.to_zoned(jiff::tz::TimeZone::UTC).date())
    }

    pub fn speech_turns(&self) -> impl Iterator<Item = (usize, &Turn)> {
        self.turns
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind == TurnKind::Speech)
    }
}

/// A story's id: a short hash of its text, so that importing the same
/// transcript twice stores it once.
pub fn content_id(text: &str) -> String {
    let hash = blake3::hash(text.as_bytes());
    hash.to_hex()[..12].to_string()
}
