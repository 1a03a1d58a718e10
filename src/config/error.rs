use std::fmt;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{LIST_WIDTH_PERCENT, Preset};

/// A config problem, with the file and the line it is on, so the user knows
/// exactly what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based; none for errors about the file as a whole.
    pub line: Option<usize>,
    pub message: String,
}

impl ConfigError {
    pub fn at(
        path: &Path,
        text: &str,
        span: std::ops::Range<usize>,
        message: impl fmt::Display,
    ) -> ConfigError {
        ConfigError {
            path: path.to_path_buf(),
            line: Some(line_of(text, span.start)),
            message: message.to_string(),
        }
    }

    pub fn io(path: &Path, err: &std::io::Error) -> ConfigError {
        ConfigError {
            path: path.to_path_buf(),
            line: None,
            message: err.to_string(),
        }
    }
}

/// The 1-based line of `text` that byte `offset` is on.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let start = offset.min(text.len());
    text.as_bytes()[..start]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// What is wrong with one key or value of config.toml; `ConfigError`
/// adds the file and the line.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValueError {
    #[error("unknown key `{key}`{}", did_you_mean(key, known))]
    UnknownKey { key: String, known: Vec<String> },
    /// A `[keys]` name the keymap has no action for.
    #[error("unknown key `{name}`{hint}")]
    UnknownAction { name: String, hint: String },
    #[error("expected a string")]
    NotAString,
    #[error("expected a table")]
    NotATable,
    #[error("expected a list")]
    NotAList,
    #[error("expected a colour: a name, \"#rrggbb\" or 0-255")]
    NotAColour,
    #[error("bad colour `{0}`: use a name, \"#rrggbb\" or 0-255")]
    BadColour(String),
    #[error("unknown value `{name}`, expected one of: {}", <Preset as strum::VariantNames>::VARIANTS.join(", "))]
    UnknownPreset { name: String },
    #[error("expected a percentage of the screen's width from {} to {}", LIST_WIDTH_PERCENT.start(), LIST_WIDTH_PERCENT.end())]
    PercentOutOfRange,
    #[error("expected a percentage of the screen's width from {} to {}, as a number", LIST_WIDTH_PERCENT.start(), LIST_WIDTH_PERCENT.end())]
    NotAPercent,
    #[error("expected a number of seconds from 0 to 3600")]
    NotSeconds,
    #[error("a timeout must be above 0 seconds")]
    NoTimeout,
    #[error("expected a whole number from 0 to 20")]
    NotRetries,
    #[error(transparent)]
    BadKey(#[from] BadKey),
    /// serde's own words, for what the cases above do not cover.
    #[error("{0}")]
    Other(String),
}

/// A key name config.toml cannot read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("bad key `{0}`: use a character, a name like `enter` or `pgdn`, or `ctrl-x`")]
pub struct BadKey(pub String);

impl serde::de::Error for ValueError {
    fn custom<T: fmt::Display>(message: T) -> ValueError {
        ValueError::Other(message.to_string())
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> ValueError {
        ValueError::UnknownKey {
            key: field.to_string(),
            known: expected.iter().map(|k| k.to_string()).collect(),
        }
    }
}

/// ` (did you mean `k`?)` for the known word nearest `word`, if any is near.
pub(crate) fn did_you_mean(word: &str, known: &[impl AsRef<str>]) -> String {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k.as_ref()), k.as_ref()))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}
