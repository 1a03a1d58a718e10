//! The domain: what a story is (`Story`, its speakers, turns and
//! warnings), how raw bytes become one (`parse`), who speaks in it
//! (`resolve`), and the text rules every layer shares: folding for search
//! (`fold`), sanitizing (`sanitize`), clocks and plurals (`clock`, `text`).
//!
//! The bottom layer: it uses nothing of hark's, and touches no terminal,
//! disk or network. Everything else may use it.

pub mod clock;
pub(crate) mod fold;
mod from_feed;
pub(crate) mod parse;
mod resolve;
pub mod sanitize;
pub(crate) mod text;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub(crate) use from_feed::FromFeed;

/// Bumped whenever the stored shape changes, so a newer hark can migrate
/// files written by an older one and an older hark can refuse newer files.
pub(crate) const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub format_version: u32,
    pub id: String,
    pub title: String,
    pub source: Source,
    pub imported_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub air_date: Option<Date>,
    /// The program or show it aired on: "All Things Considered", a
    /// podcast's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// Who reported it, as the page's byline gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    pub speakers: Vec<Speaker>,
    pub turns: Vec<Turn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// What the parser was unsure of, so the reader can check and correct.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

/// One thing the parser was unsure of in a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub kind: WarningKind,
    /// The text concerned, as written: a label, a line of the page.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// What the reader is told: "no headline found", then the text concerned.
impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            WarningKind::TitleNotFound => "no headline found",
            WarningKind::DateNotFound => "no air date found",
            WarningKind::UnresolvedLabel => "a label that matched no full name",
            WarningKind::TypoLabelMerged => "a label taken as a typo and merged",
            WarningKind::NotAPerson => "a label that names no person",
            WarningKind::ChromeKept => "text that looks like page chrome, kept",
        };
        match self.detail.is_empty() {
            true => f.write_str(what),
            false => write!(f, "{what}: {}", sanitize::clean_line(&self.detail)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// No headline found; the title is the transcript's first words.
    TitleNotFound,
    /// No air or publication date found on the page.
    DateNotFound,
    /// A short label that matched no full name in the story.
    UnresolvedLabel,
    /// A label one or two letters from a speaker's, taken as a typo.
    TypoLabelMerged,
    /// A label that names no person (a show's name, `TV:`), kept as text.
    NotAPerson,
    /// A paragraph that looks like page chrome but was kept.
    ChromeKept,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file name the story was imported from; none for standard input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// The member station, when the page names one in its chrome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
    /// The page's canonical address, when it came from the web or says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The story's audio file, when the page or feed links one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_url: Option<String>,
    /// What the podcast feed the story came through said of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<FromFeed>,
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
    /// When the turn starts in the audio, in milliseconds, for formats
    /// that carry times (WebVTT, SRT, JSON segments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_ms: Option<u64>,
}

impl Turn {
    /// Its words as the speakers view and the talk-share bars count them:
    /// runs of non-space, so every script counts alike.
    pub(crate) fn word_count(&self) -> usize {
        let paragraphs = self.paragraphs.iter();
        paragraphs.map(|p| p.split_whitespace().count()).sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TurnKind {
    Speech,
    Cue,
    Note,
}

impl Role {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::Host => "host",
            Role::Byline => "byline",
        }
    }
}

impl Speaker {
    /// The identity of the person across stories: "Josh Earnest" in two
    /// stories is one speaker.
    pub(crate) fn key(&self) -> String {
        fold::name_key(&self.name)
    }

    /// The name with its role, as a turn heading shows it.
    pub(crate) fn heading(&self) -> String {
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

    /// What a speech turn with no speaker is called: "Intro" for a page's
    /// text before anyone is named, else "Unattributed" (every unnamed
    /// turn of a timed transcript, a `TV:` line mid-story). Decided from
    /// the story, not from the one turn's time.
    pub fn unnamed_heading(&self, turn: usize) -> &'static str {
        let timed = self.turns.iter().any(|t| t.start_ms.is_some());
        let named_before = self.turns[..turn.min(self.turns.len())]
            .iter()
            .any(|t| t.speaker.is_some());
        if timed || named_before {
            "Unattributed"
        } else {
            "Intro"
        }
    }

    /// When it aired, if the page says. Never the import date: a quote
    /// attributed to the day it was imported would put a wrong date in a
    /// reader's article.
    pub(crate) fn date(&self) -> Option<Date> {
        self.air_date
    }

    /// The day it was imported, in UTC.
    pub(crate) fn imported_on(&self) -> Date {
        imported_on(self.imported_at)
    }

    /// Where the story sorts among others: by air date, else by the day it
    /// was imported. For ordering only, never shown as its date; the
    /// stories table's `sort_date` column, which the tests check it by.
    #[cfg(test)]
    pub(crate) fn sort_date(&self) -> Date {
        self.air_date.unwrap_or_else(|| self.imported_on())
    }
}

/// The UTC day of an import time.
pub(crate) fn imported_on(imported_at: Timestamp) -> Date {
    imported_at.to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// A story's id: a short hash of its text, so that importing the same
/// transcript twice stores it once.
pub(crate) fn content_id(text: &str) -> String {
    let hash = blake3::hash(text.as_bytes());
    hash.to_hex()[..12].to_string()
}
