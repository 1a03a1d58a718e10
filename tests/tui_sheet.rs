//! Part of a turn and the quote sheet (issue 19): `v` selects a sentence
//! of the marked turn, `j`/`k` and `J`/`K` extend it, `y` copies it
//! attributed, `a` adds it (or the turn) to the sheet, and `C` shows the
//! sheet, where `J`/`K` reorder, `d` removes, `n` notes and `e` exports
//! to a path the bar asks for.

use hark::parse;
use hark::testing::{
    Ask, Clipboards, ColorMode, Focus, KeyContext as Context, Outgoing, TuiOptions, deliver_with,
};
use jiff::Timestamp;
use ratatui::style::Modifier;

use crate::support::tui::{Screen, text_of};

const FERRY: &str = "\
© 2025 Lakeshore Public Radio

Ferry Service Returns To Marrow Island

NADIA PEREZ, HOST: The ferry is back.

OSWIN TALLOW: We waited two winters. Mr. Brandt kept the dock painted. Nobody else believed.

The first crossing took forty minutes. It felt like four.

PEREZ: Thank you.
";

/// No tmux and no desktop clipboard: nothing is copied in these tests.
const OSC52_ONLY: Clipboards = Clipboards {
    tmux: None,
    system: None,
};

/// Writes an export as the terminal layer does.
fn deliver(export: Outgoing, folder: &std::path::Path) -> Option<String> {
    deliver_with(export, &mut Vec::new(), folder, &OSC52_ONLY).unwrap()
}

const TITLE: &str = "“Ferry Service Returns To Marrow Island”";

/// The ferry story open in the transcript, the second turn (Oswin
/// Tallow's, two paragraphs) marked, on a screen of `size`.
fn on_tallow(size: (u16, u16)) -> Screen {
    let story = parse(FERRY.as_bytes(), Some("ferry.txt"), Timestamp::UNIX_EPOCH).unwrap();
    let mut options = TuiOptions::files(vec![story]);
    options.colors = Some(ColorMode::None);
    options.export_dir = Some("/exports".into());
    let mut screen = Screen::start(options, size);
    screen.app.set_focus(Focus::Transcript);
    screen.keys("]");
    screen
}

/// What the last keys handed to the clipboard.
fn copied(screen: &mut Screen) -> String {
    let sent = screen.app.take_outgoing();
    let [Outgoing::Clipboard { text, .. }] = sent.as_slice() else {
        panic!("one copy: {sent:?}");
    };
    text.clone()
}

fn sheet_texts(screen: &Screen) -> Vec<String> {
    let entries = screen.app.sheet_entries().to_vec();
    entries
        .iter()
        .map(|e| e.quote.paragraphs.join(" | "))
        .collect()
}

#[test]
fn v_selects_one_sentence_and_y_copies_just_it_attributed() {
    let mut screen = on_tallow((100, 30));
    screen.keys("vy");
    assert_eq!(
        copied(&mut screen),
        format!("“We waited two winters.” (Oswin Tallow, {TITLE}, Lakeshore Public Radio)")
    );
    assert_eq!(
        screen.app.contexts()[1],
        Context::Selection,
        "y leaves the selection for a to add"
    );
}

#[test]
fn j_and_k_extend_by_sentence_and_mr_does_not_end_one() {
    let mut screen = on_tallow((100, 30));
    screen.keys("vjy");
    assert!(
        copied(&mut screen)
            .starts_with("“We waited two winters. Mr. Brandt kept the dock painted.” ("),
        "two sentences, the title kept with its name"
    );
    screen.keys("jjjky");
    assert!(
        copied(&mut screen).starts_with(
            "“We waited two winters. Mr. Brandt kept the dock painted. Nobody else believed. The first crossing took forty minutes.” ("
        ),
        "on into the next paragraph and one back"
    );
    assert_eq!(
        screen.app.message(),
        None,
        "the copy's word is the terminal's to say"
    );
}

#[test]
fn big_j_and_k_extend_by_paragraph() {
    let mut screen = on_tallow((100, 30));
    screen.keys("vJ");
    assert_eq!(screen.app.message(), Some("3 sentences selected"));
    screen.keys("J");
    assert_eq!(screen.app.message(), Some("5 sentences selected"));
    screen.keys("K");
    assert_eq!(
        screen.app.message(),
        Some("4 sentences selected"),
        "back to the second paragraph's start"
    );
    screen.keys("KKy");
    assert!(copied(&mut screen).starts_with("“We waited two winters.” ("));
}

