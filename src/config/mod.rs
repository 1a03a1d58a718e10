//! Settings from `config.toml`: where the library is, the theme, and key
//! bindings. Applied in order: defaults, the file, environment, flags; this
//! module reads the file, and the CLI layers the rest on top. `file`
//! holds the file's shape as serde derives it (`shape` the generic
//! visitors it uses), `error` the typed errors
//! (each with the file and line), `keys` the names of keys.

mod error;
mod file;
pub mod keys;
mod shape;

use std::path::{Path, PathBuf};

use ratatui::style::Color;
use toml::Spanned;

pub use error::{BadKey, ConfigError, ValueError};
pub use keys::KeyBinding;

use file::{File, KeyEntry, KeyList, KeysSection, Whole};
use shape::Table;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::VariantNames)]
#[strum(serialize_all = "lowercase")]
pub enum Preset {
    Dark,
    Light,
    Mono,
}

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
    let at = |span: std::ops::Range<usize>, err: ValueError| ConfigError::at(path, text, span, err);
    let Table(file) = toml::from_str::<Table<File>>(text)
        .map_err(|e| ConfigError::at(path, text, e.span().unwrap_or(0..0), e.message()))?;
    let list_width = match file.list_width {
        Some(width) => Some(percent(&width, text).map_err(|e| at(width.span(), e))?),
        None => None,
    };
    let keys = match file.keys {
        Some(section) => remaps(section, actions, text).map_err(|(span, e)| at(span, e))?,
        None => Vec::new(),
    };
    Ok(Config {
        library: file.library.map(|path| expand_home(&path.0)),
        theme: file.theme,
        keys,
        list_width,
        fetch: file.fetch,
    })
}

/// `list_width = 33`: a whole percentage within `LIST_WIDTH_PERCENT`,
/// written in decimal as a percentage is.
fn percent(width: &Spanned<Whole>, text: &str) -> Result<u16, ValueError> {
    let written = text.get(width.span()).unwrap_or_default();
    let Some(n) = width
        .get_ref()
        .0
        .filter(|_| written.bytes().all(|b| b.is_ascii_digit()))
    else {
        return Err(ValueError::NotAPercent);
    };
    u16::try_from(n)
        .ok()
        .filter(|p| LIST_WIDTH_PERCENT.contains(p))
        .ok_or(ValueError::PercentOutOfRange)
}

/// A `[keys]` problem and the byte span it is at.
type KeysError = (std::ops::Range<usize>, ValueError);

/// `[keys]` checked against the keymap's `actions`: a sub-table such as
/// `[keys.transcript]` binds within one context, and its entries come back
/// as `transcript.action`; all in the file's order.
fn remaps(section: KeysSection, actions: &[&str], text: &str) -> Result<Vec<KeyRemap>, KeysError> {
    let mut remaps = Vec::new();
    for (name, entry) in section.0 {
        match entry {
            KeyEntry::Keys(keys) => remaps.push(remap("", &name, keys, actions, text)?),
            KeyEntry::Section(entries) => {
                let prefix = format!("{}.", name.get_ref());
                if !actions.iter().any(|a| a.starts_with(&prefix)) {
                    let known = sections(actions);
                    let key = name.get_ref().clone();
                    return Err((name.span(), ValueError::UnknownKey { key, known }));
                }
                for (action, keys) in entries {
                    remaps.push(remap(&prefix, &action, keys, actions, text)?);
                }
            }
        }
    }
    // The parser's tables are sorted by name; the file's order is the one
    // its reader wrote, and the help keeps it.
    remaps.sort_by_key(|remap| remap.line);
    Ok(remaps)
}

fn remap(
    prefix: &str,
    action: &Spanned<String>,
    keys: KeyList,
    actions: &[&str],
    text: &str,
) -> Result<KeyRemap, KeysError> {
    let name = format!("{prefix}{}", action.get_ref());
    if !actions.contains(&name.as_str()) {
        // Suggest only what this section binds, by its short name.
        let here: Vec<&str> = actions
            .iter()
            .filter_map(|a| a.strip_prefix(prefix))
            .filter(|a| !a.contains('.'))
            .collect();
        let hint = error::did_you_mean(action.get_ref(), &here);
        return Err((action.span(), ValueError::UnknownAction { name, hint }));
    }
    Ok(KeyRemap {
        name,
        keys: keys.0,
        line: error::line_of(text, action.span().start),
    })
}

/// The context names that qualified action names (`list.open`) start with.
fn sections(actions: &[&str]) -> Vec<String> {
    let mut sections: Vec<String> = actions
        .iter()
        .filter_map(|a| a.split_once('.'))
        .map(|(s, _)| s.to_string())
        .collect();
    sections.sort_unstable();
    sections.dedup();
    sections
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
