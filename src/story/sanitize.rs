//! Strips everything that could reach a terminal as a control: escape
//! sequences whole (payload included), C0 and C1 controls, bidi overrides
//! and zero-width characters. Used at import and again at render, so a
//! story file edited by hand is as safe as one hark wrote.

use std::borrow::Cow;
use std::path::Path;

use super::Story;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';

/// True for characters that never belong in displayed text.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
        // Invisible: tag characters (which can smuggle hidden ASCII) and
        // the Hangul fillers, which draw as blanks of any width.
        | '\u{e0000}'..='\u{e007f}' | '\u{115f}' | '\u{1160}' | '\u{ffa0}')
}

/// Sanitizes text that may span lines: newlines are kept, tabs become
/// spaces, everything unsafe goes.
pub(crate) fn clean_text(text: &str) -> Cow<'_, str> {
    if find_suspicious(text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let (mut checked, mut kept) = (0, 0);
    // Safe runs are copied whole; only characters that start with a
    // suspicious byte are looked at one by one.
    while let Some(at) = find_suspicious(rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let mut chars = rest[at..].chars();
        let before = chars.as_str().len();
        match chars.next() {
            Some('\t') => out.push(' '),
            // A lone CR could rewrite the line it is on.
            Some('\r') => out.push('\n'),
            Some(ESC) => skip_escape(&mut chars),
            // C1 forms of CSI, DCS, OSC and the string controls.
            Some('\u{9b}') => skip_csi(&mut chars),
            Some('\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}') => skip_string(&mut chars),
            Some(c) if is_unsafe(c) => {}
            Some(c) => {
                out.push(c);
                kept += c.len_utf8();
            }
            None => {}
        }
        checked += before - chars.as_str().len();
        rest = chars.as_str();
    }
    // Nothing changed when every character looked at was kept as it was.
    if kept == checked {
        return Cow::Borrowed(text);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Every unsafe character is a C0 byte, DEL, or a UTF-8 sequence that starts
/// with one of six lead bytes (C1 controls, U+061C, the Hangul fillers at
/// U+115F, the U+2xxx format characters, U+FEFF, U+FFA0 and U+FFF9.., and
/// the tags at U+E00xx), so a byte scan finds them all.
fn is_suspicious(b: &u8) -> bool {
    matches!(b, 0..=0x09 | 0x0b..=0x1f | 0x7f | 0xc2 | 0xd8 | 0xe1 | 0xe2 | 0xef | 0xf3)
}

/// The first suspicious byte. Whole chunks are tested without early exit,
/// which the compiler turns into vector compares: this runs on every byte
/// of every import.
fn find_suspicious(bytes: &[u8]) -> Option<usize> {
    const CHUNK: usize = 32;
    let mut chunks = bytes.chunks_exact(CHUNK);
    let tail_start = bytes.len() - chunks.remainder().len();
    let chunk = chunks
        .position(|c| c.iter().fold(false, |any, b| any | is_suspicious(b)))
        .map_or(tail_start, |i| i * CHUNK);
    bytes[chunk..]
        .iter()
        .position(is_suspicious)
        .map(|i| chunk + i)
}

/// Sanitizes one line for display: as `clean_text`, and newlines become
/// spaces.
pub(crate) fn clean_line(text: &str) -> Cow<'_, str> {
    match clean_text(text) {
        Cow::Borrowed(s) if !s.contains('\n') => Cow::Borrowed(s),
        other => Cow::Owned(other.replace('\n', " ")),
    }
}

/// A name from outside (a file name, a config key) for a message: as it is
/// when it is plain, else in double quotes with every control, quote and
/// invisible character escaped, so that it can neither drive the terminal
/// nor fake a line of output.
pub(crate) fn quoted(name: &str) -> Cow<'_, str> {
    let plain = |c: char| !is_unsafe(c) && !matches!(c, '\n' | '\t' | '"' | '\\');
    if name.chars().all(plain) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if plain(c) => out.push(c),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    out.push('"');
    Cow::Owned(out)
}

/// A path for a message, as `quoted` shows names.
pub fn path(path: &Path) -> String {
    quoted(&path.to_string_lossy()).into_owned()
}

