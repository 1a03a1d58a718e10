//! HTML pages to a Story: npr.org transcript and story pages (new and the
//! old `templates/` ones), member-station re-posts, and pages a browser
//! saved. The markup gives the transcript's paragraphs and what text copies
//! lose (the air date, program, byline, canonical URL, audio); the
//! paragraphs then go through the same label and attribution rules as a
//! text file, so one engine decides who speaks.

use encoding_rs::{Encoding, UTF_8};
use jiff::Timestamp;
use jiff::civil::Date;
use scraper::{ElementRef, Html, Node, Selector};

use super::{ParseError, decode, label, parse_text};
use crate::story::{Story, TurnKind, WarningKind, sanitize};

/// How far into a file to look for the signs of HTML.
const SNIFF_BYTES: usize = 1024;

/// Whether `bytes` hold an HTML page, whatever the file is called: a
/// doctype, an `<html>`, `<head>` or `<body>` tag near the start, or a
/// browser's "saved from" mark.
pub(crate) fn is_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<!-- saved from url=")
        || (start.starts_with('<')
            && ["<head", "<body", "<meta "]
                .iter()
                .any(|t| head.contains(t)))
}

/// What one HTML page holds: the transcript's paragraphs and the page's
/// own metadata. Every text is as the page has it, not yet sanitized.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct HtmlPage {
    pub paragraphs: Vec<String>,
    pub title: Option<String>,
    pub air_date: Option<Date>,
    pub program: Option<String>,
    pub byline: Option<String>,
    pub station: Option<String>,
    pub canonical_url: Option<String>,
    pub audio_url: Option<String>,
    /// Where the transcript is, when this page only links to it.
    pub transcript_link: Option<String>,
}

/// Parses a page found on disk (no charset but the page's own).
pub(crate) fn parse(
    bytes: &[u8],
    file_name: Option<&str>,
    imported_at: Timestamp,
) -> Result<Story, ParseError> {
    story_from(read_page(bytes, None, None)?, file_name, imported_at)
}

/// Decodes and reads a page. `header_charset` is the one an HTTP response
/// declared, which beats the page's own; `base_url` resolves its links.
pub(crate) fn read_page(
    bytes: &[u8],
    header_charset: Option<&str>,
    base_url: Option<&str>,
) -> Result<HtmlPage, ParseError> {
    let text = decode_page(bytes, header_charset)?;
    let document = Html::parse_document(&text);
    Ok(read_document(&document, base_url))
}

/// A page's bytes to text: a BOM, else the charset from the HTTP header,
/// else the page's `<meta charset>` or `http-equiv`, else UTF-8 with stray
/// Windows-1252 bytes read as such.
fn decode_page(bytes: &[u8], header_charset: Option<&str>) -> Result<String, ParseError> {
    if Encoding::for_bom(bytes).is_some() {
        return decode::decode(bytes);
    }
    let declared = header_charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_charset(bytes));
    match declared {
        // A page that says UTF-8 but is not still reads, as text files do.
        // UTF-16 named in a meta tag is a lie the HTML standard says to read
        // as UTF-8: the tag itself could not have been read otherwise.
        Some(encoding) if encoding != UTF_8 && encoding.is_ascii_compatible() => {
            let (text, _, _) = encoding.decode(bytes);
            if memchr::memchr(0, bytes).is_some() {
                return Err(ParseError::Binary);
            }
            Ok(text.replace("\r\n", "\n"))
        }
        _ => decode::decode(bytes),
    }
}

/// The charset a page declares in its head. Read with the HTML parser on
/// the page decoded loosely, which is enough: the declaration is ASCII.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let document = Html::parse_document(&String::from_utf8_lossy(head));
    let charset = Selector::parse("meta[charset]").expect("a valid selector");
    if let Some(meta) = document.select(&charset).next() {
        return Encoding::for_label(meta.attr("charset")?.trim().as_bytes());
    }
    let equiv = Selector::parse("meta[http-equiv][content]").expect("a valid selector");
    document
        .select(&equiv)
        .filter(|m| {
            m.attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("content-type"))
        })
        .find_map(|m| charset_of_content_type(m.attr("content")?))
        .and_then(|label| Encoding::for_label(label.as_bytes()))
}

/// `text/html; charset=ISO-8859-1` → `ISO-8859-1`.
pub(crate) fn charset_of_content_type(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("hark's selectors are valid")
}

