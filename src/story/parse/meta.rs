//! What a page says about its story besides the transcript: the air date,
//! the program, the byline. Each test looks at one paragraph's shape.

use std::sync::LazyLock;

use jiff::civil::Date;
use memchr::memmem;

use crate::story::text::floor_char_boundary;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Finds the first "October 3, 2016", "Oct. 3, 2016" or "Sat June 15,
/// 2013" in `text`, including npr.org's run-in "October 3, 20165:00 PM ET",
/// or an ISO "2016-10-03".
pub(crate) fn find_date(text: &str) -> Option<Date> {
    word_spans(text)
        .into_iter()
        .find_map(|(at, word)| date_after_month(month_number(word)?, &text[at + word.len()..]))
        .or_else(|| find_iso_date(text))
}

/// Words of letters (and a trailing dot), with their byte offsets.
fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// "October", "Oct", "Sept": a month's name or its abbreviation, in any
/// case but starting with a capital.
fn month_number(word: &str) -> Option<i8> {
    if !word.starts_with(char::is_uppercase) || !(3..=9).contains(&word.len()) {
        return None;
    }
    let is_abbreviation = word.len() <= 4 && !word.eq_ignore_ascii_case("ma");
    MONTHS
        .iter()
        .position(|m| {
            m.eq_ignore_ascii_case(word)
                || (is_abbreviation
                    && m.get(..word.len())
                        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(word)))
        })
        .map(|m| m as i8 + 1)
}

/// After the month: an optional dot, a space, the day, a comma, the year.
fn date_after_month(month: i8, rest: &str) -> Option<Date> {
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let rest = rest.strip_prefix(' ')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let day: i8 = rest[..digits].parse().ok()?;
    let rest = rest[digits..].strip_prefix(',')?.trim_start();
    let year: i16 = rest.get(..4)?.parse().ok()?;
    Date::new(year, month, day).ok()
}

fn find_iso_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'-', bytes).find_map(|dash| {
        let start = dash.checked_sub(4)?;
        let s = text.get(start..start + 10)?;
        let b = s.as_bytes();
        let shape = b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(j, c)| j == 4 || j == 7 || c.is_ascii_digit());
        let bounded = start == 0 || !bytes[start - 1].is_ascii_digit();
        (shape && bounded).then(|| s.parse::<Date>().ok()).flatten()
    })
}

/// A line that only dates the page: "October 3, 2016 4:20 PM ET",
/// "Updated …", "Published …", "Originally published on Sat June 15, 2013
/// 2:40 pm", "Sat March 23, 2013", "Sep 25, 2020".
pub(crate) fn is_dateline(p: &str) -> bool {
    if p.len() > 80 {
        return false;
    }
    // The first word decides cheaply; most paragraphs are sentences.
    let first_len = p
        .chars()
        .take_while(|c| c.is_alphabetic())
        .map(char::len_utf8)
        .sum();
    let first = &p[..first_len];
    let opener = ["Published", "Updated", "Originally", "Posted", "Aired"].contains(&first);
    let starts_with_date = month_number(first).is_some()
        || (first.len() <= 9
            && WEEKDAYS
                .iter()
                .any(|d| first.get(..3).is_some_and(|f| f.eq_ignore_ascii_case(d))));
    (opener || (starts_with_date && p.split_whitespace().count() <= 8))
        && !reads_as_a_sentence(p)
        && find_date(p).is_some()
}

/// "October 3, 2016, was the day we met." is speech, not a dateline: a
/// dateline's lower-case words are only its little connectives.
fn reads_as_a_sentence(p: &str) -> bool {
    const DATELINE_WORDS: &[&str] = &[
        "at",
        "on",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "published",
        "updated",
        "et",
        "edt",
        "est",
        "pt",
        "pdt",
        "pst",
        "ct",
        "cdt",
        "cst",
        "mt",
        "mdt",
        "mst",
    ];
    p.split_whitespace().any(|word| {
        let bare = word.trim_end_matches([',', ';']);
        bare.starts_with(char::is_lowercase)
            && !bare.contains(|c: char| c.is_ascii_digit())
            && !DATELINE_WORDS.contains(&bare)
    })
}

pub(crate) fn is_originally_published(p: &str) -> bool {
    p.starts_with("Originally published on") && find_date(p).is_some()
}

