//! Settings from `config.toml`: where the library is, the theme, and key
//! bindings. Applied in order: defaults, the file, environment, flags; this
//! module reads the file, and the CLI layers the rest on top.

mod error;
pub mod keys;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::Color;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub use error::ConfigError;
pub use keys::KeyBinding;

/// Everything a config file can say; `None` leaves the default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub library: Option<PathBuf>,
    pub theme: ThemeConfig,
    /// `[keys]`, in the file's order: each replaces an action's defaults.
    pub keys: Vec<KeyRemap>,
    /// The story list's share of the screen's width, in percent.
    pub list_width: Option<u16>,
    pub fetch: FetchConfig,
}

/// One `[keys]` entry: the action it rebinds (`down`, or `transcript.down`
/// from `[keys.transcript]`), its keys, and the line it is on, for errors
/// found later, such as two actions on one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRemap {
    pub name: String,
    pub keys: Vec<KeyBinding>,
    /// 1-based.
    pub line: usize,
}

/// `[fetch]`: how politely `hark import URL` asks servers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FetchConfig {
    /// Seconds between two requests to one host.
    pub delay: Option<f64>,
    /// Seconds to wait for a server to connect or to send more.
    pub timeout: Option<f64>,
    /// How often a 429 or 5xx answer is tried again.
    pub retries: Option<u32>,
}

/// The story list's share of the width that `list_width` may ask for.
pub const LIST_WIDTH_PERCENT: std::ops::RangeInclusive<u16> = 15..=70;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThemeConfig {
    pub preset: Option<Preset>,
    pub speakers: Option<Vec<Color>>,
    /// The palette on terminals that show only 16 colours.
    pub speakers_16: Option<Vec<Color>>,
    pub heading: Option<Color>,
    pub cue: Option<Color>,
    pub note: Option<Color>,
    pub highlight: Option<Color>,
    pub focus: Option<Color>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Dark,
    Light,
    Mono,
}

const TOP_KEYS: &[&str] = &["library", "theme", "keys", "fetch", "list_width"];
const FETCH_KEYS: &[&str] = &["delay", "timeout", "retries"];
const THEME_KEYS: &[&str] = &[
    "preset",
    "speakers",
    "speakers_16",
    "heading",
    "cue",
    "note",
    "highlight",
    "focus",
];
const PRESETS: &[&str] = &["dark", "light", "mono"];

/// `~/.config/hark/config.toml` on Linux.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "hark").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config at `path`. A missing file is no error when `required`
/// is false (the default location); a file named with `--config` must exist.
pub fn load(path: &Path, required: bool, actions: &[&str]) -> Result<Config, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path, actions),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !required => {
            Ok(Config::default())
        }
        Err(err) => Err(ConfigError::io(path, &err)),
    }
}

/// Parses config text. `actions` are the keymap's action names, the only
/// names `[keys]` accepts.
pub fn parse(text: &str, path: &Path, actions: &[&str]) -> Result<Config, ConfigError> {
    let src = Source { path, text };
    let table = DeTable::parse(text)
        .map_err(|e| src.at(e.span().unwrap_or(0..0), e.message().to_string()))?;
    let mut config = Config::default();
    for (key, value) in table.get_ref() {
        let span = value.span();
        match check_key(key, TOP_KEYS).map_err(|m| src.at(key.span(), m))? {
            "library" => {
                config.library = Some(expand_home(&string(value).map_err(|m| src.at(span, m))?))
            }
            "theme" => config.theme = theme(table_of(value).map_err(|m| src.at(span, m))?, &src)?,
            "list_width" => config.list_width = Some(percent(value).map_err(|m| src.at(span, m))?),
            "fetch" => config.fetch = fetch(table_of(value).map_err(|m| src.at(span, m))?, &src)?,
            _ => {
                let table = table_of(value).map_err(|m| src.at(span, m))?;
                config.keys = key_table(table, "", actions, &src)?;
                // The parser's tables are sorted by name; the file's order
                // is the one its reader wrote, and the help keeps it.
                config.keys.sort_by_key(|remap| remap.line);
            }
        }
    }
    Ok(config)
}

