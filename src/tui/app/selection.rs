//! Part of a turn: a reporter quotes a sentence, not a two-minute answer.
//! `v` selects the sentence of the marked turn the reader is at; `j`/`k`
//! move the selection's free end a sentence, `J`/`K` a paragraph. The
//! sentences are Unicode's sentence bounds (UAX 29), joined again where a
//! bound falls after a title such as "Mr." or an initial.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::query::Quote;
use crate::story::TurnKind;
use crate::story::sanitize::clean_line;
use crate::story::text::counted;
use crate::tui::keymap::{Action, Context};

use super::{App, Outgoing};

/// One sentence of a turn: which paragraph, and its bytes in it, without
/// the spaces around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub paragraph: usize,
    pub range: Range<usize>,
}

/// Words after which a sentence bound is no bound: titles before a name.
const TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "St.", "Jr.", "Sr.", "Gen.", "Gov.", "Sen.", "Rep.",
    "Lt.", "Col.", "Sgt.", "Capt.", "Rev.", "Hon.", "Pres.", "Supt.", "No.", "vs.",
];

/// The sentences of a turn's paragraphs, in order.
pub fn sentences(paragraphs: &[String]) -> Vec<Sentence> {
    let mut all = Vec::new();
    for (paragraph, text) in paragraphs.iter().enumerate() {
        all.extend(
            split_sentences(text)
                .into_iter()
                .map(|range| Sentence { paragraph, range }),
        );
    }
    all
}

/// The byte ranges of `text`'s sentences, trimmed.
fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (start, piece) in text.split_sentence_bound_indices() {
        let trimmed = piece.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = piece.len() - piece.trim_start().len();
        let range = start + lead..start + lead + trimmed.len();
        match ranges.last_mut() {
            Some(last) if ends_in_title(&text[last.clone()]) => last.end = range.end,
            _ => ranges.push(range),
        }
    }
    ranges
}

/// Whether `sentence` ends in a title ("Mr.") or an initial ("J."), which
/// the name after it continues. A sentence that truly ends in a capital
/// ("We chose plan B.") is joined to the next one: the rarer mistake.
fn ends_in_title(sentence: &str) -> bool {
    let last = sentence.split_whitespace().last().unwrap_or("");
    let initial = {
        let mut chars = last.chars();
        matches!(
            (chars.next(), chars.next(), chars.next()),
            (Some(c), Some('.'), None) if c.is_uppercase()
        )
    };
    initial || TITLES.contains(&last)
}

/// A run of sentences of one turn, from where `v` was pressed (the
/// anchor) to where the reader has moved it (the head), either way round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Index into `Story::turns`.
    pub turn: usize,
    /// The turn's paragraphs as shown (cleaned), which the ranges index.
    texts: Vec<String>,
    sentences: Vec<Sentence>,
    anchor: usize,
    head: usize,
}

impl Selection {
    /// A selection of the sentence of `texts` at byte `offset` of
    /// paragraph `paragraph`; none for a turn without a word in it.
    pub fn start(turn: usize, texts: Vec<String>, paragraph: usize, offset: usize) -> Option<Self> {
        let sentences = sentences(&texts);
        let at = sentences
            .iter()
            .position(|s| (s.paragraph, s.range.end) > (paragraph, offset))
            .or_else(|| sentences.len().checked_sub(1))?;
        Some(Selection {
            turn,
            texts,
            sentences,
            anchor: at,
            head: at,
        })
    }

    /// The selected sentences, as indices of the turn's sentences.
    pub fn span(&self) -> std::ops::RangeInclusive<usize> {
        self.anchor.min(self.head)..=self.anchor.max(self.head)
    }

    /// How many sentences are selected.
    pub fn sentence_count(&self) -> usize {
        self.span().count()
    }

    pub fn next_sentence(&mut self) {
        self.head = (self.head + 1).min(self.sentences.len() - 1);
    }

    pub fn prev_sentence(&mut self) {
        self.head = self.head.saturating_sub(1);
    }

    /// To the last sentence of the head's paragraph, or of the next one
    /// when the head is there already.
    pub fn next_paragraph(&mut self) {
        let last_of = |p: usize| self.sentences.iter().rposition(|s| s.paragraph == p);
        let here = self.sentences[self.head].paragraph;
        self.head = match last_of(here) {
            Some(last) if last != self.head => last,
            _ => last_of(here + 1).unwrap_or(self.head),
        };
    }

