//! Raw transcript bytes to a Story, in stages that each can be tested on
//! their own: decode, sanitize, paragraphs, page, classify, attribute.

mod decode;
pub mod label;
mod page;
mod paragraphs;

use jiff::Timestamp;
use thiserror::Error;

use super::resolve::{Resolver, title_case};
use super::{FORMAT_VERSION, Source, Story, Turn, TurnKind, content_id, fold, sanitize};
use label::Label;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("the file is empty")]
    Empty,
    #[error("not a text file (binary data)")]
    Binary,
    #[error("no transcript text found, only page chrome")]
    NoTranscript,
}

/// One paragraph of a transcript, classified.
#[derive(Debug, PartialEq, Eq)]
pub enum Block<'a> {
    Labeled(Label<'a>, &'a str),
    Cue(&'a str),
    Note(&'a str),
    Text(&'a str),
}

/// Parses one transcript. `file_name` names the story when the page has no
/// headline; `imported_at` is stamped on it.
pub fn parse(
    bytes: &[u8],
    file_name: Option<&str>,
    imported_at: Timestamp,
) -> Result<Story, ParseError> {
    let decoded = decode::decode(bytes)?;
    let text = sanitize::clean_text(&decoded);
    let page = page::split_page(paragraphs::paragraphs(&text));
    if page.body.is_empty() {
        return Err(ParseError::NoTranscript);
    }
    let blocks: Vec<Block> = page.body.iter().map(|p| classify(p)).collect();
    let (resolver, turns) = attribute(&blocks);
    let prose = Prose::new(&turns);
    let speakers = resolver.into_speakers(|written| prose.display_name(written));
    let mut story = Story {
        format_version: FORMAT_VERSION,
        id: content_id(text.trim()),
        title: page
            .title
            .or_else(|| file_name.map(file_stem))
            .unwrap_or_else(|| "Untitled".into()),
        source: Source {
            file_name: file_name.map(str::to_string),
            station: page.station,
        },
        imported_at: imported_at.round(jiff::Unit::Second).unwrap_or(imported_at),
        air_date: page.air_date,
        turns: Vec::new(),
        speakers,
        bio: page.bio,
    };
    story.turns = turns
        .into_iter()
        .map(|t| Turn {
            kind: t.kind,
            speaker: t.speaker.map(|i| story.speakers[i].name.clone()),
            paragraphs: t.paragraphs,
        })
        .collect();
    if story.bio.is_none() {
        story.bio = take_trailing_bio(&mut story);
    }
    Ok(story)
}

pub fn classify(paragraph: &str) -> Block<'_> {
    if is_wrapped(paragraph, '(', ')') {
        return Block::Cue(paragraph);
    }
    if is_wrapped(paragraph, '[', ']') {
        return Block::Note(paragraph);
    }
    match label::parse(paragraph) {
        Some((label, rest)) => Block::Labeled(label, rest),
        None => Block::Text(paragraph),
    }
}

/// `(LAUGHTER)` is a cue; `(LAUGHTER) Yes, well (pause)` is speech.
fn is_wrapped(p: &str, open: char, close: char) -> bool {
    if !(p.starts_with(open) && p.ends_with(close)) {
        return false;
    }
    let mut depth = 0i32;
    for (i, c) in p.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return i + c.len_utf8() == p.len();
            }
        }
    }
    false
}

/// A turn whose speaker is still an index into the resolver.
struct RawTurn {
    kind: TurnKind,
    speaker: Option<usize>,
    paragraphs: Vec<String>,
}

/// Forms turns: unlabeled paragraphs continue the current speaker, cues and
/// notes stand apart, and text before any label is the unattributed intro.
fn attribute(blocks: &[Block]) -> (Resolver, Vec<RawTurn>) {
    let mut resolver = Resolver::default();
    let mut turns: Vec<RawTurn> = Vec::new();
    let mut current = None;
    for block in blocks {
        let (kind, speaker, text) = match block {
            Block::Cue(text) => (TurnKind::Cue, None, *text),
            Block::Note(text) => (TurnKind::Note, None, *text),
            Block::Labeled(label, rest) => {
                current = Some(resolver.resolve(label));
                (TurnKind::Speech, current, *rest)
            }
            Block::Text(text) => (TurnKind::Speech, current, *text),
        };
        if text.is_empty() {
            continue;
        }
        match turns.last_mut() {
            Some(last)
                if kind == TurnKind::Speech && last.kind == kind && last.speaker == speaker =>
            {
                last.paragraphs.push(text.to_string());
            }
            _ => turns.push(RawTurn {
                kind,
                speaker,
                paragraphs: vec![text.to_string()],
            }),
        }
    }
    (resolver, turns)
}

