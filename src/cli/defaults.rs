//! `hark config --default`: every setting with its default value, written
//! as a config.toml that changes nothing when loaded as it is.

use std::fmt::Write;

use ratatui::style::Color;

use crate::config::{KeyBinding, Preset};
use crate::library;
use crate::tui::keymap::{ContextKeys, Keymap};
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

const KEYS: &str = "
[keys]
# Each action takes a list of keys: characters (\"q\", \"G\", \"?\"), names
# (\"enter\", \"esc\", \"tab\", \"shift-tab\", \"space\", \"up\", \"pgdn\", \"home\",
# \"f1\") and modifiers (\"ctrl-d\", \"alt-x\"). A list replaces the action's keys
# everywhere it is bound; a section such as [keys.transcript] rebinds it in
# one place only. Ctrl-C always quits.

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
    out.push_str(KEYS);
    keys(&mut out, &Keymap::default());
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

/// Each action under [keys] with the keys most of its contexts share;
/// contexts that differ get a section of their own.
fn keys(out: &mut String, keymap: &Keymap) {
    let mut sections: Vec<(&str, String)> = Vec::new();
    for (action, contexts) in keymap.by_action() {
        let main = contexts
            .iter()
            .max_by_key(|c| (c.keys.len(), std::cmp::Reverse(c.context as usize)))
            .map_or(&[][..], |c| &c.keys[..]);
        let shared: Vec<&ContextKeys> = contexts.iter().filter(|c| c.keys == main).collect();
        writeln!(out, "# {}\n{action} = {}", describe(&shared), list(main)).unwrap();
        for other in contexts.iter().filter(|c| c.keys != main) {
            let name = other.context.name();
            let at = match sections.iter().position(|(n, _)| *n == name) {
                Some(at) => at,
                None => {
                    sections.push((name, String::new()));
                    sections.len() - 1
                }
            };
            let body = &mut sections[at].1;
            let line = format!(
                "# {}\n{action} = {}\n",
                describe(&[other]),
                list(&other.keys)
            );
            body.push_str(&line);
        }
    }
    for (name, body) in sections {
        write!(out, "\n[keys.{name}]\n{body}").unwrap();
    }
}

/// What the action does, and where: "down (Both panes); next speaker (Speaker picker)".
fn describe(contexts: &[&ContextKeys]) -> String {
    let mut parts: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in contexts {
        match parts.iter_mut().find(|(d, _)| *d == c.description) {
            Some((_, places)) => places.push(c.context.title()),
            None => parts.push((c.description, vec![c.context.title()])),
        }
    }
    let parts: Vec<String> = parts
        .into_iter()
        .map(|(what, places)| format!("{what} ({})", places.join(", ")))
        .collect();
    parts.join("; ")
}

fn list(keys: &[KeyBinding]) -> String {
    let quoted: Vec<String> = keys
        .iter()
        .map(|k| toml::Value::from(k.to_string()).to_string())
        .collect();
    format!("[{}]", quoted.join(", "))
}
