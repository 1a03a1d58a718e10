use jiff::civil::Date;
use thiserror::Error;

use crate::story::fold;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QueryError {
    #[error("unclosed quote")]
    UnclosedQuote,
    #[error("@ needs a name")]
    EmptySpeaker,
    /// Symbols and punctuation fold to nothing: searching for them alone
    /// would match everything.
    #[error("the query has no words to search for")]
    NoWords,
    /// `after:`, `before:` and `on:` take `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("{0}: a date is YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate(String),
    #[error("show: needs a program's name")]
    EmptyShow,
    /// Only words, phrases and speakers can be left out.
    #[error("- can leave out words, \"phrases\" and @names, not {0}")]
    NegatedField(String),
}

/// A parsed query, before it is bound to the speakers it may name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item {
    /// `@name`: may swallow the bare words after it when together they name
    /// someone (`@josh earnest`).
    Speaker(Vec<String>),
    /// `@"full name"`: exactly these words.
    QuotedSpeaker(Vec<String>),
    Word(Vec<String>),
    Phrase(Vec<String>),
    /// `-word`, `-"a phrase"`, `-@name`: what must not be there.
    Not(Box<Item>),
    /// `after:2016-09`: aired on or after the first day of the period.
    After(Date),
    /// `before:2017`: aired before the first day of the period.
    Before(Date),
    /// `on:2016-10-03`: aired within the period, first and last day.
    On(Date, Date),
    /// `show:"fresh air"`: the program's name holds these words.
    Show(Vec<String>),
}

impl Query {
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let mut items = Vec::new();
        let mut rest = text.trim_start();
        while !rest.is_empty() {
            let (item, after) = next_item(rest)?;
            items.extend(item);
            rest = after.trim_start();
        }
        if items.is_empty() && !text.trim().is_empty() {
            return Err(QueryError::NoWords);
        }
        Ok(Query { items })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The words and phrases that must appear, written back as a query:
    /// what a story opened from a filtered list marks.
    pub(crate) fn words_text(&self) -> String {
        let terms = self.items.iter().filter_map(|item| match item {
            Item::Word(words) => Some(words.join("-")),
            Item::Phrase(words) => Some(format!("\"{}\"", words.join(" "))),
            _ => None,
        });
        terms.collect::<Vec<_>>().join(" ")
    }

    pub(super) fn items(&self) -> &[Item] {
        &self.items
    }
}

/// Reads one item off the front of `text`; `None` when it folds to nothing
/// (punctuation alone).
fn next_item(text: &str) -> Result<(Option<Item>, &str), QueryError> {
    if let Some(negated) = text.strip_prefix('-')
        && negated.starts_with(|c: char| !c.is_whitespace() && c != '-')
    {
        return match next_item(negated)? {
            (Some(item @ (Item::Speaker(_) | Item::QuotedSpeaker(_))), rest)
            | (Some(item @ (Item::Word(_) | Item::Phrase(_))), rest) => {
                Ok((Some(Item::Not(Box::new(item))), rest))
            }
            (Some(_), _) => Err(QueryError::NegatedField(bare_span(negated).0.to_string())),
            (None, rest) => Ok((None, rest)),
        };
    }
    if let Some(field) = field_item(text) {
        return field;
    }
    if let Some(after_at) = text.strip_prefix('@') {
        if let Some(quoted) = after_at.strip_prefix('"') {
            let (inner, rest) = quoted_span(quoted)?;
            let words = fold::words(inner);
            return match words.is_empty() {
                true => Err(QueryError::EmptySpeaker),
                false => Ok((Some(Item::QuotedSpeaker(words)), rest)),
            };
        }
        let (word, rest) = bare_span(after_at);
        let words = fold::words(word);
        return match words.is_empty() {
            true => Err(QueryError::EmptySpeaker),
            false => Ok((Some(Item::Speaker(words)), rest)),
        };
    }
    if let Some(quoted) = text.strip_prefix('"') {
        let (inner, rest) = quoted_span(quoted)?;
        let words = fold::words(inner);
        return Ok(((!words.is_empty()).then_some(Item::Phrase(words)), rest));
    }
    let (word, rest) = bare_span(text);
    let words = fold::words(word);
    Ok(((!words.is_empty()).then_some(Item::Word(words)), rest))
}

/// `after:`, `before:`, `on:` and `show:`; none when `text` starts with
/// none of them (then it is an ordinary word).
fn field_item(text: &str) -> Option<Result<(Option<Item>, &str), QueryError>> {
    let (name, value) = text.split_once(':')?;
    let name = name.to_ascii_lowercase();
    if !["after", "before", "on", "show"].contains(&name.as_str()) {
        return None;
    }
    Some(field_value(&name, value))
}

fn field_value<'a>(name: &str, value: &'a str) -> Result<(Option<Item>, &'a str), QueryError> {
    let (raw, rest) = match value.strip_prefix('"') {
        Some(quoted) => quoted_span(quoted)?,
        None => bare_span(value),
    };
    if name == "show" {
        let words = fold::words(raw);
        return match words.is_empty() {
            true => Err(QueryError::EmptyShow),
            false => Ok((Some(Item::Show(words)), rest)),
        };
    }
    let (first, last) = period(raw).ok_or_else(|| QueryError::BadDate(format!("{name}:{raw}")))?;
    let item = match name {
        "after" => Item::After(first),
        "before" => Item::Before(first),
        _ => Item::On(first, last),
    };
    Ok((Some(item), rest))
}

