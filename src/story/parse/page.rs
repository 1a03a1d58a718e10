//! The page around a transcript: member-station and npr.org chrome, the
//! headline, the air date, program and byline, footers, and the author's
//! bio after the transcript ends. Chrome is recognised by its shape, not by
//! a list of stations.

use jiff::civil::Date;

use super::label;
use super::meta::{self, find_date, is_dateline, is_originally_published};

/// Where the transcript sits on a page, and what the page says about it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Page {
    pub title: Option<String>,
    pub station: Option<String>,
    pub air_date: Option<Date>,
    pub program: Option<String>,
    pub byline: Option<String>,
    pub body: Vec<String>,
    pub bio: Option<String>,
    /// The teaser and other text above the transcript: it often names the
    /// people a short label stands for ("Join Mindy and Guy Raz").
    pub header_prose: Vec<String>,
}

const PROVIDED_BY: &str = "Transcript provided by NPR, Copyright NPR.";
/// Player blocks on npr.org sit near the top; further down, a line like
/// "Download" is text.
const HEADER_SCAN: usize = 60;
/// How many paragraphs of a page's top may be chrome and headline.
const TOP_BLOCK: usize = 24;

/// Page furniture, matched whole (lower-cased).
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
    "transcript",
    "read more",
    "npr story",
    "playlist",
    "enlarge this image",
    "toggle caption",
    "hide caption",
    "download",
    "embed",
];

/// Splits a page into its stories: one, or several on a member station's
/// listing page, where each story has its own `Originally published on`.
pub(crate) fn split_pages(paragraphs: Vec<String>) -> Vec<Page> {
    let published: Vec<usize> = paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| is_originally_published(p))
        .map(|(i, _)| i)
        .collect();
    let starts: Vec<usize> = if published.len() >= 2 {
        published
            .iter()
            .enumerate()
            .map(|(k, &op)| {
                let floor = if k == 0 { 0 } else { published[k - 1] + 1 };
                story_start(&paragraphs, floor, op)
            })
            .collect()
    } else {
        // Older listings print no `Originally published`: each story
        // still opens with its time of day and dateline.
        let datelines = listing_datelines(&paragraphs);
        if published.len() == 1 || datelines.len() < 2 {
            return vec![split_page(paragraphs)];
        }
        datelines
            .iter()
            .map(|&d| kicker_start(&paragraphs, d - 1))
            .collect()
    };
    let mut pages = Vec::with_capacity(starts.len());
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(paragraphs.len());
        pages.push(split_page(paragraphs[start..end.max(start)].to_vec()));
    }
    pages
}

/// Where a listing's story begins: its kicker, clock time and dateline
/// before the headline that precedes `op`.
fn story_start(paragraphs: &[String], floor: usize, op: usize) -> usize {
    let Some(headline) = headline_before(paragraphs, floor, op) else {
        return op;
    };
    let mut start = headline;
    while start > floor && start + 3 > headline {
        let p = &paragraphs[start - 1];
        if is_dateline(p) || is_clock_time(p) || is_chrome(p) {
            start -= 1;
        } else if start > floor + 1 && is_clock_time(&paragraphs[start - 2]) {
            // A kicker ("Presidential Race") between the date and headline.
            start -= 1;
        } else {
            break;
        }
    }
    if start > floor && is_clock_time(&paragraphs[start]) {
        start = kicker_start(paragraphs, start);
    }
    start
}

/// A kicker or program name above a listing's clock ("It's All
/// Politics") belongs to the story below it.
fn kicker_start(paragraphs: &[String], clock: usize) -> usize {
    let has_kicker = clock > 0
        && looks_like_headline(&paragraphs[clock - 1])
        && !is_chrome(&paragraphs[clock - 1]);
    clock - usize::from(has_kicker)
}

