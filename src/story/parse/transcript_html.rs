//! HTML transcripts of the podcast namespace: `<cite>` names the speaker,
//! `<time>` gives the time, and the paragraphs after them are what was
//! said. Read with a browser-grade parser, so unclosed tags still read.

use std::collections::HashSet;

use scraper::{ElementRef, Html, Selector};

use super::timed::{Cue, Timed};
use crate::story::clock;

/// Of a transcript's paragraphs, at least one in this many follows a
/// `<cite>`; a news page that quotes a book or two has far fewer.
const PARAGRAPHS_PER_CITE: usize = 4;

/// Whether `text` is HTML laid out as a podcast transcript, rather than a
/// web page that happens to cite something.
pub(crate) fn looks_like(text: &str) -> bool {
    if !text.trim_start().starts_with('<') {
        return false;
    }
    let count = |tag: &[u8]| memchr::memmem::find_iter(text.as_bytes(), tag).count();
    let cites = count(b"<cite");
    cites > 0 && cites * PARAGRAPHS_PER_CITE >= count(b"<p>") + count(b"<p ")
}

pub(crate) fn read(text: &str) -> Timed {
    let document = Html::parse_document(text);
    let mut timed = Timed {
        title: select(&document, "title")
            .next()
            .map(|t| t.text().collect::<String>()),
        ..Timed::default()
    };
    let (mut speaker, mut start_ms) = (None, None);
    let mut consumed = HashSet::new();
    for element in select(&document, "cite, time, p") {
        if consumed.contains(&element.id()) {
            continue;
        }
        match element.value().name() {
            "cite" => speaker = Some(text_of(element)),
            "time" => start_ms = time_of(element),
            _ => {
                // `<p><cite>Ana:</cite> <time>0:03</time> Hi.</p>` is a
                // layout too: the speaker and time inside come first.
                for inner in element.descendants().filter_map(ElementRef::wrap) {
                    match inner.value().name() {
                        "cite" => speaker = Some(text_of(inner)),
                        "time" => start_ms = time_of(inner),
                        _ => continue,
                    }
                    consumed.insert(inner.id());
                }
                timed.cues.push(Cue {
                    start_ms: start_ms.take(),
                    end_ms: None,
                    speaker: speaker.take(),
                    text: text_outside_names(element),
                });
            }
        }
    }
    timed
}

fn select<'a>(document: &'a Html, selector: &str) -> impl Iterator<Item = ElementRef<'a>> {
    // The selectors are this file's own constants: they always parse.
    let selector = Selector::parse(selector).ok();
    selector
        .into_iter()
        .flat_map(move |s| document.select(&s).collect::<Vec<_>>())
}

fn text_of(element: ElementRef) -> String {
    element.text().collect()
}

/// `<time datetime="PT1M2S">` or `<time>1:02</time>`.
fn time_of(element: ElementRef) -> Option<u64> {
    clock::parse(&text_of(element)).or_else(|| {
        let datetime = element.value().attr("datetime")?;
        clock::parse(datetime).or_else(|| iso_duration(datetime))
    })
}

/// `PT1H2M3.5S`, as `<time datetime>` writes a duration.
fn iso_duration(text: &str) -> Option<u64> {
    let mut rest = text.strip_prefix("PT")?;
    let mut ms: u64 = 0;
    while !rest.is_empty() {
        let unit_at = rest.find(['H', 'M', 'S'])?;
        let seconds: f64 = rest[..unit_at].parse().ok()?;
        let scale = match &rest[unit_at..unit_at + 1] {
            "H" => 3600.0,
            "M" => 60.0,
            _ => 1.0,
        };
        ms = ms.checked_add(clock::from_seconds(seconds * scale)?)?;
        rest = &rest[unit_at + 1..];
    }
    Some(ms)
}

/// A paragraph's words, without the speaker and time it may hold, with a
/// space where a `<br>` breaks the line.
fn text_outside_names(paragraph: ElementRef) -> String {
    let mut out = String::new();
    for node in paragraph.descendants() {
        let inside_name = node
            .ancestors()
            .take_while(|a| a.id() != paragraph.id())
            .filter_map(|a| a.value().as_element())
            .any(|e| matches!(e.name(), "cite" | "time"));
        if inside_name {
            continue;
        }
        match node.value() {
            scraper::Node::Text(text) => out.push_str(text),
            scraper::Node::Element(e) if e.name() == "br" => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_that_cites_a_book_is_not_a_transcript() {
        let page = format!(
            "<html><body>{}<p>As <cite>Moby-Dick</cite> has it.</p></body></html>",
            "<p>News.</p>".repeat(12)
        );
        assert!(!looks_like(&page));
        assert!(looks_like(
            "<cite>Ana:</cite><time>0:01</time><p>Hi.</p><p>Yes.</p>"
        ));
    }

    #[test]
    fn cite_time_and_paragraphs() {
        let timed = read(
            "<html><head><title>Ep 4</title></head><body>\
             <cite>Ana Ruiz:</cite><time>0:03</time><p>Hello<br>there.</p><p>More.</p>\
             <p><cite>Tom:</cite> <time datetime=\"PT1M2S\"></time> Hi.</p></body></html>",
        );
        assert_eq!(timed.title.as_deref(), Some("Ep 4"));
        let cues: Vec<_> = timed
            .cues
            .iter()
            .map(|c| (c.speaker.as_deref(), c.start_ms, c.text.trim()))
            .collect();
        assert_eq!(
            cues,
            [
                (Some("Ana Ruiz:"), Some(3_000), "Hello there."),
                (None, None, "More."),
                (Some("Tom:"), Some(62_000), "Hi."),
            ]
        );
    }
}
