//! `hark speakers`: everyone who speaks, each person once, with totals the
//! database adds up.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::output::{Out, print_json};
use crate::library::Library;
use crate::library::speakers::roles_summary;
use crate::story::text::counted;
use std::collections::BTreeMap;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print JSON: an array of {"name", "roles", "turns", "stories", "words"};
    /// "roles" counts the stories they had each role in
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    /// By role, the number of stories they had it in.
    roles: BTreeMap<&'static str, usize>,
    #[serde(skip)]
    summary: String,
    turns: usize,
    stories: usize,
    words: usize,
}

pub(crate) fn run(library: &Library, args: Args, out: &Out) -> anyhow::Result<ExitCode> {
    let everyone = library.speaker_totals()?;
    let mut rows: Vec<Row> = everyone
        .iter()
        .map(|p| Row {
            name: &p.name,
            roles: p.roles.iter().map(|(r, n)| (r.as_str(), *n)).collect(),
            summary: roles_summary(&p.roles),
            turns: p.turns,
            stories: p.stories,
            words: p.words,
        })
        .collect();
    rows.sort_by(|a, b| b.turns.cmp(&a.turns).then_with(|| a.name.cmp(b.name)));
    if args.json {
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut stdout = super::output::stdout();
    for row in rows {
        let role = match row.summary.is_empty() {
            true => String::new(),
            false => format!(" ({})", row.summary),
        };
        let counts = format!(
            "{} in {}",
            counted(row.turns, "turn", "turns"),
            counted(row.stories, "story", "stories")
        );
        let name = out.speaker(row.name, row.name);
        writeln!(stdout, "{name}{role}  {}", out.dim(&counts))?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
