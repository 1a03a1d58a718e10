//! The one attribution path of every timed format (WebVTT, SRT, JSON
//! segments, podcast HTML, text exports): each format's reader finds cues,
//! this turns them into a Story. Speakers carry over from cue to cue,
//! consecutive cues of one speaker make one turn, and every turn keeps the
//! time it starts at.

use jiff::Timestamp;

use super::label::Label;
use super::{ParseError, add_doubts, first_words, intro, is_wrapped, names_in_prose};
use crate::story::resolve::{Resolver, title_case};
use crate::story::{FORMAT_VERSION, Source, Story, Turn, TurnKind, content_id, sanitize};

/// One cue or segment, as a format's reader finds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cue {
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
    /// The speaker the cue names itself; none continues the one before.
    pub speaker: Option<String>,
    pub text: String,
}

/// What a format's reader hands on.
#[derive(Debug, Default)]
pub(crate) struct Timed {
    pub title: Option<String>,
    pub cues: Vec<Cue>,
    /// Whether `Name:` at the start of a cue may name its speaker (caption
    /// formats, where nothing else does).
    pub prefixes: bool,
}

/// A pause this long, after a sentence ends, starts a new paragraph (or,
/// without speakers, a new turn).
const PARAGRAPH_PAUSE_MS: u64 = 2_000;
/// Captions often run on without pauses; past this many words a paragraph
/// ends at the next sentence end all the same.
const LONG_PARAGRAPH_WORDS: usize = 120;

pub(crate) fn into_story(
    timed: Timed,
    format: &'static str,
    text: &str,
    file_name: Option<&str>,
    imported_at: Timestamp,
) -> Result<Story, ParseError> {
    let mut cues: Vec<Cue> = timed.cues.into_iter().filter_map(clean_cue).collect();
    if timed.prefixes {
        name_by_prefixes(&mut cues);
    }
    let (resolver, turns) = attribute(&cues);
    if turns.is_empty() {
        return Err(ParseError::Malformed {
            format,
            problem: "no cues with text in them".into(),
        });
    }
    let typos = resolver.typos.clone();
    let speakers = resolver.into_speakers(|written| {
        let prose = turns
            .iter()
            .filter(|t| t.kind == TurnKind::Speech)
            .flat_map(|t| t.paragraphs.iter().map(String::as_str));
        // The prose's casing where it names someone ("I'm Dara McIntyre"),
        // else the name as the file writes it.
        names_in_prose(written, prose.collect())
            .into_iter()
            .zip(written)
            .map(|(found, w)| {
                found
                    .filter(|name| name.starts_with(char::is_uppercase))
                    .unwrap_or_else(|| display_name(w))
            })
            .collect()
    });
    let title = timed
        .title
        .map(|t| sanitize::clean_line(&t).trim().to_string());
    let title = title.filter(|t| !t.is_empty());
    let turns = turns
        .into_iter()
        .map(|t| Turn {
            kind: t.kind,
            speaker: t.speaker.map(|i| speakers[i].name.clone()),
            paragraphs: t.paragraphs,
            start_ms: t.start_ms,
        })
        .collect();
    let mut story = Story {
        format_version: FORMAT_VERSION,
        id: content_id(text.trim()),
        title: String::new(),
        source: Source {
            file_name: file_name.map(|name| sanitize::clean_line(name).into_owned()),
            ..Source::default()
        },
        imported_at: imported_at.round(jiff::Unit::Second).unwrap_or(imported_at),
        air_date: None,
        program: None,
        byline: None,
        speakers,
        turns,
        bio: None,
        warnings: Vec::new(),
    };
    add_doubts(&mut story, &typos, title.is_some());
    // No title: the transcript's first words stand in, as for a page.
    story.title = title.unwrap_or_else(|| first_words(&story));
    Ok(story)
}

/// One line of safe text, spaces collapsed; none when nothing is left.
fn clean_cue(mut cue: Cue) -> Option<Cue> {
    let text = one_line(&cue.text)?;
    // Broadcast captions mark a change of voice with `>>`.
    cue.text = match text.strip_prefix(">>") {
        Some(rest) => one_line(rest)?,
        None => text,
    };
    cue.speaker = cue.speaker.as_deref().and_then(one_line).and_then(|name| {
        let name = name.trim_end_matches(':').trim_end().to_string();
        (!name.is_empty()).then_some(name)
    });
    Some(cue)
}