/// Where a transcript may sit, most specific first: npr.org's transcript
/// block (every era), then a member station's article body.
const TRANSCRIPT_BLOCKS: &[&str] = &[
    ".transcript.storytext",
    "div.transcript",
    "#transcript",
    "[itemprop=\"transcript\"]",
];
const ARTICLE_BODIES: &[&str] = &[
    ".RichTextArticleBody-body",
    ".RichTextArticleBody",
    ".ArticlePage-articleBody",
    "[itemprop=\"articleBody\"]",
    "#storytext",
    ".storytext",
    ".field-name-body",
    ".entry-content",
    "article",
    "main",
    "body",
];

fn read_document(document: &Html, base_url: Option<&str>) -> HtmlPage {
    let linked = |url: Option<String>| url.and_then(|u| resolve(base_url, &u));
    let ld = LinkedData::of(document);
    let canonical = linked(canonical_url(document));
    let on_npr_org = [canonical.as_deref(), base_url, ld.page.as_deref()]
        .into_iter()
        .flatten()
        .any(is_npr_org);
    // On npr.org the JSON-LD publisher is the partner newsroom a story
    // came from, never a station.
    let publisher = ld.publisher.as_deref().filter(|_| !on_npr_org);
    let title = headline(document).or(ld.headline.clone());
    let mut page = HtmlPage {
        paragraphs: transcript_paragraphs(document),
        program: program(document, title.as_deref()).or(ld.part_of.clone()),
        air_date: air_date(document).or(ld.date),
        byline: byline(document).or(ld.author.clone()),
        station: station(document, publisher),
        canonical_url: canonical,
        audio_url: linked(audio_url(document).or(ld.audio.clone())),
        transcript_link: None,
        title,
    };
    if page.paragraphs.is_empty() {
        page.transcript_link = linked(transcript_link(document));
    }
    page
}

fn first_attr(document: &Html, css: &str, attr: &str) -> Option<String> {
    document
        .select(&selector(css))
        .find_map(|e| e.attr(attr).map(str::trim).filter(|v| !v.is_empty()))
        .map(str::to_string)
}

fn first_text(document: &Html, css: &str) -> Option<String> {
    document
        .select(&selector(css))
        .map(|e| one_line(&text_of(e)))
        .find(|t| !t.is_empty())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn headline(document: &Html) -> Option<String> {
    [
        ".storytitle h1",
        "h1.ArticlePage-headline",
        "h1.headline",
        "article h1",
        "h1",
    ]
    .iter()
    .find_map(|css| first_text(document, css))
    .or_else(|| first_attr(document, "meta[property=\"og:title\"]", "content"))
    .or_else(|| first_text(document, "title"))
}

/// The date block's `<time datetime>`, any `<time datetime>` in the
/// article, the publication meta tags, or a date written out in the date
/// block.
fn air_date(document: &Html) -> Option<Date> {
    let from_attr = [
        (".dateblock time[datetime]", "datetime"),
        ("article time[datetime]", "datetime"),
        ("meta[property=\"article:published_time\"]", "content"),
        ("meta[name=\"date\"]", "content"),
        ("meta[name=\"pubdate\"]", "content"),
        ("meta[itemprop=\"datePublished\"]", "content"),
        ("meta[name=\"DC.date.issued\"]", "content"),
        ("time[datetime]", "datetime"),
    ];
    from_attr
        .iter()
        .filter_map(|(css, attr)| first_attr(document, css, attr))
        .find_map(|value| iso_date(&value))
        .or_else(|| {
            [
                ".dateblock .date",
                ".dateblock",
                ".ArticlePage-datePublished",
                ".date",
            ]
            .iter()
            .filter_map(|css| first_text(document, css))
            .find_map(|text| written_date(&text))
        })
}

/// `2016-10-03T17:00:00-04:00` → the date as the page gives it, in its own
/// time zone (the day it aired where it aired).
fn iso_date(value: &str) -> Option<Date> {
    value.trim().get(..10)?.parse().ok()
}

/// "October 3, 2016" anywhere in `text`.
fn written_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(3).find_map(|w| {
        let candidate = format!("{} {} {}", w[0], w[1], w[2].get(..4)?);
        Date::strptime("%B %d, %Y", &candidate).ok()
    })
}

