//! `hark config --default`: every setting with its default value, written
//! as a config.toml that changes nothing when loaded as it is. The keys
//! are the keymap's own preset file, printed as it is.

use std::fmt::Write;

use ratatui::style::Color;

use crate::config::Preset;
use crate::library;
use crate::tui::keymap::PRESET;
use crate::tui::theme::Colors;

const HEADER: &str = "\
# hark's settings, each at its default. Save this as the file that
# `hark config --path` names and change what you like: a setting you
# delete takes its default again.
";

const THEME: &str = "
[theme]
# \"dark\", \"light\" for light backgrounds, or \"mono\": no colours, only bold,
# underline and reverse, as with NO_COLOR (which always wins).
# The colours below replace the preset's: to try another preset, delete them.
# A colour is a name (\"blue\", \"light-red\"), \"#rrggbb\" or an xterm number
# 0-255; \"reset\" keeps the terminal's own colour.
";

pub fn text() -> String {
    let mut out = String::from(HEADER);
    out.push_str("\n# Where the library lives. HARK_LIBRARY and --library come first.\n");
    if let Some(root) = library::default_root() {
        let value = toml::Value::from(root.display().to_string());
        writeln!(out, "# library = {value}").unwrap();
    }
    out.push_str(
        "\n# The story list's share of the screen's width, in percent (15 to 70).\n\
         # Unset, it takes about a third, from 16 to 40 columns.\n# list_width = 33\n",
    );
    out.push_str(THEME);
    theme(&mut out, &Colors::preset(Preset::Dark));
    fetch(&mut out, &crate::fetch::Settings::default());
    out.push('\n');
    out.push_str(PRESET);
    out
}

fn theme(out: &mut String, colors: &Colors) {
    let palette = |colors: &[Color]| colors.iter().map(|&c| value(c)).collect::<Vec<_>>();
    let settings = [
        (
            "speakers",
            "Speakers: each person keeps one colour of these, chosen by name.",
            format!("[{}]", palette(&colors.speakers).join(", ")),
        ),
        (
            "speakers_16",
            "The speakers on terminals that show only 16 colours.",
            format!("[{}]", palette(&colors.speakers_16).join(", ")),
        ),
        (
            "heading",
            "Headings that are not a speaker's: the intro, the help's sections.",
            value(colors.heading),
        ),
        ("cue", "Sound cues: (SOUNDBITE OF ...).", value(colors.cue)),
        ("note", "Editors' notes.", value(colors.note)),
        (
            "highlight",
            "Words a filter matched. They show reversed, so this colours the marker.",
            value(colors.highlight),
        ),
        (
            "focus",
            "The border of the pane in focus and the current turn's marker.",
            value(colors.focus),
        ),
    ];
    out.push_str("preset = \"dark\"\n");
    for (name, comment, value) in settings {
        writeln!(out, "# {comment}\n{name} = {value}").unwrap();
    }
}

fn fetch(out: &mut String, settings: &crate::fetch::Settings) {
    out.push_str(
        "\n[fetch]\n# How `hark import URL` treats servers. hark also honours robots.txt\n\
         # (and its Crawl-delay, when longer) and sends User-Agent: ",
    );
    writeln!(out, "{}.", crate::fetch::USER_AGENT).unwrap();
    writeln!(
        out,
        "# Seconds between two requests to one host.\ndelay = {:?}",
        settings.delay.as_secs_f64()
    )
    .unwrap();
    writeln!(
        out,
        "# Seconds to wait for a server to connect, or to send more of a page.\ntimeout = {:?}",
        settings.timeout.as_secs_f64()
    )
    .unwrap();
    writeln!(
        out,
        "# How often an answer of 429 (too many requests) or 5xx is tried again,\n\
         # waiting longer each time, or as long as its Retry-After asks.\nretries = {}",
        settings.retries
    )
    .unwrap();
}

/// As TOML: an xterm number, "#rrggbb", or a name `Color::from_str` reads.
fn value(color: Color) -> String {
    match color {
        Color::Indexed(i) => i.to_string(),
        Color::Rgb(r, g, b) => format!("\"#{r:02x}{g:02x}{b:02x}\""),
        named => {
            let debug = format!("{named:?}");
            let mut name = String::new();
            for (i, c) in debug.char_indices() {
                if c.is_uppercase() && i > 0 {
                    name.push('-');
                }
                name.push(c.to_ascii_lowercase());
            }
            format!("\"{name}\"")
        }
    }
}
