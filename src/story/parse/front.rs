//! YAML front matter on a re-posted notes file: `title:` and `date:` say
//! what the page would, and the block itself is no part of the story.

use jiff::civil::Date;

use super::meta::find_date;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<Date>,
}

/// Splits a leading `---` … `---` block off `text`.
pub fn front_matter(text: &str) -> (FrontMatter, &str) {
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
    let mut front = FrontMatter::default();
    for line in after_open[..close].lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" if !value.is_empty() => front.title = Some(value.to_string()),
            "date" => front.date = find_date(value),
            _ => {}
        }
    }
    (front, &after_open[close + 4..])
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
    fn a_rule_without_a_block_is_left_alone() {
        let text = "---\nNo closing rule here.";
        assert_eq!(front_matter(text), (FrontMatter::default(), text));
    }
}