/// npr.org's `<title>` is "Headline : Program"; other pages may name their
/// program in a class or a meta tag.
fn program(document: &Html, headline: Option<&str>) -> Option<String> {
    let named = [
        ".program-name",
        "[itemprop=\"isPartOf\"] [itemprop=\"name\"]",
    ]
    .iter()
    .find_map(|css| first_text(document, css));
    named
        .or_else(|| first_attr(document, "meta[name=\"programName\"]", "content"))
        .or_else(|| {
            let title = first_text(document, "title")?;
            let (head, program) = title.rsplit_once(" : ")?;
            let head_matches = headline.is_none_or(|h| head.trim() == h || h.contains(head));
            (head_matches && !program.trim().eq_ignore_ascii_case("NPR"))
                .then(|| program.trim().to_string())
        })
        .or_else(|| old_player_program(document))
}

/// Old npr.org pages put "Listen to this 'Talk of the Nation' topic" over
/// the player.
fn old_player_program(document: &Html) -> Option<String> {
    document
        .select(&selector("h2, h3, h4, span, div"))
        .find_map(|e| {
            let own: String = e
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .collect();
            let rest = own.trim().strip_prefix("Listen to this '")?;
            let (program, tail) = rest.rsplit_once('\'')?;
            (tail.trim() == "topic" && !program.is_empty()).then(|| program.to_string())
        })
}

fn byline(document: &Html) -> Option<String> {
    let names: Vec<String> = [
        ".byline__name",
        ".ArticlePage-authorName",
        ".byline .name",
        "[rel=\"author\"]",
    ]
    .iter()
    .map(|css| {
        let mut names: Vec<String> = document
            .select(&selector(css))
            .map(|e| one_line(&text_of(e)))
            .filter(|t| !t.is_empty())
            .collect();
        names.dedup();
        names
    })
    .find(|names| !names.is_empty())
    .unwrap_or_default();
    if !names.is_empty() {
        return Some(names.join(", "));
    }
    first_attr(document, "meta[name=\"author\"]", "content")
        .or_else(|| first_text(document, ".byline"))
        .map(|b| {
            b.trim_start_matches("By ")
                .trim_start_matches("by ")
                .to_string()
        })
}

fn is_npr_org(url: &str) -> bool {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host_str()
                .map(|h| h == "npr.org" || h.ends_with(".npr.org"))
        })
        .unwrap_or(false)
}

fn is_npr(name: &str) -> bool {
    let lower = name.trim().to_ascii_lowercase();
    matches!(lower.as_str(), "npr" | "npr.org" | "national public radio")
}

/// The site's own name, unless it is NPR's. Only without one does the
/// JSON-LD publisher count: on npr.org that names the partner a story came
/// from (a newsroom, not a station).
fn station(document: &Html, publisher: Option<&str>) -> Option<String> {
    first_attr(document, "meta[property=\"og:site_name\"]", "content")
        .or_else(|| publisher.map(str::to_string))
        .filter(|s| !is_npr(s))
}

fn canonical_url(document: &Html) -> Option<String> {
    first_attr(document, "link[rel=\"canonical\"]", "href")
        .or_else(|| first_attr(document, "meta[property=\"og:url\"]", "content"))
}

fn audio_url(document: &Html) -> Option<String> {
    first_attr(document, ".audio-tool-download a[href]", "href")
        .or_else(|| first_attr(document, "audio source[src]", "src"))
        .or_else(|| first_attr(document, "audio[src]", "src"))
        .or_else(|| first_attr(document, "meta[property=\"og:audio\"]", "content"))
        .or_else(|| {
            document
                .select(&selector("a[href]"))
                .filter_map(|a| a.attr("href"))
                .find(|h| {
                    let path = h.split(['?', '#']).next().unwrap_or(h);
                    path.to_ascii_lowercase().ends_with(".mp3")
                })
                .map(str::to_string)
        })
}

/// The link to this story's transcript page on a story page without one.
fn transcript_link(document: &Html) -> Option<String> {
    first_attr(document, ".audio-tool-transcript a[href]", "href").or_else(|| {
        document
            .select(&selector("a[href]"))
            .filter_map(|a| a.attr("href"))
            .find(|h| {
                let is_transcript_page = h.contains("/transcripts/")
                    && h.rsplit("/transcripts/")
                        .next()
                        .is_some_and(|id| id.starts_with(|c: char| c.is_ascii_digit()));
                is_transcript_page || h.contains("templates/transcript/transcript.php")
            })
            .map(str::to_string)
    })
}

