//! Speaker labels at the start of a paragraph: `NAME, HOST:`, `KELEMEN:`,
//! `MAYOR HAROLD BANKS JR:`, and the old style `Ms. NAME (Affiliation):`.

use crate::story::Role;
pub(crate) use crate::story::resolve::Label;

/// A label is short; a colon further in belongs to the text.
const MAX_LABEL_LEN: usize = 160;
const MAX_NAME_WORDS: usize = 6;
const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "dr", "rev"];
const TITLES: &[&str] = &[
    "mayor",
    "president",
    "senator",
    "sen",
    "governor",
    "gov",
    "rep",
    "representative",
    "judge",
    "gen",
    "general",
    "secretary",
    "chancellor",
    "principal",
];

/// Splits a label off the front of `paragraph`, returning it and the text
/// after the colon (empty when the label stands alone).
pub(crate) fn parse(paragraph: &str) -> Option<(Label<'_>, &str)> {
    // Most paragraphs are sentences: their first word already says no.
    let first_word = paragraph.split([' ', ',', ':', '：']).next()?;
    let could_start_label = is_upper_word(first_word)
        || is_in(first_word, HONORIFICS)
        || first_word.eq_ignore_ascii_case("unidentified");
    if !paragraph.starts_with(char::is_uppercase) || !could_start_label {
        return None;
    }
    let (colon, width) = label_colon(paragraph)?;
    let label = parse_prefix(paragraph[..colon].trim_end())?;
    Some((label, paragraph[colon + width..].trim_start()))
}

/// A title-case label, `Brian Lehrer:` or `Kai:`, as some producers write
/// them. Only trusted when the caller has seen the page use that style.
pub(crate) fn parse_mixed_case(paragraph: &str) -> Option<(Label<'_>, &str)> {
    let (colon, width) = label_colon(paragraph)?;
    let written = paragraph[..colon].trim_end();
    let rest = paragraph[colon + width..].trim_start();
    let words: Vec<&str> = written.split_whitespace().collect();
    let shaped = (1..=4).contains(&words.len())
        && written.len() <= 40
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
        })
        && written.chars().any(char::is_lowercase)
        && !rest.is_empty();
    shaped.then(|| {
        let label = Label {
            written,
            honorific: None,
            title: Vec::new(),
            name: words,
            role: None,
            description: None,
            unidentified: false,
        };
        (label, rest)
    })
}

/// The colon that ends the label, and its width in bytes: the first one
/// outside parentheses, so that `(Author, "Book: A Subtitle"):` keeps its
/// affiliation whole. A fullwidth `：` counts.
fn label_colon(paragraph: &str) -> Option<(usize, usize)> {
    let window = &paragraph.as_bytes()[..paragraph.len().min(MAX_LABEL_LEN)];
    let colon = match memchr::memchr(b':', window) {
        Some(at) => at,
        None => return fullwidth_colon(paragraph),
    };
    if memchr::memchr(b'(', &window[..colon]).is_none() {
        return Some((colon, 1));
    }
    let mut depth = 0u32;
    for (i, c) in paragraph
        .char_indices()
        .take_while(|(i, _)| *i < MAX_LABEL_LEN)
    {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.checked_sub(1)?,
            ':' if depth == 0 => return Some((i, 1)),
            _ => {}
        }
    }
    None
}

fn fullwidth_colon(paragraph: &str) -> Option<(usize, usize)> {
    // Only a colon within a label's reach counts: no need to search the
    // rest of a long paragraph.
    let width = '：'.len_utf8();
    let window = &paragraph.as_bytes()[..paragraph.len().min(MAX_LABEL_LEN + width)];
    let at = memchr::memmem::find(window, "：".as_bytes())?;
    (at < MAX_LABEL_LEN).then_some((at, width))
}

/// The name's words, with a number tag run into a word split off:
/// `Unidentified Man#1` is `Unidentified Man #1`.
fn name_words(name_part: &str) -> Vec<&str> {
    let mut words = Vec::new();
    for word in name_part.split_whitespace() {
        match word.find('#') {
            Some(at) if at > 0 => {
                words.push(&word[..at]);
                words.push(&word[at..]);
            }
            _ => words.push(word),
        }
    }
    words
}

