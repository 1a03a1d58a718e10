//! Raw transcript bytes to a Story, in stages that each can be tested on
//! their own: decode, sanitize, paragraphs, page, classify, attribute.
//! `detect` names the format; text copied from a page, saved HTML pages,
//! SRT, WebVTT, the podcast namespace's JSON and HTML, and transcription
//! tools' text exports each have a reader, and the timed ones share
//! `timed` for who said what.
//!
//! Part of the domain: uses `story` only, and reads bytes it is handed,
//! never a file or a URL.

mod cues;
mod decode;
mod detect;
mod front;
pub(crate) mod html;
mod intro;
pub(crate) mod label;
mod meta;
mod page;
mod paragraphs;
mod segments;
mod srt;
mod text_export;
mod timed;
mod transcript_html;
mod vtt;

pub use detect::{Format, detect};

use std::collections::{BTreeSet, HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use jiff::Timestamp;
use thiserror::Error;

use super::resolve::{Resolver, title_case};
use super::text::floor_char_boundary;
use super::{
    FORMAT_VERSION, Role, Source, Story, Turn, TurnKind, Warning, WarningKind, content_id, fold,
    sanitize,
};
use label::Label;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("the file is empty")]
    Empty,
    #[error("not a text file (binary data)")]
    Binary,
    #[error("no transcript text found, only page chrome")]
    NoTranscript,
    /// An RSS or Atom feed handed over as if it were a transcript.
    #[error(
        "a podcast feed, not a transcript: feeds are imported by their address (`hark import https://…/feed.xml`)"
    )]
    Feed,
    /// A file in a timed format (WebVTT, SRT, JSON) that does not read as one.
    #[error("not a readable {format}: {problem}")]
    Malformed {
        format: &'static str,
        problem: String,
    },
    #[error("no transcript on the page")]
    NoTranscriptOnPage,
}

