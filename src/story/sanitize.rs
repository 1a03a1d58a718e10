//! Strips everything that could reach a terminal as a control: escape
//! sequences whole (payload included), C0 and C1 controls, bidi overrides
//! and zero-width characters. Used at import and again at render, so a
//! story file edited by hand is as safe as one hark wrote.

use std::borrow::Cow;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';

/// True for characters that never belong in displayed text.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// Sanitizes text that may span lines: newlines are kept, tabs become
/// spaces, everything unsafe goes.
pub fn clean_text(text: &str) -> Cow<'_, str> {
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
/// with one of four lead bytes (C1 controls, U+061C, the U+2xxx format
/// characters, U+FEFF and U+FFF9..), so a byte scan finds them all.
fn is_suspicious(b: &u8) -> bool {
    matches!(b, 0..=0x09 | 0x0b..=0x1f | 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xef)
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
pub fn clean_line(text: &str) -> Cow<'_, str> {
    match clean_text(text) {
        Cow::Borrowed(s) if !s.contains('\n') => Cow::Borrowed(s),
        other => Cow::Owned(other.replace('\n', " ")),
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
    fn unterminated_string_stops_at_line_end() {
        assert_eq!(clean_text("a\x1b]0;title\nnext line"), "a\nnext line");
    }
}
