//! How the CLI prints: colour only on a terminal and never with NO_COLOR,
//! speakers in the colours config.toml gives them in the TUI, and story
//! text sanitized on its way out, since a story file may have
//! been edited by hand.

use std::fmt::Display;
use std::io::{self, BufWriter, IsTerminal, StdoutLock, Write};

use crossterm::style::{Attribute, Color, Stylize};
use ratatui::style::Color as TuiColor;

use crate::config::ThemeConfig;
use crate::story::{Story, sanitize};
use crate::tui::theme::{ColorMode, Theme};

pub(crate) struct Out {
    theme: Option<Theme>,
}

impl Out {
    pub(crate) fn stdout(config: &ThemeConfig) -> Out {
        let mode = ColorMode::from_env();
        let colour = std::io::stdout().is_terminal() && mode != ColorMode::None;
        Out {
            theme: colour.then(|| Theme::from_config(mode, config)),
        }
    }

    /// A speaker's name in their colour, bold.
    pub(crate) fn speaker(&self, name: &str, text: &str) -> String {
        let text = sanitize::clean_line(text);
        match &self.theme {
            Some(theme) => {
                let styled = text.to_string().attribute(Attribute::Bold);
                match theme.speaker(name).fg.and_then(ansi) {
                    Some(color) => styled.with(color).to_string(),
                    None => styled.to_string(),
                }
            }
            None => text.into_owned(),
        }
    }

    pub(crate) fn dim(&self, text: &str) -> String {
        let text = sanitize::clean_line(text);
        match self.theme {
            Some(_) => text.to_string().attribute(Attribute::Dim).to_string(),
            None => text.into_owned(),
        }
    }

    pub(crate) fn bold(&self, text: &str) -> String {
        let text = sanitize::clean_line(text);
        match self.theme {
            Some(_) => text.to_string().attribute(Attribute::Bold).to_string(),
            None => text.into_owned(),
        }
    }
}

fn ansi(color: TuiColor) -> Option<Color> {
    Some(match color {
        TuiColor::Rgb(r, g, b) => Color::Rgb { r, g, b },
        TuiColor::Indexed(i) => Color::AnsiValue(i),
        TuiColor::Red => Color::DarkRed,
        TuiColor::Green => Color::DarkGreen,
        TuiColor::Yellow => Color::DarkYellow,
        TuiColor::Blue => Color::DarkBlue,
        TuiColor::Magenta => Color::DarkMagenta,
        TuiColor::Cyan => Color::DarkCyan,
        TuiColor::LightRed => Color::Red,
        TuiColor::LightGreen => Color::Green,
        TuiColor::LightYellow => Color::Yellow,
        TuiColor::LightBlue => Color::Blue,
        TuiColor::LightMagenta => Color::Magenta,
        TuiColor::LightCyan => Color::Cyan,
        _ => return None,
    })
}

/// A pager that standard output goes through until this is dropped.
pub(crate) struct Pager(std::process::Child);

/// Sends standard output through `$PAGER` (`less` with `LESS=FRX`, so a
/// short text prints and returns and colours pass, when neither is set),
/// as git does: only when stdout is a terminal and `enabled`. Anything
/// already written goes first.
pub(crate) fn start_pager(enabled: bool) -> Option<Pager> {
    if !enabled || !io::stdout().is_terminal() {
        return None;
    }
    let command = std::env::var("PAGER").unwrap_or_else(|_| "less".into());
    if command.trim().is_empty() || command.trim() == "cat" {
        return None;
    }
    let mut pager = std::process::Command::new("sh");
    pager
        .args(["-c", &command])
        .stdin(std::process::Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        pager.env("LESS", "FRX");
    }
    let mut child = pager.spawn().ok()?;
    let input = child.stdin.take()?;
    let _ = io::stdout().flush();
    use std::os::fd::AsRawFd;
    // SAFETY: both descriptors are open; fd 1 becomes the pipe to the
    // pager, and the pipe's own descriptor is closed when `input` drops.
    if unsafe { libc::dup2(input.as_raw_fd(), libc::STDOUT_FILENO) } < 0 {
        let _ = child.kill();
        return None;
    }
    Some(Pager(child))
}

impl Drop for Pager {
    /// Ends the pager's input and waits for the reader to quit it.
    fn drop(&mut self) {
        let _ = io::stdout().flush();
        // SAFETY: closing our stdout, the pipe's last writer, is what tells
        // the pager the text has ended; nothing writes to it after.
        unsafe {
            libc::close(libc::STDOUT_FILENO);
        }
        let _ = self.0.wait();
    }
}

/// Prints JSON to stdout, pretty, with a final newline.
pub(crate) fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut out, value).map_err(io::Error::from)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// A JSON array written an element at a time, byte for byte as
/// `print_json` writes the whole: a script reading a million stories
/// neither waits for them all nor has hark hold them.
#[derive(Default)]
pub(crate) struct JsonArray {
    written: usize,
}