/// How far before a surname its first names and initials may start.
const NAME_REACH: usize = 120;

/// The story's speech, kept whole and lower-cased once, so that looking up
/// each speaker's name is one substring search rather than a tokenizing pass.
struct Prose<'a> {
    paragraphs: Vec<&'a str>,
    /// Where each paragraph starts in `lowered`.
    starts: Vec<usize>,
    /// All paragraphs, newline-joined, ASCII-lower-cased: byte offsets match.
    lowered: String,
}

impl<'a> Prose<'a> {
    fn new(turns: &'a [RawTurn]) -> Prose<'a> {
        let paragraphs: Vec<&str> = turns
            .iter()
            .filter(|t| t.kind == TurnKind::Speech)
            .flat_map(|t| t.paragraphs.iter().map(String::as_str))
            .collect();
        let mut starts = Vec::with_capacity(paragraphs.len());
        let mut lowered = String::new();
        for p in &paragraphs {
            starts.push(lowered.len());
            lowered.push_str(p);
            lowered.push('\n');
        }
        lowered.make_ascii_lowercase();
        Prose {
            paragraphs,
            starts,
            lowered,
        }
    }

    /// Stretches of prose that may hold a name ending in `word`: around each
    /// place the word appears. The word is looked for without its first
    /// letter, the one letter that prose capitalizes, so that only ASCII had
    /// to be lower-cased.
    fn mentioning(&self, word: &str) -> Vec<&'a str> {
        let lower = word.to_lowercase();
        let tail = lower.char_indices().nth(1).map_or("", |(i, _)| &lower[i..]);
        if tail.is_empty() {
            return self.paragraphs.clone();
        }
        memchr::memmem::find_iter(self.lowered.as_bytes(), tail)
            .map(|at| {
                let i = self.starts.partition_point(|&s| s <= at) - 1;
                let (para, offset) = (self.paragraphs[i], at - self.starts[i]);
                let mut from = offset.saturating_sub(NAME_REACH);
                while !para.is_char_boundary(from) {
                    from -= 1;
                }
                &para[from..(offset + tail.len()).min(para.len())]
            })
            .collect()
    }

    /// The name as the story's own prose writes it ("Mitch McConnell"),
    /// else title case.
    fn display_name(&self, written: &[String]) -> String {
        let wanted: Vec<String> = written.iter().flat_map(|w| fold::words(w)).collect();
        let last = written.last().map(String::as_str).unwrap_or_default();
        self.mentioning(last)
            .into_iter()
            .find_map(|p| name_in(p, &wanted))
            .unwrap_or_else(|| title_case(&written.join(" ")))
    }
}

/// Where `wanted` appears in `text` in mixed case, as written there.
fn name_in(text: &str, wanted: &[String]) -> Option<String> {
    let tokens = fold::tokens(text);
    tokens.windows(wanted.len()).find_map(|window| {
        let same = window.iter().zip(wanted).all(|(t, w)| t.folded == *w);
        let span = &text[window[0].start..window[window.len() - 1].end];
        (same && span.chars().any(char::is_lowercase)).then(|| span.to_string())
    })
}

/// Without a footer to mark the end, a last unlabeled paragraph that opens
/// with a speaker's full name and a verb of biography is the author's bio.
fn take_trailing_bio(story: &mut Story) -> Option<String> {
    const BIO_VERBS: &[&str] = &["is", "has", "was", "joined", "covers", "reports"];
    let turn = story.turns.last()?;
    if turn.kind != TurnKind::Speech || turn.paragraphs.len() < 2 {
        return None;
    }
    let last = turn.paragraphs.last()?;
    let is_bio = story.speakers.iter().filter(|s| s.role.is_some()).any(|s| {
        last.strip_prefix(s.name.as_str())
            .and_then(|rest| rest.split_whitespace().next())
            .is_some_and(|verb| BIO_VERBS.contains(&verb))
    });
    if !is_bio {
        return None;
    }
    story.turns.last_mut()?.paragraphs.pop()
}

fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.rsplit_once('.')
        .map_or(base, |(stem, _)| stem)
        .to_string()
}

#[cfg(test)]
mod tests;
