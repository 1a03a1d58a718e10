//! `hark quotes`: speech turns across the library, by speaker and words.

use std::process::ExitCode;

use serde::Serialize;

use super::output::{Out, print_json};
use crate::library::Library;
use crate::query::Filter;
use crate::story::{TurnKind, sanitize};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this speaker: a full name, a surname or an alias, in any case,
    /// with or without accents
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// Words that must all appear in the turn
    #[arg(value_name = "WORDS")]
    words: Vec<String>,
    /// Print JSON: an array of {"story_id", "story_title", "speaker", "paragraphs"}
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Quote {
    story_id: String,
    story_title: String,
    speaker: Option<String>,
    paragraphs: Vec<String>,
}

pub fn run(library: &Library, args: Args) -> anyhow::Result<ExitCode> {
    let filter = Filter::from_parts(args.speaker.as_deref(), &args.words);
    let mut quotes = Vec::new();
    for story in library.stories() {
        let story = match story {
            Ok(story) => story,
            Err(err) => {
                eprintln!("hark: {err}");
                continue;
            }
        };
        for turn in story.turns.iter().filter(|t| t.kind == TurnKind::Speech) {
            if filter.matches_turn(&story, turn) {
                quotes.push(Quote {
                    story_id: story.id.clone(),
                    story_title: story.title.clone(),
                    speaker: turn.speaker.clone(),
                    paragraphs: turn.paragraphs.clone(),
                });
            }
        }
    }
    if args.json {
        print_json(&quotes)?;
        return Ok(ExitCode::SUCCESS);
    }
    let out = Out::stdout();
    for quote in &quotes {
        let speaker = quote.speaker.as_deref().unwrap_or("Intro");
        let title = sanitize::clean_line(&quote.story_title);
        println!(
            "{} — {} ({})",
            out.speaker(speaker, speaker),
            title,
            quote.story_id
        );
        for paragraph in &quote.paragraphs {
            println!("  {}", sanitize::clean_line(paragraph));
        }
        println!();
    }
    Ok(ExitCode::SUCCESS)
}
