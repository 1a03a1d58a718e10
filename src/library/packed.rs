//! The packed text index: every turn of every story as one line of folded
//! words, so that a library-wide keyword search is one streaming pass over
//! one file instead of opening every story (and a speaker search never
//! reads text at all).
//!
//! A line is `<story id>\t<turn>\t<speaker key>\t <word> <word> … \n`:
//! `<turn>` is the turn's index, suffixed `c` for a cue or `n` for a note,
//! or `t` for the story's title, program and speakers. Paragraphs are joined by
//! ` | `, which no query word can match, so phrases never span them.

use memchr::memmem;

use crate::story::{Story, TurnKind, fold};

/// Appends the packed lines of `story` to `out`.
pub fn pack(story: &Story, out: &mut String) {
    let names = story.speakers.iter().map(|s| s.name.as_str());
    // The program is on the title line, so the list's words match it.
    let heading = std::iter::once(story.title.as_str()).chain(story.program.as_deref());
    push_line(out, &story.id, "t", "", heading.chain(names));
    for (i, turn) in story.turns.iter().enumerate() {
        let turn_field = match turn.kind {
            TurnKind::Speech => i.to_string(),
            TurnKind::Cue => format!("{i}c"),
            TurnKind::Note => format!("{i}n"),
        };
        let key = turn
            .speaker
            .as_deref()
            .map(fold::name_key)
            .unwrap_or_default();
        push_line(
            out,
            &story.id,
            &turn_field,
            &key,
            turn.paragraphs.iter().map(String::as_str),
        );
    }
}

fn push_line<'a>(
    out: &mut String,
    id: &str,
    turn: &str,
    key: &str,
    texts: impl Iterator<Item = &'a str>,
) {
    out.push_str(id);
    out.push('\t');
    out.push_str(turn);
    out.push('\t');
    out.push_str(key);
    out.push('\t');
    for (i, text) in texts.enumerate() {
        if i > 0 {
            out.push_str(" |");
        }
        fold::push_words(text, out);
    }
    out.push_str(" \n");
}

/// A word sequence to look for: folded words, the last a prefix unless
/// `exact`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    pattern: Vec<u8>,
}

impl Needle {
    pub fn new(words: &[String], exact: bool) -> Needle {
        let mut pattern = Vec::new();
        for w in words {
            pattern.push(b' ');
            pattern.extend_from_slice(w.as_bytes());
        }
        if exact {
            pattern.push(b' ');
        }
        Needle { pattern }
    }

    fn found_in(&self, text: &[u8]) -> bool {
        memmem::find(text, &self.pattern).is_some()
    }
}

/// One line that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<'a> {
    pub story_id: &'a str,
    pub turn: Turn,
    pub speaker_key: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    Title,
    Speech(usize),
    Cue(usize),
    Note(usize),
}

/// Calls `found` for every line of `chunk` (whole lines only) that holds
/// every needle. The longest needle, likely the rarest, is searched for
/// with SIMD; only the lines it lands in are read further.
pub fn scan<'a>(chunk: &'a [u8], needles: &[Needle], found: impl FnMut(Hit<'a>)) {
    scan_without(chunk, needles, &[], found)
}

/// `scan`, leaving out the lines whose text holds any of `without`.
pub fn scan_without<'a>(
    chunk: &'a [u8],
    needles: &[Needle],
    without: &[Needle],
    mut found: impl FnMut(Hit<'a>),
) {
    let kept = |text: &[u8]| !without.iter().any(|n| n.found_in(text));
    let Some(anchor) = needles.iter().max_by_key(|n| n.pattern.len()) else {
        return lines(chunk)
            .filter_map(parse_line)
            .filter(|(_, text)| kept(text))
            .for_each(|(hit, _)| found(hit));
    };
    // The anchor may have landed in the header (a speaker key): every
    // needle, the anchor too, is checked against the text alone.
    for (hit, text) in lines_with(chunk, anchor) {
        if needles.iter().all(|n| n.found_in(text)) && kept(text) {
            found(hit);
        }
    }
}

/// Calls `found(story_id, i)` for every line of `chunk` whose text holds
/// needle `i`: what a story-level search needs, where the words may be
/// spread over the story's turns. Each needle is one SIMD pass.
pub fn scan_each<'a>(chunk: &'a [u8], needles: &[Needle], mut found: impl FnMut(&'a str, usize)) {
    for (i, needle) in needles.iter().enumerate() {
        for (hit, text) in lines_with(chunk, needle) {
            if needle.found_in(text) {
                found(hit.story_id, i);
            }
        }
    }
}

/// Each line of `chunk` that `needle` lands in anywhere, header included,
/// once however often it lands there: one SIMD pass over the chunk.
fn lines_with<'a>(chunk: &'a [u8], needle: &Needle) -> impl Iterator<Item = (Hit<'a>, &'a [u8])> {
    let mut next_line = 0;
    memmem::find_iter(chunk, &needle.pattern).filter_map(move |at| {
        if at < next_line {
            return None;
        }
        let (start, end) = line_around(chunk, at);
        next_line = end + 1;
        parse_line(&chunk[start..end])
    })
}

