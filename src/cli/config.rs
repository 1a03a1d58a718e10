//! `hark config`, and reading the config file for every other command.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::config::{self, Config, ConfigError};
use crate::tui::Keymap;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print where the config file is read from
    #[arg(long)]
    path: bool,

    /// Print every setting with its default value, as a config.toml
    #[arg(long, conflicts_with = "path")]
    default: bool,
}

/// `path` as one shell word, quoted when it needs to be.
fn shell_word(path: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-~+".contains(c);
    match path.chars().all(plain) {
        true => path.to_string(),
        false => format!("'{}'", path.replace('\'', "'\\''")),
    }
}

/// The file named with --config must exist; the default one may not.
pub fn load(named: Option<&Path>) -> anyhow::Result<Config> {
    let (path, required) = match named {
        Some(path) => (path.to_path_buf(), true),
        None => match config::default_path() {
            Some(path) => (path, false),
            None => return Ok(Config::default()),
        },
    };
    let names = crate::tui::keymap::action_names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let config = config::load(&path, required, &names)?;
    // Clashing keys are a config error like any other, found before the
    // TUI takes the screen and whichever command runs.
    if let Err(err) = Keymap::from_config(&config.keys) {
        return Err(ConfigError {
            path,
            line: Some(err.line()),
            message: err.to_string(),
        }
        .into());
    }
    Ok(config)
}

pub fn run(named: Option<&Path>, args: Args) -> anyhow::Result<ExitCode> {
    let path = || -> anyhow::Result<PathBuf> {
        named
            .map(Path::to_path_buf)
            .or_else(config::default_path)
            .context("no config folder on this system")
    };
    if args.path {
        super::output::print(&format!("{}\n", path()?.display()))?;
    }
    if !args.path && !args.default {
        let path = path()?;
        let state = match path.is_file() {
            true => "",
            false => " (not there yet: hark runs on its defaults)",
        };
        let mkdir = match path.parent() {
            Some(folder) if !folder.is_dir() => {
                format!("mkdir -p {} && ", shell_word(&folder.display().to_string()))
            }
            _ => String::new(),
        };
        super::output::print(&format!(
            "hark reads its settings from\n  {}{state}\n\n\
             To start one, write out every setting with its default and edit it:\n  \
             {mkdir}hark config --default > {}\n\n\
             hark config --path     prints the path alone\n\
             hark config --default  prints every setting with its default\n",
            path.display(),
            shell_word(&path.display().to_string()),
        ))?;
    }
    if args.default {
        super::output::print(&super::defaults::text())?;
    }
    Ok(ExitCode::SUCCESS)
}
