//! Case- and accent-folding, so that `szymanska` finds Szymańska and
//! "JOSH EARNEST" and "Josh Earnest" are one person.

use caseless::Caseless;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Case-folds `text` and strips its accents, appending to `out`.
///
/// Beyond ASCII this is Unicode's compatibility caseless form: NFKD spells
/// out compatibility characters (ﬁ as fi, ǆ as dž) and splits accents off
/// their letters; full case folding maps what lower-casing misses (final
/// ς and σ alike, ß as ss); a second NFKD splits what folding composed.
/// Then the accents go, and the few letters whose stroke is no accent.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for c in text.chars() {
        // A letter or digit whose compatibility form spells out ASCII
        // punctuation or spaces (⑴ as "(1)", ﷺ as four words) keeps only
        // its word characters: a word stays one word, for the matcher and
        // for the FTS5 index's tokenizer alike (which splits at those).
        let in_word = c.is_alphanumeric() || is_combining_mark(c);
        let folded = std::iter::once(c).nfkd().default_case_fold().nfkd();
        for c in folded.filter(|c| !is_combining_mark(*c)) {
            match c {
                'ł' => out.push('l'),
                'ø' => out.push('o'),
                'đ' => out.push('d'),
                // Turkish dotless i: İ folds to i and a dot already.
                'ı' => out.push('i'),
                _ if in_word && c.is_ascii() && !c.is_ascii_alphanumeric() => {}
                _ => out.push(c),
            }
        }
    }
}

/// Whether `c` belongs to the word it follows: letters and digits, and the
/// combining marks of decomposed text (`e` + U+0301), which are no break.
fn continues_word(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Words that say what a person is rather than who: dropped from identity.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "rev",
    "sir",
    "dame",
    "prof",
    "mayor",
    "president",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "judge",
    "gen",
    "general",
    "secretary",
    "chief",
    "father",
    "sister",
    "rabbi",
    "imam",
    "pastor",
    "bishop",
    "officer",
    "sgt",
    "capt",
    "lt",
    "col",
];

const ROLES: &[&str] = &["host", "byline"];

pub(crate) fn is_honorific(word: &str) -> bool {
    let folded = fold(word.trim_end_matches('.'));
    HONORIFICS.contains(&folded.as_str())
}