fn parse_prefix(written: &str) -> Option<Label<'_>> {
    let (head, description) = split_affiliation(written)?;
    let (name_part, role_text) = match head.split_once(',') {
        Some((name, role)) => (name, Some(role.trim())),
        None => (head, None),
    };
    let mut words: Vec<&str> = name_words(name_part);
    let honorific = take_first_if(&mut words, |w| is_in(w, HONORIFICS));
    let unidentified = words
        .first()
        .is_some_and(|w| w.eq_ignore_ascii_case("unidentified"));
    let name_ok = if unidentified {
        words.iter().all(|w| is_unidentified_word(w))
    } else {
        words.iter().all(|w| is_upper_word(w))
    };
    let mut title = Vec::new();
    while words.len() > 1 && is_in(words[0], TITLES) {
        title.push(words.remove(0));
    }
    let starts_with_letter = words.first()?.starts_with(char::is_alphabetic);
    if !name_ok || !starts_with_letter || words.len() > MAX_NAME_WORDS {
        return None;
    }
    let (role, role_description) = match role_text {
        Some(text) => parse_role(text)?,
        None => (None, None),
    };
    Some(Label {
        written,
        honorific,
        title,
        name: words,
        role,
        description: description.or(role_description),
        unidentified,
    })
}

/// `NAME (Affiliation)`: the affiliation runs to the last parenthesis,
/// which must close the label.
fn split_affiliation(written: &str) -> Option<(&str, Option<&str>)> {
    let Some(open) = written.find('(') else {
        return Some((written, None));
    };
    let inner = written[open + 1..].strip_suffix(')')?.trim();
    Some((&written[..open], (!inner.is_empty()).then_some(inner)))
}

/// After the comma: `HOST`, `BYLINE`, the old style's lower-case `host`,
/// or a short upper-case description.
fn parse_role(text: &str) -> Option<(Option<Role>, Option<&str>)> {
    if text.eq_ignore_ascii_case("host") {
        return Some((Some(Role::Host), None));
    }
    if text.eq_ignore_ascii_case("byline") {
        return Some((Some(Role::Byline), None));
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let all_upper = words.iter().all(|w| is_upper_word(w));
    (!words.is_empty() && words.len() <= 5 && all_upper).then_some((None, Some(text)))
}

fn take_first_if<'a>(words: &mut Vec<&'a str>, pred: impl Fn(&str) -> bool) -> Option<&'a str> {
    let first = *words.first()?;
    (words.len() > 1 && pred(first)).then(|| words.remove(0))
}

fn is_in(word: &str, list: &[&str]) -> bool {
    let bare = word.trim_end_matches('.');
    list.iter().any(|w| w.eq_ignore_ascii_case(bare))
}

/// A word of an upper-case name: `KELEMEN`, `O'REILLY-NG`, `SZYMAŃSKA`,
/// `J`, `JR.`, `#1`.
fn is_upper_word(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        match c {
            c if c.is_alphabetic() => {
                if c.is_lowercase() {
                    return false;
                }
                letters += 1;
            }
            c if c.is_ascii_digit() => {}
            '\'' | '’' | '-' | '.' | '#' => {}
            _ => return false,
        }
    }
    letters > 0 || is_number_tag(word)
}

/// Old-style `Unidentified Man #2` comes in title case.
fn is_unidentified_word(word: &str) -> bool {
    word.chars().all(char::is_alphabetic) || is_number_tag(word)
}