/// `href` made absolute against the page's address; `None` for a
/// `javascript:` link or an empty one.
fn resolve(base_url: Option<&str>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with("javascript:") || href.starts_with('#') {
        return None;
    }
    if let Ok(absolute) = url::Url::parse(href) {
        return Some(absolute.to_string());
    }
    let base = url::Url::parse(base_url?).ok()?;
    base.join(href).ok().map(|u| u.to_string())
}

/// The transcript's paragraphs: npr.org's transcript block when there is
/// one; else a member station's article body, when it holds a transcript
/// (a speaker label, or NPR's "Transcript provided by" line).
fn transcript_paragraphs(document: &Html) -> Vec<String> {
    let fullest = |css: &str, transcript_block| {
        document
            .select(&selector(css))
            .map(|block| paragraphs_of(block, transcript_block))
            .max_by_key(Vec::len)
            .filter(|p| !p.is_empty())
    };
    if let Some(paragraphs) = TRANSCRIPT_BLOCKS.iter().find_map(|css| fullest(css, true)) {
        return paragraphs;
    }
    let body = ARTICLE_BODIES
        .iter()
        .find_map(|css| fullest(css, false))
        .unwrap_or_default();
    let start = body
        .iter()
        .position(|p| p.eq_ignore_ascii_case("transcript") || p.eq_ignore_ascii_case("transcript:"))
        .map_or(0, |i| i + 1);
    let body = body[start..].to_vec();
    let holds_transcript = body
        .iter()
        .any(|p| label::parse(p).is_some() || p.contains("Transcript provided by NPR"));
    if holds_transcript { body } else { Vec::new() }
}

/// Elements whose text is never part of a transcript.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "aside", "figure", "nav", "header", "footer",
    "button", "form", "iframe", "svg",
];
/// Classes of npr.org furniture inside the transcript block.
const SKIPPED_CLASSES: &[&str] = &[
    "disclaimer",
    "audio-module",
    "caption",
    "credit",
    "bucketwrap",
];

/// A block's paragraphs: each `<p>` (or `<li>`), or, in a block without
/// them, the runs of text between `<br><br>`. In npr.org's transcript
/// block only a `<p>` without a class is transcript: the page marks its
/// disclaimers and summary with one (as scrapers of those pages found).
fn paragraphs_of(block: ElementRef, transcript_block: bool) -> Vec<String> {
    let mut out = Vec::new();
    let paras = selector("p, li, h2, h3, blockquote");
    let mut any = false;
    for p in block.select(&paras) {
        any = true;
        let classed = p
            .value()
            .attr("class")
            .is_some_and(|c| !c.trim().is_empty());
        if is_skipped(p) || has_skipped_ancestor(p, block) || (transcript_block && classed) {
            continue;
        }
        // A paragraph inside another (a list in a quote) was read with it.
        if p.ancestors()
            .take_while(|a| a.id() != block.id())
            .filter_map(ElementRef::wrap)
            .any(|a| matches!(a.value().name(), "p" | "li" | "blockquote"))
        {
            continue;
        }
        out.extend(split_breaks(&text_of(p)));
    }
    if !any {
        out.extend(split_breaks(&text_of(block)));
    }
    out
}

fn is_skipped(e: ElementRef) -> bool {
    SKIPPED.contains(&e.value().name()) || e.value().classes().any(|c| SKIPPED_CLASSES.contains(&c))
}

fn has_skipped_ancestor(e: ElementRef, block: ElementRef) -> bool {
    e.ancestors()
        .take_while(|a| a.id() != block.id())
        .filter_map(ElementRef::wrap)
        .any(is_skipped)
}

