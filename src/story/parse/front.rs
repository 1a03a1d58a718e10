//! YAML front matter on a re-posted notes file: `title:` and `date:` say
//! what the page would, and the block itself is no part of the story.

use jiff::civil::Date;

use super::meta::find_date;

#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<Date>,
}

/// Splits a leading `---` … `---` block off `text`.
pub(crate) fn front_matter(text: &str) -> (FrontMatter, &str) {
    let trimmed = text.trim_start();
    let Some(after_open) = trimmed
        .strip_prefix("---\n")
        .or_else(|| trimmed.strip_prefix("---\r\n"))
    else {
        return (FrontMatter::default(), text);
    };
    let Some(close) = after_open
        .match_indices("\n---")
        .map(|(at, _)| at)
        .find(|&at| after_open[at + 4..].starts_with(['\n', '\r']) || at + 4 == after_open.len())
    else {
        return (FrontMatter::default(), text);
    };
    let block = &after_open[..close];
    if !is_front_matter(block) {
        return (FrontMatter::default(), text);
    }
    let mut front = FrontMatter::default();
    for (key, value) in block.lines().filter_map(key_value) {
        let value = value.trim().trim_matches(['"', '\'']).trim();
        match key.to_ascii_lowercase().as_str() {
            "title" if !value.is_empty() => front.title = Some(value.to_string()),
            "date" => front.date = find_date(value),
            _ => {}
        }
    }
    (front, &after_open[close + 4..])
}

/// A block between rules is front matter only when every line is
/// `key: value` and it says a title or a date; otherwise the rules frame
/// the story itself, which must not be thrown away.
fn is_front_matter(block: &str) -> bool {
    let mut says_what = false;
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let Some((key, _)) = key_value(line) else {
            return false;
        };
        says_what |= key.eq_ignore_ascii_case("title") || key.eq_ignore_ascii_case("date");
    }
    says_what
}

/// `key: value`, the key shaped like `[A-Za-z_][\w-]*`.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let mut chars = key.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let rest_well = chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (starts_well && rest_well).then_some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_date_come_from_the_block() {
        let (front, rest) = front_matter(
            "---\ntitle: \"Gulls: A Return\"\ndate: 2019-05-02\ntags: [x]\n---\nBody.",
        );
        assert_eq!(front.title.as_deref(), Some("Gulls: A Return"));
        assert_eq!(front.date, Date::new(2019, 5, 2).ok());
        assert_eq!(rest.trim(), "Body.");
    }

    #[test]
    fn a_block_of_prose_between_rules_is_the_story() {
        let text = "---\nHarbor Seawall Vote Delayed\n\nANA LIMA, HOST: The council \
                    waited.\n---\nCopyright 2016 NPR.\n";
        assert_eq!(front_matter(text), (FrontMatter::default(), text));
        // Keys, but none that says what the story is.
        let tags = "---\ntags: [x]\nlayout: post\n---\nBody.";
        assert_eq!(front_matter(tags), (FrontMatter::default(), tags));
    }

    #[test]
    fn a_rule_without_a_block_is_left_alone() {
        let text = "---\nNo closing rule here.";
        assert_eq!(front_matter(text), (FrontMatter::default(), text));
    }
}