fn is_number_tag(word: &str) -> bool {
    word.strip_prefix('#')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(p: &str) -> Vec<&str> {
        parse(p)
            .unwrap_or_else(|| panic!("no label in {p:?}"))
            .0
            .name
    }

    #[test]
    fn new_style_labels_with_roles() {
        let (label, rest) = parse("MICHELE KELEMEN, BYLINE: Secretary of State").unwrap();
        assert_eq!(label.name, ["MICHELE", "KELEMEN"]);
        assert_eq!(label.role, Some(Role::Byline));
        assert_eq!(label.written, "MICHELE KELEMEN, BYLINE");
        assert_eq!(rest, "Secretary of State");
        assert_eq!(
            parse("ARI SHAPIRO, HOST: Hi").unwrap().0.role,
            Some(Role::Host)
        );
        assert_eq!(name("KELEMEN: The U.S."), ["KELEMEN"]);
    }

    #[test]
    fn titles_suffixes_initials_and_accents() {
        let (label, _) = parse("MAYOR HAROLD BANKS JR: Thanks.").unwrap();
        assert_eq!(label.title, ["MAYOR"]);
        assert_eq!(label.name, ["HAROLD", "BANKS", "JR"]);
        assert_eq!(name("J PIMENTEL: Yes."), ["J", "PIMENTEL"]);
        assert_eq!(name("RENÉE DUBOIS: Oui."), ["RENÉE", "DUBOIS"]);
        assert_eq!(name("KIERAN O'REILLY-NG: So."), ["KIERAN", "O'REILLY-NG"]);
        assert_eq!(name("AGATA SZYMAŃSKA: Tak."), ["AGATA", "SZYMAŃSKA"]);
    }

    #[test]
    fn unidentified_speakers_keep_their_numbers() {
        let (label, _) = parse("UNIDENTIFIED PERSON #1: Hey.").unwrap();
        assert!(label.unidentified);
        assert_eq!(label.name, ["UNIDENTIFIED", "PERSON", "#1"]);
        assert_eq!(
            name("Unidentified Man #2: Well."),
            ["Unidentified", "Man", "#2"]
        );
    }

    #[test]
    fn old_style_labels() {
        let (label, _) = parse("NEAL CONAN, host: Welcome.").unwrap();
        assert_eq!(label.role, Some(Role::Host));
        let (label, _) = parse("Ms. ANGELA VANTERPOOL (Director, Harbor Trust): We").unwrap();
        assert_eq!(label.honorific, Some("Ms."));
        assert_eq!(label.name, ["ANGELA", "VANTERPOOL"]);
        assert_eq!(label.description, Some("Director, Harbor Trust"));
        let (label, rest) = parse(r#"Mr. OTIS BRANDT (Author, "Tides: A Memoir"): Well."#).unwrap();
        assert_eq!(label.description, Some(r#"Author, "Tides: A Memoir""#));
        assert_eq!(rest, "Well.");
        let (label, _) = parse("WALTER (Caller): Hi.").unwrap();
        assert_eq!(
            (label.name, label.description),
            (vec!["WALTER"], Some("Caller"))
        );
        assert_eq!(name("Mr. BRANDT: Sure."), ["BRANDT"]);
    }

    #[test]
    fn run_in_numbers_fullwidth_colons_and_mixed_case() {
        let (label, _) = parse("Unidentified Man#1: Hey.").unwrap();
        assert_eq!(label.name, ["Unidentified", "Man", "#1"]);
        let (label, rest) = parse("ANA LIMA：Hola.").unwrap();
        assert_eq!((label.name, rest), (vec!["ANA", "LIMA"], "Hola."));
        let (label, rest) = parse_mixed_case("Brian Lehrer: Good morning.").unwrap();
        assert_eq!(
            (label.name, rest),
            (vec!["Brian", "Lehrer"], "Good morning.")
        );
        assert!(parse_mixed_case("Council member Nora says: no.").is_none());
    }

    #[test]
    fn label_alone_on_its_line() {
        let (label, rest) = parse("TOMAS REYES, HOST:").unwrap();
        assert_eq!(label.name, ["TOMAS", "REYES"]);
        assert_eq!(rest, "");
    }

    #[test]
    fn colons_in_text_are_not_labels() {
        for text in [
            "At 6:15 the meeting began.",
            "He said: no.",
            "3:09 p.m. on Friday was when it rang.",
            "The U.S. has said: enough.",
            "Next Up: the weather",
            "(SOUNDBITE OF MUSIC: THEME)",
            "WHO said this, and why is it: unclear",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