fn one_line(text: &str) -> Option<String> {
    let clean = sanitize::clean_line(text);
    let words: Vec<&str> = clean.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A turn whose speaker is still an index into the resolver.
struct RawTurn {
    kind: TurnKind,
    speaker: Option<usize>,
    paragraphs: Vec<String>,
    start_ms: Option<u64>,
    end_ms: Option<u64>,
    /// Words in the last paragraph, counted as cues join it.
    words: usize,
}

fn attribute(cues: &[Cue]) -> (Resolver, Vec<RawTurn>) {
    // The names people introduce themselves with, so that `Cornish:`
    // after "I'm Audie Cornish" is Audie Cornish.
    let intros = intro::names(cues.iter().map(|c| c.text.as_str()));
    let mut resolver = Resolver::with_intros(intros);
    let any_speaker = cues.iter().any(|c| c.speaker.is_some());
    let mut turns: Vec<RawTurn> = Vec::new();
    let mut current = None;
    for cue in cues {
        if let Some(name) = &cue.speaker {
            current = Some(resolver.resolve(&label_for(name)));
        }
        // `Ana:` alone on a cue only says who speaks next.
        if cue.text.is_empty() {
            continue;
        }
        let is_sound = is_sound_cue(&cue.text);
        let (kind, speaker) = match is_sound {
            true => (TurnKind::Cue, None),
            false => (TurnKind::Speech, current),
        };
        match turns.last_mut() {
            Some(turn)
                if kind == TurnKind::Speech && turn.kind == kind && turn.speaker == speaker =>
            {
                let breaks = paragraph_ends(turn, cue);
                if breaks && !any_speaker {
                    turns.push(RawTurn::new(kind, speaker, cue));
                } else {
                    if breaks {
                        turn.paragraphs.push(String::new());
                        turn.words = 0;
                    }
                    turn.add(cue);
                }
            }
            _ => turns.push(RawTurn::new(kind, speaker, cue)),
        }
    }
    (resolver, turns)
}

impl RawTurn {
    fn new(kind: TurnKind, speaker: Option<usize>, cue: &Cue) -> RawTurn {
        RawTurn {
            kind,
            speaker,
            paragraphs: vec![cue.text.clone()],
            start_ms: cue.start_ms,
            end_ms: cue.end_ms.or(cue.start_ms),
            words: word_count(&cue.text),
        }
    }

    /// Joins a cue to the last paragraph: a sentence broken across cues
    /// reads whole again.
    fn add(&mut self, cue: &Cue) {
        let Some(paragraph) = self.paragraphs.last_mut() else {
            return;
        };
        let glued = cue
            .text
            .starts_with([',', '.', '!', '?', ';', ':', ')', '…']);
        if !paragraph.is_empty() && !glued {
            paragraph.push(' ');
        }
        paragraph.push_str(&cue.text);
        self.words += word_count(&cue.text);
        self.start_ms = self.start_ms.or(cue.start_ms);
        self.end_ms = cue.end_ms.or(cue.start_ms).or(self.end_ms);
    }
}

/// Whether `cue` opens a new paragraph: after a sentence ends, at a long
/// pause or once the paragraph is long. Captions without punctuation
/// still break, at twice the pause or three times the length.
fn paragraph_ends(turn: &RawTurn, cue: &Cue) -> bool {
    let Some(last) = turn.paragraphs.last() else {
        return false;
    };
    let sentence_ended = last.ends_with(['.', '!', '?', '…', '"', '”']);
    let pause = match (turn.end_ms, cue.start_ms) {
        (Some(end), Some(start)) => start.saturating_sub(end),
        _ => 0,
    };
    let long = turn.words >= LONG_PARAGRAPH_WORDS;
    (sentence_ended && (pause >= PARAGRAPH_PAUSE_MS || long))
        || pause >= 2 * PARAGRAPH_PAUSE_MS
        || turn.words >= 3 * LONG_PARAGRAPH_WORDS
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// `[MUSIC]`, `(laughter)`, `♪ theme ♪`: sound, not speech.
fn is_sound_cue(text: &str) -> bool {
    is_wrapped(text, '(', ')')
        || is_wrapped(text, '[', ']')
        || (text.len() > 1 && text.starts_with('♪') && text.ends_with('♪'))
}

/// A label for the resolver from a name as a transcript writes it, so a
/// podcast's `Gonzalez:` resolves to Maria Gonzalez as an NPR label would.
fn label_for(name: &str) -> Label<'_> {
    Label {
        written: name,
        honorific: None,
        title: Vec::new(),
        name: name.split_whitespace().collect(),
        role: None,
        description: None,
        unidentified: false,
    }
}

/// Names written in mixed case keep their casing (`DeShawn McKay`);
/// shouted ones are brought to title case.
fn display_name(written: &[String]) -> String {
    let name = written.join(" ");
    match name.chars().any(char::is_lowercase) {
        true => name,
        false => title_case(&name),
    }
}

/// What a cue opens with, before a colon.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Prefix<'a> {
    Name {
        name: &'a str,
        rest: &'a str,
    },
    /// Ordinary words, such as `Here's the thing:`; the colon is the text's.
    Ordinary,
    None,
}

