//! `hark quotes`: speech turns across the library, by speaker and words,
//! printed as they are found (the stories in list order), or counted.

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use super::output::{Out, print_json};
use crate::library::Library;
use crate::library::search::{
    Order, bind_to_library, closest_name, count_matching_turns, for_each_matching_story, keys_named,
};
use crate::query::{Filter, Keyword, Query, Quote};

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
    /// Print only how many quotes match; with --json,
    /// {"quotes": N, "stories": M}, M the stories they are in
    #[arg(long)]
    count: bool,
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
        count: late.count || args.count,
    })
}

pub(crate) fn run(library: &Library, args: Args, out: &Out) -> anyhow::Result<ExitCode> {
    let args = take_late_options(args)?;
    let text = query_text(args.speaker.as_deref(), &args.words);
    let query = Query::parse(&text)?;
    let filter = bind_to_library(&query, library);
    if args.count {
        return print_count(library, &filter, &args);
    }
    let format = if args.json { Format::Json } else { args.format };
    let mut printer = Printer::new(format, out, !args.no_pager);
    let never = AtomicBool::new(false);
    for_each_matching_story(library, &filter, Order::List, &never, |story, turns| {
        let story = match story {
            Ok(story) => story,
            Err(err) => {
                super::output::warn(err);
                return Ok(());
            }
        };
        for &turn in turns {
            let Some(quote) = Quote::of(story, turn) else {
                continue;
            };
            let unnamed = story.unnamed_heading(turn);
            // A page's text before anyone is named is the host's intro, not
            // a quote; other unnamed turns (a timed transcript's) are what
            // was said.
            if args.include_unattributed || quote.speaker.is_some() || unnamed != "Intro" {
                printer.print(&quote, unnamed)?;
            }
        }
        printer.story_done()
    })?;
    if !printer.finish()? {
        explain_nothing(library, &filter);
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `--count`: how many quotes match, and with `--json` in how many
/// stories; as `grep -c`, none found is 0 and exit status 1.
fn print_count(library: &Library, filter: &Filter, args: &Args) -> anyhow::Result<ExitCode> {
    let never = AtomicBool::new(false);
    let leave_out_intros = !args.include_unattributed;
    let counts =
        count_matching_turns(library, filter, leave_out_intros, &never)?.unwrap_or_default();
    match args.json {
        true => print_json(&counts)?,
        false => super::output::print(&format!("{}\n", counts.quotes))?,
    }
    Ok(match counts.quotes {
        0 => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    })
}

/// Quotes enough to fill a screen: a pager's first page, `head`'s lines.
const FIRST_SCREEN: usize = 60;

/// Prints quotes as they are found, through the pager once there is
/// one to print; JSON as the one array `print_json` would give.
struct Printer<'a> {
    format: Format,
    out: &'a Out,
    /// Before the pager, so that it is flushed and let go first.
    stdout: Option<super::output::Stdout>,
    pager: Option<Option<super::output::Pager>>,
    use_pager: bool,
    printed: usize,
    /// How many quotes had been printed at the last flush.
    flushed: usize,
    json: super::output::JsonArray,
}

impl<'a> Printer<'a> {
    fn new(format: Format, out: &'a Out, use_pager: bool) -> Printer<'a> {
        Printer {
            format,
            out,
            stdout: None,
            pager: None,
            use_pager,
            printed: 0,
            flushed: 0,
            json: super::output::JsonArray::default(),
        }
    }

    fn print(&mut self, quote: &Quote, unnamed: &str) -> anyhow::Result<()> {
        if self.stdout.is_none() {
            self.pager = Some(super::output::start_pager(self.use_pager));
        }
        let stdout = self.stdout.get_or_insert_with(super::output::stdout);
        match self.format {
            Format::Json => self.json.element(stdout, quote)?,
            Format::Md => writeln!(stdout, "{}", quote.markdown())?,
            Format::Txt => write_txt(stdout, self.out, quote, unnamed)?,
        }
        self.printed += 1;
        Ok(())
    }

    /// After a story's quotes: the first screen's go out story by story,
    /// so that a pager (or `head`) shows them as they are found, not once
    /// the buffer fills; after that, the buffer's blocks are quicker.
    fn story_done(&mut self) -> anyhow::Result<()> {
        if self.flushed < FIRST_SCREEN
            && let Some(stdout) = &mut self.stdout
        {
            stdout.flush()?;
            self.flushed = self.printed;
        }
        Ok(())
    }

    /// Ends the output; whether anything was printed.
    fn finish(mut self) -> anyhow::Result<bool> {
        if let Some(mut stdout) = self.stdout.take() {
            if self.format == Format::Json {
                std::mem::take(&mut self.json).finish(&mut stdout)?;
            }
            stdout.flush()?;
        }
        drop(self.pager.take());
        Ok(self.printed > 0)
    }
}

/// A quote as text: who, the story, where and when, then its paragraphs.
fn write_txt(
    stdout: &mut impl Write,
    out: &Out,
    quote: &Quote,
    unnamed: &str,
) -> anyhow::Result<()> {
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
    Ok(())
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
    let never = AtomicBool::new(false);
    for term in &filter.speakers {
        if keys_named(library, std::slice::from_ref(term))
            .is_ok_and(|k| k.is_some_and(|k| k.is_empty()))
        {
            let name = term.join(" ");
            match closest_name(library, &name).ok().flatten() {
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
        let found = count_matching_turns(library, &alone, false, &never)
            .ok()
            .flatten()
            .is_some_and(|counts| counts.quotes > 0);
        if !found {
            super::output::warn(format!("no turn says “{}”", keyword.words.join(" ")));
            said = true;
        }
    }
    if !said {
        super::output::warn("no quotes match");
    }
}
