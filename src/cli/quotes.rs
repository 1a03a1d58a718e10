//! `hark quotes`: speech turns across the library, by speaker and words.

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use super::output::{Out, print_json};
use crate::library::Library;
use crate::library::catalog::list_order;
use crate::library::search::{bind_to_library, keys_named, matching_turns};
use crate::query::{Filter, Keyword, Query, Quote};
use crate::story::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Txt,
    Md,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Only this speaker: a full name, a surname or an alias, in any case,
    /// with or without accents; the same as `@"NAME"` in the query
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// The filter language of the TUI's filter bar: words that must all
    /// appear, "a phrase", @name, -word, -"a phrase", -@name, after:2016-09,
    /// before:2017, on:2016-10-03, show:"fresh air"
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    words: Vec<String>,
    /// Also a story's intro: its text before anyone is named
    #[arg(long)]
    include_unattributed: bool,
    /// Print straight to the terminal, not through $PAGER
    #[arg(long)]
    no_pager: bool,
    /// How to print them: txt, md (a blockquote per quote, attributed) or json
    #[arg(long, value_enum, default_value = "txt")]
    format: Format,
    /// Print JSON: an array of {"story_id", "story_title", "speaker",
    /// "paragraphs", "date", "program", "start"}
    #[arg(long, conflicts_with = "format")]
    json: bool,
}

/// Options given after the query: the query takes words that start with
/// `-` (`-syria`), so clap hands everything after its first word to it,
/// and the options among them are read here.
#[derive(Debug, clap::Parser)]
#[command(no_binary_name = true)]
struct Late {
    #[command(flatten)]
    args: Args,
}

fn take_late_options(mut args: Args) -> anyhow::Result<Args> {
    let takes_value = ["--speaker", "--format"];
    let mut options = Vec::new();
    let mut words = Vec::new();
    let mut given = std::mem::take(&mut args.words).into_iter();
    while let Some(word) = given.next() {
        if !word.starts_with("--") || word == "--" {
            words.push(word);
            continue;
        }
        if matches!(word.split('=').next(), Some("--library" | "--config")) {
            anyhow::bail!("{word}: put it before the query, as in hark {word} … quotes QUERY");
        }
        let needs_value = takes_value.contains(&word.as_str());
        options.push(word);
        if needs_value {
            options.extend(given.next());
        }
    }
    if options.is_empty() {
        args.words = words;
        return Ok(args);
    }
    let late = <Late as clap::Parser>::try_parse_from(options)?.args;
    Ok(Args {
        speaker: late.speaker.or(args.speaker),
        words,
        include_unattributed: late.include_unattributed || args.include_unattributed,
        no_pager: late.no_pager || args.no_pager,
        format: match late.format {
            Format::Txt => args.format,
            format => format,
        },
        json: late.json || args.json,
    })
}