/// `list_width = 33`: a whole percentage within `LIST_WIDTH_PERCENT`.
fn percent(value: &Spanned<DeValue>) -> Result<u16, String> {
    let (low, high) = (LIST_WIDTH_PERCENT.start(), LIST_WIDTH_PERCENT.end());
    let wanted = format!("a percentage of the screen's width from {low} to {high}");
    match value.get_ref() {
        DeValue::Integer(n) if n.radix() == 10 => n
            .as_str()
            .parse::<u16>()
            .ok()
            .filter(|p| LIST_WIDTH_PERCENT.contains(p))
            .ok_or(format!("expected {wanted}")),
        _ => Err(format!("expected {wanted}, as a number")),
    }
}

/// The file being read, to put an error at the line of a byte span.
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Source<'_> {
    fn at(&self, span: std::ops::Range<usize>, message: String) -> ConfigError {
        ConfigError::at(self.path, self.text, span, message)
    }
}

fn theme(table: &DeTable, src: &Source) -> Result<ThemeConfig, ConfigError> {
    let mut theme = ThemeConfig::default();
    for (key, value) in table {
        let name = check_key(key, THEME_KEYS).map_err(|m| src.at(key.span(), m))?;
        let span = value.span();
        match name {
            "preset" => {
                let preset = string(value).map_err(|m| src.at(span.clone(), m))?;
                theme.preset = Some(
                    match check_word(&preset, PRESETS).map_err(|m| src.at(span, m))? {
                        "dark" => Preset::Dark,
                        "light" => Preset::Light,
                        _ => Preset::Mono,
                    },
                );
            }
            "speakers" | "speakers_16" => {
                let items = array_of(value).map_err(|m| src.at(span, m))?;
                let colors = items
                    .iter()
                    .map(|v| color(v).map_err(|m| src.at(v.span(), m)));
                let palette = Some(colors.collect::<Result<_, _>>()?);
                match name {
                    "speakers" => theme.speakers = palette,
                    _ => theme.speakers_16 = palette,
                }
            }
            _ => {
                let c = Some(color(value).map_err(|m| src.at(span, m))?);
                match name {
                    "heading" => theme.heading = c,
                    "cue" => theme.cue = c,
                    "note" => theme.note = c,
                    "highlight" => theme.highlight = c,
                    _ => theme.focus = c,
                }
            }
        }
    }
    Ok(theme)
}

fn fetch(table: &DeTable, src: &Source) -> Result<FetchConfig, ConfigError> {
    let mut fetch = FetchConfig::default();
    for (key, value) in table {
        let name = check_key(key, FETCH_KEYS).map_err(|m| src.at(key.span(), m))?;
        let span = value.span();
        match name {
            "retries" => {
                let n = seconds(value).map_err(|m| src.at(span.clone(), m))?;
                let whole = (n.fract() == 0.0 && n <= 20.0).then_some(n as u32);
                fetch.retries =
                    Some(whole.ok_or_else(|| {
                        src.at(span, "expected a whole number from 0 to 20".into())
                    })?);
            }
            "delay" => fetch.delay = Some(seconds(value).map_err(|m| src.at(span, m))?),
            _ => {
                let t = seconds(value).map_err(|m| src.at(span.clone(), m))?;
                let above_zero = (t > 0.0).then_some(t);
                fetch.timeout = Some(
                    above_zero
                        .ok_or_else(|| src.at(span, "a timeout must be above 0 seconds".into()))?,
                );
            }
        }
    }
    Ok(fetch)
}

/// A number of seconds, whole or not, never negative.
fn seconds(value: &Spanned<DeValue>) -> Result<f64, String> {
    let n = match value.get_ref() {
        DeValue::Integer(i) => i.as_str().parse::<f64>().ok(),
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        _ => None,
    };
    n.filter(|n| n.is_finite() && *n >= 0.0 && *n <= 3600.0)
        .ok_or_else(|| "expected a number of seconds from 0 to 3600".into())
}

