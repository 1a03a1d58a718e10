//! What a glance shows: the read and starred marks in the list, the
//! speaker strip above the transcript, and who talks how much. Every story
//! is inline and fictional; snapshots keep the styles, so a colour
//! snapshot shows each cell's colour.

use hark::testing::{Action, ColorMode, MemoryMarks, MemoryStories, Origin, TuiOptions};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::support::tui::{Screen, story, text_of};

/// A host who talks at length, a guest with short answers, a caller.
const FERRY: &str = "\
The Night Ferry Keeps Running

MARTA QUILL, HOST: Good evening. Tonight we ride the last ferry across the bay, the one that runs after midnight for the nurses, the bakers and the night-shift crews who keep the city going while it sleeps. Its captain has made the crossing for twenty years.

DEV OKAFOR: Twenty-one, come March.

QUILL: Twenty-one years. What keeps you on the night boat when the day boats pay more and the weather is kinder?

OKAFOR: The quiet. And the regulars.

(SOUNDBITE OF FOGHORN)

QUILL: The regulars. We spoke to one of them as the boat pulled away from the pier.

LENA VOSS: I bake bread on the far side. Without this boat there is no bread in the morning.

QUILL: And the city council wants to cut the run to three nights a week from the spring, to save money on fuel and crew.

OKAFOR: Then three nights a week, there is no bread.

QUILL: Dev Okafor, captain of the night ferry. Thank you.
";

const SHORT: &str = "\
Harbor Lights Go Dim

JO PARK, HOST: The harbor lights went dim for an hour tonight.

SAM REED: Nobody knows why yet.
";

/// The two stories in a library sharing `marks`, on a terminal of `size`.
fn screen(colors: ColorMode, size: (u16, u16), marks: &MemoryMarks) -> Screen {
    let stories = vec![story(FERRY, "ferry.txt"), story(SHORT, "short.txt")];
    let source = MemoryStories::new(stories).with_marks(marks.clone());
    let mut options = TuiOptions::new(Box::new(source), Origin::Library);
    options.colors = Some(colors);
    Screen::start(options, size)
}

/// The ferry story open, scrolled a few lines in.
fn ferry_open(colors: ColorMode, size: (u16, u16)) -> Screen {
    let mut screen = screen(colors, size, &MemoryMarks::default());
    screen.act(&[Action::Open, Action::Down, Action::Down, Action::Down]);
    screen
}

/// The strip's row, the first inside the transcript pane's border, and
/// its columns: from the pane's left border to the scrollbar's column.
fn strip_row(buffer: &Buffer) -> (u16, std::ops::Range<u16>) {
    let top = text_of(buffer).lines().next().unwrap_or("").to_string();
    let pane = top
        .chars()
        .skip(1)
        .position(|c| c == '┌')
        .map_or(0, |x| x + 1);
    (1, pane as u16 + 1..buffer.area.width - 2)
}

/// The colour of the first cell of the first row holding `text`.
fn colour_of(buffer: &Buffer, text: &str) -> Color {
    let rows = text_of(buffer);
    let (y, row) = rows
        .lines()
        .enumerate()
        .find(|(_, row)| row.contains(text))
        .unwrap_or_else(|| panic!("no {text} in\n{rows}"));
    let x = row.chars().count() - row[row.find(text).unwrap()..].chars().count();
    buffer[(x as u16, y as u16)].fg
}

/// The colours the strip's cells are drawn in, each once.
fn strip_colours(buffer: &Buffer) -> Vec<Color> {
    let (row, columns) = strip_row(buffer);
    let mut colours: Vec<Color> = Vec::new();
    for x in columns {
        let fg = buffer[(x, row)].fg;
        if !colours.contains(&fg) {
            colours.push(fg);
        }
    }
    colours
}

fn strip_text(buffer: &Buffer) -> String {
    let (row, columns) = strip_row(buffer);
    columns.map(|x| buffer[(x, row)].symbol()).collect()
}

#[test]
fn the_strip_shows_each_speaker_in_their_colour() {
    for (size, name) in [((80, 24), "strip_80x24"), ((200, 50), "strip_200x50")] {
        let mut screen = ferry_open(ColorMode::Full, size);
        let buffer = screen.render();
        let colours = strip_colours(&buffer);
        // Each in the colour of their heading in the text: the host and
        // the captain have one on screen at both sizes.
        for person in ["Marta Quill", "Dev Okafor"] {
            let colour = colour_of(&buffer, person);
            assert!(
                colours.contains(&colour),
                "{person} {colour:?} in {colours:?}"
            );
        }
        let strip = strip_text(&buffer);
        assert!(
            strip.contains('█') && strip.chars().all(|c| "█▄".contains(c)),
            "{strip}"
        );
        insta::assert_debug_snapshot!(name, buffer);
    }
}