impl JsonArray {
    pub(crate) fn element(
        &mut self,
        out: &mut impl Write,
        value: &impl serde::Serialize,
    ) -> anyhow::Result<()> {
        let element = serde_json::to_string_pretty(value)?;
        out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        for (i, line) in element.lines().enumerate() {
            let newline = if i == 0 { "" } else { "\n" };
            write!(out, "{newline}  {line}")?;
        }
        self.written += 1;
        Ok(())
    }

    /// Closes the array (`[]` when it is empty).
    pub(crate) fn finish(self, out: &mut impl Write) -> anyhow::Result<()> {
        out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        Ok(())
    }
}

/// Prints `text` to stdout as it is.
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    let mut out = stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Standard output for a command's results, and the only way the CLI
/// writes there. Buffered (stdout alone flushes at every newline, a write
/// call per line), and every write is fallible: a closed or full stdout is
/// an error that says so, never a panic as `print!` gives.
pub(crate) fn stdout() -> Stdout {
    Stdout(BufWriter::new(io::stdout().lock()))
}

pub(crate) struct Stdout(BufWriter<StdoutLock<'static>>);

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes).map_err(on_stdout)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(on_stdout)
    }
}

/// The error, saying where it happened, of the same kind: a closed pipe
/// stays `BrokenPipe`, which `main` ends on quietly.
fn on_stdout(err: io::Error) -> io::Error {
    io::Error::new(err.kind(), StdoutFailed(err))
}

#[derive(Debug, thiserror::Error)]
#[error("could not write to standard output: {0}")]
struct StdoutFailed(io::Error);

/// Says something on stderr as `hark: …`: sanitized and on one line, since
/// messages carry file names, config keys and serde's quotes of bad values;
/// and never a panic, as `eprintln!` gives when stderr is full.
pub(crate) fn warn(message: impl Display) {
    note(format!("hark: {message}"));
}

/// Says something on stderr, as `warn` does, without the `hark:`.
pub(crate) fn note(text: impl Display) {
    let text = text.to_string();
    let _ = writeln!(io::stderr().lock(), "{}", sanitize::clean_line(&text));
}

/// An error and its causes, each said once: an error that names its cause
/// in its own message (`path: reason`) also has it as its source.
pub(crate) fn error_text(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let said = cause.to_string();
        if text.contains(&said) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&said);
    }
    text
}

/// Whether the error is a closed pipe on the way out: the reader has had
/// enough, and hark stops without a word, as other tools do.
pub(crate) fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// A story as `show --json` and `parse` print it: the stored shape, plus
/// where it came from (`url`, `audio_url`), `date` (the air date, or null:
/// never the import date), `program` and `warnings`, present even when
/// empty so that scripts need not guess.
pub(crate) fn story_json(story: &Story) -> anyhow::Result<serde_json::Value> {
    let mut value = serde_json::to_value(story)?;
    if let Some(fields) = value.as_object_mut() {
        fields.insert("url".into(), serde_json::to_value(&story.source.url)?);
        fields.insert(
            "audio_url".into(),
            serde_json::to_value(&story.source.audio_url)?,
        );
        fields.insert("date".into(), serde_json::to_value(story.date())?);
        fields.insert("program".into(), serde_json::to_value(&story.program)?);
        fields.insert("warnings".into(), serde_json::to_value(&story.warnings)?);
    }
    Ok(value)
}

/// "2016-10-03", or, when the page gave no air date, the import date
/// marked as such, so that no one takes it for the air date.
pub(crate) fn date_or_imported(story: &Story) -> String {
    match story.date() {
        Some(date) => date.to_string(),
        None => format!("no air date (imported {})", story.imported_on()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_says_each_cause_once() {
        let io = io::Error::from_raw_os_error(20);
        let err = anyhow::Error::new(crate::library::LibraryError::io(
            std::path::Path::new("/x/stories"),
            io,
        ))
        .context("opening the library");
        let text = error_text(&err);
        assert_eq!(text.matches("os error 20").count(), 1, "{text}");
        assert!(
            text.starts_with("opening the library: /x/stories: "),
            "{text}"
        );
    }

    #[test]
    fn a_json_array_streamed_is_the_array_printed_whole() {
        let items = [
            serde_json::json!({"id": "0a", "speakers": ["A", "B"], "nested": {"x": [1, 2]}}),
            serde_json::json!({"id": "0b", "speakers": []}),
            serde_json::json!("plain"),
        ];
        for n in 0..=items.len() {
            let mut streamed = Vec::new();
            let mut array = JsonArray::default();
            for item in &items[..n] {
                array.element(&mut streamed, item).unwrap();
            }
            array.finish(&mut streamed).unwrap();
            let mut whole = serde_json::to_vec_pretty(&items[..n]).unwrap();
            whole.push(b'\n');
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }
}
