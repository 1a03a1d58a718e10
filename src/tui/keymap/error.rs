use thiserror::Error;

use super::{Context, FIXED, SUSPEND};
use crate::config::KeyBinding;

/// A `[keys]` entry the keymap cannot take, with the line of config.toml
/// it is on, so the message can point at it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeymapError {
    #[error("[keys]: `{key}` is bound to both `{first}` and `{second}` ({})", context.title())]
    Clash {
        key: KeyBinding,
        first: &'static str,
        second: &'static str,
        context: Context,
        line: usize,
    },
    #[error("[keys] {name}: {FIXED} always quits")]
    TakesQuit { name: String, line: usize },
    #[error("[keys] {name}: {SUSPEND} always suspends")]
    TakesSuspend { name: String, line: usize },
    #[error("[keys]: no action `{name}`")]
    NoSuchAction { name: String, line: usize },
}

impl KeymapError {
    /// The 1-based line of config.toml the entry at fault is on.
    pub fn line(&self) -> usize {
        match self {
            KeymapError::Clash { line, .. }
            | KeymapError::TakesQuit { line, .. }
            | KeymapError::TakesSuspend { line, .. }
            | KeymapError::NoSuchAction { line, .. } => *line,
        }
    }
}