/// A listing's story dateline: "Sat May 19, 2012" right under a time of
/// day ("8:16 am"), maybe with a blank line between.
fn listing_datelines(paragraphs: &[String]) -> Vec<usize> {
    (1..paragraphs.len())
        .filter(|&i| is_clock_time(&paragraphs[i - 1]) && is_dateline(&paragraphs[i]))
        .collect()
}

/// The headline under a listing's dateline, past a kicker ("Sports").
fn headline_after(paragraphs: &[String], dateline: usize) -> Option<usize> {
    let shaped = |i: &usize| {
        paragraphs
            .get(*i)
            .is_some_and(|p| looks_like_headline(p) && !is_chrome(p))
    };
    (dateline + 1..dateline + 3).take_while(shaped).last()
}

/// The headline above an `Originally published on` line: after the
/// story's dateline, the last headline-shaped line before the teaser.
fn headline_before(paragraphs: &[String], floor: usize, op: usize) -> Option<usize> {
    let mut lo = op.saturating_sub(6).max(floor);
    if let Some(d) = (lo..op).rev().find(|&i| is_dateline(&paragraphs[i])) {
        lo = d + 1;
    }
    let hi = (lo..op)
        .find(|&i| {
            let p = &paragraphs[i];
            !looks_like_headline(p) && !is_chrome(p)
        })
        .unwrap_or(op);
    (lo..hi)
        .rev()
        .find(|&i| looks_like_headline(&paragraphs[i]) && !is_chrome(&paragraphs[i]))
}

pub(crate) fn split_page(paragraphs: Vec<String>) -> Page {
    let mut page = Page::default();
    // npr.org's first line, "Headline : Show Name Teaser", cases the show.
    let run_in = paragraphs.first().filter(|p| p.contains(" : ")).cloned();
    let header_end = if let Some(op) = paragraphs
        .iter()
        .take(HEADER_SCAN)
        .position(|p| is_originally_published(p))
    {
        page.title = headline_before(&paragraphs, 0, op).map(|i| paragraphs[i].clone());
        op + 1
    } else if let Some(h) = listing_datelines(&paragraphs)
        .first()
        .and_then(|&d| headline_after(&paragraphs, d))
    {
        page.title = Some(paragraphs[h].clone());
        h + 1
    } else if let Some(last) = last_player_line(&paragraphs) {
        page.title = npr_org_headline(&paragraphs[..last]);
        // A lone "Transcript" line can sit above the headline, not below.
        let after_title = match page.title {
            Some(_) => 0,
            None => station_header_end(&paragraphs[last + 1..], &mut page),
        };
        last + 1 + after_title
    } else {
        station_header_end(&paragraphs, &mut page)
    };
    let mut body = paragraphs;
    let header: Vec<String> = body.drain(..header_end.min(body.len())).collect();
    read_header(&header, &mut page);
    // A correction above the headline still belongs with the story.
    let notes: Vec<String> = header
        .iter()
        .filter(|p| is_opening_note(p))
        .cloned()
        .collect();
    body.splice(0..0, notes);
    page.header_prose = header
        .into_iter()
        .filter(|p| p.len() > 40 && !is_chrome(p) && !is_footer(p))
        .collect();
    strip_article_chrome(&mut body, &mut page);
    page.bio = split_off_after_transcript(&mut body);
    page.body = body;
    page.program = page
        .program
        .take()
        .or_else(|| program_in_speech(&page.body, run_in.as_deref()));
    page
}

/// Date, station, program and byline from the chrome above the transcript.
fn read_header(header: &[String], page: &mut Page) {
    for (i, p) in header.iter().enumerate() {
        if is_dateline(p) {
            page.air_date = page.air_date.or_else(|| find_date(p));
        }
        page.station = page.station.take().or_else(|| station_name(p));
        page.program = page.program.take().or_else(|| program_line(p));
        if page.byline.is_none() {
            page.byline = meta::byline_at(header, i).map(|(b, _)| b);
        }
    }
}