pub(crate) fn run(library: &Library, args: Args, out: &Out) -> anyhow::Result<ExitCode> {
    let args = take_late_options(args)?;
    let text = query_text(args.speaker.as_deref(), &args.words);
    let query = Query::parse(&text)?;
    let filter = bind_to_library(&query, library.speakers());
    let mut found = find(library, &filter)?;
    // A page's text before anyone is named is the host's intro, not a
    // quote; other unnamed turns (a timed transcript's) are what was said.
    if !args.include_unattributed {
        found.retain(|(quote, unnamed)| quote.speaker.is_some() || *unnamed != "Intro");
    }
    if found.is_empty() {
        explain_nothing(library, &filter);
        return Ok(ExitCode::FAILURE);
    }
    let (quotes, unnamed): (Vec<Quote>, Vec<&str>) = found.into_iter().unzip();
    let _pager = super::output::start_pager(!args.no_pager);
    match if args.json { Format::Json } else { args.format } {
        Format::Json => print_json(&quotes)?,
        Format::Md => {
            let mut out = super::output::stdout();
            for quote in &quotes {
                writeln!(out, "{}", quote.markdown())?;
            }
            out.flush()?;
        }
        Format::Txt => {
            let mut stdout = super::output::stdout();
            for (quote, unnamed) in quotes.iter().zip(&unnamed) {
                let speaker = quote.speaker.as_deref().unwrap_or(unnamed);
                let at = quote
                    .start
                    .as_ref()
                    .map_or(String::new(), |start| format!(" at {start}"));
                let when = [quote.program.clone(), quote.date.map(|d| d.to_string())];
                let when: Vec<String> = when.into_iter().flatten().collect();
                let heading = format!(
                    "{} — {}{at}{} ({})",
                    out.speaker(speaker, speaker),
                    out.bold(&quote.story_title),
                    out.dim(&when.iter().map(|w| format!(", {w}")).collect::<String>()),
                    quote.story_id
                );
                writeln!(stdout, "{heading}")?;
                for paragraph in &quote.paragraphs {
                    writeln!(
                        stdout,
                        "  {}",
                        crate::story::sanitize::clean_line(paragraph)
                    )?;
                }
                writeln!(stdout)?;
            }
            stdout.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The query the arguments say, in the filter bar's language: `--speaker
/// NAME` is `@"NAME"`, and an argument the shell kept whole (`"plan b"`)
/// stays a phrase.
fn query_text(speaker: Option<&str>, words: &[String]) -> String {
    let speaker = speaker.map(|name| format!("@\"{}\"", name.replace('"', "")));
    let words = words.iter().map(|word| {
        let plain = !word.contains(['"', '@', ':']) && !word.starts_with('-');
        match plain && word.trim().contains(char::is_whitespace) {
            true => format!("\"{word}\""),
            false => word.clone(),
        }
    });
    speaker
        .into_iter()
        .chain(words)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Says on stderr why nothing matched, as grep's exit status does: a name
/// no one in the library answers to (and who was meant), a word no turn
/// holds, or else that the parts never meet.
fn explain_nothing(library: &Library, filter: &Filter) {
    let mut said = false;
    for term in &filter.speakers {
        if keys_named(library, std::slice::from_ref(term)).is_some_and(|k| k.is_empty()) {
            let name = term.join(" ");
            match closest_name(library, &name) {
                Some(guess) => super::output::warn(format!(
                    "no speaker is called “{name}”; did you mean @\"{guess}\"?"
                )),
                None => super::output::warn(format!("no speaker is called “{name}”")),
            }
            said = true;
        }
    }
    for keyword in &filter.keywords {
        let alone = Filter {
            keywords: vec![Keyword::clone(keyword)],
            ..Filter::default()
        };
        let found = matching_turns(library, &alone, &AtomicBool::new(false))
            .ok()
            .flatten()
            .is_some_and(|t| !t.is_empty());
        if !found {
            super::output::warn(format!("no turn says “{}”", keyword.words.join(" ")));
            said = true;
        }
    }
    if !said {
        super::output::warn("no quotes match");
    }
}

/// The person whose name is nearest to `name`, if any is near.
fn closest_name(library: &Library, name: &str) -> Option<String> {
    let folded = |n: &str| fold::words(n).join(" ");
    library
        .speakers()
        .people()
        .flat_map(|(_, p)| {
            std::iter::once(&p.name)
                .chain(&p.aliases)
                .map(move |a| (a, &p.name))
        })
        .map(|(alias, person)| {
            let whole = strsim::jaro_winkler(name, &folded(alias));
            let part = fold::words(alias)
                .iter()
                .map(|w| strsim::jaro_winkler(name, w))
                .fold(0.0, f64::max);
            (whole.max(part), person)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, person)| person.clone())
}

/// The matching quotes, newest story first, turns in order. Only stories
/// with a match are opened, and the catalog is never read.
/// Each quote, with what its turn is called if no one is named.
fn find(library: &Library, filter: &Filter) -> anyhow::Result<Vec<(Quote, &'static str)>> {
    let turns = matching_turns(library, filter, &AtomicBool::new(false))?.unwrap_or_default();
    let mut by_story = Vec::new();
    for (id, turns) in turns {
        let story = match library.load(&id) {
            Ok(story) => story,
            Err(err) => {
                super::output::warn(err);
                continue;
            }
        };
        if !filter.matches_story_facts(story.date(), story.program.as_deref()) {
            continue;
        }
        let quotes: Vec<(Quote, &str)> = turns
            .iter()
            .filter_map(|&t| Some((Quote::of(&story, t)?, story.unnamed_heading(t))))
            .collect();
        by_story.push((story.sort_date(), story.title, id, quotes));
    }
    by_story.sort_by(|a, b| list_order(a.0, &a.1, &a.2).cmp(&list_order(b.0, &b.1, &b.2)));
    Ok(by_story
        .into_iter()
        .flat_map(|(.., quotes)| quotes)
        .collect())
}
