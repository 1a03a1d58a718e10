use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

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
    pub fn at(path: &Path, text: &str, span: Range<usize>, message: String) -> ConfigError {
        ConfigError {
            path: path.to_path_buf(),
            line: Some(line_of(text, span.start)),
            message,
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