/// "Heard on All Things Considered", "Listen to this 'Talk of the Nation'
/// topic".
fn program_line(p: &str) -> Option<String> {
    if let Some(program) = meta::heard_on(p) {
        return Some(program.to_string());
    }
    let inner = p.strip_prefix("Listen to this ")?.strip_suffix(" topic")?;
    Some(inner.trim_matches(['\'', '"', '‘', '’']).to_string())
}

/// The host's greeting near the top: "This is FRESH AIR".
fn program_in_speech(body: &[String], run_in: Option<&str>) -> Option<String> {
    body.iter().take(6).find_map(|p| {
        let speech = label::parse(p).map_or(p.as_str(), |(_, rest)| rest);
        meta::program_from_speech(speech, run_in)
    })
}

/// npr.org article chrome that sits between the players and the
/// transcript, or in place of the players: datelines, "Heard on", split
/// bylines, "26-Minute Listen", photo blocks from "Enlarge this image" to
/// the credit after "toggle caption".
fn strip_article_chrome(body: &mut Vec<String>, page: &mut Page) {
    let first_label = body
        .iter()
        .position(|p| label::parse(p).is_some())
        .unwrap_or(body.len())
        .min(HEADER_SCAN);
    let mut drop = vec![false; body.len()];
    let mut i = 0;
    while i < first_label {
        let p = &body[i];
        if let Some((byline, span)) = meta::byline_at(body, i) {
            page.byline.get_or_insert(byline);
            drop[i..i + span].iter_mut().for_each(|d| *d = true);
            i += span;
            continue;
        }
        if p.eq_ignore_ascii_case("enlarge this image") {
            let end = photo_block_end(body, i, first_label);
            drop[i..end].iter_mut().for_each(|d| *d = true);
            i = end;
            continue;
        }
        if let Some(program) = program_line(p) {
            page.program.get_or_insert(program);
            drop[i] = true;
        } else if is_chrome(p) || meta::is_listen_length(p) {
            drop[i] = true;
        }
        i += 1;
    }
    // A listing's next story leaves "Read more" behind; rules separate
    // nothing a reader needs.
    let trailing = body.iter().rev().take_while(|p| is_chrome(p)).count();
    let first_trailing = body.len() - trailing;
    for (i, p) in body.iter().enumerate() {
        if i >= first_trailing.max(first_label) || is_rule(p) {
            drop[i] = true;
        }
        if is_dateline(p) {
            page.air_date = page.air_date.or_else(|| find_date(p));
            drop[i] = true;
        }
    }
    let mut keep = drop.iter().map(|d| !d);
    body.retain(|_| keep.next().unwrap_or(true));
}