#[test]
fn esc_ends_the_selection_and_y_copies_the_whole_turn_again() {
    let mut screen = on_tallow((100, 30));
    screen.keys("vj\u{1b}");
    assert!(!screen.app.contexts().contains(&Context::Selection));
    screen.keys("y");
    assert!(copied(&mut screen).starts_with(
        "“We waited two winters. Mr. Brandt kept the dock painted. Nobody else believed. The first crossing took forty minutes. It felt like four.” ("
    ));
}

#[test]
fn the_selection_shows_reversed_and_underlined_without_colour() {
    let mut screen = on_tallow((100, 30));
    screen.keys("v");
    let frame = screen.render();
    let text = text_of(&frame);
    let row = text.lines().position(|l| l.contains("We waited")).unwrap();
    let line = text.lines().nth(row).unwrap();
    let column = line[..line.find("We waited").unwrap()].chars().count();
    let frame = &frame;
    let columns = |from: usize, len: usize| {
        (from..from + len).map(move |x| frame[(x as u16, row as u16)].modifier)
    };
    let selection = Modifier::REVERSED | Modifier::UNDERLINED;
    assert!(columns(column, "We waited two winters.".len()).all(|m| m.contains(selection)));
    let after = column + "We waited two winters. ".len();
    assert!(columns(after, "Mr. Brandt".len()).all(|m| !m.contains(Modifier::UNDERLINED)));
}

#[test]
fn a_adds_the_selection_or_the_marked_turn_with_its_attribution() {
    let mut screen = on_tallow((100, 30));
    screen.keys("vja");
    assert!(
        screen
            .app
            .message()
            .unwrap()
            .starts_with("added the selection to the sheet (1 quote)"),
        "{:?}",
        screen.app.message()
    );
    assert!(
        !screen.app.contexts().contains(&Context::Selection),
        "a ends it"
    );
    screen.keys("[a");
    assert_eq!(
        sheet_texts(&screen),
        [
            "We waited two winters. Mr. Brandt kept the dock painted.",
            "The ferry is back."
        ]
    );
    let entries = screen.app.sheet_entries().to_vec();
    let host = &entries[1].quote;
    assert_eq!(
        (
            host.speaker.as_deref(),
            host.role.as_deref(),
            host.turn,
            host.excerpt
        ),
        (Some("Nadia Perez"), Some("host"), 0, false)
    );
    assert_eq!(host.title, "Ferry Service Returns To Marrow Island");
    assert_eq!(host.station.as_deref(), Some("Lakeshore Public Radio"));
    assert!(entries[0].quote.excerpt);
}

/// The sheet with three quotes, in the sheet view: the host's turn, then
/// Tallow's first sentence, then his first paragraph and a sentence of
/// his second.
fn sheet_of_three(size: (u16, u16)) -> Screen {
    let mut screen = on_tallow(size);
    screen.keys("[a]");
    screen.keys("va");
    screen.keys("vJja");
    screen.keys("C");
    assert_eq!(screen.app.focus(), Focus::Sheet);
    screen
}

const THIRD: &str = "We waited two winters. Mr. Brandt kept the dock painted. Nobody else believed. | The first crossing took forty minutes.";

#[test]
fn in_the_sheet_big_j_and_k_reorder_and_d_removes() {
    let mut screen = sheet_of_three((100, 30));
    assert_eq!(
        sheet_texts(&screen),
        ["The ferry is back.", "We waited two winters.", THIRD]
    );
    screen.keys("J");
    assert_eq!(sheet_texts(&screen)[1], "The ferry is back.");
    assert_eq!(
        screen
            .app
            .selected_sheet_entry()
            .map(|e| e.quote.paragraphs.join(" ")),
        Some("The ferry is back.".to_string()),
        "the moved quote stays selected"
    );
    screen.keys("JJ");
    assert_eq!(
        sheet_texts(&screen)[2],
        "The ferry is back.",
        "the last stays last"
    );
    screen.keys("K");
    assert_eq!(sheet_texts(&screen)[1], "The ferry is back.");
    screen.keys("kd");
    assert_eq!(sheet_texts(&screen), ["The ferry is back.", THIRD]);
}

#[test]
fn enter_in_the_sheet_opens_the_story_at_the_quote_and_esc_comes_back() {
    let mut screen = sheet_of_three((100, 30));
    // The first quote is the host's; the second Tallow's first sentence.
    screen.keys("j\n");
    assert_eq!(screen.app.focus(), Focus::Transcript);
    let text = screen.text();
    let marked: Vec<&str> = text.lines().filter(|l| l.contains("▌ ")).collect();
    assert!(
        !marked.is_empty() && marked.iter().all(|l| !l.contains("The ferry is back")),
        "{text}"
    );
    assert!(
        marked.iter().any(|l| l.contains("▌ We waited two winters")),
        "{text}"
    );
    screen.keys("\u{1b}");
    assert_eq!(screen.app.focus(), Focus::Sheet);
    assert_eq!(
        screen
            .app
            .selected_sheet_entry()
            .map(|e| e.quote.paragraphs.join(" ")),
        Some("We waited two winters.".to_string()),
        "back at the same quote"
    );
}