/// A name before a colon is short; a colon further in is the sentence's.
const MAX_PREFIX_LEN: usize = 48;
/// No name `looks_like_speaker_name` accepts is longer.
pub(crate) const MAX_NAME_LEN: usize = MAX_PREFIX_LEN;
const MAX_NAME_WORDS: usize = 4;
const MAX_ORDINARY_WORDS: usize = 6;

/// Reads `Name: text`, `[Name]: text` and the captioner's `>> Name: text`.
pub(crate) fn prefix(text: &str) -> Prefix<'_> {
    let text = text.strip_prefix(">>").map_or(text, str::trim_start);
    if let Some(inside) = text.strip_prefix('[')
        && let Some((name, after)) = inside.split_once(']')
        && let Some(rest) = after.strip_prefix(':')
    {
        return match looks_like_speaker_name(name.trim()) {
            true => Prefix::Name {
                name: name.trim(),
                rest: rest.trim_start(),
            },
            false => Prefix::Ordinary,
        };
    }
    let window = &text.as_bytes()[..text.len().min(MAX_PREFIX_LEN)];
    let Some(colon) = memchr::memchr(b':', window) else {
        return Prefix::None;
    };
    let (head, rest) = (&text[..colon], &text[colon + 1..]);
    // `6:15` and `https://` are not prefixes at all.
    if head.trim().is_empty() || !(rest.is_empty() || rest.starts_with(' ')) {
        return Prefix::None;
    }
    let head = head.trim();
    if looks_like_speaker_name(head) && !is_ordinary_word(head) {
        Prefix::Name {
            name: head,
            rest: rest.trim_start(),
        }
    } else if head.split_whitespace().count() <= MAX_ORDINARY_WORDS {
        Prefix::Ordinary
    } else {
        Prefix::None
    }
}

/// Names speakers from `Name:` prefixes, unless the file's cues open with
/// ordinary words before a colon at least as often as with names: then its
/// colons belong to its sentences.
fn name_by_prefixes(cues: &mut [Cue]) {
    let (mut names, mut ordinary) = (0usize, 0usize);
    for cue in cues.iter().filter(|c| c.speaker.is_none()) {
        match prefix(&cue.text) {
            Prefix::Name { .. } => names += 1,
            Prefix::Ordinary => ordinary += 1,
            Prefix::None => {}
        }
    }
    if names == 0 || ordinary >= names {
        return;
    }
    for cue in cues.iter_mut().filter(|c| c.speaker.is_none()) {
        if let Prefix::Name { name, rest } = prefix(&cue.text) {
            let (name, rest) = (name.to_string(), rest.to_string());
            cue.speaker = Some(name);
            cue.text = rest;
        }
    }
}

/// Particles that stay lower-case inside a name: Ana de la Cruz.
const PARTICLES: &[&str] = &[
    "de", "del", "della", "da", "dos", "das", "di", "du", "la", "le", "van", "von", "der", "den",
    "bin", "al", "el", "y",
];