/// The start and end of the line holding byte `at`.
fn line_around(chunk: &[u8], at: usize) -> (usize, usize) {
    let start = memchr::memrchr(b'\n', &chunk[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &chunk[at..]).map_or(chunk.len(), |i| at + i);
    (start, end)
}

fn lines(chunk: &[u8]) -> impl Iterator<Item = &[u8]> {
    chunk.split(|&b| b == b'\n').filter(|l| !l.is_empty())
}

/// A line's header and its text (from the space before the first word).
fn parse_line(line: &[u8]) -> Option<(Hit<'_>, &[u8])> {
    let mut fields = line.splitn(4, |&b| b == b'\t');
    let story_id = std::str::from_utf8(fields.next()?).ok()?;
    let turn = parse_turn(fields.next()?)?;
    let speaker_key = std::str::from_utf8(fields.next()?).ok()?;
    let text = fields.next()?;
    Some((
        Hit {
            story_id,
            turn,
            speaker_key,
        },
        text,
    ))
}

fn parse_turn(field: &[u8]) -> Option<Turn> {
    let text = std::str::from_utf8(field).ok()?;
    if text == "t" {
        return Some(Turn::Title);
    }
    let (digits, kind): (&str, fn(usize) -> Turn) = match text.as_bytes().last()? {
        b'c' => (&text[..text.len() - 1], Turn::Cue),
        b'n' => (&text[..text.len() - 1], Turn::Note),
        _ => (text, Turn::Speech),
    };
    digits.parse().ok().map(kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::parse::parse;

    fn packed(text: &str) -> String {
        let story = parse(text.as_bytes(), None, jiff::Timestamp::UNIX_EPOCH).unwrap();
        let mut out = String::new();
        pack(&story, &mut out);
        out
    }

    fn needle(words: &str, exact: bool) -> Needle {
        Needle::new(&fold::words(words), exact)
    }

    fn hits(chunk: &str, needles: &[Needle]) -> Vec<(Turn, String)> {
        let mut out = Vec::new();
        scan(chunk.as_bytes(), needles, |h| {
            out.push((h.turn, h.speaker_key.to_string()))
        });
        out
    }

    const STORY: &str = "Talks Stall In Aleppo\n\nANA LIMA, HOST: The talks in Aleppo stalled.\n\n(LAUGHTER)\n\nJOSÉ RUIZ: Plan B? No plan B.\n\nMore from José on Syria's plan.";

    #[test]
    fn packs_one_folded_line_per_turn_and_one_for_the_title() {
        let text = packed(STORY);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        let id = lines[0].split('\t').next().unwrap();
        assert_eq!(
            lines[0],
            format!("{id}\tt\t\t talks stall in aleppo | ana lima | jose ruiz ")
        );
        assert_eq!(
            lines[1],
            format!("{id}\t0\tana lima\t the talks in aleppo stalled ")
        );
        assert_eq!(lines[2], format!("{id}\t1c\t\t laughter "));
        assert!(
            lines[3].ends_with("\tjose ruiz\t plan b no plan b | more from jose on syria s plan ")
        );
    }

    #[test]
    fn finds_lines_holding_every_needle() {
        let text = packed(STORY);
        assert_eq!(
            hits(&text, &[needle("aleppo", false)]),
            [
                (Turn::Title, String::new()),
                (Turn::Speech(0), "ana lima".into())
            ]
        );
        assert_eq!(
            hits(&text, &[needle("syr", false), needle("plan", false)]),
            [(Turn::Speech(2), "jose ruiz".into())]
        );
        assert_eq!(
            hits(&text, &[needle("plan b", true)]),
            [(Turn::Speech(2), "jose ruiz".into())]
        );
        assert_eq!(hits(&text, &[needle("plan bee", true)]), []);
    }

    #[test]
    fn needles_never_match_the_header_or_across_paragraphs() {
        let text = packed(STORY);
        assert_eq!(
            hits(&text, &[needle("ana", false), needle("stalled", false)]).len(),
            0
        );
        assert_eq!(hits(&text, &[needle("b more", true)]), []);
        let id = text.split('\t').next().unwrap();
        assert_eq!(hits(&text, &[needle(&id[..4], false)]).len(), 0);
    }

    #[test]
    fn a_word_in_the_speaker_key_counts_only_when_spoken() {
        let text = packed("T\n\nANA LIMA: Hello.\n\nLIMA: Lima is far.");
        assert_eq!(
            hits(&text, &[needle("lima", false)]).len(),
            2,
            "title line and turn 0"
        );
        let text = packed("T\n\nANA LIMA: Hello.");
        assert_eq!(
            hits(&text, &[needle("lima", false)]),
            [(Turn::Title, String::new())]
        );
    }

    #[test]
    fn scan_each_reports_every_needle_on_its_own_line() {
        let text = packed(STORY);
        let id = text.split('\t').next().unwrap();
        let mut found = Vec::new();
        let needles = [needle("aleppo", false), needle("syria", false)];
        scan_each(text.as_bytes(), &needles, |story, i| found.push((story, i)));
        assert_eq!(found, [(id, 0), (id, 0), (id, 1)], "title, turn 0, turn 2");
        found.clear();
        scan_each(text.as_bytes(), &[needle("ana", false)], |s, i| {
            found.push((s, i))
        });
        assert_eq!(
            found,
            [(id, 0)],
            "the title line names her; no header counts"
        );
    }

    #[test]
    fn no_needles_lists_every_line() {
        assert_eq!(hits(&packed(STORY), &[]).len(), 4);
    }
}