#[test]
fn without_colour_the_strip_spells_each_speaker_with_a_letter() {
    for (size, name) in [
        ((80, 24), "strip_no_color_80x24"),
        ((200, 50), "strip_no_color_200x50"),
    ] {
        let mut screen = ferry_open(ColorMode::None, size);
        let buffer = screen.render();
        assert_eq!(strip_colours(&buffer), [Color::Reset]);
        let strip = strip_text(&buffer);
        // The host talks most: her letter leads and outnumbers the rest.
        assert!(strip.starts_with("MMMM"), "{strip}");
        let count = |c| strip.chars().filter(|&s| s == c).count();
        assert!(
            count('M') > count('D') && count('D') > count('L') && count('L') > 0,
            "{strip}"
        );
        assert!(strip.contains('·'), "the foghorn is nobody's: {strip}");
        insta::assert_debug_snapshot!(name, buffer);
    }
}

#[test]
fn in_sixteen_colours_the_strip_uses_the_small_palette() {
    let mut screen = ferry_open(ColorMode::Ansi16, (80, 24));
    let buffer = screen.render();
    for colour in strip_colours(&buffer) {
        let small = !matches!(colour, Color::Indexed(_) | Color::Rgb(..));
        assert!(small, "{colour:?}");
    }
    insta::assert_debug_snapshot!("strip_sixteen_colours_80x24", buffer);
}

#[test]
fn the_part_on_screen_moves_down_the_strip_as_the_reader_does() {
    let mut screen = ferry_open(ColorMode::None, (80, 24));
    let seen_from = |screen: &mut Screen| {
        let buffer = screen.render();
        let (row, mut columns) = strip_row(&buffer);
        columns.position(|x| buffer[(x, row)].modifier.contains(Modifier::REVERSED))
    };
    let before = seen_from(&mut screen).unwrap();
    screen.act(&[Action::Bottom]);
    let after = seen_from(&mut screen).unwrap();
    assert!(
        after > before,
        "on screen from column {before}, then {after}"
    );
    let text = text_of(&screen.render());
    assert!(text.contains("captain of the night ferry"), "{text}");
}

/// The bar cells on the row of the frame with `name`'s share and bar.
fn bar_cells(buffer: &Buffer, name: &str) -> usize {
    let rows = text_of(buffer);
    let row = rows.lines().find(|r| r.contains(name) && r.contains("% █"));
    let row = row.unwrap_or("");
    row.chars().filter(|&c| c == '█').count()
}

#[test]
fn the_speakers_view_shows_each_share_of_the_words_as_a_bar() {
    for (size, name) in [
        ((80, 24), "share_speakers_80x24"),
        ((200, 50), "share_speakers_200x50"),
    ] {
        let mut screen = screen(ColorMode::Full, size, &MemoryMarks::default());
        screen.act(&[Action::ShowSpeakers, Action::SortSpeakers]);
        let buffer = screen.render();
        let text = text_of(&buffer);
        assert!(text.contains("Share"), "{text}");
        // Marta Quill says 112 of the library's 160 words: 70%, the
        // longest bar.
        let quill = bar_cells(&buffer, "Marta Quill");
        let okafor = bar_cells(&buffer, "Dev Okafor");
        assert!(quill > okafor && okafor > 0, "{quill} {okafor}\n{text}");
        let row = text.lines().find(|r| r.contains("Marta Quill")).unwrap();
        assert!(row.contains(" 70% █"), "{row}");
        let y = text
            .lines()
            .position(|r| r.contains("Marta Quill"))
            .unwrap() as u16;
        let x = row.chars().position(|c| c == '█').unwrap() as u16;
        let colour = colour_of(&buffer, "Marta Quill");
        assert_ne!(colour, Color::Reset);
        assert_eq!(buffer[(x, y)].fg, colour, "the bar is in her colour");
        insta::assert_debug_snapshot!(name, buffer);
    }
}

#[test]
fn w_shows_the_open_storys_speakers_as_bars_and_esc_closes_them() {
    for (size, name) in [
        ((80, 24), "share_story_80x24"),
        ((200, 50), "share_story_200x50"),
    ] {
        let mut screen = ferry_open(ColorMode::Full, size);
        screen.keys("w");
        let buffer = screen.render();
        let text = text_of(&buffer);
        assert!(text.contains("Who talks"), "{text}");
        let quill = bar_cells(&buffer, "Marta Quill");
        let voss = bar_cells(&buffer, "Lena Voss");
        assert!(quill > voss && voss > 0, "{quill} {voss}\n{text}");
        // 112 of the story's 146 words, and 17 each for the others.
        assert!(text.contains("Marta Quill  77% █"), "{text}");
        assert!(text.contains("Lena Voss    12% █"), "{text}");
        insta::assert_debug_snapshot!(name, buffer);
        screen.keys("\u{1b}");
        assert!(!screen.text().contains("Who talks"));
    }
}

