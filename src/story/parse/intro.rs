//! Self-introductions: "I'm Audie Cornish", "And I'm Eric Mennel", "This
//! is FRESH AIR. I'm Terry Gross". They name hosts whose first full label
//! a copied page lost, in the casing the text gives.

/// How far into a paragraph an opening introduction may come.
const OPENING_REACH: usize = 120;
const MAX_NAME_WORDS: usize = 4;

/// Every full name introduced in `texts`, once each, as written.
pub(crate) fn names<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<Vec<String>> {
    let mut found: Vec<Vec<String>> = Vec::new();
    for text in texts {
        for at in intro_points(text) {
            if let Some(name) = name_at(&text[at..])
                && !found.contains(&name)
            {
                found.push(name);
            }
        }
    }
    found
}

/// The name a paragraph opens by introducing, for unlabeled text.
pub(crate) fn opening(text: &str) -> Option<Vec<String>> {
    intro_points(text)
        .take_while(|&at| at <= OPENING_REACH)
        .find_map(|at| name_at(&text[at..]))
}

/// Byte offsets just after each "I'm " (or "I’m ", "I am ") in `text`.
/// Every paragraph of every story is looked at, so one byte search for
/// the capital I does it, rather than a substring search per opener.
fn intro_points(text: &str) -> impl Iterator<Item = usize> + '_ {
    const OPENERS: [&str; 3] = ["'m ", "’m ", " am "];
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'I', bytes).filter_map(move |at| {
        let bounded = at == 0 || !text[..at].ends_with(char::is_alphanumeric);
        let after = &bytes[at + 1..];
        let opener = OPENERS.iter().find(|o| after.starts_with(o.as_bytes()))?;
        bounded.then_some(at + 1 + opener.len())
    })
}

/// Two to four capitalized words: "Neal Conan" in "Neal Conan, in
/// Washington", "C. Vivian Stringer", "Kelly McEvers".
fn name_at(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    for raw in text.split(' ').take(MAX_NAME_WORDS + 1) {
        let word = raw.trim_end_matches([',', '.', ';', '!', '?', ':']);
        let initial = word.len() == 1 && raw.ends_with('.');
        let is_name_word = word.starts_with(|c: char| c.is_uppercase())
            && (word.chars().any(char::is_lowercase) || initial)
            && word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'));
        if !is_name_word || words.len() == MAX_NAME_WORDS {
            break;
        }
        words.push(if initial {
            format!("{word}.")
        } else {
            word.to_string()
        });
        // A sentence or clause ends the name, but not an initial's dot.
        if raw.len() != word.len() && !initial {
            break;
        }
    }
    (words.len() >= 2).then_some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Option<String> {
        opening(text).map(|w| w.join(" "))
    }

    #[test]
    fn introductions_in_their_usual_shapes() {
        assert_eq!(
            name("This is FRESH AIR. I'm Terry Gross.").as_deref(),
            Some("Terry Gross")
        );
        assert_eq!(name("And I'm Eric Mennel.").as_deref(), Some("Eric Mennel"));
        assert_eq!(
            name("This is TALK OF THE NATION. I'm Neal Conan, in Washington.").as_deref(),
            Some("Neal Conan")
        );
        assert_eq!(
            name("Hey, I'm Kelly McEvers.").as_deref(),
            Some("Kelly McEvers")
        );
        assert_eq!(
            name("I'm Michel Martin and this is TELL ME MORE.").as_deref(),
            Some("Michel Martin")
        );
        assert_eq!(
            name("I'm C. Vivian Stringer.").as_deref(),
            Some("C. Vivian Stringer")
        );
    }

    #[test]
    fn not_introductions() {
        assert_eq!(name("I'm not sure."), None);
        assert_eq!(name("I'm Regina and I'm a producer."), None);
        assert_eq!(name("Well, I'm Sorry about that."), None);
        assert_eq!(name("FIRM'm Big Deal"), None);
    }
}