/// One paragraph of a transcript, classified.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Block<'a> {
    Labeled(Label<'a>, &'a str),
    Cue(&'a str),
    Note(&'a str),
    Text(&'a str),
    /// A paragraph under a label that names no person (`TV:`, a show's
    /// name): said, but by no one the story knows.
    Unattributed(&'a str),
}

/// Bumped whenever a change to the parser would derive a different story
/// from the same bytes: a library re-parses its stories from their
/// originals when it meets a newer version (see `library::revise`).
/// 2: titles, dates, programs and speakers on real pages of every shape.
/// 3: rules without keys are no front matter; not-a-person lines stand
/// apart; fallback titles end at a sentence; podcast warnings and names.
pub(crate) const PARSER_VERSION: u32 = 3;

/// Parses one transcript: the first story on the page. `file_name` is
/// recorded as the source; `imported_at` is stamped on it.
pub fn parse(
    bytes: &[u8],
    file_name: Option<&str>,
    imported_at: Timestamp,
) -> Result<Story, ParseError> {
    parse_all(bytes, file_name, imported_at)?
        .into_iter()
        .next()
        .ok_or(ParseError::NoTranscript)
}

/// Parses every story on a page: one, or several on a member station's
/// listing page. Stories without any transcript text are left out.
pub fn parse_all(
    bytes: &[u8],
    file_name: Option<&str>,
    imported_at: Timestamp,
) -> Result<Vec<Story>, ParseError> {
    // By content, not by name: a `.txt` that holds a page is a page, and a
    // page of <cite>d speakers is a podcast's transcript, read as one.
    if html::is_html(bytes) && !transcript_html::looks_like(&String::from_utf8_lossy(bytes)) {
        return html::parse(bytes, file_name, imported_at).map(|story| vec![story]);
    }
    parse_text_all(bytes, file_name, imported_at)
}

/// Parses a transcript as text (a page copied as text, or the paragraphs
/// an HTML page gave): its first story.
fn parse_text(
    bytes: &[u8],
    file_name: Option<&str>,
    imported_at: Timestamp,
) -> Result<Story, ParseError> {
    parse_text_all(bytes, file_name, imported_at)?
        .into_iter()
        .next()
        .ok_or(ParseError::NoTranscript)
}

/// Every story of a transcript given as text, or in a podcast's format.
fn parse_text_all(
    bytes: &[u8],
    file_name: Option<&str>,
    imported_at: Timestamp,
) -> Result<Vec<Story>, ParseError> {
    let decoded = decode::decode(bytes)?;
    let text = sanitize::clean_text(&decoded);
    if detect::is_feed(&text) {
        return Err(ParseError::Feed);
    }
    let format = detect(&text, file_name);
    if format != Format::NprText {
        return Ok(vec![parse_timed(format, &text, file_name, imported_at)?]);
    }
    let (front, rest) = front::front_matter(&text);
    let pages = page::split_pages(paragraphs::paragraphs(rest));
    let single = pages.len() == 1;
    let stories: Vec<Story> = pages
        .into_iter()
        .filter(|page| !page.body.is_empty())
        .map(|mut page| {
            page.title = front.title.clone().or(page.title.take());
            page.air_date = front.date.or(page.air_date);
            let id = if single {
                content_id(text.trim())
            } else {
                content_id(&page.body.join("\n\n"))
            };
            build_story(page, id, file_name, imported_at)
        })
        .collect();
    if stories.is_empty() {
        return Err(ParseError::NoTranscript);
    }
    Ok(stories)
}

fn build_story(
    page: page::Page,
    id: String,
    file_name: Option<&str>,
    imported_at: Timestamp,
) -> Story {
    let mut warnings = Vec::new();
    let mut people = HashMap::new();
    let mut blocks: Vec<Block> = page
        .body
        .iter()
        .map(|p| classify_in(p, page.program.as_deref(), &mut people, &mut warnings))
        .collect();
    if uses_mixed_case_labels(&blocks) {
        for block in &mut blocks {
            if let Block::Text(text) = *block
                && let Some((label, rest)) = label::parse_mixed_case(text)
            {
                *block = Block::Labeled(label, rest);
            }
        }
    }
    let (resolver, turns) = attribute(&blocks);
    let typos = resolver.typos.clone();
    let speakers = resolver.into_speakers(|written| {
        let prose = speech(&turns).chain(page.header_prose.iter().map(String::as_str));
        display_names(written, prose.collect())
    });
    // Chrome is short; long paragraphs need no look.
    for p in page
        .body
        .iter()
        .filter(|p| p.len() <= 100 && page::is_chrome(p))
    {
        warn(&mut warnings, WarningKind::ChromeKept, p);
    }
    let mut story = Story {
        format_version: FORMAT_VERSION,
        id,
        title: page.title.clone().unwrap_or_default(),
        source: Source {
            file_name: file_name.map(|name| sanitize::clean_line(name).into_owned()),
            station: page.station,
            ..Source::default()
        },
        imported_at: imported_at.round(jiff::Unit::Second).unwrap_or(imported_at),
        air_date: page.air_date,
        program: page.program,
        byline: page.byline,
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
    if page.title.is_none() {
        story.title = first_words(&story);
    }
    if story.byline.is_none() {
        story.byline = story
            .speakers
            .iter()
            .find(|s| s.role == Some(Role::Byline))
            .map(|s| s.name.clone());
    }
    story.warnings = warnings;
    add_doubts(&mut story, &typos, page.title.is_some());
    story
}

/// The warnings every format's story gets alike, page or podcast: label
/// typos merged, no title, no date, labels left unresolved.
pub(super) fn add_doubts(story: &mut Story, typos: &[String], title_found: bool) {
    let warnings = &mut story.warnings;
    for typo in typos {
        warn(warnings, WarningKind::TypoLabelMerged, typo);
    }
    if !title_found {
        warn(warnings, WarningKind::TitleNotFound, "");
    }
    if story.air_date.is_none() {
        warn(warnings, WarningKind::DateNotFound, "");
    }
    for s in story.speakers.iter().filter(|s| is_unresolved(s)) {
        warn(warnings, WarningKind::UnresolvedLabel, &s.label);
    }
}

/// The speech paragraphs of raw turns, where prose names people.
fn speech(turns: &[RawTurn]) -> impl Iterator<Item = &str> {
    turns
        .iter()
        .filter(|t| t.kind == TurnKind::Speech)
        .flat_map(|t| t.paragraphs.iter().map(String::as_str))
}

/// Enough of one kind to show the reader where to look; past that, more
/// of the same would only cost time on huge inputs.
const MAX_WARNINGS_OF_A_KIND: usize = 20;

fn warn(warnings: &mut Vec<Warning>, kind: WarningKind, detail: &str) {
    let of_kind = warnings.iter().filter(|w| w.kind == kind).count();
    let seen = warnings
        .iter()
        .any(|w| w.kind == kind && w.detail == detail);
    if !seen && of_kind < MAX_WARNINGS_OF_A_KIND {
        warnings.push(Warning {
            kind,
            detail: detail.to_string(),
        });
    }
}

/// A speaker known only by one word of a label: `CONAN:` with no
/// "Neal Conan" anywhere.
fn is_unresolved(s: &super::Speaker) -> bool {
    !s.label.is_empty()
        && !s.name.contains(' ')
        && !s.label.contains(' ')
        && !s.label.starts_with(|c: char| c.is_lowercase())
}

/// No headline: the transcript's first words stand in, never the file name.
pub(super) fn first_words(story: &Story) -> String {
    const WORDS: usize = 8;
    let first = story
        .turns
        .iter()
        .filter(|t| t.kind == TurnKind::Speech)
        .chain(story.turns.iter())
        .flat_map(|t| t.paragraphs.iter())
        .find(|p| !is_greeting(p))
        .map_or("", String::as_str);
    let words: Vec<&str> = first.split_whitespace().take(WORDS + 1).collect();
    // A sentence that ends within reach is the title whole.
    let sentence_end = words[..words.len().min(WORDS)]
        .iter()
        .position(|w| ends_sentence(w));
    let kept = sentence_end.map_or(words.len().min(WORDS), |at| at + 1);
    let mut title = words[..kept].join(" ");
    if sentence_end.is_none() && words.len() > WORDS {
        title = title
            .trim_end_matches([',', ';', ':', '-', '—', '…'])
            .trim_end_matches("...")
            .to_string();
        title.push('…');
    }
    if title.is_empty() {
        "Untitled".into()
    } else {
        title
    }
}

/// "harbor." or "wait!\"": the word ends a sentence; "Dr." does not.
fn ends_sentence(word: &str) -> bool {
    let bare = word.trim_end_matches(['"', '”', '’', '\'', ')']);
    bare.ends_with(['!', '?']) || (bare.ends_with('.') && !is_abbreviation(bare))
}

/// "Dr.", "St.", "U.S.": a dot that ends no sentence.
fn is_abbreviation(word: &str) -> bool {
    const SHORT: &[&str] = &[
        "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.", "Sr.", "Rev.", "Mt.",
    ];
    let letters = word.trim_end_matches('.');
    SHORT.contains(&word) || letters.contains('.') || letters.chars().count() == 1
}

/// "Beloveds,", "Dear friends,": a letter's greeting, never a title.
fn is_greeting(p: &str) -> bool {
    p.ends_with(',') && p.split_whitespace().count() <= 3
}

/// Podcast formats: each reader finds cues, one path attributes them.
fn parse_timed(
    format: Format,
    text: &str,
    file_name: Option<&str>,
    imported_at: Timestamp,
) -> Result<Story, ParseError> {
    let malformed = |problem: String| ParseError::Malformed {
        format: format.name(),
        problem,
    };
    let timed = match format {
        Format::WebVtt => vtt::read(text),
        Format::Srt => srt::read(text),
        Format::JsonSegments => segments::read(text).map_err(|err| malformed(err.to_string()))?,
        Format::TranscriptHtml => transcript_html::read(text),
        Format::TextExport | Format::NprText => text_export::read(text),
    };
    timed::into_story(timed, format.name(), text, file_name, imported_at)
}

pub(crate) fn classify(paragraph: &str) -> Block<'_> {
    if is_wrapped(paragraph, '(', ')') {
        return Block::Cue(paragraph);
    }
    if is_wrapped(paragraph, '[', ']') || page::is_opening_note(paragraph) {
        return Block::Note(paragraph);
    }
    match label::parse(paragraph) {
        Some((label, rest)) => Block::Labeled(label, rest),
        None => Block::Text(paragraph),
    }
}

/// Names that label a show or a device, not a person.
const NOT_PEOPLE: &[&str] = &[
    "tv",
    "radio",
    "video",
    "audio",
    "music",
    "npr",
    "transcript",
];

/// `classify`, with what the page tells: its program (a show's name used
/// as a label is no person), and a bare `:` dropped.
fn classify_in<'a>(
    paragraph: &'a str,
    program: Option<&str>,
    not_people: &mut HashMap<&'a str, bool>,
    warnings: &mut Vec<Warning>,
) -> Block<'a> {
    if let Some(rest) = paragraph.strip_prefix(':') {
        warn(warnings, WarningKind::NotAPerson, ":");
        return classify(rest.trim_start());
    }
    match classify(paragraph) {
        // Labels repeat; each way of writing one is judged once.
        Block::Labeled(label, _)
            if *not_people
                .entry(label.written)
                .or_insert_with(|| names_no_person(&label, program)) =>
        {
            warn(warnings, WarningKind::NotAPerson, label.written);
            Block::Unattributed(paragraph)
        }
        block => block,
    }
}

fn names_no_person(label: &Label, program: Option<&str>) -> bool {
    const SHOWS: &[&str] = &[
        "talk of the nation",
        "all things considered",
        "morning edition",
    ];
    let is = |words: &str| {
        let mut words = words.split(' ');
        label
            .name
            .iter()
            .all(|name| words.next().is_some_and(|w| w.eq_ignore_ascii_case(name)))
            && words.next().is_none()
    };
    if label.role.is_some() || label.name.len() > 6 {
        return false;
    }
    NOT_PEOPLE.iter().any(|w| is(w)) || SHOWS.iter().any(|w| is(w)) || program.is_some_and(is)
}

/// Some producers write labels in title case, `Brian Lehrer:`. A page is
/// taken to do so when at least three paragraphs open that way and one
/// such label repeats.
fn uses_mixed_case_labels(blocks: &[Block]) -> bool {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for block in blocks {
        if let Block::Text(text) = block
            && let Some((label, _)) = label::parse_mixed_case(text)
        {
            *seen.entry(label.written).or_default() += 1;
        }
    }
    seen.values().sum::<usize>() >= 3 && seen.values().any(|&n| n > 1)
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
/// notes stand apart, and text before any label is the unattributed intro,
/// unless a host introduces themselves in it ("This is FRESH AIR. I'm
/// Terry Gross.").
fn attribute(blocks: &[Block]) -> (Resolver, Vec<RawTurn>) {
    let labels = blocks.iter().filter_map(|b| match b {
        Block::Labeled(label, _) => Some(label),
        _ => None,
    });
    let intros = intro::names(blocks.iter().filter_map(|b| match b {
        Block::Labeled(_, text) | Block::Text(text) | Block::Unattributed(text) => Some(*text),
        _ => None,
    }));
    let mut resolver = Resolver::new(labels, intros);
    let mut turns: Vec<RawTurn> = Vec::new();
    let mut current = None;
    let mut current_from_intro = false;
    for block in blocks {
        let stands_apart = matches!(block, Block::Unattributed(_));
        let (kind, speaker, text) = match block {
            Block::Cue(text) => (TurnKind::Cue, None, *text),
            // Never glued to the speaker before: the show's line is not
            // theirs, nor is what follows it.
            Block::Unattributed(text) => {
                current = None;
                current_from_intro = false;
                (TurnKind::Speech, None, *text)
            }
            Block::Note(text) => (TurnKind::Note, None, *text),
            Block::Labeled(label, rest) => {
                current = Some(resolver.resolve(label));
                current_from_intro = false;
                (TurnKind::Speech, current, *rest)
            }
            Block::Text(text) => {
                if (current.is_none() || current_from_intro)
                    && let Some(name) = intro::opening(text)
                {
                    current = Some(resolver.resolve_intro(&name));
                    current_from_intro = true;
                }
                (TurnKind::Speech, current, *text)
            }
        };
        if text.is_empty() {
            continue;
        }
        match turns.last_mut() {
            Some(last)
                if kind == TurnKind::Speech
                    && !stands_apart
                    && last.kind == kind
                    && last.speaker == speaker =>
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
fn display_names(written: &[Vec<String>], prose: Vec<&str>) -> Vec<String> {
    names_in_prose(written, prose)
        .into_iter()
        .zip(written)
        .map(|(name, w)| name.unwrap_or_else(|| title_case(&w.join(" "))))
        .collect()
}

/// Each speaker's name as `prose` writes it, where it does.
pub(super) fn names_in_prose(written: &[Vec<String>], prose: Vec<&str>) -> Vec<Option<String>> {
    let mut found: Vec<Option<String>> = vec![None; written.len()];
    let mut longer = LongerNames::new(written.len());
    let names = NameIndex::new(written);
    let prose = Prose::new(prose);
    for (start, end) in surname_hits(&names.tails, &prose.lowered) {
        let (paragraph, start, end) = prose.locate(start, end);
        if !paragraph[end..].starts_with(char::is_alphanumeric) {
            let window = before(paragraph, start, NAME_REACH, end);
            names.name_in(window, &mut found);
            longer.note(&names, window);
        }
    }
    found
        .into_iter()
        .enumerate()
        .map(|(i, name)| longer.take(i).or(name))
        .collect()
}

/// Full names the prose gives speakers known only by a surname label:
/// "joining us is Dara McIntyre" names `MCINTYRE:`, unless the prose
/// gives two different ones.
struct LongerNames {
    names: Vec<Option<String>>,
    ambiguous: Vec<bool>,
}

impl LongerNames {
    fn new(speakers: usize) -> LongerNames {
        LongerNames {
            names: vec![None; speakers],
            ambiguous: vec![false; speakers],
        }
    }

    fn note(&mut self, index: &NameIndex, window: &str) {
        let Some((surname, name)) = name_ending(window) else {
            return;
        };
        for &i in index
            .by_words
            .get(&vec![fold::fold(surname)])
            .into_iter()
            .flatten()
        {
            match &self.names[i] {
                Some(known) if known != name => self.ambiguous[i] = true,
                Some(_) => {}
                None => self.names[i] = Some(name.to_string()),
            }
        }
    }

    fn take(&mut self, i: usize) -> Option<String> {
        if self.ambiguous[i] {
            return None;
        }
        self.names[i].take()
    }
}

/// The capitalized first names before the surname that ends `window`:
/// ("McIntyre", "Dara McIntyre").
fn name_ending(window: &str) -> Option<(&str, &str)> {
    const NOT_NAMES: &[&str] = &[
        "The",
        "And",
        "But",
        "So",
        "Then",
        "When",
        "If",
        "As",
        "At",
        "In",
        "On",
        "Of",
        "For",
        "With",
        "From",
        "By",
        "To",
        "This",
        "That",
        "Says",
        "Said",
        "Now",
        "Here",
        "Well",
        "Yes",
        "No",
        "Oh",
        "Thank",
        "Thanks",
        "Dear",
        "Hi",
        "Hey",
        "Hello",
        "Welcome",
        "Senator",
        "Mayor",
        "President",
        "Governor",
        "Judge",
        "Professor",
        "Doctor",
        "Officer",
        "Reverend",
    ];
    let words: Vec<&str> = window.split(' ').collect();
    let (&surname, before) = words.split_last()?;
    if !surname.starts_with(char::is_uppercase) || !surname.chars().any(char::is_lowercase) {
        return None;
    }
    let mut firsts = 0;
    for word in before.iter().rev().take(2) {
        let initial = word.len() == 2 && word.ends_with('.');
        let name_like = word.starts_with(char::is_uppercase)
            && (initial || word.chars().all(char::is_alphabetic))
            && !NOT_NAMES.contains(word)
            && !fold::is_honorific(word);
        if !name_like {
            break;
        }
        firsts += 1;
    }
    if firsts == 0 {
        return None;
    }
    let tail: usize = words[words.len() - 1 - firsts..]
        .iter()
        .map(|w| w.len() + 1)
        .sum::<usize>()
        - 1;
    Some((surname, &window[window.len() - tail..]))
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
    fn new(paragraphs: Vec<&'a str>) -> Prose<'a> {
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
    &text[floor_char_boundary(text, start.saturating_sub(reach))..end]
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

#[cfg(test)]
mod tests;