#[test]
fn n_writes_a_note_that_esc_leaves_alone() {
    let mut screen = sheet_of_three((100, 30));
    screen.keys("jnfor the lede\n");
    screen.keys("nnever mind\u{1b}");
    let notes: Vec<String> = screen
        .app
        .sheet_entries()
        .iter()
        .map(|e| e.note.clone())
        .collect();
    assert_eq!(notes, ["", "for the lede", ""]);
    assert!(!screen.app.editing());
}

#[test]
fn e_asks_where_offering_the_export_folder_and_writes_there() {
    let mut screen = sheet_of_three((100, 30));
    screen.keys("e");
    assert!(matches!(screen.app.asking(), Some(Ask::ExportPath { .. })));
    let bar = screen.text().lines().nth(28).unwrap().to_string();
    assert_eq!(bar.trim_end(), "export to /exports/hark-quote-sheet.md");
    let folder = tempfile::tempdir().unwrap();
    let wanted = folder.path().join("piece.md");
    // Ctrl-U empties the bar, as in readline.
    screen.press(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    screen.keys(&format!("{}\n", wanted.display()));
    let sent = screen.app.take_outgoing();
    let [export @ Outgoing::Export { path, markdown }] = sent.as_slice() else {
        panic!("one export: {sent:?}");
    };
    assert_eq!(path, &wanted);
    assert!(markdown.starts_with(
        "# Quote sheet\n\n## 1.\n\n> The ferry is back.\n\n— Nadia Perez, host, “Ferry"
    ));
    let said = deliver(export.clone(), folder.path());
    assert_eq!(said, Some(format!("exported to {}", wanted.display())));
    assert_eq!(std::fs::read_to_string(&wanted).unwrap(), *markdown);
    let said = deliver(export.clone(), folder.path());
    let beside = folder.path().join("piece-2.md");
    assert_eq!(
        said,
        Some(format!(
            "exported to {} (piece.md was there already)",
            beside.display()
        ))
    );
    assert_eq!(std::fs::read_to_string(&beside).unwrap(), *markdown);
}

#[test]
fn a_relative_export_path_is_written_whole_and_said_absolute_and_errors_name_it() {
    let folder = tempfile::tempdir().unwrap();
    let relative = Outgoing::Export {
        path: "sheet.md".into(),
        markdown: "# Quote sheet\n".into(),
    };
    let said = deliver(relative, folder.path());
    let written = folder.path().join("sheet.md");
    assert_eq!(said, Some(format!("exported to {}", written.display())));
    let leftovers: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temp file left beside it");
    let nowhere = folder.path().join("no-such-folder").join("sheet.md");
    let broken = Outgoing::Export {
        path: nowhere.clone(),
        markdown: "x".into(),
    };
    let said = deliver(broken, folder.path()).unwrap();
    let expected = format!("could not export to {}: ", nowhere.display());
    assert!(said.starts_with(&expected), "{said}");
}

#[test]
fn the_sheet_view_at_80x24_and_200x50() {
    for (name, size) in [("80x24", (80, 24)), ("200x50", (200, 50))] {
        let mut screen = sheet_of_three(size);
        screen.keys("jnfor the lede\n");
        let text = screen.text();
        insta::assert_snapshot!(format!("sheet_view_{name}"), text);
    }
}

#[test]
fn an_empty_sheet_says_how_quotes_get_onto_it() {
    let mut screen = on_tallow((100, 30));
    screen.keys("C");
    let text = screen.text();
    assert!(text.contains("The quote sheet is empty."), "{text}");
    assert!(
        text.contains("a adds the marked turn, and v selects"),
        "{text}"
    );
    screen.keys("q");
    assert_eq!(screen.app.focus(), Focus::Transcript, "q goes back");
}

#[test]
fn a_in_the_quotes_view_adds_the_selected_quote_whole() {
    let mut screen = on_tallow((100, 30));
    screen.keys("Qja");
    assert!(
        screen
            .app
            .message()
            .unwrap()
            .starts_with("added the quote to the sheet (1 quote): C shows it"),
        "{:?}",
        screen.app.message()
    );
    let entries = screen.app.sheet_entries().to_vec();
    let quote = &entries[0].quote;
    assert_eq!(
        (quote.speaker.as_deref(), quote.turn, quote.excerpt),
        (Some("Oswin Tallow"), 1, false)
    );
    assert_eq!(quote.paragraphs.len(), 2, "both paragraphs of the turn");
    screen.keys("C");
    assert_eq!(screen.app.focus(), Focus::Sheet);
}
