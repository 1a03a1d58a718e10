//! Raw transcript bytes to a Story, in stages that each can be tested on
//! their own: decode, sanitize, paragraphs, page, classify, attribute.

mod decode;
pub mod html;
pub mod label;
mod page;
mod paragraphs;

use std::collections::{BTreeSet, HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
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
    #[error("no transcript on the page")]
    NoTranscriptOnPage,
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
    // By content, not by name: a `.txt` that holds a page is a page.
    if html::is_html(bytes) {
        return html::parse(bytes, file_name, imported_at);
    }
    parse_text(bytes, file_name, imported_at)
}

/// Parses a transcript as text (a page copied as text, or the paragraphs
/// an HTML page gave).
fn parse_text(
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
    let speakers = resolver.into_speakers(|written| display_names(written, &turns));
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
            ..Source::default()
        },
        imported_at: imported_at.round(jiff::Unit::Second).unwrap_or(imported_at),
        air_date: page.air_date,
        program: None,
        byline: None,
        turns: Vec::new(),
        speakers,
        bio: page.bio,
        warnings: Vec::new(),
    };
    story.turns = turns
        .into_iter()
        .map(|t| Turn {
            kind: t.kind,
            speaker: t.speaker.map(|i| story.speakers[i].name.clone()),
            paragraphs: t.paragraphs,
            start_ms: None,
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

/// Display names for every speaker: the name as the story's own prose
/// writes it ("Mitch McConnell"), else title case. One search over the
/// prose finds every surname at once, however many speakers there are.
fn display_names(written: &[Vec<String>], turns: &[RawTurn]) -> Vec<String> {
    let mut found: Vec<Option<String>> = vec![None; written.len()];
    let names = NameIndex::new(written);
    let prose = Prose::new(turns);
    for (start, end) in surname_hits(&names.tails, &prose.lowered) {
        let (paragraph, start, end) = prose.locate(start, end);
        if !paragraph[end..].starts_with(char::is_alphanumeric) {
            names.name_in(before(paragraph, start, NAME_REACH, end), &mut found);
        }
    }
    found
        .into_iter()
        .zip(written)
        .map(|(name, w)| name.unwrap_or_else(|| title_case(&w.join(" "))))
        .collect()
}

/// Up to this many surnames, one SIMD substring search each beats building
/// an automaton (measured with `cargo bench --bench parse`).
const FEW_SURNAMES: usize = 24;

/// Where the surname tails occur in `text`, as (start, end).
fn surname_hits(tails: &[String], text: &str) -> Vec<(usize, usize)> {
    if tails.len() <= FEW_SURNAMES {
        return tails
            .iter()
            .flat_map(|t| {
                memchr::memmem::find_iter(text.as_bytes(), t).map(|at| (at, at + t.len()))
            })
            .collect();
    }
    // Leftmost-longest lets the automaton's SIMD prefilter run, and loses
    // nothing: a hit names every speaker whose name ends where it ends.
    let finder = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .match_kind(MatchKind::LeftmostLongest)
        .build(tails);
    finder
        .iter()
        .flat_map(|f| f.find_iter(text))
        .map(|hit| (hit.start(), hit.end()))
        .collect()
}

/// A story's speech joined and ASCII-lower-cased once: byte offsets in
/// `lowered` are byte offsets in the paragraphs.
struct Prose<'a> {
    paragraphs: Vec<&'a str>,
    starts: Vec<usize>,
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

    /// The paragraph a hit falls in, and the hit's offsets within it.
    fn locate(&self, start: usize, end: usize) -> (&'a str, usize, usize) {
        let i = self.starts.partition_point(|&s| s <= start) - 1;
        let paragraph = self.paragraphs[i];
        let offset = self.starts[i];
        (
            paragraph,
            start - offset,
            (end - offset).min(paragraph.len()),
        )
    }
}

/// Speakers by the folded words of their names, and the surname tails to
/// look for in prose: each surname without its first letter, the one that
/// prose capitalizes, so that ASCII case-insensitivity is enough.
struct NameIndex {
    tails: Vec<String>,
    by_words: HashMap<Vec<String>, Vec<usize>>,
    lengths: BTreeSet<usize>,
}

impl NameIndex {
    fn new(written: &[Vec<String>]) -> NameIndex {
        let mut index = NameIndex {
            tails: Vec::new(),
            by_words: HashMap::new(),
            lengths: BTreeSet::new(),
        };
        let mut tails = HashSet::new();
        for (i, w) in written.iter().enumerate() {
            let words: Vec<String> = w.iter().flat_map(|word| fold::words(word)).collect();
            index.lengths.insert(words.len());
            index.by_words.entry(words).or_default().push(i);
            let tail = surname_tail(w);
            if !tail.is_empty() && tails.insert(tail.clone()) {
                index.tails.push(tail);
            }
        }
        index
    }

    /// Names every still-unnamed speaker whose whole name ends `window`
    /// in mixed case.
    fn name_in(&self, window: &str, found: &mut [Option<String>]) {
        let tokens = fold::tokens(window);
        for &len in self
            .lengths
            .iter()
            .filter(|&&len| len > 0 && len <= tokens.len())
        {
            let tail = &tokens[tokens.len() - len..];
            let span = &window[tail[0].start..];
            if !span.chars().any(char::is_lowercase) {
                continue;
            }
            let words: Vec<String> = tail.iter().map(|t| t.folded.clone()).collect();
            for &speaker in self.by_words.get(&words).into_iter().flatten() {
                found[speaker].get_or_insert_with(|| span.to_string());
            }
        }
    }
}

fn surname_tail(written: &[String]) -> String {
    let lower = written.last().map(|w| w.to_lowercase()).unwrap_or_default();
    lower
        .char_indices()
        .nth(1)
        .map_or(String::new(), |(i, _)| lower[i..].to_string())
}

/// `text[start - reach..end]`, widened to a character boundary.
fn before(text: &str, start: usize, reach: usize, end: usize) -> &str {
    let mut from = start.saturating_sub(reach);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    &text[from..end]
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