    /// To the first sentence of the head's paragraph, or of the one
    /// before when the head is there already.
    pub fn prev_paragraph(&mut self) {
        let first_of = |p: usize| self.sentences.iter().position(|s| s.paragraph == p);
        let here = self.sentences[self.head].paragraph;
        self.head = match first_of(here) {
            Some(first) if first != self.head => first,
            _ => here.checked_sub(1).and_then(first_of).unwrap_or(self.head),
        };
    }

    /// The bytes of paragraph `paragraph` that are selected, if any.
    pub fn marks(&self, paragraph: usize) -> Option<Range<usize>> {
        let picked = &self.sentences[self.span()];
        let mut inside = picked.iter().filter(|s| s.paragraph == paragraph);
        let first = inside.next()?;
        let end = inside.next_back().map_or(first.range.end, |s| s.range.end);
        Some(first.range.start..end)
    }

    /// The selected text, a paragraph at a time, as a quote holds it.
    pub fn paragraphs(&self) -> Vec<String> {
        let span = self.span();
        let (first, last) = (
            self.sentences[*span.start()].paragraph,
            self.sentences[*span.end()].paragraph,
        );
        (first..=last)
            .filter_map(|p| Some(self.texts[p][self.marks(p)?].to_string()))
            .collect()
    }

    /// Where the head is: its paragraph and the byte it starts at, for
    /// keeping it on screen.
    pub fn head_at(&self) -> (usize, usize) {
        let head = &self.sentences[self.head];
        (head.paragraph, head.range.start)
    }
}

impl App {
    /// `v`: selects the sentence of the marked turn at the top of the
    /// screen, or the turn's first when the turn starts lower down.
    pub(super) fn start_selection(&mut self) {
        self.layout();
        let pane = &self.transcript;
        let (Some(story), Some(doc), Some(turn)) =
            (pane.story.as_ref(), pane.doc.as_ref(), pane.cursor_turn())
        else {
            self.message = Some("open a story to select from it".into());
            return;
        };
        if story.turns[turn].kind != TurnKind::Speech {
            self.message = Some("only what someone said can be selected".into());
            return;
        }
        let here = doc.lines[pane.scroll.min(doc.lines.len())..]
            .iter()
            .find(|line| line.turn == turn && line.at.is_some())
            .and_then(|line| line.at)
            .unwrap_or((0, 0));
        let texts = story.turns[turn]
            .paragraphs
            .iter()
            .map(|p| clean_line(p).into_owned())
            .collect();
        match Selection::start(turn, texts, here.0, here.1) {
            Some(selection) => {
                self.transcript.selection = Some(selection);
                self.message = Some(self.selection_hint());
            }
            None => self.message = Some("this turn has no words to select".into()),
        }
    }

    /// "j k: a sentence, J K: a paragraph, y copies, a adds to the sheet",
    /// in the keys in force.
    fn selection_hint(&self) -> String {
        let key = |action| self.keymap.key(Context::Selection, &action);
        format!(
            "selecting: {} {} a sentence, {} {} a paragraph, {} copies, {} adds to the sheet",
            key(Action::SelectNextSentence),
            key(Action::SelectPrevSentence),
            key(Action::SelectNextParagraph),
            key(Action::SelectPrevParagraph),
            key(Action::Copy),
            key(Action::AddToSheet),
        )
    }

    /// `j`, `k`, `J`, `K` while selecting.
    pub(super) fn extend_selection(&mut self, action: &Action) {
        let Some(selection) = self.transcript.selection.as_mut() else {
            return;
        };
        match action {
            Action::SelectNextSentence => selection.next_sentence(),
            Action::SelectPrevSentence => selection.prev_sentence(),
            Action::SelectNextParagraph => selection.next_paragraph(),
            Action::SelectPrevParagraph => selection.prev_paragraph(),
            _ => return,
        }
        let count = selection.sentence_count();
        self.keep_selection_visible();
        self.message = Some(format!(
            "{} selected",
            counted(count, "sentence", "sentences")
        ));
    }

    /// Scrolls just enough that the selection's moving end shows.
    fn keep_selection_visible(&mut self) {
        self.layout();
        let Some(height) = self.areas().map(|a| a.text_height()) else {
            return;
        };
        let pane = &mut self.transcript;
        let (Some(doc), Some(selection)) = (pane.doc.as_ref(), pane.selection.as_ref()) else {
            return;
        };
        let head = selection.head_at();
        let line = doc
            .lines
            .iter()
            .rposition(|line| line.turn == selection.turn && line.at.is_some_and(|at| at <= head));
        match line {
            Some(line) if line < pane.scroll => pane.scroll = line,
            Some(line) if line >= pane.scroll + height => pane.scroll = line + 1 - height,
            _ => {}
        }
    }

