//! Word wrapping by display width, so wide characters and accents take the
//! columns they really take on screen.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

/// The byte ranges of `text` that make its lines at `width` columns.
/// Breaks at spaces; a word wider than a line is cut where it must be.
/// Always at least one line, so an empty paragraph still has a place.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    // The line being filled: where it starts, ends and how wide it is.
    let mut line: Option<(usize, usize, usize)> = None;
    for word in words(text) {
        let cols = text[word.clone()].width();
        match line {
            Some((start, _, used)) if used + 1 + cols <= width => {
                line = Some((start, word.end, used + 1 + cols));
            }
            _ => {
                if let Some((start, end, _)) = line.take() {
                    lines.push(start..end);
                }
                let mut pieces = cut(text, word, width);
                line = pieces.pop();
                lines.extend(pieces.into_iter().map(|(s, e, _)| s..e));
            }
        }
    }
    if let Some((start, end, _)) = line {
        lines.push(start..end);
    }
    if lines.is_empty() {
        lines.push(0..0);
    }
    lines
}

fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut offset = 0;
    text.split(' ').filter_map(move |word| {
        let start = offset;
        offset += word.len() + 1;
        (!word.is_empty()).then(|| start..start + word.len())
    })
}

/// Cuts one word into pieces no wider than `width` (a lone character wider
/// than the line gets a piece of its own).
fn cut(text: &str, word: Range<usize>, width: usize) -> Vec<(usize, usize, usize)> {
    let mut pieces = Vec::new();
    let (mut start, mut used) = (word.start, 0);
    for (i, c) in text[word.clone()].char_indices() {
        let at = word.start + i;
        let cols = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cols > width && used > 0 {
            pieces.push((start, at, used));
            (start, used) = (at, 0);
        }
        used += cols;
    }
    pieces.push((start, word.end, used));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn breaks_at_spaces_within_width() {
        assert_eq!(lines("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(lines("a  b", 10), ["a  b"]);
        assert_eq!(lines("", 10), [""]);
    }

    #[test]
    fn counts_display_columns_not_bytes() {
        // Each of these takes two columns.
        assert_eq!(lines("東京 大阪", 4), ["東京", "大阪"]);
        assert_eq!(lines("Renée Szymańska", 15), ["Renée Szymańska"]);
    }

    #[test]
    fn cuts_words_longer_than_the_line() {
        assert_eq!(lines("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
        assert_eq!(lines("東京", 1), ["東", "京"]);
    }

    #[test]
    fn no_line_is_wider_than_asked() {
        let text =
            "Secretary of State John Kerry's aides say — 東京 — he didn't make this decision";
        for width in 1..30 {
            for line in lines(text, width) {
                assert!(line.width() <= width.max(2), "{line:?} at {width}");
            }
        }
    }
}
