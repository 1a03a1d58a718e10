//! Words about text for a reader: a count with its noun in the right
//! number. Shared by the TUI and the command line, so both say "1 story"
//! and "2 stories" alike.

/// `n` with `one` or `many` after it: "1 story", "0 stories".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(counted(1, "story", "stories"), "1 story");
        assert_eq!(counted(0, "story", "stories"), "0 stories");
        assert_eq!(counted(12, "new story", "new stories"), "12 new stories");
        assert_eq!(counted(2, "file was", "files were"), "2 files were");
    }
}
