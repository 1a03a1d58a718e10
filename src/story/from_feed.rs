//! What a podcast's feed says of an episode, which its transcript cannot:
//! the show, the episode's title, the day it aired. Kept in the story's
//! source, so that a reparse of the transcript keeps it too.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Story, WarningKind};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FromFeed {
    /// The feed's address.
    pub feed: String,
    /// The show's title: the story's program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// The episode's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The episode's date of publication: its air date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub air_date: Option<Date>,
}

impl Story {
    /// Gives the story what its feed said (`source.feed`), over what its
    /// transcript said; what the feed left out stays the transcript's.
    pub(crate) fn apply_feed(&mut self) {
        let Some(feed) = self.source.feed.clone() else {
            return;
        };
        if let Some(program) = feed.program {
            self.program = Some(program);
        }
        if let Some(title) = feed.title {
            self.title = title;
            self.warnings
                .retain(|w| w.kind != WarningKind::TitleNotFound);
        }
        if let Some(date) = feed.air_date {
            self.air_date = Some(date);
            self.warnings
                .retain(|w| w.kind != WarningKind::DateNotFound);
        }
    }
}