    /// A selection belongs to the marked turn: it goes when another turn
    /// is marked.
    pub(super) fn drop_stale_selection(&mut self) {
        let pane = &mut self.transcript;
        if pane
            .selection
            .as_ref()
            .is_some_and(|s| Some(s.turn) != pane.cursor_turn())
        {
            pane.selection = None;
        }
    }

    /// `y` while selecting: the selected sentences, attributed as a whole
    /// turn is.
    pub(super) fn copy_selection(&mut self) {
        let pane = &self.transcript;
        let (Some(story), Some(selection)) = (pane.story.as_ref(), pane.selection.as_ref()) else {
            return;
        };
        let Some(mut quote) = Quote::of(story, selection.turn) else {
            return;
        };
        quote.paragraphs = selection.paragraphs();
        let sentences = match selection.sentence_count() {
            1 => "one sentence".to_string(),
            n => format!("{n} sentences"),
        };
        let what = match &quote.speaker {
            Some(name) => format!("{sentences} by {name}"),
            None => sentences,
        };
        self.outgoing.push(Outgoing::Clipboard {
            text: quote.attributed(),
            what,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(paragraphs: &[&str]) -> Vec<String> {
        paragraphs.iter().map(|p| p.to_string()).collect()
    }

    fn words(paragraphs: &[&str]) -> Vec<Vec<String>> {
        let texts = texts(paragraphs);
        let mut out = vec![Vec::new(); texts.len()];
        for s in sentences(&texts) {
            out[s.paragraph].push(texts[s.paragraph][s.range].to_string());
        }
        out
    }

    #[test]
    fn sentences_split_at_their_ends_but_not_after_a_title_or_initial() {
        let split = words(&[
            "We met Dr. Amira Osei at noon. She said no!  Then J. Rivera left? Yes.",
            "Second paragraph. Mr. and Mrs. Tallow agreed.",
        ]);
        assert_eq!(
            split,
            vec![
                vec![
                    "We met Dr. Amira Osei at noon.",
                    "She said no!",
                    "Then J. Rivera left?",
                    "Yes.",
                ],
                vec!["Second paragraph.", "Mr. and Mrs. Tallow agreed."],
            ]
        );
    }

    fn story() -> Selection {
        let texts = texts(&[
            "One fish. Two fish. Red fish.",
            "Blue fish. Old fish.",
            "New fish.",
        ]);
        Selection::start(4, texts, 0, 10).unwrap()
    }

    #[test]
    fn v_selects_the_sentence_at_the_reader() {
        let selection = story();
        assert_eq!(selection.paragraphs(), ["Two fish."]);
        let at_the_end = Selection::start(0, texts(&["Go. Stop."]), 0, 99).unwrap();
        assert_eq!(
            at_the_end.paragraphs(),
            ["Stop."],
            "past the end: the last one"
        );
        assert!(Selection::start(0, texts(&["   "]), 0, 0).is_none());
    }

    #[test]
    fn j_and_k_move_the_free_end_by_a_sentence_either_side_of_the_anchor() {
        let mut selection = story();
        selection.next_sentence();
        assert_eq!(selection.paragraphs(), ["Two fish. Red fish."]);
        selection.next_sentence();
        assert_eq!(
            selection.paragraphs(),
            ["Two fish. Red fish.", "Blue fish."]
        );
        for _ in 0..3 {
            selection.prev_sentence();
        }
        assert_eq!(
            selection.paragraphs(),
            ["One fish. Two fish."],
            "past the anchor"
        );
        selection.prev_sentence();
        assert_eq!(
            selection.sentence_count(),
            2,
            "stops at the turn's first sentence"
        );
    }

    #[test]
    fn big_j_and_k_move_the_free_end_by_a_paragraph() {
        let mut selection = story();
        selection.next_paragraph();
        assert_eq!(
            selection.paragraphs(),
            ["Two fish. Red fish."],
            "to this one's end"
        );
        selection.next_paragraph();
        assert_eq!(
            selection.paragraphs(),
            ["Two fish. Red fish.", "Blue fish. Old fish."],
            "then the next one's"
        );
        selection.next_paragraph();
        selection.next_paragraph();
        assert_eq!(
            selection.marks(2),
            Some(0..9),
            "stops at the last paragraph"
        );
        selection.prev_paragraph();
        assert_eq!(selection.marks(2), None, "back to the paragraph before");
        assert_eq!(selection.marks(1), Some(0..10), "its first sentence");
        selection.prev_paragraph();
        assert_eq!(selection.paragraphs(), ["One fish. Two fish."]);
        assert_eq!(selection.head_at(), (0, 0));
    }
}