/// The first and last day of `2016`, `2016-09` or `2016-09-03`.
pub(super) fn period(text: &str) -> Option<(Date, Date)> {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| -> Option<i16> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = number(parts.first()?, 4)?;
    match parts[1..] {
        [] => Some((Date::new(year, 1, 1).ok()?, Date::new(year, 12, 31).ok()?)),
        [month] => {
            let first = Date::new(year, number(month, 2)? as i8, 1).ok()?;
            Some((first, first.last_of_month()))
        }
        [month, day] => {
            let date = Date::new(year, number(month, 2)? as i8, number(day, 2)? as i8).ok()?;
            Some((date, date))
        }
        _ => None,
    }
}

fn quoted_span(text: &str) -> Result<(&str, &str), QueryError> {
    let end = text.find('"').ok_or(QueryError::UnclosedQuote)?;
    Ok((&text[..end], &text[end + 1..]))
}

fn bare_span(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| c.is_whitespace() || c == '"')
        .unwrap_or(text.len());
    (&text[..end], &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<Item> {
        Query::parse(text).unwrap().items
    }

    fn w(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_speakers_words_and_phrases() {
        assert_eq!(
            items(r#"@Kelemen Aleppo "plan B""#),
            [
                Item::Speaker(w(&["kelemen"])),
                Item::Word(w(&["aleppo"])),
                Item::Phrase(w(&["plan", "b"])),
            ]
        );
    }

    #[test]
    fn folds_accents_in_queries() {
        assert_eq!(items("@Martínez"), [Item::Speaker(w(&["martinez"]))]);
    }

    #[test]
    fn quoted_speaker_takes_several_words() {
        assert_eq!(
            items(r#"@"Josh Earnest""#),
            [Item::QuotedSpeaker(w(&["josh", "earnest"]))]
        );
    }

    #[test]
    fn bad_queries_are_errors() {
        assert_eq!(Query::parse(r#"say "plan"#), Err(QueryError::UnclosedQuote));
        assert_eq!(Query::parse("@"), Err(QueryError::EmptySpeaker));
        assert_eq!(Query::parse("aleppo @ "), Err(QueryError::EmptySpeaker));
        assert_eq!(Query::parse("@--"), Err(QueryError::EmptySpeaker));
    }

    #[test]
    fn negation_leaves_out_words_phrases_and_speakers() {
        let not = |item| Item::Not(Box::new(item));
        assert_eq!(
            items(r#"aleppo -syria -"plan b" -@earnest -@"josh earnest""#),
            [
                Item::Word(w(&["aleppo"])),
                not(Item::Word(w(&["syria"]))),
                not(Item::Phrase(w(&["plan", "b"]))),
                not(Item::Speaker(w(&["earnest"]))),
                not(Item::QuotedSpeaker(w(&["josh", "earnest"]))),
            ]
        );
        // A dash inside a word, or alone, is not a negation.
        assert_eq!(items("well-known"), [Item::Word(w(&["well", "known"]))]);
        assert_eq!(items("aleppo - --"), [Item::Word(w(&["aleppo"]))]);
        assert_eq!(
            Query::parse("-after:2016"),
            Err(QueryError::NegatedField("after:2016".into()))
        );
    }

    #[test]
    fn dates_and_shows_narrow_by_air_date_and_program() {
        let date = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(
            items(r#"after:2016-09 before:2017 on:2016-10-03 show:"Fresh Air" SHOW:npr"#),
            [
                Item::After(date(2016, 9, 1)),
                Item::Before(date(2017, 1, 1)),
                Item::On(date(2016, 10, 3), date(2016, 10, 3)),
                Item::Show(w(&["fresh", "air"])),
                Item::Show(w(&["npr"])),
            ]
        );
        assert_eq!(
            items("on:2016-02"),
            [Item::On(date(2016, 2, 1), date(2016, 2, 29))]
        );
        for bad in [
            "after:",
            "on:16",
            "before:2016-13",
            "on:2016-02-30",
            "on:2016-1",
        ] {
            assert!(
                matches!(Query::parse(bad), Err(QueryError::BadDate(_))),
                "{bad}"
            );
        }
        assert_eq!(Query::parse("show:\"\""), Err(QueryError::EmptyShow));
        // Other words with a colon stay words.
        assert_eq!(items("note:this"), [Item::Word(w(&["note", "this"]))]);
    }

    #[test]
    fn words_text_keeps_the_words_and_phrases_alone() {
        let query = Query::parse(r#"@banks well-known -wall "Plan B" after:2016"#).unwrap();
        assert_eq!(query.words_text(), r#"well-known "plan b""#);
        let again = Query::parse(&query.words_text()).unwrap();
        assert_eq!(
            again.items,
            [
                items("well-known")[0].clone(),
                items("\"plan b\"")[0].clone()
            ]
        );
    }

    #[test]
    fn an_empty_query_is_nothing() {
        assert!(Query::parse("").unwrap().is_empty());
        assert!(Query::parse("  ").unwrap().is_empty());
    }

    /// Symbols fold to no words: such a query would match everything.
    #[test]
    fn a_query_of_symbols_only_has_no_words() {
        for text in [" -- ... ", "🙂", "\"\"", "\"🙂\"", "'"] {
            assert_eq!(Query::parse(text), Err(QueryError::NoWords), "{text}");
        }
        assert_eq!(items("aleppo 🙂 --"), [Item::Word(w(&["aleppo"]))]);
    }
}
