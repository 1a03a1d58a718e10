//! Key names as people write them in config files and read them in help:
//! `q`, `G`, `ctrl-d`, `shift-tab`, `pgdn`, `space`, `f1`.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::BadKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyBinding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

/// Each key name config.toml accepts, and how the help writes it, where
/// the help has a spelling of its own (`PgDn` for `pgdn`).
const NAMED: &[(&str, KeyCode, Option<&str>)] = &[
    ("enter", KeyCode::Enter, Some("Enter")),
    ("esc", KeyCode::Esc, Some("Esc")),
    ("tab", KeyCode::Tab, Some("Tab")),
    ("backtab", KeyCode::BackTab, Some("Shift-Tab")),
    ("space", KeyCode::Char(' '), Some("Space")),
    ("backspace", KeyCode::Backspace, None),
    ("delete", KeyCode::Delete, None),
    ("insert", KeyCode::Insert, None),
    ("up", KeyCode::Up, Some("Up")),
    ("down", KeyCode::Down, Some("Down")),
    ("left", KeyCode::Left, Some("Left")),
    ("right", KeyCode::Right, Some("Right")),
    ("home", KeyCode::Home, Some("Home")),
    ("end", KeyCode::End, Some("End")),
    ("pgup", KeyCode::PageUp, Some("PgUp")),
    ("pgdn", KeyCode::PageDown, Some("PgDn")),
];
const ALIASES: &[(&str, &str)] = &[
    ("return", "enter"),
    ("escape", "esc"),
    ("pageup", "pgup"),
    ("pagedown", "pgdn"),
    ("del", "delete"),
];

impl KeyBinding {
    pub const fn new(code: KeyCode, modifiers: KeyModifiers) -> KeyBinding {
        KeyBinding { code, modifiers }
    }

    pub const fn plain(code: KeyCode) -> KeyBinding {
        KeyBinding::new(code, KeyModifiers::NONE)
    }

    pub const fn ctrl(c: char) -> KeyBinding {
        KeyBinding::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// Whether a key event is this binding. Shift is part of a character
    /// already (`G`), and terminals disagree on reporting it, so it is
    /// ignored for characters; Shift-Tab arrives as BackTab.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let relevant = |code: KeyCode, m: KeyModifiers| match code {
            KeyCode::Char(_) | KeyCode::BackTab => m - KeyModifiers::SHIFT,
            _ => m,
        };
        let code = match event.code {
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            code => code,
        };
        self.code == code && relevant(self.code, self.modifiers) == relevant(code, event.modifiers)
    }
}

impl FromStr for KeyBinding {
    type Err = BadKey;

    fn from_str(spec: &str) -> Result<KeyBinding, BadKey> {
        let bad = || BadKey(spec.to_string());
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = spec;
        // Split at a `-` or `+` that follows a modifier, so `-` and `ctrl--` work.
        while let Some((head, tail)) = rest.split_once(['-', '+']).filter(|(_, t)| !t.is_empty()) {
            modifiers |= match head.to_ascii_lowercase().as_str() {
                "ctrl" | "c" => KeyModifiers::CONTROL,
                "alt" | "a" | "meta" | "m" => KeyModifiers::ALT,
                "shift" | "s" => KeyModifiers::SHIFT,
                _ => break,
            };
            rest = tail;
        }
        let code = key_code(rest).ok_or_else(bad)?;
        if code == KeyCode::Tab && modifiers.contains(KeyModifiers::SHIFT) {
            return Ok(KeyBinding::new(
                KeyCode::BackTab,
                modifiers - KeyModifiers::SHIFT,
            ));
        }
        Ok(KeyBinding::new(code, modifiers))
    }
}

fn key_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    let canonical = ALIASES
        .iter()
        .find(|(a, _)| *a == lower)
        .map_or(lower.as_str(), |(_, n)| n);
    if let Some((_, code, _)) = NAMED.iter().find(|(n, _, _)| *n == canonical) {
        return Some(*code);
    }
    let f = canonical.strip_prefix('f')?.parse::<u8>().ok()?;
    (1..=24).contains(&f).then_some(KeyCode::F(f))
}

