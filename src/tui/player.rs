//! Opens a story's audio in the reader's player: `$HARK_PLAYER`, else mpv
//! when it is installed. The player runs beside the reader, its input and
//! output cut off from the terminal so it cannot draw over the screen.

use std::path::Path;
use std::process::{Command, Stdio};

/// The command to run: `$HARK_PLAYER` with `{url}` and `{seconds}` filled
/// in (the address goes last when it names no `{url}`), else
/// `mpv --start=SECONDS URL` when `mpv_installed`. An error says why
/// nothing can play, for the status line.
pub(crate) fn command(
    player: Option<&str>,
    mpv_installed: bool,
    url: &str,
    seconds: u64,
) -> Result<Vec<String>, String> {
    // The address comes from a feed: it must not pass for an option.
    let is_web = url.starts_with("https://") || url.starts_with("http://");
    if !is_web || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the audio address is not a web address".into());
    }
    let seconds = seconds.to_string();
    match player.map(str::trim).filter(|p| !p.is_empty()) {
        Some(player) => {
            let mut words: Vec<String> = player
                .split_whitespace()
                .map(|w| w.replace("{seconds}", &seconds))
                .collect();
            let names_url = words.iter().any(|w| w.contains("{url}"));
            for word in &mut words {
                *word = word.replace("{url}", url);
            }
            if !names_url {
                words.push(url.to_string());
            }
            Ok(words)
        }
        None if mpv_installed => Ok(vec![
            "mpv".into(),
            // No terminal: mpv would otherwise read keys and print over
            // hark's screen.
            "--no-terminal".into(),
            format!("--start={seconds}"),
            url.to_string(),
        ]),
        None => Err("no audio player: set HARK_PLAYER, or install mpv".into()),
    }
}

/// Starts the player on `url` at `seconds`; says why not if it cannot.
pub(crate) fn play(url: &str, seconds: u64) -> Option<String> {
    let player = std::env::var("HARK_PLAYER").ok();
    let words = match command(player.as_deref(), on_path("mpv"), url, seconds) {
        Ok(words) => words,
        Err(why) => return Some(why),
    };
    let (program, args) = words.split_first()?;
    let spawned = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            // Reaped beside the reader, so no finished player lingers.
            std::thread::spawn(move || child.wait());
            None
        }
        Err(err) => Some(format!("could not start {program}: {err}")),
    }
}

fn on_path(program: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| is_executable(&dir.join(program)))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://example.org/ep12.mp3";

    #[test]
    fn mpv_by_default_at_the_turns_second() {
        assert_eq!(
            command(None, true, URL, 754).unwrap(),
            ["mpv", "--no-terminal", "--start=754", URL]
        );
    }

    #[test]
    fn hark_player_with_and_without_placeholders() {
        assert_eq!(
            command(Some("vlc --start-time={seconds} {url}"), true, URL, 62).unwrap(),
            ["vlc", "--start-time=62", URL]
        );
        assert_eq!(
            command(Some("myplayer"), false, URL, 0).unwrap(),
            ["myplayer", URL]
        );
    }

    #[test]
    fn without_a_player_or_a_web_address_it_says_why() {
        let none = command(None, false, URL, 0).unwrap_err();
        assert!(none.contains("HARK_PLAYER"), "{none}");
        for bad in ["--script=x.lua", "file:///etc/passwd", "https://a b"] {
            assert!(command(None, true, bad, 0).is_err(), "{bad}");
        }
    }
}
