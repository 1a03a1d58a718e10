//! Time in the reader: `t` asks for a time and moves to the turn spoken
//! then, `p` opens the story's audio at the marked turn. The player is
//! the terminal layer's to start: the App only says what should play.

use tui_textarea::TextArea;

use super::{App, Focus, Outgoing};
use crate::story::clock;

impl App {
    pub(super) fn start_jump(&mut self) {
        let Some(story) = self.transcript.story.as_ref() else {
            self.message = Some("open a story first".into());
            return;
        };
        if story.turns.iter().all(|t| t.start_ms.is_none()) {
            self.message = Some("this story has no times to jump to".into());
            return;
        }
        self.focus = Focus::Transcript;
        self.editing = true;
        self.jumping = true;
        self.bar = TextArea::default();
        self.style_bar();
        self.bar.set_placeholder_text("a time: mm:ss or h:mm:ss");
    }

    /// Leaves the time prompt, jumping if `accept` and the time reads.
    pub(super) fn end_jump(&mut self, accept: bool) {
        let typed = self.bar.lines().join("");
        self.sync_bar();
        if !accept {
            return;
        }
        match clock::parse(&typed) {
            Some(ms) => self.jump_to(ms),
            None => {
                let typed: String = typed.chars().take(20).collect();
                self.message = Some(format!("not a time: {typed:?}; type mm:ss or h:mm:ss"));
            }
        }
    }

    /// Marks the last turn on show that starts at or before `ms` (the
    /// first timed one if all start later) and scrolls it to the top.
    pub(crate) fn jump_to(&mut self, ms: u64) {
        self.layout();
        let Some(areas) = self.areas() else { return };
        let pane = &mut self.transcript;
        let (Some(story), Some(doc)) = (pane.story.as_ref(), pane.doc.as_ref()) else {
            return;
        };
        let starts: Vec<(usize, u64)> = doc
            .turn_starts
            .iter()
            .enumerate()
            .filter_map(|(shown, &line)| Some((shown, story.turns[doc.lines[line].turn].start_ms?)))
            .collect();
        let found = starts
            .iter()
            .rev()
            .find(|(_, start)| *start <= ms)
            .or(starts.first());
        let Some(&(shown, start)) = found else {
            self.message = Some("no turn on show has a time".into());
            return;
        };
        pane.cursor = shown;
        pane.scroll = doc.turn_starts[shown];
        self.message = Some(format!("at {}", clock::format(start)));
        self.transcript.clamp(areas.text_height());
    }

    pub(super) fn play_audio(&mut self) {
        self.layout();
        let pane = &self.transcript;
        let Some(story) = pane.story.as_ref() else {
            self.message = Some("open a story first".into());
            return;
        };
        let Some(url) = story.source.audio_url.clone() else {
            self.message = Some("this story has no audio to play".into());
            return;
        };
        let start_ms = pane
            .cursor_turn()
            .and_then(|turn| story.turns[turn].start_ms)
            .unwrap_or(0);
        self.message = Some(format!("playing from {}", clock::format(start_ms)));
        self.outgoing.push(Outgoing::Play {
            url,
            seconds: start_ms / 1000,
        });
    }
}