/// "Heard on All Things Considered" names the program.
pub(crate) fn heard_on(p: &str) -> Option<&str> {
    let program = p.strip_prefix("Heard on ")?.trim();
    let words = program.split_whitespace().count();
    ((1..=6).contains(&words) && !program.ends_with('.')).then_some(program)
}

/// npr.org's "26-Minute Listen", "3-Minute Listen".
pub(crate) fn is_listen_length(p: &str) -> bool {
    p.strip_suffix("-Minute Listen")
        .or_else(|| p.strip_suffix("-Min Listen"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The byline npr.org splits over lines: `By`, a name, `,`, a name.
/// Returns the byline and how many paragraphs it spans from `at`.
pub(crate) fn byline_at(paragraphs: &[String], at: usize) -> Option<(String, usize)> {
    let first = paragraphs.get(at)?;
    if let Some(name) = first.strip_prefix("By ")
        && looks_like_byline_name(name)
    {
        return Some((name.trim().to_string(), 1));
    }
    if first != "By" {
        return None;
    }
    let mut names = Vec::new();
    let mut i = at + 1;
    while let Some(p) = paragraphs.get(i) {
        let p = p.trim();
        if p == "," || p == "and" || p == "&" {
            i += 1;
            continue;
        }
        let expects_name =
            names.is_empty() || matches!(paragraphs[i - 1].trim(), "," | "and" | "&");
        if !expects_name || !looks_like_byline_name(p) {
            break;
        }
        names.push(p.to_string());
        i += 1;
    }
    (!names.is_empty()).then(|| (names.join(", "), i - at))
}

/// A name in a byline: a few capitalized words, no sentence end. (A
/// speaker's name before a colon is `timed::looks_like_speaker_name`.)
fn looks_like_byline_name(p: &str) -> bool {
    let words: Vec<&str> = p.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words.iter().all(|w| w.starts_with(char::is_uppercase))
        && !p.ends_with(['.', ':', '?', '!'])
}

/// A show's name as hosts say it in capitals, "This is FRESH AIR", turned
/// into "Fresh Air"; `run_in` (the npr.org first line) lends its casing.
pub(crate) fn program_from_speech(paragraph: &str, run_in: Option<&str>) -> Option<String> {
    const OPENERS: &[&str] = &[
        "This is ",
        "this is ",
        "listening to ",
        "It's the ",
        "it's the ",
        "welcome to ",
        "Welcome to ",
    ];
    // Built once: the search runs on the first paragraphs of every page.
    static FINDERS: LazyLock<Vec<memmem::Finder<'static>>> = LazyLock::new(|| {
        OPENERS
            .iter()
            .map(|opener| memmem::Finder::new(opener.as_bytes()))
            .collect()
    });
    let head = &paragraph[..floor_char_boundary(paragraph, 200)];
    FINDERS.iter().find_map(|finder| {
        let at = finder.find(head.as_bytes())? + finder.needle().len();
        let caps = capital_run(&head[at..])?;
        Some(cased_program(&caps, run_in))
    })
}

/// The leading run of all-capital words, at least one of three letters or
/// more: "TALK OF THE NATION" in "TALK OF THE NATION. I'm …".
fn capital_run(text: &str) -> Option<String> {
    let mut words = Vec::new();
    for word in text.split(' ') {
        let bare = word.trim_end_matches(['.', ',', '!', '?', ';', ':']);
        let is_caps = bare.chars().any(char::is_alphabetic)
            && bare.chars().all(|c| {
                c.is_uppercase() || matches!(c, '\'' | '’' | '-' | '&') || c.is_ascii_digit()
            });
        if !is_caps {
            break;
        }
        // "WAIT WAIT... DON'T TELL ME": an ellipsis does not end the name.
        if word.ends_with("...") {
            words.push(word);
            continue;
        }
        words.push(bare);
        if bare.len() != word.len() {
            break;
        }
    }
    // Call letters alone ("Welcome to WNYC") name the station.
    let call_letters = words.len() == 1 && words[0].len() <= 4 && words[0].starts_with(['K', 'W']);
    let long_word = words
        .iter()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3);
    (long_word && !call_letters).then(|| words.join(" "))
}

