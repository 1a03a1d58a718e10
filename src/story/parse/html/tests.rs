use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn story(name: &str) -> Story {
    super::super::parse(&fixture(name), Some(name), Timestamp::UNIX_EPOCH)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn speakers(story: &Story) -> Vec<&str> {
    story.speakers.iter().map(|s| s.name.as_str()).collect()
}

#[test]
fn detects_html_by_content_not_name() {
    assert!(is_html(b"<!DOCTYPE html><html><body></body></html>"));
    assert!(is_html(b"\xEF\xBB\xBF  <html lang=\"en\">"));
    assert!(is_html(&fixture("saved-complete.txt")));
    assert!(is_html(b"<head><meta charset=utf-8></head>"));
    assert!(!is_html(b"ARI SHAPIRO, HOST: <b>is</b> not a page."));
    assert!(!is_html(b"Headline\n\nHOST: Hello."));
}

#[test]
fn npr_transcript_page_with_all_its_metadata() {
    let story = story("npr-transcript.html");
    assert_eq!(story.title, "Lighthouse Keepers Return To Gull Island");
    assert_eq!(story.air_date, Date::new(2031, 4, 7).ok());
    assert_eq!(story.program.as_deref(), Some("Harbor Hour"));
    assert_eq!(story.byline.as_deref(), Some("Marisol Okafor"));
    assert_eq!(story.source.station, None);
    assert_eq!(
        story.source.url.as_deref(),
        Some("https://www.npr.org/transcripts/900000001")
    );
    assert_eq!(
        story.source.audio_url.as_deref(),
        Some("https://ondemand.example.npr.org/harbor/20310407_harbor_gull.mp3?d=252")
    );
    assert_eq!(
        speakers(&story),
        ["Tobias Wren", "Marisol Okafor", "Ines Varga", "Paul Varga"]
    );
    // The disclaimers and the player are not transcript.
    let text: Vec<&String> = story.turns.iter().flat_map(|t| &t.paragraphs).collect();
    assert!(
        text.iter()
            .all(|p| !p.contains("rush deadline") && !p.contains("Download"))
    );
    assert!(
        text.iter()
            .any(|p| p.as_str() == "We sold the house. We sold the car. We kept the dog.")
    );
    assert!(story.turns.iter().any(|t| t.kind == TurnKind::Cue));
}

#[test]
fn old_templates_page_in_its_declared_latin_charset() {
    let story = story("templates-transcript.html");
    assert_eq!(story.title, "Café Owners Weather The Long Winter");
    assert_eq!(story.air_date, Date::new(2009, 2, 11).ok());
    assert_eq!(story.program.as_deref(), Some("Evening Desk"));
    assert_eq!(story.byline.as_deref(), Some("Hollis Brandt"));
    let owner = story.speaker("Dora Pelletier").expect("the owner speaks");
    assert_eq!(
        owner.description.as_deref(),
        Some("Owner, Pelletier’s Café")
    );
    assert!(
        story
            .turns
            .iter()
            .flat_map(|t| &t.paragraphs)
            .all(|p| !p.contains("Copyright"))
    );
}

#[test]
fn member_station_repost_names_the_station() {
    let story = story("station.html");
    assert_eq!(story.title, "Orchard Towns Split Over New Rail Stop");
    assert_eq!(story.air_date, Date::new(2030, 9, 14).ok());
    assert_eq!(
        story.source.station.as_deref(),
        Some("KXYZ Valley Public Radio")
    );
    assert_eq!(story.byline.as_deref(), Some("Renée Castellanos"));
    assert_eq!(
        story.source.audio_url.as_deref(),
        Some("https://media.kxyz.example.org/audio/2030/09/rail-stop.mp3")
    );
    assert_eq!(
        speakers(&story),
        ["Marcus Oyelaran", "Renée Castellanos", "June Abernathy"]
    );
    let text: Vec<&String> = story.turns.iter().flat_map(|t| &t.paragraphs).collect();
    assert!(
        text.iter()
            .all(|p| !p.contains("Donate") && !p.contains("Transcript provided"))
    );
}

#[test]
fn browser_save_in_a_txt_file_reads_as_a_page() {
    let story = story("saved-complete.txt");
    assert_eq!(story.title, "A Night Shift At The Ferry Terminal");
    assert_eq!(story.program.as_deref(), Some("Harbor Hour"));
    assert_eq!(speakers(&story), ["Tobias Wren", "Cal Dempsey"]);
}

#[test]
fn story_page_that_links_its_transcript_gives_the_link() {
    let page = read_page(
        &fixture("npr-story.html"),
        None,
        Some("https://www.npr.org/2031/04/07/900000001/lighthouse"),
    )
    .unwrap();
    assert!(page.paragraphs.is_empty());
    assert_eq!(
        page.transcript_link.as_deref(),
        Some("https://www.npr.org/transcripts/900000001")
    );
    assert_eq!(
        story_from(page, None, Timestamp::UNIX_EPOCH),
        Err(ParseError::NoTranscriptOnPage)
    );
}

#[test]
fn a_page_without_a_transcript_says_so() {
    let err = super::super::parse(&fixture("no-transcript.html"), None, Timestamp::UNIX_EPOCH);
    assert_eq!(err, Err(ParseError::NoTranscriptOnPage));
}

#[test]
fn header_charset_beats_the_page_and_meta_charset_beats_the_guess() {
    let latin = b"<html><head><meta charset=\"windows-1252\"></head><body><div class=\"transcript storytext\"><p>HOST: Caf\xe9 \x93open\x94.</p></div></body></html>";
    let page = read_page(latin, None, None).unwrap();
    assert_eq!(page.paragraphs, ["HOST: Café “open”."]);
    let koi8 = b"<html><body><div class=\"transcript storytext\"><p>HOST: \xf0\xd2\xc9\xd7\xc5\xd4.</p></div></body></html>";
    let page = read_page(koi8, Some("KOI8-R"), None).unwrap();
    assert_eq!(page.paragraphs, ["HOST: Привет."]);
    assert_eq!(
        charset_of_content_type("text/html; Charset=\"ISO-8859-1\""),
        Some("ISO-8859-1".into())
    );
}

#[test]
fn classed_paragraphs_in_the_transcript_block_are_not_transcript() {
    let html = b"<html><body><div class=\"transcript storytext\"><p class=\"summary\">What the story is about.</p><p>HOST: Hello.</p><p class=\"disclaimer\">NPR transcripts are created on a rush deadline.</p></div></body></html>";
    let page = read_page(html, None, None).unwrap();
    assert_eq!(page.paragraphs, ["HOST: Hello."]);
}

#[test]
fn unclosed_paragraphs_and_breaks_make_paragraphs() {
    let html = b"<html><body><div class=\"transcript storytext\"><p>HOST:<p>One.<br><br>Two.<p>GUEST: Three</div></body></html>";
    let page = read_page(html, None, None).unwrap();
    assert_eq!(page.paragraphs, ["HOST:", "One.", "Two.", "GUEST: Three"]);
}

#[test]
fn hostile_markup_never_reaches_the_story() {
    let html = "<html><head><title>T\u{1b}]0;pwned\u{7}itle</title></head><body><div class=\"transcript storytext\"><p>HOST: Hi\u{1b}[2J there.</p><script>HOST: evil()</script></div></body></html>";
    let story = super::super::parse(html.as_bytes(), None, Timestamp::UNIX_EPOCH).unwrap();
    assert!(!story.title.contains('\u{1b}'));
    let text: Vec<&String> = story.turns.iter().flat_map(|t| &t.paragraphs).collect();
    assert!(
        text.iter()
            .all(|p| !p.contains('\u{1b}') && !p.contains("evil"))
    );
}

#[test]
fn relative_links_resolve_against_the_page() {
    assert_eq!(
        resolve(Some("https://a.example/x/y"), "/transcripts/1").as_deref(),
        Some("https://a.example/transcripts/1")
    );
    assert_eq!(resolve(None, "/transcripts/1"), None);
    assert_eq!(
        resolve(Some("https://a.example/"), "javascript:void(0)"),
        None
    );
}

#[test]
fn a_partner_named_as_publisher_on_npr_org_is_no_station() {
    let html = br#"<html><head><meta property="og:site_name" content="NPR">
<script type="application/ld+json">{"@type":"NewsArticle","publisher":{"name":"A Partner Newsroom"}}</script>
</head><body><div class="transcript storytext"><p>HOST: Hi.</p></div></body></html>"#;
    assert_eq!(read_page(html, None, None).unwrap().station, None);
    let without_site_name = String::from_utf8_lossy(html).replace("og:site_name", "og:other");
    assert_eq!(
        read_page(without_site_name.as_bytes(), None, None)
            .unwrap()
            .station
            .as_deref(),
        Some("A Partner Newsroom")
    );
}