impl KeyBinding {
    /// How the help overlay and the hints write the key: `Ctrl-d`, `PgDn`,
    /// `Shift-Tab`; config.toml accepts it too.
    pub fn label(&self) -> String {
        format!("{self:#}")
    }

    /// The help's own spelling of the key, if it has one.
    fn help_name(&self) -> Option<String> {
        match self.code {
            KeyCode::Char(' ') => Some("Space".into()),
            KeyCode::Char(c) => Some(c.to_string()),
            code => NAMED
                .iter()
                .find(|(_, c, _)| *c == code)
                .and_then(|(_, _, label)| label.map(str::to_string)),
        }
    }
}

/// The key as config.toml spells it (`ctrl-d`, `pgdn`); with `{:#}`, as
/// the help does (`Ctrl-d`, `PgDn`), for keys the help has a name for.
impl fmt::Display for KeyBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = self.help_name().filter(|_| f.alternate()) {
            for (flag, prefix) in [
                (KeyModifiers::CONTROL, "Ctrl-"),
                (KeyModifiers::ALT, "Alt-"),
            ] {
                if self.modifiers.contains(flag) {
                    f.write_str(prefix)?;
                }
            }
            return f.write_str(&name);
        }
        for (flag, name) in [
            (KeyModifiers::CONTROL, "ctrl-"),
            (KeyModifiers::ALT, "alt-"),
            (KeyModifiers::SHIFT, "shift-"),
        ] {
            if self.modifiers.contains(flag) {
                f.write_str(name)?;
            }
        }
        match self.code {
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => match NAMED.iter().find(|(_, c, _)| *c == code) {
                Some((name, _, _)) => f.write_str(name),
                None => write!(f, "{code:?}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(spec: &str) -> KeyBinding {
        spec.parse().unwrap()
    }

    #[test]
    fn parses_characters_names_and_modifiers() {
        assert_eq!(key("q"), KeyBinding::plain(KeyCode::Char('q')));
        assert_eq!(key("ctrl-q"), KeyBinding::ctrl('q'));
        assert_eq!(
            key("Ctrl+D"),
            KeyBinding::new(KeyCode::Char('D'), KeyModifiers::CONTROL)
        );
        assert_eq!(key("PageDown"), KeyBinding::plain(KeyCode::PageDown));
        assert_eq!(key("shift-tab"), KeyBinding::plain(KeyCode::BackTab));
        assert_eq!(key("-"), KeyBinding::plain(KeyCode::Char('-')));
        assert_eq!(
            key("alt--"),
            KeyBinding::new(KeyCode::Char('-'), KeyModifiers::ALT)
        );
        assert_eq!(key("f5"), KeyBinding::plain(KeyCode::F(5)));
    }

    #[test]
    fn bad_names_are_errors() {
        for spec in ["", "hyper-x", "pgdown2", "f99", "ctrl-"] {
            assert!(spec.parse::<KeyBinding>().is_err(), "{spec}");
        }
    }

    #[test]
    fn display_round_trips() {
        for spec in [
            "q",
            "G",
            "ctrl-d",
            "shift-tab",
            "pgdn",
            "space",
            "f1",
            "alt-enter",
            "?",
        ] {
            assert_eq!(key(spec).to_string(), spec);
            assert_eq!(key(&key(spec).to_string()), key(spec));
        }
    }

    #[test]
    fn the_help_spells_keys_its_own_way_and_config_reads_it_back() {
        for (spec, label) in [
            ("ctrl-d", "Ctrl-d"),
            ("pgdn", "PgDn"),
            ("shift-tab", "Shift-Tab"),
            ("space", "Space"),
            ("G", "G"),
            ("alt-enter", "Alt-Enter"),
            ("backspace", "backspace"),
            ("ctrl-f5", "ctrl-f5"),
        ] {
            assert_eq!(key(spec).label(), label);
            assert_eq!(key(label), key(spec), "{label}");
        }
    }

    #[test]
    fn shift_is_ignored_for_characters_but_not_for_others() {
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert!(key("G").matches(&g));
        assert!(!key("g").matches(&g));
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert!(key("shift-tab").matches(&backtab));
        assert!(!key("ctrl-d").matches(&KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE)));
    }
}