/// `Maria Gonzalez`, `SPEAKER 2`, `Dr. Ana de la Cruz`, `O'Neill`.
pub(crate) fn looks_like_speaker_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > MAX_NAME_WORDS + 2 || text.len() > MAX_PREFIX_LEN {
        return false;
    }
    let capitalized = words.iter().filter(|w| is_name_word(w)).count();
    let particles = words[1..]
        .iter()
        .filter(|w| PARTICLES.contains(&w.to_lowercase().as_str()))
        .count();
    capitalized + particles == words.len()
        && capitalized <= MAX_NAME_WORDS
        && words[0].starts_with(char::is_uppercase)
}

/// A word that starts with a capital or is a number (`Speaker 2`, `#1`).
fn is_name_word(word: &str) -> bool {
    let starts_well = word.starts_with(char::is_uppercase)
        || word
            .trim_start_matches('#')
            .starts_with(|c: char| c.is_ascii_digit());
    starts_well
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-' | '#'))
}

/// Capitalized words that open sentences before a colon far more often
/// than they name anyone.
const ORDINARY_WORDS: &[&str] = &[
    "note",
    "update",
    "warning",
    "remember",
    "example",
    "question",
    "answer",
    "step",
    "first",
    "second",
    "third",
    "finally",
    "here",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "now",
    "then",
    "so",
    "but",
    "and",
    "yes",
    "no",
    "well",
    "okay",
    "ok",
    "look",
    "listen",
    "result",
    "reminder",
    "tip",
    "rule",
    "lesson",
    "summary",
    "quote",
    "correction",
    "source",
    "caution",
    "important",
    "also",
    "plus",
    "bonus",
    "translation",
    "disclaimer",
    "background",
    "context",
    "why",
    "what",
    "how",
    "who",
    "where",
    "when",
    "this",
    "that",
    "it",
    "chapter",
    "part",
    "topic",
    "problem",
    "solution",
    "point",
    "hint",
    "spoiler",
    "breaking",
    "fact",
    "truth",
    "news",
    "headline",
    "meanwhile",
    "again",
    "still",
    "anyway",
];

