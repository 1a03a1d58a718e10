//! The page around a transcript: member-station and npr.org chrome, the
//! headline, footers, and the author's bio after the transcript ends.

use jiff::civil::Date;

use super::label;

/// Where the transcript sits on a page, and what the page says about it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub title: Option<String>,
    pub station: Option<String>,
    pub air_date: Option<Date>,
    pub body: Vec<String>,
    pub bio: Option<String>,
}

const PROVIDED_BY: &str = "Transcript provided by NPR, Copyright NPR.";
/// Player blocks on npr.org sit near the top; further down, a line like
/// "Download" is text.
const HEADER_SCAN: usize = 60;

/// Member-station page furniture, matched whole.
const STATION_CHROME: &[&str] = &[
    "play live radio",
    "next up:",
    "available on air stations",
    "npr logo",
    "listen live",
    "donate",
    "share",
    "facebook",
    "twitter",
    "email",
    "linkedin",
    "flipboard",
    "close menu",
    "menu",
    "search",
];

pub fn split_page(paragraphs: Vec<String>) -> Page {
    let mut page = Page::default();
    let header_end = match last_player_line(&paragraphs) {
        Some(last) => {
            page.title = npr_org_headline(&paragraphs[..last]);
            last + 1
        }
        None => station_header_end(&paragraphs, &mut page),
    };
    for p in &paragraphs[..header_end] {
        page.air_date = page.air_date.or_else(|| find_date(p));
        page.station = page.station.or_else(|| station_name(p));
    }
    let mut body: Vec<String> = paragraphs.into_iter().skip(header_end).collect();
    page.bio = split_off_after_transcript(&mut body);
    page.body = body;
    page
}

/// npr.org: the transcript starts after the last "• Transcript" /
/// "• Download" / embedded-player line near the top.
fn last_player_line(paragraphs: &[String]) -> Option<usize> {
    let first_label = paragraphs
        .iter()
        .position(|p| label::parse(p).is_some())
        .unwrap_or(paragraphs.len());
    paragraphs[..first_label.min(HEADER_SCAN)]
        .iter()
        .rposition(|p| is_player_line(p))
}

fn is_player_line(p: &str) -> bool {
    let bare = p.trim_start_matches('•').trim();
    matches!(bare, "Download" | "Transcript" | "Embed") || bare.starts_with("<iframe")
}

/// The headline stands alone, usually more than once; failing that, it is
/// the line just before the players.
fn npr_org_headline(header: &[String]) -> Option<String> {
    let candidates: Vec<&String> = header
        .iter()
        .filter(|p| !is_player_line(p) && !is_chrome(p))
        .collect();
    let repeated = candidates
        .iter()
        .find(|p| candidates.iter().filter(|q| q == p).count() > 1);
    let first_player = header.iter().position(|p| is_player_line(p));
    let before_players = header[..first_player.unwrap_or(header.len())]
        .iter()
        .rfind(|p| !is_chrome(p));
    repeated.copied().or(before_players).cloned()
}

/// Member-station and old-style pages: chrome lines, then the headline.
/// Returns where the transcript starts.
fn station_header_end(paragraphs: &[String], page: &mut Page) -> usize {
    let mut i = paragraphs
        .iter()
        .position(|p| !is_chrome(p) && !is_footer(p))
        .unwrap_or(paragraphs.len());
    if let Some(first) = paragraphs.get(i)
        && looks_like_headline(first)
    {
        page.title = Some(first.clone());
        i += 1;
        // Pages often repeat the headline or follow it with a dateline.
        while paragraphs
            .get(i)
            .is_some_and(|p| p == first || is_dateline(p))
        {
            i += 1;
        }
    }
    i
}

fn looks_like_headline(p: &str) -> bool {
    let words = p.split_whitespace().count();
    (1..=25).contains(&words)
        && !p.ends_with(['.', ':', ')', ']'])
        && !p.starts_with(['(', '['])
        && label::parse(p).is_none()
}

fn is_chrome(p: &str) -> bool {
    let lower = p.to_lowercase();
    STATION_CHROME.contains(&lower.as_str())
        || is_player_clock(p)
        || (p.starts_with('©') && p.len() < 100)
        || is_dateline(p)
        || lower.starts_with("see stories by")
}

/// "0:00 0:00": the audio player's clock.
fn is_player_clock(p: &str) -> bool {
    p.contains(':')
        && p.chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == ' ')
}

fn is_dateline(p: &str) -> bool {
    (p.starts_with("Published ") || p.starts_with("Updated ")) && find_date(p).is_some()
}

/// "© 2024 WOSU Public Media" names the station.
fn station_name(p: &str) -> Option<String> {
    let rest = p.strip_prefix('©')?.trim_start();
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit()).trim();
    let is_npr = rest.is_empty() || rest.starts_with("NPR");
    (!is_npr && p.len() < 100).then(|| rest.to_string())
}