#[test]
fn the_list_marks_unread_and_starred_stories_and_shows_them_alone() {
    let marks = MemoryMarks::default();
    let mut screen = screen(ColorMode::None, (80, 24), &marks);
    let rows = |screen: &mut Screen| -> Vec<String> {
        let text = screen.text();
        text.lines().map(|r| r.chars().take(26).collect()).collect()
    };
    let first = rows(&mut screen);
    assert!(first[1].starts_with("│▌●The Night Ferry"), "{first:?}");
    assert!(first[3].starts_with("│ ●Harbor Lights"), "{first:?}");
    // Open the ferry story, back to the list, star the harbor story.
    screen.keys("\nhj*");
    let after = rows(&mut screen);
    assert!(
        after[1].starts_with("│  The Night Ferry"),
        "read: {after:?}"
    );
    assert!(after[4].starts_with("│!★undated"), "starred: {after:?}");
    screen.keys("u");
    let text = screen.text();
    assert!(text.contains("Unread 1 of 2"), "{text}");
    assert!(text.contains("Harbor Lights") && !text.contains("Night Ferry Keeps…"));
    // A new run over the same marks sees them.
    let mut again = screen_again(&marks);
    let text = again.keys("uu").text();
    assert!(text.contains("Starred 1 of 2"), "{text}");
    assert!(text.contains("★undated"), "{text}");
}

fn screen_again(marks: &MemoryMarks) -> Screen {
    screen(ColorMode::None, (80, 24), marks)
}

#[test]
fn the_help_lists_the_new_keys() {
    use hark::testing::KeyContext as Context;
    let screen = screen(ColorMode::None, (80, 24), &MemoryMarks::default());
    let rows = screen.app.keymap().help_rows();
    for (context, key, says) in [
        (Context::List, "m", "mark read or unread"),
        (Context::List, "*", "star or unstar"),
        (
            Context::List,
            "u",
            "show all stories, only unread, only starred",
        ),
        (Context::Transcript, "m", "mark read or unread"),
        (Context::Transcript, "*", "star or unstar"),
        (
            Context::Transcript,
            "w",
            "who talks how much: each speaker's share of the words",
        ),
    ] {
        let row = (context, key.to_string(), says);
        assert!(rows.contains(&row), "{row:?} in {rows:?}");
    }
}

/// `hark` on the library at `root`, without colour.
fn hark(root: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("hark").unwrap();
    cmd.arg("--library")
        .arg(root)
        .env_remove("HARK_LIBRARY")
        .env("NO_COLOR", "1");
    cmd
}

fn titles_listed(root: &std::path::Path, args: &[&str]) -> String {
    let out = hark(root).arg("list").args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn marks_made_in_the_tui_are_kept_in_the_library_and_listed() {
    let library = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    for (name, text) in [("ferry.txt", FERRY), ("short.txt", SHORT)] {
        std::fs::write(files.path().join(name), text).unwrap();
    }
    let imported = hark(library.path())
        .arg("import")
        .arg(files.path().join("ferry.txt"))
        .arg(files.path().join("short.txt"))
        .assert();
    imported.success();
    let start = || {
        let mut options = hark::testing::library_options(library.path()).unwrap();
        options.colors = Some(ColorMode::None);
        Screen::start(options, (80, 24))
    };
    // Open the first story in the list, back, and star the second.
    let mut first = start();
    let opened = first.keys("\n").text();
    let title = ["The Night Ferry", "Harbor Lights"]
        .into_iter()
        .find(|t| opened.contains(&format!("┌ {t}")))
        .expect("a story opened");
    first.keys("hj*");
    drop(first);

    let text = start().text();
    // Below the borders' row, where the transcript's title is.
    let row = |t: &str| {
        let mut rows = text.lines().skip(1);
        rows.find(|r| r.contains(t)).unwrap().to_string()
    };
    assert!(!row(title).contains('●'), "read stays read: {text}");
    let other = ["The Night Ferry", "Harbor Lights"]
        .into_iter()
        .find(|t| *t != title)
        .unwrap();
    assert!(row(other).contains('●'), "{text}");
    assert!(text.contains('★'), "{text}");

    let unread = titles_listed(library.path(), &["--unread"]);
    assert!(
        unread.contains(other) && !unread.contains(title),
        "{unread}"
    );
    let starred = titles_listed(library.path(), &["--starred"]);
    assert!(
        starred.contains(other) && !starred.contains(title),
        "{starred}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&titles_listed(library.path(), &["--json"])).unwrap();
    let listed = json.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    for story in listed {
        let is_read = story["title"].as_str().unwrap().starts_with(title);
        assert_eq!(story["read"], is_read, "{story}");
        assert_eq!(story["starred"], !is_read, "{story}");
        assert!(story["id"].is_string() && story["speakers"].is_array());
    }
}
