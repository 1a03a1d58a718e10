//! Small helpers for text shown to a reader, shared by the parser, the TUI
//! and the command line: a count with its noun in the right number, so all
//! say "1 story" and "2 stories" alike, and a byte cut that never splits a
//! character.

/// `n` with `one` or `many` after it: "1 story", "0 stories".
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// The last character boundary of `text` at or before byte `at` (the end
/// when `at` is past it): a cut by bytes there never splits a character.
/// `str::floor_char_boundary` does this from Rust 1.91, newer than hark's
/// rust-version.
pub(crate) fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    // A character is at most 4 bytes, so this looks back 3 at most.
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_cut_moves_back_to_the_start_of_the_character() {
        // 2-byte Cyrillic, 3-byte CJK, 4-byte emoji.
        let text = "aЖ東🙂";
        assert_eq!(floor_char_boundary(text, 2), 1);
        assert_eq!(floor_char_boundary(text, 3), 3);
        assert_eq!(floor_char_boundary(text, 5), 3);
        assert_eq!(floor_char_boundary(text, 9), 6);
        assert_eq!(floor_char_boundary(text, 10), 10);
        assert_eq!(floor_char_boundary(text, 99), 10);
        assert_eq!(floor_char_boundary("", 3), 0);
        for at in 0..=text.len() {
            let cut = floor_char_boundary(text, at);
            assert!(cut <= at && text.is_char_boundary(cut), "{at} -> {cut}");
            assert!(at - cut < 4, "{at} -> {cut}");
        }
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(counted(1, "story", "stories"), "1 story");
        assert_eq!(counted(0, "story", "stories"), "0 stories");
        assert_eq!(counted(12, "new story", "new stories"), "12 new stories");
        assert_eq!(counted(2, "file was", "files were"), "2 files were");
    }
}