/// The photo block's end: past "toggle caption" and the credit after it.
fn photo_block_end(body: &[String], start: usize, limit: usize) -> usize {
    let Some(toggle) =
        (start..limit.min(start + 6)).find(|&j| body[j].eq_ignore_ascii_case("toggle caption"))
    else {
        return start + 1;
    };
    let credit_repeats =
        toggle > start + 1 && body.get(toggle + 1).is_some_and(|c| *c == body[toggle - 1]);
    toggle + 1 + usize::from(credit_repeats)
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

/// The headline stands alone, usually more than once, and the first line
/// may run it into the teaser; failing that, it is the line above the
/// dateline, or just before the players.
fn npr_org_headline(header: &[String]) -> Option<String> {
    let candidates: Vec<&String> = header
        .iter()
        .filter(|p| !is_player_line(p) && !is_chrome(p) && !is_footer(p) && looks_like_headline(p))
        .collect();
    let run_in = header.first().and_then(|first| {
        candidates
            .iter()
            .find(|p| first.len() > p.len() && first.starts_with(p.as_str()))
    });
    let repeated = || {
        candidates
            .iter()
            .find(|p| candidates.iter().filter(|q| q == p).count() > 1)
    };
    let above_dateline = || {
        header.windows(2).find_map(|w| {
            (looks_like_headline(&w[0]) && !is_chrome(&w[0]) && is_dateline(&w[1])).then_some(&w[0])
        })
    };
    let first_player = header.iter().position(|p| is_player_line(p));
    let before_players = || {
        header[..first_player.unwrap_or(header.len())]
            .iter()
            .rfind(|p| {
                !is_chrome(p)
                    && !is_footer(p)
                    && looks_like_headline(p)
                    && meta::byline_at(&[p.to_string()], 0).is_none()
            })
    };
    run_in
        .or_else(repeated)
        .copied()
        .or_else(above_dateline)
        .or_else(before_players)
        .cloned()
}

/// Member-station and old-style pages: chrome lines, then the headline.
/// Returns where the transcript starts.
fn station_header_end(paragraphs: &[String], page: &mut Page) -> usize {
    let mut i = after_top_chrome(paragraphs);
    if let Some(heading) = paragraphs.get(i).and_then(|p| markdown_heading(p)) {
        page.title = Some(heading.to_string());
        return i + 1;
    }
    if is_slogan(paragraphs, i) {
        i += 1;
    }
    let headline = match paragraphs.get(i) {
        Some(first) if looks_like_headline(first) => Some(i),
        Some(_) => headline_after_teaser(paragraphs, i),
        None => None,
    };
    let Some(h) = headline else {
        return i;
    };
    let title = &paragraphs[h];
    page.title = Some(title.clone());
    let mut end = h + 1;
    // Pages often repeat the headline or follow it with a dateline.
    while paragraphs
        .get(end)
        .is_some_and(|p| p == title || is_dateline(p) || is_chrome(p))
    {
        end += 1;
    }
    end
}

/// The top of a page: a run of short lines (chrome, slogans, notes) ends
/// at the last one that is chrome by its shape; the headline follows.
fn after_top_chrome(paragraphs: &[String]) -> usize {
    let mut after_last_chrome = 0;
    for (i, p) in paragraphs.iter().enumerate().take(TOP_BLOCK) {
        if is_top_chrome(p) || is_footer(p) || is_opening_note(p) {
            after_last_chrome = i + 1;
        } else if !is_short_line(p) {
            break;
        }
    }
    after_last_chrome
}

/// Chrome that sits above a headline; datelines and "Heard on" lines sit
/// below it.
fn is_top_chrome(p: &str) -> bool {
    is_chrome(p)
        && !is_dateline(p)
        && meta::heard_on(p).is_none()
        && !meta::is_listen_length(p)
        && !is_player_length(p)
}

fn is_short_line(p: &str) -> bool {
    p.split_whitespace().nth(8).is_none()
        && !p.ends_with(['.', '?', '!'])
        && label::parse(p).is_none()
}

/// A station's slogan right under its © line ("Music Matters"), with the
/// real headline after it.
fn is_slogan(paragraphs: &[String], i: usize) -> bool {
    let (Some(p), Some(next)) = (paragraphs.get(i), paragraphs.get(i + 1)) else {
        return false;
    };
    i > 0
        && paragraphs[i - 1].starts_with('©')
        && p.split_whitespace().count() <= 3
        && looks_like_headline(next)
        && next != p
}

/// Pages that open with the teaser give the headline after it: a
/// headline-shaped line that repeats, or that the transcript follows.
fn headline_after_teaser(paragraphs: &[String], teaser: usize) -> Option<usize> {
    let first_label = paragraphs
        .iter()
        .position(|p| label::parse(p).is_some())
        .unwrap_or(paragraphs.len());
    (teaser + 1..first_label.min(teaser + 4)).find(|&h| {
        let p = &paragraphs[h];
        let next = paragraphs.get(h + 1);
        looks_like_headline(p)
            && !is_chrome(p)
            && !is_footer(p)
            && p.split_whitespace().count() >= 2
            && next.is_some_and(|n| n == p || is_dateline(n) || label::parse(n).is_some())
    })
}

/// "# Headline" in a Markdown re-post.
fn markdown_heading(p: &str) -> Option<&str> {
    let title = p.strip_prefix("# ")?.trim();
    (!title.is_empty()).then_some(title)
}

/// A correction or editor's note that opens a page, before the headline.
pub(crate) fn is_opening_note(p: &str) -> bool {
    const NOTES: &[&str] = &[
        "correction",
        "editor's note",
        "editor’s note",
        "editors' note",
        "clarification",
    ];
    let p = p.trim_start_matches('[');
    NOTES
        .iter()
        .any(|n| p.get(..n.len()).is_some_and(|s| s.eq_ignore_ascii_case(n)))
}

fn looks_like_headline(p: &str) -> bool {
    let words = p.split_whitespace().take(26).count();
    (1..=25).contains(&words)
        && (!p.ends_with(['.', ':', ')', ']', ',']) || ends_with_abbreviation(p))
        && !p.starts_with(['(', '['])
        && label::parse(p).is_none()
        && !is_rule(p)
        && !is_clock_time(p)
}

/// "… Charles Foster Jr.", "… In D.C.": a dot that ends a name, not a
/// sentence.
fn ends_with_abbreviation(p: &str) -> bool {
    let last = p.rsplit(' ').next().unwrap_or(p);
    let initials = last.len() >= 4
        && last
            .split_terminator('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase));
    ["Jr.", "Sr.", "St.", "Inc.", "Co.", "Mt."].contains(&last) || initials
}

pub(crate) fn is_chrome(p: &str) -> bool {
    // Furniture is short; only short lines are worth lower-casing.
    let furniture = p.len() <= 30 && STATION_CHROME.contains(&p.to_lowercase().as_str());
    furniture
        || is_player_clock(p)
        || is_player_length(p)
        || (p.starts_with('©') && p.len() < 100)
        || is_dateline(p)
        || p.get(..14)
            .is_some_and(|s| s.eq_ignore_ascii_case("see stories by"))
        || meta::heard_on(p).is_some()
        || meta::is_listen_length(p)
        || is_rule(p)
        || p.starts_with("Listen to this ") && p.ends_with(" topic")
}

/// `---`, `***`, `===`: a rule, never a headline.
fn is_rule(p: &str) -> bool {
    p.len() >= 3 && p.chars().all(|c| matches!(c, '-' | '*' | '_' | '=' | ' '))
}

/// "0:00 0:00": the audio player's clock.
fn is_player_clock(p: &str) -> bool {
    p.contains(':')
        && p.chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == ' ')
}

/// "Listen 3:45", "Download 3:45": a player's button and the audio's
/// length.
fn is_player_length(p: &str) -> bool {
    let Some((word, length)) = p.split_once(' ') else {
        return false;
    };
    p.len() <= 24
        && ["Listen", "Download", "Play"].contains(&word)
        && length.contains(':')
        && crate::story::clock::parse(length).is_some()
}

/// "9:33 am", "3:38pm": a listing's time of day.
fn is_clock_time(p: &str) -> bool {
    if p.len() > 10 {
        return false;
    }
    let lower = p.to_ascii_lowercase();
    let bare = lower
        .trim_end_matches("am")
        .trim_end_matches("pm")
        .trim_end_matches("a.m.")
        .trim_end_matches("p.m.")
        .trim();
    bare.len() < lower.len()
        && bare.contains(':')
        && bare.len() <= 5
        && bare.chars().all(|c| c.is_ascii_digit() || c == ':')
}

/// "© 2024 WOSU Public Media" names the station.
fn station_name(p: &str) -> Option<String> {
    let rest = p.strip_prefix('©')?.trim_start();
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit()).trim();
    let is_npr = rest.is_empty() || rest.starts_with("NPR");
    (!is_npr && p.len() < 100).then(|| rest.to_string())
}

pub(crate) fn is_footer(p: &str) -> bool {
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
}
