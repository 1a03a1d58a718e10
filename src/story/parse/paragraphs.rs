//! Text to paragraphs. Paragraphs are separated by blank lines, but pages
//! copied with one paragraph per line work too: inside a block, a line only
//! continues the one before when that one looks hard-wrapped.

use super::label;

/// A line at least this long that stops mid-sentence was wrapped.
const WRAPPED_LINE_MIN: usize = 60;

pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(last) if open && continues(last, line) => {
                last.push(' ');
                last.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
        open = true;
    }
    out
}

fn continues(previous: &str, line: &str) -> bool {
    previous.len() >= WRAPPED_LINE_MIN
        && !previous.ends_with(['.', '!', '?', '"', '”', '’', '\'', ')', ']', ':'])
        && !line.starts_with(['(', '[', '•', '<'])
        && label::parse(line).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate_paragraphs_and_runs_of_them_count_once() {
        assert_eq!(paragraphs("one.\n\n\n\ntwo.\n"), ["one.", "two."]);
    }

    #[test]
    fn one_paragraph_per_line_without_blank_lines() {
        let text = "Headline\nHOST: Hello there.\nAnother paragraph.\nGUEST: Hi.";
        assert_eq!(
            paragraphs(text),
            [
                "Headline",
                "HOST: Hello there.",
                "Another paragraph.",
                "GUEST: Hi."
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_join() {
        let text = "This sentence was wrapped by an editor at a column somewhere\naround seventy characters.\n\nNext.";
        assert_eq!(
            paragraphs(text),
            [
                "This sentence was wrapped by an editor at a column somewhere around seventy characters.",
                "Next."
            ]
        );
    }

    #[test]
    fn a_label_never_continues_a_wrapped_line() {
        let text =
            "A long line that happens to stop without any punctuation at all\nKELEMEN: New turn.";
        assert_eq!(paragraphs(text).len(), 2);
    }
}