fn is_ordinary_word(head: &str) -> bool {
    !head.contains(char::is_whitespace) && ORDINARY_WORDS.contains(&head.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start: u64, end: u64, speaker: Option<&str>, text: &str) -> Cue {
        Cue {
            start_ms: Some(start),
            end_ms: Some(end),
            speaker: speaker.map(str::to_string),
            text: text.into(),
        }
    }

    fn story(cues: Vec<Cue>, prefixes: bool) -> Story {
        let timed = Timed {
            title: Some("T".into()),
            cues,
            prefixes,
        };
        into_story(timed, "test", "x", None, Timestamp::UNIX_EPOCH).unwrap()
    }

    #[test]
    fn prefixes_name_people_and_leave_sentences_alone() {
        assert_eq!(
            prefix("Maria Gonzalez: Welcome back."),
            Prefix::Name {
                name: "Maria Gonzalez",
                rest: "Welcome back."
            }
        );
        assert_eq!(
            prefix("[Speaker 2]: Hi."),
            Prefix::Name {
                name: "Speaker 2",
                rest: "Hi."
            }
        );
        assert_eq!(
            prefix(">> Ana de la Cruz: Yes."),
            Prefix::Name {
                name: "Ana de la Cruz",
                rest: "Yes."
            }
        );
        assert_eq!(prefix("Here's the thing: no."), Prefix::Ordinary);
        assert_eq!(prefix("Remember: always."), Prefix::Ordinary);
        assert_eq!(prefix("At 6:15 we left."), Prefix::None);
        assert_eq!(prefix("See https://example.org"), Prefix::None);
    }

    #[test]
    fn speakers_carry_over_and_one_speakers_cues_make_one_turn() {
        let s = story(
            vec![
                cue(0, 2_000, Some("Maria Gonzalez"), "We went down to the"),
                cue(2_000, 4_000, None, "river at dawn."),
                cue(4_000, 6_000, Some("Gonzalez"), "And it was cold."),
                cue(6_000, 8_000, Some("Tom Reyes"), "Really?"),
            ],
            false,
        );
        assert_eq!(s.speakers.len(), 2);
        assert_eq!(s.speakers[0].aliases, ["Gonzalez"]);
        assert_eq!(s.turns.len(), 2);
        assert_eq!(
            s.turns[0].paragraphs,
            ["We went down to the river at dawn. And it was cold."]
        );
        assert_eq!(s.turns[1].start_ms, Some(6_000));
    }

    #[test]
    fn without_speakers_a_pause_starts_a_turn() {
        let s = story(
            vec![
                cue(0, 1_000, None, "One."),
                cue(1_100, 2_000, None, "Two."),
                cue(6_000, 7_000, None, "Three."),
            ],
            true,
        );
        let starts: Vec<_> = s.turns.iter().map(|t| t.start_ms).collect();
        assert_eq!(starts, [Some(0), Some(6_000)]);
        assert!(s.speakers.is_empty());
    }

    #[test]
    fn ordinary_colons_outnumbering_names_give_no_speakers() {
        let s = story(
            vec![
                cue(0, 1_000, None, "Note: the bridge is shut."),
                cue(1_000, 2_000, None, "Here is why: floods."),
                cue(2_000, 3_000, None, "Maria: Really."),
            ],
            true,
        );
        assert!(s.speakers.is_empty());
        assert_eq!(
            s.turns[0].paragraphs[0],
            "Note: the bridge is shut. Here is why: floods. Maria: Really."
        );
    }

    #[test]
    fn a_name_alone_on_a_cue_names_the_next_ones() {
        let s = story(
            vec![
                cue(0, 1_000, None, ">> Ana Ruiz: Hi."),
                cue(1_000, 2_000, None, "Tom Reyes:"),
                cue(2_000, 3_000, None, "Hello."),
            ],
            true,
        );
        assert_eq!(s.turns.len(), 2);
        assert_eq!(s.turns[1].speaker.as_deref(), Some("Tom Reyes"));
        assert_eq!(s.turns[1].paragraphs, ["Hello."]);
        assert_eq!(s.turns[1].start_ms, Some(2_000));
    }

    #[test]
    fn captions_without_punctuation_still_break_into_paragraphs() {
        let words: Vec<Cue> = (0..1_000u64)
            .map(|i| cue(i * 300, i * 300 + 300, Some("Ana"), "word"))
            .collect();
        let s = story(words, false);
        let lengths: Vec<usize> = s.turns[0]
            .paragraphs
            .iter()
            .map(|p| word_count(p))
            .collect();
        assert!(
            lengths.len() > 2 && lengths.iter().all(|&n| n <= 3 * LONG_PARAGRAPH_WORDS),
            "{lengths:?}"
        );
        assert_eq!(lengths.iter().sum::<usize>(), 1_000);
    }

    #[test]
    fn doubts_and_self_introductions_as_on_a_page() {
        use crate::story::WarningKind::*;
        let s = story(
            vec![
                cue(0, 1_000, Some("CORNISH"), "Hello. I'm Audie Cornish."),
                cue(1_000, 2_000, Some("Kemble"), "Thanks for having me."),
                cue(2_000, 3_000, Some("Kebmle"), "The harbor froze."),
            ],
            false,
        );
        let names: Vec<&str> = s.speakers.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Audie Cornish", "Kemble"]);
        let warnings: Vec<_> = s
            .warnings
            .iter()
            .map(|w| (w.kind, w.detail.as_str()))
            .collect();
        assert_eq!(
            warnings,
            [
                (TypoLabelMerged, "Kebmle"),
                (DateNotFound, ""),
                (UnresolvedLabel, "Kemble")
            ]
        );
    }

    #[test]
    fn sound_cues_stand_apart() {
        let s = story(
            vec![
                cue(0, 1_000, Some("Ana"), "Hi."),
                cue(1_000, 2_000, None, "[MUSIC]"),
                cue(2_000, 3_000, None, "Back."),
            ],
            false,
        );
        let kinds: Vec<_> = s.turns.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, [TurnKind::Speech, TurnKind::Cue, TurnKind::Speech]);
        assert_eq!(s.turns[2].speaker.as_deref(), Some("Ana"));
    }
}