/// Text with `<br>` as a line break and skipped elements left out.
fn text_of(element: ElementRef) -> String {
    let mut out = String::new();
    for node in element.descendants() {
        match node.value() {
            Node::Text(text) => {
                let hidden = node
                    .ancestors()
                    .take_while(|a| a.id() != element.id())
                    .filter_map(ElementRef::wrap)
                    .any(is_skipped);
                if !hidden {
                    out.push_str(text);
                }
            }
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// A blank line (two `<br>`) ends a paragraph; one line break is a space.
fn split_breaks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(one_line(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(one_line(&current.join(" ")));
    }
    out.retain(|p| !p.is_empty());
    out
}

/// What a page's JSON-LD says about it (schema.org NewsArticle and kin).
#[derive(Debug, Default)]
struct LinkedData {
    headline: Option<String>,
    date: Option<Date>,
    author: Option<String>,
    publisher: Option<String>,
    audio: Option<String>,
    /// The page's own address (`mainEntityOfPage`).
    page: Option<String>,
    /// The show or series it belongs to (`isPartOf`).
    part_of: Option<String>,
}

impl LinkedData {
    fn of(document: &Html) -> LinkedData {
        let mut found = LinkedData::default();
        let scripts = selector("script[type=\"application/ld+json\"]");
        for script in document.select(&scripts) {
            let text: String = script.text().collect();
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
                found.take(&value);
            }
        }
        found
    }

    fn take(&mut self, value: &serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Array(items) => items.iter().for_each(|v| self.take(v)),
            Value::Object(map) => {
                if let Some(graph) = map.get("@graph") {
                    self.take(graph);
                }
                let text = |key: &str| map.get(key).and_then(name_of);
                self.headline = self.headline.take().or_else(|| text("headline"));
                self.date = self.date.or_else(|| {
                    map.get("datePublished")
                        .and_then(Value::as_str)
                        .and_then(iso_date)
                });
                self.author = self.author.take().or_else(|| text("author"));
                self.publisher = self.publisher.take().or_else(|| text("publisher"));
                self.part_of = self.part_of.take().or_else(|| text("isPartOf"));
                self.page = self.page.take().or_else(|| {
                    let page = map.get("mainEntityOfPage")?;
                    let id = page.get("@id").or_else(|| page.get("url")).unwrap_or(page);
                    id.as_str().map(str::to_string)
                });
                self.audio = self.audio.take().or_else(|| {
                    ["audio", "associatedMedia"]
                        .iter()
                        .filter_map(|k| map.get(*k))
                        .find_map(|m| m.get("contentUrl").and_then(Value::as_str))
                        .map(str::to_string)
                });
            }
            _ => {}
        }
    }
}

/// A JSON-LD name: a string, an object's `name`, or a list of them.
fn name_of(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(map) => map.get("name").and_then(name_of),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// A page read into a story: its paragraphs through the text engine, with
/// the headline before them as a page would show it, and the page's own
/// metadata over what the engine guessed.
pub(crate) fn story_from(
    page: HtmlPage,
    file_name: Option<&str>,
    imported_at: Timestamp,
) -> Result<Story, ParseError> {
    if page.paragraphs.is_empty() {
        return Err(ParseError::NoTranscriptOnPage);
    }
    let title = page
        .title
        .as_deref()
        .map(|t| sanitize::clean_line(t).trim().to_string())
        .filter(|t| !t.is_empty());
    let mut text = String::new();
    if let Some(title) = &title {
        text.push_str(title);
        text.push_str("\n\n");
    }
    text.push_str(&page.paragraphs.join("\n\n"));
    let mut story = parse_text(text.as_bytes(), file_name, imported_at)?;
    if let Some(title) = title {
        drop_repeated_title(&mut story, &title);
        story.title = title;
        story
            .warnings
            .retain(|w| w.kind != WarningKind::TitleNotFound);
    }
    let clean = |s: Option<String>| {
        s.map(|s| sanitize::clean_line(&s).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    story.air_date = page.air_date.or(story.air_date);
    if story.air_date.is_some() {
        story
            .warnings
            .retain(|w| w.kind != WarningKind::DateNotFound);
    }
    story.program = clean(page.program).or(story.program);
    story.byline = clean(page.byline).or(story.byline);
    story.source.station = clean(page.station).or(story.source.station);
    story.source.url = clean(page.canonical_url);
    story.source.audio_url = clean(page.audio_url);
    Ok(story)
}

/// A headline the engine did not take for one (it ends in a full stop, say)
/// came through as the first paragraph: it is not speech.
fn drop_repeated_title(story: &mut Story, title: &str) {
    let Some(first) = story.turns.first_mut() else {
        return;
    };
    if first.kind == TurnKind::Speech
        && first.speaker.is_none()
        && first.paragraphs.first().is_some_and(|p| p == title)
    {
        first.paragraphs.remove(0);
        if first.paragraphs.is_empty() {
            story.turns.remove(0);
        }
    }
}

#[cfg(test)]
mod tests;
