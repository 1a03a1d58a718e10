use super::*;

const ACTIONS: &[&str] = &["quit", "scroll_down", "filter"];

fn parse_str(text: &str) -> Result<Config, ConfigError> {
    parse(text, Path::new("/home/u/.config/hark/config.toml"), ACTIONS)
}

fn error(text: &str) -> String {
    parse_str(text).unwrap_err().to_string()
}

#[test]
fn reads_every_section() {
    let config = parse_str(
        r##"
library = "/srv/stories"
[theme]
preset = "light"
speakers = ["red", "#00ff88", 208]
highlight = "light-yellow"
[keys]
quit = ["q", "ctrl-q"]
scroll_down = "n"
"##,
    )
    .unwrap();
    assert_eq!(config.library, Some(PathBuf::from("/srv/stories")));
    assert_eq!(config.theme.preset, Some(Preset::Light));
    assert_eq!(
        config.theme.speakers,
        Some(vec![
            Color::Red,
            Color::Rgb(0, 0xff, 0x88),
            Color::Indexed(208)
        ])
    );
    assert_eq!(config.theme.highlight, Some(Color::LightYellow));
    assert_eq!(config.keys[0].name, "quit");
    assert_eq!(
        config.keys[0].keys,
        ["q".parse().unwrap(), "ctrl-q".parse().unwrap()]
    );
    assert_eq!(config.keys[1].keys, ["n".parse().unwrap()]);
}

#[test]
fn tilde_means_home() {
    let config = parse_str("library = \"~/stories\"").unwrap();
    let path = config.library.unwrap();
    assert!(path.is_absolute() && path.ends_with("stories"), "{path:?}");
}

#[test]
fn syntax_errors_name_file_and_line() {
    let e = error("library = \"/x\"\n[theme\npreset = \"dark\"");
    assert!(
        e.starts_with("/home/u/.config/hark/config.toml, line 2: "),
        "{e}"
    );
}

#[test]
fn unknown_keys_suggest_the_nearest() {
    assert_eq!(
        error("[theme]\npresett = \"dark\""),
        "/home/u/.config/hark/config.toml, line 2: unknown key `presett` (did you mean `preset`?)"
    );
    assert!(error("libary = \"x\"").ends_with("(did you mean `library`?)"));
    assert!(error("[keys]\nquitt = \"q\"").contains("did you mean `quit`"));
    assert!(error("[keys]\nfrobnicate = \"q\"").ends_with("unknown key `frobnicate`"));
}

#[test]
fn bad_values_say_what_is_wrong() {
    assert!(
        error("[theme]\nheading = \"chartreuse-ish\"")
            .contains("line 2: bad colour `chartreuse-ish`")
    );
    assert!(error("[theme]\nheading = 300").contains("bad colour `300`"));
    assert!(error("[theme]\npreset = \"sepia\"").contains("expected one of: dark, light, mono"));
    assert!(error("[keys]\nquit = \"hyper-q\"").contains("line 2: bad key `hyper-q`"));
    assert!(error("library = 3").contains("line 1: expected a string"));
}

#[test]
fn missing_default_file_is_fine_but_a_named_one_is_not() {
    let missing = Path::new("/nonexistent/hark/config.toml");
    assert_eq!(load(missing, false, ACTIONS).unwrap(), Config::default());
    let e = load(missing, true, ACTIONS).unwrap_err();
    assert!(
        e.to_string().starts_with("/nonexistent/hark/config.toml: "),
        "{e}"
    );
}

