//! Who talks how much, for the pictures: the speaker strip above the
//! transcript (a minimap of the story's turns, each as wide as its share
//! of the words) and the talk-share bars. Pure arithmetic on a story; the
//! view draws what these give.

use std::ops::Range;

use crate::story::{Story, Turn, TurnKind};

use super::{App, Overlay};
use crate::tui::keymap::Action;

/// Whose words a stretch of a story is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Voice {
    /// A named speaker: an index into `Story::speakers`.
    Speaker(usize),
    /// Everything else: the intro, unattributed speech, cues and notes.
    Other,
}

/// Adjacent turns of one voice, taken together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    pub voice: Voice,
    /// Indices into `Story::turns`.
    pub turns: Range<usize>,
    pub words: usize,
}

/// A run as the strip draws it: so many columns, standing for so many of
/// the story's words, counted from its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    pub voice: Voice,
    pub columns: usize,
    pub words: Range<usize>,
}

fn voice(story: &Story, turn: &Turn) -> Voice {
    let named = match turn.kind {
        TurnKind::Speech => turn.speaker.as_deref(),
        TurnKind::Cue | TurnKind::Note => None,
    };
    let index = named.and_then(|name| story.speakers.iter().position(|s| s.name == name));
    index.map_or(Voice::Other, Voice::Speaker)
}

/// The story's turns with adjacent ones of the same voice merged, so a
/// speaker's answer split over three turns is one stretch of colour.
/// `words` are each turn's (`Document::turn_words`).
pub(crate) fn runs(story: &Story, words: &[usize]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (index, turn) in story.turns.iter().enumerate() {
        let voice = voice(story, turn);
        let words = words.get(index).copied().unwrap_or(0);
        match runs.last_mut() {
            Some(run) if run.voice == voice => {
                run.turns.end = index + 1;
                run.words += words;
            }
            _ => runs.push(Run {
                voice,
                turns: index..index + 1,
                words,
            }),
        }
    }
    runs
}

/// Splits `width` columns among `weights` in proportion, by the largest
/// remainder method, so the parts always add up to `width` exactly (for
/// any weights at all). When every weight above zero can have a column,
/// each gets at least one, so that no answer vanishes from the strip;
/// the columns left are shared in proportion. Weights all zero count as
/// equal.
pub(crate) fn allocate(weights: &[usize], width: usize) -> Vec<usize> {
    if weights.is_empty() || width == 0 {
        return vec![0; weights.len()];
    }
    let equal;
    let weights = match weights.iter().all(|&w| w == 0) {
        true => {
            equal = vec![1; weights.len()];
            &equal
        }
        false => weights,
    };
    let speaking = weights.iter().filter(|&&w| w > 0).count();
    let floor = usize::from(speaking <= width);
    let mut parts: Vec<usize> = weights.iter().map(|&w| floor.min(w)).collect();
    let rest = width - floor * speaking;
    let total: u128 = weights.iter().map(|&w| w as u128).sum();
    let quotas: Vec<(u128, u128)> = weights
        .iter()
        .map(|&w| {
            let quota = w as u128 * rest as u128;
            (quota / total, quota % total)
        })
        .collect();
    for (part, (whole, _)) in parts.iter_mut().zip(&quotas) {
        *part += *whole as usize;
    }
    let given: usize = quotas.iter().map(|(whole, _)| *whole as usize).sum();
    // The columns the whole parts left over go to the largest remainders;
    // ties to the earlier run.
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(quotas[i].1));
    for &i in order.iter().take(rest - given) {
        parts[i] += 1;
    }
    parts
}

/// The strip for a story `width` columns wide: its runs, each with its
/// columns; they add up to `width` unless the story has no turns.
pub(crate) fn strip(story: &Story, words: &[usize], width: usize) -> Vec<Segment> {
    let runs = runs(story, words);
    let weights: Vec<usize> = runs.iter().map(|r| r.words).collect();
    let columns = allocate(&weights, width);
    let mut at = 0;
    runs.into_iter()
        .zip(columns)
        .map(|(run, columns)| {
            let words = at..at + run.words;
            at = words.end;
            Segment {
                voice: run.voice,
                columns,
                words,
            }
        })
        .collect()
}

/// Each column of the strip: its voice and the words it stands for.
pub(crate) fn columns(segments: &[Segment]) -> Vec<(Voice, Range<usize>)> {
    let mut columns = Vec::new();
    for segment in segments {
        let (start, len, n) = (segment.words.start, segment.words.len(), segment.columns);
        for column in 0..n {
            let words = start + len * column / n..start + len * (column + 1) / n;
            columns.push((segment.voice, words));
        }
    }
    columns
}