/// `[keys]`: action names to keys. A sub-table such as `[keys.transcript]`
/// binds within one context; its entries come back as `transcript.action`.
fn key_table(
    table: &DeTable,
    prefix: &str,
    actions: &[&str],
    src: &Source,
) -> Result<Vec<KeyRemap>, ConfigError> {
    let mut bindings = Vec::new();
    for (key, value) in table {
        if let (DeValue::Table(inner), true) = (value.get_ref(), prefix.is_empty()) {
            let section = format!("{}.", key.get_ref());
            if !actions.iter().any(|a| a.starts_with(&section)) {
                let sections = sections(actions);
                return Err(src.at(key.span(), check_key(key, &sections).unwrap_err()));
            }
            bindings.extend(key_table(inner, &section, actions, src)?);
            continue;
        }
        let name = format!("{prefix}{}", key.get_ref());
        let action = actions.iter().find(|a| **a == name).ok_or_else(|| {
            // Suggest only what this section binds, by its short name.
            let here: Vec<&str> = actions
                .iter()
                .filter_map(|a| a.strip_prefix(prefix))
                .filter(|a| !a.contains('.'))
                .collect();
            let hint = did_you_mean(key.get_ref(), &here);
            src.at(key.span(), format!("unknown key `{name}`{hint}"))
        })?;
        let specs: Vec<&Spanned<DeValue>> = match value.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            _ => vec![value],
        };
        let keys = specs
            .into_iter()
            .map(|v| {
                let spec = string(v).map_err(|m| src.at(v.span(), m))?;
                KeyBinding::from_str(&spec).map_err(|m| src.at(v.span(), m))
            })
            .collect::<Result<Vec<_>, _>>()?;
        bindings.push(KeyRemap {
            name: action.to_string(),
            keys,
            line: error::line_of(src.text, key.span().start),
        });
    }
    Ok(bindings)
}

/// The context names that qualified action names (`list.open`) start with.
fn sections<'a>(actions: &[&'a str]) -> Vec<&'a str> {
    let mut sections: Vec<&str> = actions
        .iter()
        .filter_map(|a| a.split_once('.'))
        .map(|(s, _)| s)
        .collect();
    sections.sort_unstable();
    sections.dedup();
    sections
}

/// `key` if it is one of `known`, else an error that suggests the nearest.
fn check_key<'k>(
    key: &Spanned<std::borrow::Cow<str>>,
    known: &[&'k str],
) -> Result<&'k str, String> {
    known
        .iter()
        .find(|k| **k == key.get_ref().as_ref())
        .copied()
        .ok_or_else(|| unknown_key(key.get_ref(), known))
}

fn unknown_key(key: &str, known: &[&str]) -> String {
    format!("unknown key `{key}`{}", did_you_mean(key, known))
}

fn check_word<'k>(word: &str, known: &[&'k str]) -> Result<&'k str, String> {
    known.iter().find(|k| **k == word).copied().ok_or_else(|| {
        format!(
            "unknown value `{word}`, expected one of: {}",
            known.join(", ")
        )
    })
}

pub(crate) fn did_you_mean(word: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

fn string(value: &Spanned<DeValue>) -> Result<String, String> {
    match value.get_ref() {
        DeValue::String(s) => Ok(s.to_string()),
        _ => Err("expected a string".into()),
    }
}

fn table_of<'a, 'i>(value: &'a Spanned<DeValue<'i>>) -> Result<&'a DeTable<'i>, String> {
    match value.get_ref() {
        DeValue::Table(t) => Ok(t),
        _ => Err("expected a table".into()),
    }
}

fn array_of<'a, 'i>(value: &'a Spanned<DeValue<'i>>) -> Result<&'a [Spanned<DeValue<'i>>], String> {
    match value.get_ref() {
        DeValue::Array(items) => Ok(items),
        _ => Err("expected a list".into()),
    }
}

/// A colour as a name (`light-blue`), `#rrggbb`, or an index from 0 to 255.
fn color(value: &Spanned<DeValue>) -> Result<Color, String> {
    let text = match value.get_ref() {
        DeValue::Integer(i) => i.as_str().to_string(),
        DeValue::String(s) => s.to_string(),
        _ => return Err("expected a colour: a name, \"#rrggbb\" or 0-255".into()),
    };
    let valid_index = text.parse::<u16>().map_or(true, |n| n <= 255);
    match Color::from_str(&text) {
        Ok(color) if valid_index && !text.is_empty() => Ok(color),
        _ => Err(format!(
            "bad colour `{text}`: use a name, \"#rrggbb\" or 0-255"
        )),
    }
}

fn expand_home(path: &str) -> PathBuf {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    match (
        path.strip_prefix("~/").or((path == "~").then_some("")),
        home,
    ) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests;