/// "TALK OF THE NATION" as the page writes it elsewhere, else in title case
/// with small words lower and acronyms kept.
fn cased_program(caps: &str, run_in: Option<&str>) -> String {
    if let Some(line) = run_in {
        let lower_line = line.to_lowercase();
        let lower_caps = caps.to_lowercase();
        if let Some(at) = lower_line.find(&lower_caps)
            && line.is_char_boundary(at)
            && line.is_char_boundary(at + caps.len())
        {
            let found = &line[at..at + caps.len()];
            if found != caps {
                return found.to_string();
            }
        }
    }
    const SMALL: &[&str] = &[
        "of", "the", "and", "a", "an", "in", "on", "for", "from", "to",
    ];
    caps.split(' ')
        .enumerate()
        .map(|(i, word)| {
            let lower = word.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                lower
            } else if super::super::resolve::is_acronym(word) {
                word.to_string()
            } else {
                super::super::resolve::title_case(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i16, m: i8, d: i8) -> Option<Date> {
        Date::new(y, m, d).ok()
    }

    #[test]
    fn dates_in_every_shape() {
        assert_eq!(
            find_date("Published October 3, 2016 at 5:10 PM EDT"),
            date(2016, 10, 3)
        );
        assert_eq!(find_date("October 3, 20165:00 PM ET"), date(2016, 10, 3));
        assert_eq!(find_date("December 15, 20239:31 PM ET"), date(2023, 12, 15));
        assert_eq!(
            find_date("Originally published on Sat June 15, 2013 2:40 pm"),
            date(2013, 6, 15)
        );
        assert_eq!(find_date("Updated Oct. 3, 2016 at 5 PM"), date(2016, 10, 3));
        assert_eq!(find_date("Sep 25, 2020"), date(2020, 9, 25));
        assert_eq!(find_date("Sept. 4, 2019"), date(2019, 9, 4));
        assert_eq!(find_date("date: 2016-10-03"), date(2016, 10, 3));
        assert_eq!(find_date("May be soon"), None);
        assert_eq!(find_date("Marching on 3, 2016"), None);
    }

    #[test]
    fn datelines_are_recognised_and_sentences_are_not() {
        for line in [
            "October 3, 2016 4:20 PM ET",
            "December 15, 20239:31 PM ET",
            "Originally published on Sat June 15, 2013 2:40 pm",
            "Updated June 2, 2021 at 9:00 AM ET",
            "Sat March 23, 2013",
        ] {
            assert!(is_dateline(line), "{line}");
        }
        assert!(!is_dateline(
            "On October 3, 2016, the council met and voted."
        ));
    }

    #[test]
    fn split_bylines_join() {
        let paras: Vec<String> = ["By", "Ana Lima", ",", "Tomas Reyes", "26-Minute Listen"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            byline_at(&paras, 0),
            Some(("Ana Lima, Tomas Reyes".to_string(), 4))
        );
        assert!(is_listen_length("26-Minute Listen"));
    }

    /// Only the first 200 bytes are searched; a character across that
    /// line is left out whole, not split.
    #[test]
    fn the_greeting_search_stops_between_characters() {
        for filler in ["Ж", "東", "🙂"] {
            for pad in 0..4 {
                let text = format!(
                    "This is FRESH AIR. {}{}",
                    "a".repeat(pad),
                    filler.repeat(100)
                );
                assert_eq!(
                    program_from_speech(&text, None).as_deref(),
                    Some("Fresh Air")
                );
            }
        }
    }

    #[test]
    fn program_from_a_host_greeting() {
        assert_eq!(
            program_from_speech("This is TALK OF THE NATION. I'm Neal Conan.", None).as_deref(),
            Some("Talk of the Nation")
        );
        assert_eq!(
            program_from_speech(
                "You're listening to CODE SWITCH. I'm Gene Demby.",
                Some("Title : Code Switch Teaser")
            )
            .as_deref(),
            Some("Code Switch")
        );
        assert_eq!(program_from_speech("This is it. I agree.", None), None);
        assert_eq!(program_from_speech("Welcome to WNYC.", None), None);
        assert_eq!(
            program_from_speech(
                "From NPR, this is WAIT WAIT... DON'T TELL ME, the quiz.",
                Some("Title : Wait Wait... Don't Tell Me! Teaser")
            )
            .as_deref(),
            Some("Wait Wait... Don't Tell Me")
        );
    }
}
