//! config.toml from the command line: where settings come from, in order
//! (defaults, the file, the environment, flags), what `hark config`
//! prints, and how every kind of mistake is reported.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use hark::testing::{
    ColorMode, Config, FIXED, Keymap, Theme, ThemeConfig, action_names, parse_config,
};
use predicates::prelude::*;
use tempfile::TempDir;

const STORY: &str = "\
Bridge Vote Delayed Again

TOMAS REYES, HOST: The bridge vote is off again.

AGATA SZYMAŃSKA: The harbor needs that bridge.
";

/// A home of its own: the default config and library live in it, and
/// nothing from the real environment leaks in.
struct Home(TempDir);

impl Home {
    fn new() -> Home {
        Home(tempfile::tempdir().unwrap())
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    /// Where `hark config --path` looks without --config.
    fn default_config(&self) -> PathBuf {
        self.path("config/hark/config.toml")
    }

    fn hark(&self) -> Command {
        let mut cmd = Command::cargo_bin("hark").unwrap();
        cmd.env("HOME", self.0.path())
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env_remove("HARK_LIBRARY")
            .env_remove("HARK_CONFIG")
            .env("NO_COLOR", "1");
        cmd
    }

    /// Imports a story with `cmd`; the caller checks where it went.
    fn imports_into(&self, cmd: &mut Command) {
        let story = self.write("story.txt", STORY);
        cmd.arg("import").arg(story).assert().success();
    }
}

fn has_library(dir: &Path) -> bool {
    dir.join("library.sqlite3").exists()
}

fn library_line(dir: &Path) -> String {
    format!("library = {:?}\n", dir.display().to_string())
}

#[test]
fn without_a_config_the_library_is_in_the_data_folder() {
    let home = Home::new();
    home.imports_into(&mut home.hark());
    assert!(has_library(&home.path("data/hark")));
}

#[test]
fn the_file_beats_the_default_the_environment_beats_the_file_and_flags_beat_all() {
    let home = Home::new();
    let [file, env, flag] = ["from-file", "from-env", "from-flag"].map(|d| home.path(d));
    home.write("config/hark/config.toml", &library_line(&file));
    home.imports_into(&mut home.hark());
    assert!(has_library(&file) && !has_library(&home.path("data/hark")));

    home.imports_into(home.hark().env("HARK_LIBRARY", &env));
    assert!(has_library(&env));

    let mut cmd = home.hark();
    cmd.env("HARK_LIBRARY", &env).arg("--library").arg(&flag);
    home.imports_into(&mut cmd);
    assert!(has_library(&flag));
}

#[test]
fn the_config_flag_beats_hark_config_which_beats_the_default_path() {
    let home = Home::new();
    let by_env = home.write("env.toml", "");
    let by_flag = home.write("flag.toml", "");
    let path = |cmd: &mut Command| {
        let out = cmd.args(["config", "--path"]).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let default = home.default_config().display().to_string();
    assert_eq!(path(&mut home.hark()), format!("{default}\n"));
    let env = by_env.display().to_string();
    assert_eq!(
        path(home.hark().env("HARK_CONFIG", &by_env)),
        format!("{env}\n")
    );
    let mut both = home.hark();
    both.env("HARK_CONFIG", &by_env)
        .arg("--config")
        .arg(&by_flag);
    assert_eq!(path(&mut both), format!("{}\n", by_flag.display()));
}

#[test]
fn hark_config_names_the_file_that_is_read() {
    let home = Home::new();
    let elsewhere = home.path("chosen");
    let config = home.write("mine.toml", &library_line(&elsewhere));
    home.imports_into(home.hark().env("HARK_CONFIG", &config));
    assert!(has_library(&elsewhere));
}

/// Loads text the way hark loads a config file.
fn parse(text: &str) -> Config {
    let names = action_names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    parse_config(text, Path::new("default.toml"), &names).unwrap()
}

#[test]
fn the_default_config_changes_nothing_when_loaded() {
    let out = Home::new()
        .hark()
        .args(["config", "--default"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let config = parse(&text);
    assert_eq!(config.library, None, "the library stays a comment");
    for mode in [ColorMode::None, ColorMode::Ansi16, ColorMode::Full] {
        assert_eq!(
            Theme::from_config(mode, &config.theme),
            Theme::from_config(mode, &ThemeConfig::default())
        );
    }
    let theme = &config.theme;
    assert!(theme.preset.is_some() && theme.speakers.is_some() && theme.speakers_16.is_some());
    let colours = [
        theme.heading,
        theme.cue,
        theme.note,
        theme.highlight,
        theme.focus,
    ];
    assert!(
        colours.iter().all(Option::is_some),
        "every colour is written out"
    );
    assert_eq!(
        Keymap::from_config(&config.keys).unwrap(),
        Keymap::default()
    );
    // Every default key is written out, in its context, but Ctrl-C, which
    // always quits and cannot be rebound.
    let default = Keymap::default();
    let rebindable = default.bindings().iter().filter(|b| b.key != FIXED);
    for binding in rebindable {
        let name = format!(
            "{}.{}",
            binding.context.name(),
            binding.action.name().unwrap()
        );
        let written = config.keys.iter().find(|remap| remap.name == name);
        assert!(
            written.is_some_and(|r| r.keys.contains(&binding.key)),
            "{name}"
        );
    }
}

#[test]
fn the_default_config_explains_each_setting() {
    let out = Home::new()
        .hark()
        .args(["config", "--default"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let setting = !line.starts_with('#') && line.contains(" = ");
        if setting {
            assert!(lines[i - 1].starts_with('#'), "no comment above `{line}`");
        }
    }
}

fn fails_with(home: &Home, config: &str, args: &[&str], message: &str) {
    let path = home.write("bad.toml", config);
    home.hark()
        .arg("--config")
        .arg(&path)
        .args(args)
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!("hark: {}{message}\n", path.display()));
}

#[test]
fn every_config_mistake_names_the_file_and_where() {
    let home = Home::new();
    let cases = [
        ("library = \"x\"\n[theme\n", ", line 2: "),
        (
            "libary = \"x\"",
            ", line 1: unknown key `libary` (did you mean `library`?)",
        ),
        (
            "[theme]\nfocus = \"chartreuse\"",
            ", line 2: bad colour `chartreuse`",
        ),
        ("[theme]\nspeakers = [1, 256]", ", line 2: bad colour `256`"),
        ("[theme]\nspeakers = \"red\"", ", line 2: expected a list"),
        (
            "[theme]\npreset = \"sepia\"",
            ", line 2: unknown value `sepia`",
        ),
        (
            "[keys]\nquit = [\"hyper-q\"]",
            ", line 2: bad key `hyper-q`",
        ),
        (
            "[keys]\nquitt = \"x\"",
            ", line 2: unknown key `quitt` (did you mean `quit`?)",
        ),
        ("[keys]\nquit = 3", ", line 2: expected a string"),
        (
            "[keys.transcrpt]\nquit = \"x\"",
            ", line 1: unknown key `transcrpt` (did you mean `transcript`?)",
        ),
        (
            "[keys.list]\nnext_turn = \"x\"",
            ", line 2: unknown key `list.next_turn`",
        ),
        ("keys = 1", ", line 1: expected a table"),
    ];
    for (config, message) in cases {
        let path = home.write("bad.toml", config);
        let out = home
            .hark()
            .arg("--config")
            .arg(&path)
            .arg("list")
            .assert()
            .code(1);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        let expected = format!("hark: {}{message}", path.display());
        assert!(stderr.starts_with(&expected), "{config:?}: {stderr}");
    }
}

#[test]
fn clashing_keys_and_ctrl_c_are_config_errors() {
    let home = Home::new();
    fails_with(
        &home,
        "[keys]\nquit = [\"x\"]\ntop = [\"g\"]\ndown = [\"x\"]",
        &["list"],
        ", line 4: [keys]: `x` is bound to both `down` and `quit` (All panes)",
    );
    fails_with(
        &home,
        "# mine\n[keys.transcript]\nback = \"h\"\n[keys]\nhelp = \"ctrl-c\"",
        &["list"],
        ", line 5: [keys] help: ctrl-c always quits",
    );
}

#[test]
fn a_bad_config_stops_the_tui_before_it_starts() {
    let home = Home::new();
    fails_with(
        &home,
        "[theme]\nnote = \"#12\"",
        &[],
        ", line 2: bad colour `#12`: use a name, \"#rrggbb\" or 0-255",
    );
}

#[test]
fn a_missing_named_config_is_an_error_but_a_missing_default_is_not() {
    let home = Home::new();
    let missing = home.path("nope.toml");
    home.hark()
        .arg("--config")
        .arg(&missing)
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(format!(
            "hark: {}: ",
            missing.display()
        )));
    home.hark().arg("list").assert().success();
}

#[test]
fn a_good_config_with_every_section_loads() {
    let home = Home::new();
    let config = home.write(
        "good.toml",
        "[theme]\npreset = \"light\"\nspeakers = [\"#005faf\", 130]\nfocus = \"blue\"\n\
         [keys]\nquit = [\"x\", \"ctrl-q\"]\n[keys.transcript]\npage_down = \"f\"\n",
    );
    home.hark()
        .arg("--config")
        .arg(&config)
        .arg("list")
        .assert()
        .success();
}

/// The first ```toml block of the README, so the example cannot rot.
fn readme_example() -> String {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    readme[start..end].to_string()
}

#[test]
fn the_readme_example_loads_and_does_what_it_says() {
    let config = parse(&readme_example());
    assert_eq!(config.theme.preset, Some(hark::testing::Preset::Light));
    let keymap = Keymap::from_config(&config.keys).unwrap();
    let transcript = [
        hark::testing::KeyContext::Global,
        hark::testing::KeyContext::Transcript,
        hark::testing::KeyContext::Panes,
    ];
    let press = |c: char, m| crossterm::event::KeyEvent::new(crossterm::event::KeyCode::Char(c), m);
    use crossterm::event::KeyModifiers as M;
    use hark::testing::Action;
    assert_eq!(
        keymap.lookup(&transcript, press('f', M::NONE)),
        Some(Action::PageDown)
    );
    assert_eq!(
        keymap.lookup(&transcript, press('q', M::CONTROL)),
        Some(Action::Quit)
    );
    assert_eq!(
        keymap.lookup(&transcript, press('n', M::CONTROL)),
        Some(Action::NextTurn)
    );
    let home = Home::new();
    let path = home.write("readme.toml", &readme_example());
    home.hark()
        .arg("--config")
        .arg(path)
        .arg("list")
        .assert()
        .success();
}

/// What `hark ARGS` prints to a terminal (a pseudo-terminal), escapes and all.
fn on_a_terminal(home: &Home, args: &[&str]) -> String {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_hark"));
    command.args(args);
    command.env("HOME", home.0.path());
    command.env("XDG_CONFIG_HOME", home.path("config"));
    command.env("XDG_DATA_HOME", home.path("data"));
    command.env("TERM", "xterm-256color");
    command.env_remove("NO_COLOR");
    command.env_remove("HARK_LIBRARY");
    command.env_remove("HARK_CONFIG");
    let mut child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let reading = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    assert!(child.wait().unwrap().success());
    drop(pty.master);
    String::from_utf8_lossy(&reading.join().unwrap()).into_owned()
}

#[test]
fn the_cli_colours_speakers_with_the_configured_palette() {
    let home = Home::new();
    home.imports_into(&mut home.hark());
    let config = "[theme]\nspeakers = [\"#ff0000\"]\n";
    home.write("config/hark/config.toml", config);
    let coloured = on_a_terminal(&home, &["speakers"]);
    assert!(coloured.contains("\x1b[38;2;255;0;0m"), "{coloured:?}");
    home.write("config/hark/config.toml", "[theme]\npreset = \"mono\"\n");
    let mono = on_a_terminal(&home, &["speakers"]);
    assert!(mono.contains("Agata Szymańska"), "{mono:?}");
    assert!(!mono.contains("\x1b[38;"), "{mono:?}");
}

#[test]
fn hark_config_alone_says_where_the_file_is_and_how_to_start_one() {
    let home = Home::new();
    let config = home.default_config();
    let folder = config.parent().unwrap();
    home.hark()
        .arg("config")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "  {} (not there yet: hark runs on its defaults)",
            config.display()
        )))
        .stdout(predicate::str::contains(format!(
            "mkdir -p {} && hark config --default > {}",
            folder.display(),
            config.display()
        )));
    home.write("config/hark/config.toml", "[theme]\npreset = \"light\"\n");
    home.hark()
        .arg("config")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "  {}\n",
            config.display()
        )))
        .stdout(predicate::str::contains("not there yet").not())
        .stdout(predicate::str::contains("mkdir").not());
}