/// Which columns show words on screen; at least one when there are any
/// columns, the nearest, when the words on screen fell between columns.
pub(crate) fn seen_columns(columns: &[(Voice, Range<usize>)], seen: &Range<usize>) -> Vec<bool> {
    let overlaps = |words: &Range<usize>| {
        words.start < seen.end && seen.start < words.end
            || (words.is_empty() || seen.is_empty()) && words.start == seen.start
    };
    let mut marks: Vec<bool> = columns.iter().map(|(_, words)| overlaps(words)).collect();
    if !marks.contains(&true) && !marks.is_empty() {
        let nearest = columns
            .iter()
            .position(|(_, words)| words.end > seen.start)
            .unwrap_or(marks.len() - 1);
        marks[nearest] = true;
    }
    marks
}

/// Each named speaker's words in the story, most first: (index into
/// `Story::speakers`, words).
pub(crate) fn shares(story: &Story, turn_words: &[usize]) -> Vec<(usize, usize)> {
    let mut words = vec![0; story.speakers.len()];
    for (turn, &said) in story.turns.iter().zip(turn_words) {
        if let Voice::Speaker(i) = voice(story, turn) {
            words[i] += said;
        }
    }
    let mut shares: Vec<(usize, usize)> = words.into_iter().enumerate().collect();
    shares.sort_by_key(|&(i, words)| (std::cmp::Reverse(words), i));
    shares
}

/// A letter for each speaker of the story, none the same, for a strip
/// without colour: their initials where free, else another letter of
/// their name, else the first free one of A-Z and 0-9.
pub(crate) fn letters(story: &Story) -> Vec<char> {
    let mut taken: Vec<char> = Vec::new();
    for speaker in &story.speakers {
        let name = &speaker.name;
        let initials = name.split_whitespace().filter_map(|w| w.chars().next());
        let spare = ('A'..='Z').chain('0'..='9');
        let letter = initials
            .chain(name.chars())
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .chain(spare)
            .find(|c| !taken.contains(c))
            .unwrap_or('?');
        taken.push(letter);
    }
    taken
}

impl App {
    /// `w` in the transcript: who talks how much in the open story.
    pub(super) fn show_talk_share(&mut self) {
        match self.transcript.story.as_ref() {
            Some(story) if !story.speakers.is_empty() => self.overlay = Overlay::TalkShare,
            Some(_) => self.message = Some("no named speakers in this story".into()),
            None => self.message = Some("open a story first".into()),
        }
    }

    pub(super) fn update_talk_share(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::CloseOverlay | Action::ToggleHelp => self.overlay = Overlay::None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use proptest::prelude::*;

    use super::*;
    use crate::story::parse::parse;

    const STORY: &str = "\
River Plan

ANNA LOPEZ, HOST: One two three four five six seven eight nine ten.

ALAN LEE: One two.

ALAN LEE: Three four.

(SOUNDBITE OF RAIN)

ANNA LOPEZ: One two three four five six.
";

    fn words(story: &Story) -> Vec<usize> {
        story
            .turns
            .iter()
            .map(crate::story::Turn::word_count)
            .collect()
    }

    fn story() -> Story {
        parse(STORY.as_bytes(), Some("t.txt"), Timestamp::UNIX_EPOCH).unwrap()
    }

    #[test]
    fn runs_merge_a_speakers_adjacent_turns() {
        let mut story = story();
        // Alan Lee's answer in two turns, as a timed transcript gives it.
        story.turns.insert(2, story.turns[1].clone());
        let runs = runs(&story, &words(&story));
        let voices: Vec<Voice> = runs.iter().map(|r| r.voice).collect();
        use Voice::{Other, Speaker};
        assert_eq!(voices, [Speaker(0), Speaker(1), Other, Speaker(0)]);
        assert_eq!(runs[1].turns, 1..3);
        assert_eq!(
            runs.iter().map(|r| r.words).collect::<Vec<_>>(),
            [10, 8, 3, 6]
        );
    }

    #[test]
    fn allocation_is_proportional_with_a_column_for_each_voice() {
        assert_eq!(allocate(&[10, 4, 4, 6], 24), [10, 4, 4, 6]);
        assert_eq!(allocate(&[10, 4, 4, 6], 12), [5, 2, 2, 3]);
        // 1 word in 1000 still gets its column while columns go round.
        assert_eq!(allocate(&[999, 1], 10), [9, 1]);
        // More voices than columns: the largest remainders win.
        assert_eq!(allocate(&[5, 1, 1, 5], 2), [1, 0, 0, 1]);
        assert_eq!(allocate(&[0, 0, 0], 4), [2, 1, 1]);
        assert_eq!(allocate(&[], 4), Vec::<usize>::new());
        assert_eq!(allocate(&[3, 0], 0), [0, 0]);
    }

    #[test]
    fn initials_stay_distinct() {
        let story = story();
        assert_eq!(letters(&story), ['A', 'L']);
        let mut three = story.clone();
        three.speakers.push(three.speakers[0].clone());
        three.speakers[2].name = "Ann Lark".into();
        assert_eq!(letters(&three), ['A', 'L', 'N']);
    }

    #[test]
    fn shares_count_named_speech_only_most_first() {
        let story = story();
        assert_eq!(shares(&story, &words(&story)), [(0, 16), (1, 4)]);
    }

    #[test]
    fn no_turns_no_columns_and_one_column_never_panic() {
        let mut empty = story();
        empty.turns.clear();
        assert!(strip(&empty, &[], 10).is_empty());
        assert!(seen_columns(&columns(&strip(&empty, &[], 10)), &(0..0)).is_empty());
        let story = story();
        assert!(columns(&strip(&story, &words(&story), 0)).is_empty());
        let one = columns(&strip(&story, &words(&story), 1));
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, Voice::Speaker(0), "the host talks most");
        assert_eq!(seen_columns(&one, &(5..9)), [true]);
    }