/// Cleans every text field of a story read from disk in place, so that a
/// hand-edited file is as clean as one hark wrote wherever its text goes,
/// JSON output included. Clean text costs a byte scan and no copy.
pub(crate) fn clean_story(story: &mut Story) {
    fn line(text: &mut String) {
        if let Cow::Owned(clean) = clean_line(text) {
            *text = clean;
        }
    }
    fn lines(text: &mut String) {
        if let Cow::Owned(clean) = clean_text(text) {
            *text = clean;
        }
    }
    line(&mut story.title);
    let source = &mut story.source;
    let optional = [&mut story.program, &mut story.byline, &mut source.file_name];
    let optional = optional
        .into_iter()
        .chain([&mut source.station, &mut source.url]);
    optional
        .chain([&mut source.audio_url])
        .flatten()
        .for_each(line);
    story.bio.iter_mut().for_each(lines);
    for speaker in &mut story.speakers {
        line(&mut speaker.name);
        line(&mut speaker.label);
        speaker.aliases.iter_mut().for_each(line);
        speaker.title.iter_mut().for_each(line);
        speaker.description.iter_mut().for_each(line);
    }
    for turn in &mut story.turns {
        turn.speaker.iter_mut().for_each(line);
        turn.paragraphs.iter_mut().for_each(lines);
    }
    for warning in &mut story.warnings {
        line(&mut warning.detail);
    }
}

type Chars<'a> = std::str::Chars<'a>;

/// Takes the next character only when `wanted` says so.
fn next_if(chars: &mut Chars, wanted: impl Fn(char) -> bool) -> Option<char> {
    let mut probe = chars.clone();
    let c = probe.next().filter(|c| wanted(*c))?;
    *chars = probe;
    Some(c)
}

fn skip_escape(chars: &mut Chars) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // nF sequences: intermediates, then one final character.
        Some('\u{20}'..='\u{2f}') => {
            while next_if(chars, |c| ('\u{20}'..='\u{2f}').contains(&c)).is_some() {}
            chars.next();
        }
        // Any other two-character escape (ESC c, ESC 7, ...) is gone already.
        _ => {}
    }
}

/// CSI: parameter and intermediate bytes, then one final byte.
fn skip_csi(chars: &mut Chars) {
    while let Some(c) = next_if(chars, |c| c != '\n') {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            return;
        }
    }
}

/// OSC, DCS, SOS, PM, APC: a payload up to BEL or ST (ESC \ or U+9C). A
/// payload that never ends swallows the rest of the line, not the file.
fn skip_string(chars: &mut Chars) {
    while let Some(c) = next_if(chars, |c| c != '\n') {
        match c {
            BEL | '\u{9c}' => return,
            ESC => {
                next_if(chars, |c| c == '\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_csi_osc_dcs_whole() {
        assert_eq!(clean_text("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(clean_text("x\x1b]0;pwned title\x07y"), "xy");
        assert_eq!(clean_text("x\x1b]52;c;aGFjaw==\x1b\\y"), "xy");
        assert_eq!(clean_text("x\x1bPq#0;2;0;0;0\x1b\\y"), "xy");
        assert_eq!(clean_text("x\u{9b}2Jy"), "xy");
        assert_eq!(clean_text("x\u{9d}8;;http://evil\u{9c}y"), "xy");
    }

    #[test]
    fn drops_c0_c1_bidi_and_zero_width() {
        assert_eq!(clean_text("a\x07b\x08c\x00d\u{85}e"), "abcde");
        assert_eq!(
            clean_text("abc\u{202e}fed\u{2066}x\u{200b}y\u{feff}"),
            "abcfedxy"
        );
    }

    #[test]
    fn keeps_newlines_and_plain_unicode() {
        let text = "Renée said “hi”\nSzymańska — 東京";
        assert!(matches!(clean_text(text), Cow::Borrowed(_)));
        assert_eq!(clean_line("a\nb\tc"), "a b c");
    }

    #[test]
    fn drops_tag_characters_and_hangul_fillers() {
        assert_eq!(
            clean_text("a\u{e0041}\u{e007f}b\u{115f}c\u{1160}d\u{ffa0}e"),
            "abcde"
        );
        // Their neighbours in the same UTF-8 blocks stay.
        let kept = "Tiếng Việt ᄀ 𝄞 ﾀ";
        assert!(matches!(clean_text(kept), Cow::Borrowed(_)));
    }

    #[test]
    fn quoted_escapes_only_names_that_need_it() {
        assert_eq!(quoted("talks 東京.txt"), "talks 東京.txt");
        assert_eq!(
            quoted("a\nimported 9\x1b]52;c;x\x07\"\u{202e}.txt"),
            r#""a\nimported 9\u{1b}]52;c;x\u{7}\"\u{202e}.txt""#
        );
    }

    #[test]
    fn unterminated_string_stops_at_line_end() {
        assert_eq!(clean_text("a\x1b]0;title\nnext line"), "a\nnext line");
    }
}
