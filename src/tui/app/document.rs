//! A story laid out for one pane width and one filter: the wrapped lines
//! the transcript pane shows, built once and then only sliced while
//! scrolling, so a long transcript scrolls as fast as a short one.

use std::ops::Range;

use crate::query::{Filter, Query};
use crate::story::sanitize::clean_line;
use crate::story::{Story, Turn, TurnKind};

use super::talk::{self, Voice};
use super::wrap::wrap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// The heading of a speaker's turn: an index into `Story::speakers`.
    Speaker(usize),
    Intro,
    Cue,
    NoteHeading,
    Note,
    Text,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    /// Index into `Story::turns`.
    pub turn: usize,
    pub tone: Tone,
    pub text: String,
    /// Byte ranges of `text` a keyword matched.
    pub highlights: Vec<Range<usize>>,
    /// For a line of a paragraph: the paragraph's index in the turn, and
    /// where in the paragraph (as shown) the line starts, in bytes. What a
    /// selection of sentences is drawn and started by.
    pub at: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocKey {
    pub story: String,
    pub width: usize,
    pub query: Query,
    /// Every turn shows, the matches marked, as less's `/` does; else
    /// only the matching turns, as its `&` does.
    pub context: bool,
    /// Columns of the speaker strip above the text.
    pub strip_width: usize,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub key: DocKey,
    pub lines: Vec<DocLine>,
    /// The first line of each shown turn, in order.
    pub turn_starts: Vec<usize>,
    /// Indices into `turn_starts` of the turns the filter matches: every
    /// one unless the context is shown.
    pub matches: Vec<usize>,
    pub total_turns: usize,
    /// The words of each of the story's turns, shown or not, for the
    /// speaker strip: counted once here, not on every frame.
    pub turn_words: Vec<usize>,
    /// The words before each turn: where a turn starts, counted in words.
    word_starts: Vec<usize>,
    /// The speaker strip's columns, each with its voice and its words,
    /// laid out once for the strip's width rather than on every frame.
    pub(crate) strip: Vec<(Voice, Range<usize>)>,
}

impl Document {
    pub(crate) fn build(story: &Story, filter: &Filter, key: DocKey) -> Document {
        let turn_words: Vec<usize> = story.turns.iter().map(Turn::word_count).collect();
        let word_starts = turn_words
            .iter()
            .scan(0, |sum, words| {
                let start = *sum;
                *sum += words;
                Some(start)
            })
            .collect();
        let strip = talk::columns(&talk::strip(story, &turn_words, key.strip_width));
        let mut doc = Document {
            key,
            lines: Vec::new(),
            turn_starts: Vec::new(),
            matches: Vec::new(),
            total_turns: story.turns.len(),
            turn_words,
            word_starts,
            strip,
        };
        let context = doc.key.context;
        let shown = story
            .turns
            .iter()
            .enumerate()
            .map(|(i, turn)| {
                (
                    i,
                    turn,
                    filter.is_empty() || filter.matches_turn(story, turn),
                )
            })
            .filter(|&(_, _, matched)| matched || context);
        for (index, turn, matched) in shown {
            if !doc.lines.is_empty() {
                doc.push(index, Tone::Blank, String::new(), Vec::new());
            }
            if matched {
                doc.matches.push(doc.turn_starts.len());
            }
            doc.turn_starts.push(doc.lines.len());
            let body = match turn.kind {
                TurnKind::Cue => Tone::Cue,
                TurnKind::Note => Tone::Note,
                TurnKind::Speech => Tone::Text,
            };
            if let Some((tone, heading)) = heading(story, index) {
                doc.push(index, tone, heading, Vec::new());
            }
            for (n, paragraph) in turn.paragraphs.iter().enumerate() {
                if n > 0 {
                    doc.push(index, Tone::Blank, String::new(), Vec::new());
                }
                doc.paragraph(index, n, body, &clean_line(paragraph), filter);
            }
        }
        doc
    }

    fn push(&mut self, turn: usize, tone: Tone, text: String, highlights: Vec<Range<usize>>) {
        self.lines.push(DocLine {
            turn,
            tone,
            text,
            highlights,
            at: None,
        });
    }

    fn paragraph(&mut self, turn: usize, n: usize, tone: Tone, text: &str, filter: &Filter) {
        for (start, line, marks) in wrap_marked_at(text, self.key.width, filter) {
            self.push(turn, tone, line, marks);
            if let Some(pushed) = self.lines.last_mut() {
                pushed.at = Some((n, start));
            }
        }
    }

    /// The index in `turn_starts` of the turn that `line` belongs to.
    pub(crate) fn turn_at(&self, line: usize) -> usize {
        self.turn_starts
            .partition_point(|&start| start <= line)
            .saturating_sub(1)
    }
}

/// What a turn opens with; cues speak for themselves and have none.
fn heading(story: &Story, index: usize) -> Option<(Tone, String)> {
    let turn = &story.turns[index];
    match turn.kind {
        TurnKind::Cue => None,
        TurnKind::Note => Some((Tone::NoteHeading, "Note".into())),
        TurnKind::Speech => {
            let speaker = turn
                .speaker
                .as_deref()
                .and_then(|name| story.speakers.iter().position(|s| s.name == name));
            Some(match speaker {
                Some(i) => (
                    Tone::Speaker(i),
                    clean_line(&story.speakers[i].heading()).into_owned(),
                ),
                None => (Tone::Intro, story.unnamed_heading(index).into()),
            })
        }
    }
}

/// `text` wrapped to `width`, each line with the byte ranges of it that the
/// filter's keywords match.
pub(crate) fn wrap_marked(
    text: &str,
    width: usize,
    filter: &Filter,
) -> Vec<(String, Vec<Range<usize>>)> {
    let lines = wrap_marked_at(text, width, filter).into_iter();
    lines.map(|(_, line, marks)| (line, marks)).collect()
}

/// `wrap_marked`, each line with the byte of `text` it starts at.
fn wrap_marked_at(
    text: &str,
    width: usize,
    filter: &Filter,
) -> Vec<(usize, String, Vec<Range<usize>>)> {
    let marks = filter.highlights(text);
    wrap(text, width)
        .into_iter()
        .map(|range| {
            let inside = marks
                .iter()
                .filter(|m| m.start < range.end && m.end > range.start)
                .map(|m| m.start.max(range.start) - range.start..m.end.min(range.end) - range.start)
                .collect();
            (range.start, text[range].to_string(), inside)
        })
        .collect()
}

impl Document {
    /// The words on screen, counted from the story's start: the first and
    /// last line shown, placed within their turns by their line in it.
    pub(crate) fn seen_words(&self, scroll: usize, height: usize) -> Range<usize> {
        let word_at = |line: usize, after: bool| -> usize {
            let Some(doc_line) = self.lines.get(line) else {
                return self.word_starts.last().copied().unwrap_or(0);
            };
            let shown = self.turn_at(line);
            let start = self.turn_starts.get(shown).copied().unwrap_or(0);
            let end = self.turn_starts.get(shown + 1).copied();
            let lines = end.unwrap_or(self.lines.len()).saturating_sub(start).max(1);
            let into = line.saturating_sub(start) + usize::from(after);
            let turn = doc_line.turn;
            let words = self.turn_words.get(turn).copied().unwrap_or(0);
            self.word_starts.get(turn).copied().unwrap_or(0) + words * into.min(lines) / lines
        };
        let last = (scroll + height).min(self.lines.len()).saturating_sub(1);
        word_at(scroll, false)..word_at(last, true)
    }
}