    /// The story laid out 30 columns wide, unfiltered.
    fn laid_out(story: &Story) -> super::super::document::Document {
        use super::super::document::{DocKey, Document};
        let key = DocKey {
            story: story.id.clone(),
            width: 30,
            query: crate::query::Query::default(),
            context: false,
            strip_width: 30,
        };
        Document::build(story, &crate::query::Filter::default(), key)
    }

    #[test]
    fn the_words_on_screen_follow_the_scroll() {
        let story = story();
        let doc = laid_out(&story);
        let total = 10 + 4 + 3 + 6;
        assert_eq!(doc.seen_words(0, doc.lines.len()), 0..total);
        let top = doc.seen_words(0, 3);
        assert_eq!(top.start, 0);
        assert!(top.end > 0 && top.end <= 10, "{top:?}");
        let last = doc.lines.len() - 1;
        let bottom = doc.seen_words(last, 3);
        assert_eq!(bottom.end, total);
        assert!(bottom.start >= 10 + 4 + 3, "{bottom:?}");
    }

    proptest! {
        #[test]
        fn allocation_always_fills_the_width(
            weights in proptest::collection::vec(0usize..10_000, 0..60),
            width in 0usize..300,
        ) {
            let parts = allocate(&weights, width);
            prop_assert_eq!(parts.len(), weights.len());
            let sum: usize = parts.iter().sum();
            prop_assert_eq!(sum, if weights.is_empty() { 0 } else { width });
            let speaking = weights.iter().filter(|&&w| w > 0).count();
            if speaking <= width {
                for (part, weight) in parts.iter().zip(&weights) {
                    prop_assert!(*weight == 0 || *part >= 1);
                }
            }
        }

        #[test]
        fn the_strip_fills_its_width_and_marks_a_column_seen(
            turns in proptest::collection::vec((0usize..3, 0usize..40), 0..30),
            width in 0usize..120,
            seen_start in 0usize..600,
        ) {
            let mut text = String::from("Made Up\n\n");
            for (who, words) in &turns {
                let name = ["ANNA LOPEZ", "ALAN LEE", "JO PARK"][*who];
                let said = vec!["word"; *words].join(" ");
                text.push_str(&format!("{name}: {said} end.\n\n"));
            }
            let Ok(story) = parse(text.as_bytes(), Some("p.txt"), Timestamp::UNIX_EPOCH) else {
                return Ok(());
            };
            let segments = strip(&story, &words(&story), width);
            let sum: usize = segments.iter().map(|s| s.columns).sum();
            prop_assert_eq!(sum, if story.turns.is_empty() { 0 } else { width });
            let columns = columns(&segments);
            prop_assert_eq!(columns.len(), sum);
            let seen = seen_columns(&columns, &(seen_start..seen_start + 5));
            prop_assert_eq!(seen.contains(&true), !columns.is_empty());
        }
    }
}
