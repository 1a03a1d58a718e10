//! The reader's own editor on a text, for the forms hark cannot ask for
//! in a line: `$VISUAL`, else `$EDITOR`, else `vi`, as git and crontab do.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::Command;

/// Runs the editor on `text` in a private temporary file named `name`;
/// returns the text as saved, or none if the editor failed.
pub(crate) fn edit(text: &str, name: &str) -> io::Result<Option<String>> {
    let path = temp_path(name);
    let mut file = create_private(&path)?;
    let written = file.write_all(text.as_bytes()).and_then(|()| file.flush());
    drop(file);
    let result = written
        .and_then(|()| run_editor(&path))
        .and_then(|ok| match ok {
            true => fs::read_to_string(&path).map(Some),
            false => Ok(None),
        });
    let _ = fs::remove_file(&path);
    result
}

/// The editor command is run by the shell, so one given with arguments
/// (`code --wait`, `emacsclient -t`) works as it does for git.
fn run_editor(path: &std::path::Path) -> io::Result<bool> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("hark-editor")
        .arg(path)
        .status()?;
    Ok(status.success())
}

fn temp_path(name: &str) -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    std::env::temp_dir().join(format!("hark-{}-{stamp}-{name}", std::process::id()))
}

/// A new file only its owner can read: the form may quote the story.
fn create_private(path: &std::path::Path) -> io::Result<fs::File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_editor_gets_the_text_and_its_changes_come_back() {
        // SAFETY: only this test sets VISUAL, and no other thread reads it.
        unsafe { std::env::set_var("VISUAL", "sed -i s/Old/New/") };
        let edited = edit("title = \"Old\"\n", "fix.toml").unwrap();
        unsafe { std::env::remove_var("VISUAL") };
        assert_eq!(edited.as_deref(), Some("title = \"New\"\n"));
    }
}
