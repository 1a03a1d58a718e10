use crate::story::fold;
use thiserror::Error;

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

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(super) fn items(&self) -> &[Item] {
        &self.items
    }
}

/// Reads one item off the front of `text`; `None` when it folds to nothing
/// (punctuation alone).
fn next_item(text: &str) -> Result<(Option<Item>, &str), QueryError> {
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
