//! `hark quotes`: speech turns across the library, by speaker and words.

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use super::output::{Out, print_json};
use crate::library::Library;
use crate::library::catalog::list_order;
use crate::query::search::matching_turns;
use crate::query::{Filter, Quote};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Txt,
    Md,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this speaker: a full name, a surname or an alias, in any case,
    /// with or without accents
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// Words that must all appear in the turn
    #[arg(value_name = "WORDS")]
    words: Vec<String>,
    /// How to print them: txt, md (a blockquote per quote, attributed) or json
    #[arg(long, value_enum, default_value = "txt")]
    format: Format,
    /// Print JSON: an array of {"story_id", "story_title", "speaker",
    /// "paragraphs", "date", "program", "start"}
    #[arg(long, conflicts_with = "format")]
    json: bool,
}

pub fn run(library: &Library, args: Args, out: &Out) -> anyhow::Result<ExitCode> {
    let filter = Filter::from_parts(args.speaker.as_deref(), &args.words)?;
    let (quotes, unnamed): (Vec<Quote>, Vec<&str>) = find(library, &filter)?.into_iter().unzip();
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