#[test]
fn context_sections_give_qualified_names() {
    let actions = ["quit", "page_down", "transcript.page_down", "panes.quit"];
    let path = Path::new("c.toml");
    let text = "[keys]\nquit = \"x\"\n[keys.transcript]\npage_down = [\"f\", \"space\"]\n";
    let config = parse(text, path, &actions).unwrap();
    assert_eq!(config.keys[0].name, "quit");
    assert_eq!(config.keys[1].name, "transcript.page_down");
    assert_eq!(config.keys[1].keys.len(), 2);
    let e = parse("[keys.transcript]\nquit = \"x\"", path, &actions).unwrap_err();
    assert_eq!(
        e.to_string(),
        "c.toml, line 2: unknown key `transcript.quit`"
    );
    let e = parse("[keys.pane]\nquit = \"x\"", path, &actions).unwrap_err();
    assert!(e.to_string().ends_with("(did you mean `panes`?)"), "{e}");
}

#[test]
fn the_small_palette_has_its_own_key() {
    let config = parse_str("[theme]\nspeakers_16 = [\"blue\", 5]").unwrap();
    assert_eq!(
        config.theme.speakers_16,
        Some(vec![Color::Blue, Color::Indexed(5)])
    );
    assert_eq!(config.theme.speakers, None);
    assert!(error("[theme]\nspeakers_16 = [\"nope\"]").contains("line 2: bad colour `nope`"));
}

#[test]
fn list_width_is_a_percentage_within_bounds() {
    assert_eq!(parse_str("list_width = 40").unwrap().list_width, Some(40));
    for bad in [
        "list_width = 90",
        "list_width = 5",
        "list_width = \"40\"",
        "list_width = 0x20",
    ] {
        let err = error(bad);
        assert!(
            err.contains("a percentage of the screen's width from 15 to 70"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn fetch_settings_and_their_mistakes() {
    let config = parse_str("[fetch]\ndelay = 2.5\ntimeout = 10\nretries = 0\n").unwrap();
    assert_eq!(
        config.fetch,
        FetchConfig {
            delay: Some(2.5),
            timeout: Some(10.0),
            retries: Some(0),
        }
    );
    assert!(error("[fetch]\ndelay = -1").contains("line 2: expected a number of seconds"));
    assert!(error("[fetch]\ndelay = \"1s\"").contains("expected a number of seconds"));
    assert!(error("[fetch]\ntimeout = 0").contains("a timeout must be above 0 seconds"));
    assert!(error("[fetch]\nretries = 1.5").contains("a whole number from 0 to 20"));
    assert!(error("[fetch]\ntimout = 3").contains("(did you mean `timeout`?)"));
    assert!(error("[fetc]\ndelay = 1").contains("(did you mean `fetch`?)"));
}

#[test]
fn an_item_of_a_list_is_reported_at_its_own_line() {
    let e = error("[theme]\nspeakers = [\n  \"red\",\n  \"nope\",\n]");
    assert!(e.contains("line 4: bad colour `nope`"), "{e}");
    let e = error("[keys]\nquit = [\n  \"q\",\n  3,\n]");
    assert!(e.contains("line 4: expected a string"), "{e}");
}

#[test]
fn keys_come_back_in_the_order_they_are_written() {
    let config = parse_str("[keys]\nscroll_down = \"n\"\nquit = \"x\"\nfilter = \"f\"").unwrap();
    let names: Vec<&str> = config.keys.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names, ["scroll_down", "quit", "filter"]);
    let lines: Vec<usize> = config.keys.iter().map(|k| k.line).collect();
    assert_eq!(lines, [2, 3, 4]);
}

#[test]
fn a_value_of_the_wrong_shape_says_what_was_expected() {
    assert!(error("theme = 1").contains("line 1: expected a table"));
    assert!(error("fetch = \"slow\"").contains("line 1: expected a table"));
    assert!(error("[theme]\nspeakers = 3").contains("line 2: expected a list"));
    assert!(error("[theme]\nheading = true").contains("line 2: expected a colour"));
    assert!(error("[fetch]\nretries = \"x\"").contains("line 2: expected a whole number"));
    let e = error("[fetch]\ndelay = 1\n\nretriez = 2");
    assert!(
        e.ends_with("line 4: unknown key `retriez` (did you mean `retries`?)"),
        "{e}"
    );
}