/// The identity of a person: folded, with honorifics, roles and
/// punctuation removed, so the same person matches across stories.
pub(crate) fn name_key(name: &str) -> String {
    let folded = fold(name);
    let words = folded
        .split(|c: char| !(c.is_alphanumeric() || c == '#'))
        .filter(|w| !w.is_empty() && !HONORIFICS.contains(w) && !ROLES.contains(w));
    let mut key = String::with_capacity(folded.len());
    for word in words {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// A word of text, folded, with where it stands in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub folded: String,
}

/// Splits text into words (runs of letters and digits), folded. Punctuation
/// separates words, so "Assad's" is `assad s` both in text and in queries.
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(i),
            (Some(s), _) if !continues_word(c) => {
                out.push(token(text, s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(token(text, s, text.len()));
    }
    out
}

fn token(text: &str, start: usize, end: usize) -> Token {
    Token {
        start,
        end,
        folded: fold(&text[start..end]),
    }
}

/// Appends the folded words of `text` to `out`, each after a space: what
/// `tokens` finds, without a string per word, for indexing whole stories.
pub(crate) fn push_words(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII letters and digits, the bulk of any text, are copied a run
        // at a time; only other characters are decoded and folded.
        let run = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if run > 0 {
            if !in_word {
                out.push(' ');
            }
            let from = out.len();
            out.push_str(&text[i..i + run]);
            out[from..].make_ascii_lowercase();
            in_word = true;
            i += run;
            continue;
        }
        let c = text[i..]
            .chars()
            .next()
            .expect("i is on a character boundary");
        let len = c.len_utf8();
        if c.is_alphanumeric() {
            if !in_word {
                out.push(' ');
            }
            fold_into(&text[i..i + len], out);
            in_word = true;
        } else if !(in_word && continues_word(c)) {
            in_word = false;
        }
        i += len;
    }
}

/// The folded words of `text`, without positions.
pub(crate) fn words(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|t| t.folded).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character that can stand in a word folds to characters the
    /// index's `ascii` tokenizer keeps in a word (ASCII letters and digits,
    /// anything not ASCII): so the index splits folded text exactly where
    /// the matcher splits it.
    #[test]
    fn a_word_character_folds_to_word_characters_only() {
        let mut folded = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !continues_word(c) {
                continue;
            }
            folded.clear();
            fold_into(c.encode_utf8(&mut [0; 4]), &mut folded);
            assert!(
                folded
                    .chars()
                    .all(|f| !f.is_ascii() || f.is_ascii_alphanumeric()),
                "{c:?} folds to {folded:?}"
            );
        }
        assert_eq!(fold("⑴ ⒈ Ⅻ"), "1 1 xii");
        assert_eq!(words("x⑴harbor (1)"), ["x1harbor", "1"]);
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Szymańska"), "szymanska");
        assert_eq!(fold("RENÉE Dubois"), "renee dubois");
        assert_eq!(fold("Łódź"), "lodz");
    }

    /// Full case folding and compatibility forms: what lower-casing and
    /// stripping accents alone miss.
    #[test]
    fn folds_final_sigma_ligatures_digraphs_and_dotless_i() {
        assert_eq!(fold("Σίσυφος"), fold("ΣΊΣΥΦΟΣ"));
        assert_eq!(fold("σίσυφος"), "σισυφοσ");
        assert_eq!(fold("ﬁnal ﬂight"), "final flight");
        assert_eq!(fold("ǅemal Ǆ ǆ"), "dzemal dz dz");
        assert_eq!(fold("Işık İstanbul"), "isik istanbul");
        assert_eq!(fold("Straße ẞ"), "strasse ss");
    }

    /// Decomposed text (as macOS may save it) is one word per word, and
    /// folds as the composed text does.
    #[test]
    fn decomposed_text_folds_as_composed() {
        let nfd = "Re\u{301}sume\u{301} in Sa\u{303}o Paulo, nai\u{308}ve";
        assert_eq!(words(nfd), ["resume", "in", "sao", "paulo", "naive"]);
        let mut pushed = String::new();
        push_words(nfd, &mut pushed);
        assert_eq!(pushed, " resume in sao paulo naive");
        assert_eq!(name_key("JOSE\u{301} RUIZ"), name_key("José Ruiz"));
    }

    #[test]
    fn name_key_drops_honorifics_and_punctuation() {
        assert_eq!(name_key("Ms. Angela Vanterpool"), "angela vanterpool");
        assert_eq!(name_key("MAYOR HAROLD BANKS JR"), "harold banks jr");
        assert_eq!(name_key("Josh Earnest"), name_key("JOSH EARNEST"));
        assert_eq!(name_key("Unidentified Person #1"), "unidentified person #1");
    }

    #[test]
    fn push_words_agrees_with_tokens() {
        for text in [
            "Assad's régime, at 6:15",
            "  Łódź--ŁÓDŹ ß",
            "",
            "...",
            "a",
            "ﬁ Σίσυφος ı e\u{301}x \u{301}a",
        ] {
            let mut pushed = String::new();
            push_words(text, &mut pushed);
            let joined: String = tokens(text)
                .iter()
                .map(|t| format!(" {}", t.folded))
                .collect();
            assert_eq!(pushed, joined, "{text}");
        }
    }

    #[test]
    fn tokens_split_on_punctuation_and_keep_offsets() {
        let text = "Assad's régime, at 6:15";
        let toks = tokens(text);
        let folded: Vec<_> = toks.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(folded, ["assad", "s", "regime", "at", "6", "15"]);
        assert_eq!(&text[toks[2].start..toks[2].end], "régime");
    }
}
