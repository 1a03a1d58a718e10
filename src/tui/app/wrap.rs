//! Word wrapping by display width, so wide characters and accents take the
//! columns they really take on screen. Words are split at spaces and tabs;
//! a tab takes one column, as it does once `sanitize::clean_line` has
//! turned it into a space, which the transcript does before it wraps.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

/// The byte ranges of `text` that make its lines at `width` columns.
/// Breaks at spaces and tabs, keeping a run of them inside a line whole;
/// a word wider than a line is cut where it must be.
/// Always at least one line, so an empty paragraph still has a place.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    // The line being filled: where it starts, ends and how wide it is.
    let mut line: Option<(usize, usize, usize)> = None;
    for word in words(text) {
        let cols = text[word.clone()].width();
        match line {
            // Every space or tab between the line's end and the word is
            // drawn, so each counts.
            Some((start, end, used)) if used + (word.start - end) + cols <= width => {
                line = Some((start, word.end, used + (word.start - end) + cols));
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

/// The byte ranges between runs of spaces and tabs: one byte and one
/// column each, so the bytes between two words are the columns between them.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut offset = 0;
    text.split([' ', '\t']).filter_map(move |word| {
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
    fn runs_of_spaces_and_tabs_take_their_columns() {
        assert_eq!(lines("a  b", 3), ["a", "b"]);
        assert_eq!(lines("a  b", 4), ["a  b"]);
        assert_eq!(lines("a\t\tb c", 4), ["a\t\tb", "c"]);
        assert_eq!(lines("a \t b", 4), ["a", "b"]);
        assert_eq!(lines("\t  東京  大阪", 6), ["東京", "大阪"]);
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

    /// Columns as the transcript draws a line: a tab as the one space
    /// `clean_line` makes of it, everything else by unicode-width.
    fn drawn_width(line: &str) -> usize {
        line.replace('\t', " ").width()
    }

    fn words_and_gaps() -> impl Strategy<Value = String> {
        let word = proptest::string::string_regex("[a-zé東京🙂]{1,7}").unwrap();
        let gap = proptest::string::string_regex("[ \t]{1,4}").unwrap();
        let edge = || proptest::string::string_regex("[ \t]{0,3}").unwrap();
        (
            edge(),
            proptest::collection::vec((word, gap), 0..12),
            edge(),
        )
            .prop_map(|(lead, pairs, tail)| {
                let body: String = pairs.into_iter().map(|(w, g)| w + &g).collect();
                lead + &body + &tail
            })
    }

    use proptest::prelude::*;

    proptest! {
        /// However the words are spaced, no line is wider than the width
        /// (or than the one wide character a 1-column line must still
        /// hold), and every word is kept, in order.
        #[test]
        fn spaced_words_fit_and_none_is_lost(text in words_and_gaps(), width in 1usize..16) {
            let ranges = wrap(&text, width);
            let mut previous_end = 0;
            for range in &ranges {
                let line = &text[range.clone()];
                prop_assert!(drawn_width(line) <= width.max(2), "{:?} at {}", line, width);
                prop_assert!(range.start >= previous_end, "lines overlap: {:?}", ranges);
                previous_end = range.end;
            }
            let kept: String = ranges.iter().map(|r| &text[r.clone()]).collect();
            let letters = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            prop_assert_eq!(letters(&kept), letters(&text));
        }
    }
}