pub fn is_footer(p: &str) -> bool {
    let copyright = (p.starts_with("Copyright") || p.starts_with('©')) && p.contains("NPR");
    copyright || p.starts_with("NPR transcripts are created on a rush deadline") || p == PROVIDED_BY
}

/// Cuts the footers out of the body and returns the bio that follows the
/// transcript's end, if any. The transcript ends at the first footer after
/// its last label; text past that point is about the author.
fn split_off_after_transcript(body: &mut Vec<String>) -> Option<String> {
    let last_label = body
        .iter()
        .rposition(|p| label::parse(p).is_some())
        .unwrap_or(0);
    let mut end = None;
    for (i, p) in body.iter_mut().enumerate() {
        if let Some(kept) = p.strip_suffix(PROVIDED_BY).filter(|k| !k.is_empty()) {
            *p = kept.trim_end().to_string();
            if i >= last_label && end.is_none() {
                end = Some(i + 1);
            }
        } else if is_footer(p) && i >= last_label && end.is_none() {
            end = Some(i);
        }
    }
    let after = end.map(|end| body.split_off(end)).unwrap_or_default();
    body.retain(|p| !is_footer(p));
    let bio: Vec<String> = after
        .into_iter()
        .filter(|p| !is_footer(p) && !is_chrome(p))
        .collect();
    (!bio.is_empty()).then(|| bio.join("\n\n"))
}

/// Finds "October 3, 2016" in a dateline, including npr.org's run-in
/// "October 3, 20165:00 PM ET".
pub fn find_date(text: &str) -> Option<Date> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    MONTHS.iter().enumerate().find_map(|(m, month)| {
        let at = text.find(month)?;
        let rest = text[at + month.len()..].strip_prefix(' ')?;
        let (day, rest) = rest.split_once(", ")?;
        let day: i8 = day.parse().ok()?;
        let year: i16 = rest.get(..4)?.parse().ok()?;
        Date::new(year, m as i8 + 1, day).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn member_station_chrome_title_and_station() {
        let page = split_page(paras(&[
            "© 2025 KXYZ Valley Public Radio",
            "Play Live Radio",
            "Next Up:",
            "0:00 0:00",
            "Available On Air Stations",
            "Bridge Vote Splits Town",
            "The intro.",
            "ANA LIMA, BYLINE: Hello.",
        ]));
        assert_eq!(page.title.as_deref(), Some("Bridge Vote Splits Town"));
        assert_eq!(page.station.as_deref(), Some("KXYZ Valley Public Radio"));
        assert_eq!(page.body, ["The intro.", "ANA LIMA, BYLINE: Hello."]);
    }

    #[test]
    fn npr_org_chrome_ends_at_last_player_block() {
        let page = split_page(paras(&[
            "Gulls Return : Shore ShowThe gulls came back.",
            "Subscribe to Shore Show",
            "NPR logo",
            "Gulls Return",
            "Gulls Return",
            "• Download",
            "• <iframe src=\"x\"></iframe>",
            "• Transcript",
            "• Download",
            "• Transcript",
            "ANA LIMA, HOST: Hello.",
        ]));
        assert_eq!(page.title.as_deref(), Some("Gulls Return"));
        assert_eq!(page.body, ["ANA LIMA, HOST: Hello."]);
    }

    #[test]
    fn footers_cut_and_bio_set_apart() {
        let page = split_page(paras(&[
            "Headline",
            "ANA LIMA, BYLINE: Ana Lima, NPR News. Transcript provided by NPR, Copyright NPR.",
            "Ana Lima covers the coast for NPR.",
        ]));
        assert_eq!(page.body, ["ANA LIMA, BYLINE: Ana Lima, NPR News."]);
        assert_eq!(
            page.bio.as_deref(),
            Some("Ana Lima covers the coast for NPR.")
        );
    }

    #[test]
    fn copyright_and_rush_footers_are_dropped() {
        let page = split_page(paras(&[
            "Copyright © 2008 NPR. For personal, noncommercial use only. See Terms of Use.",
            "Headline",
            "ANA LIMA, host: Hello.",
            "Copyright © 2019 NPR. All rights reserved. Visit our website terms of use.",
            "NPR transcripts are created on a rush deadline by an NPR contractor.",
        ]));
        assert_eq!(page.title.as_deref(), Some("Headline"));
        assert_eq!(page.body, ["ANA LIMA, host: Hello."]);
        assert_eq!(page.bio, None);
    }

    #[test]
    fn dates_in_datelines() {
        assert_eq!(
            find_date("Published October 3, 2016 at 5:10 PM EDT"),
            Date::new(2016, 10, 3).ok()
        );
        assert_eq!(
            find_date("October 3, 20165:00 PM ET"),
            Date::new(2016, 10, 3).ok()
        );
        assert_eq!(find_date("May be soon"), None);
    }
}
