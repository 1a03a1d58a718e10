//! Realistic NPR-style transcript pages, the same ones every time for the
//! same seed. Shared by the gen_corpus example and the benchmarks.

use std::fmt::Write as _;

const FIRST: &[&str] = &[
    "Ada", "Bruno", "Carmen", "Dmitri", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas",
    "Kalani", "Lucía", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tamar",
    "Umberto", "Vera", "Wen", "Ximena", "Yusuf", "Zofia", "Amara", "Bilal", "Chloé", "Diego",
    "Esme", "Femi", "Gianna", "Hassan", "Ivy", "Joaquín", "Keiko", "Leon", "Mireille", "Nikhil",
    "Olu", "Pilar", "Rafael", "Saoirse", "Tomasz", "Uma", "Valentin", "Wanjiru", "Yara", "Zeke",
];
const LAST: &[&str] = &[
    "Abernathy",
    "Baptiste",
    "Castellanos",
    "Delacroix",
    "Eriksen",
    "Fairweather",
    "Gallagher",
    "Haddad",
    "Ibáñez",
    "Jovanović",
    "Kowalczyk",
    "Lindqvist",
    "McAllister",
    "Nakamura",
    "O'Donnell",
    "Petrov",
    "Quintero",
    "Rasmussen",
    "Szymańska",
    "Thibodeaux",
    "Underwood",
    "Valdés",
    "Whitfield",
    "Xiong",
    "Yamamoto",
    "Zielinski",
    "Achebe",
    "Brennan",
    "Chowdhury",
    "Duarte",
    "Esposito",
    "Fitzgerald",
    "Grünewald",
    "Holloway",
    "Iyer",
    "Jaramillo",
    "Kaur",
    "Lafontaine",
    "Mbeki",
    "Novak",
    "Okonkwo",
    "Pemberton",
    "Rinaldi",
    "Sørensen",
    "Takahashi",
    "Ueda",
    "Vasquez",
    "Wojcik",
    "Yilmaz",
    "Zapata",
    "Ashby",
    "Boateng",
    "Costa",
    "Dunmore",
    "Ekström",
    "Ferreira",
    "Gonzaga",
    "Hartley",
    "Ishikawa",
    "Juarez",
];
const WORDS: &[&str] = &[
    "the",
    "council",
    "voted",
    "on",
    "a",
    "plan",
    "to",
    "rebuild",
    "harbor",
    "bridge",
    "after",
    "years",
    "of",
    "delay",
    "and",
    "residents",
    "say",
    "they",
    "want",
    "answers",
    "about",
    "budget",
    "schedule",
    "river",
    "flood",
    "school",
    "board",
    "water",
    "prices",
    "farmers",
    "market",
    "election",
    "senate",
    "governor",
    "hospital",
    "workers",
    "union",
    "strike",
    "festival",
    "music",
    "weather",
    "storm",
    "coast",
    "fishing",
    "policy",
    "federal",
    "state",
    "local",
    "officials",
    "families",
    "children",
    "teachers",
    "climate",
    "energy",
    "solar",
    "wind",
    "housing",
    "rent",
    "city",
    "village",
    "mayor",
    "police",
    "court",
    "ruling",
    "judge",
    "trade",
    "talks",
    "Syria",
    "Russia",
    "diplomacy",
    "ceasefire",
    "aid",
    "refugees",
    "border",
    "economy",
    "jobs",
    "report",
    "data",
    "survey",
    "research",
    "university",
    "students",
    "tuition",
    "library",
    "museum",
    "history",
    "archive",
    "radio",
    "station",
    "listeners",
    "story",
    "morning",
    "evening",
    "week",
    "year",
    "season",
    "harvest",
    "drought",
    "wildfire",
    "smoke",
    "air",
    "quality",
    "transit",
    "bus",
    "rail",
    "airport",
    "highway",
    "traffic",
    "safety",
    "health",
    "vaccine",
    "clinic",
    "nurses",
    "doctors",
    "patients",
    "insurance",
    "costs",
    "taxes",
    "revenue",
    "deficit",
    "spending",
    "vote",
    "ballot",
    "campaign",
    "candidate",
    "debate",
    "poll",
    "district",
    "neighborhood",
    "park",
    "garden",
    "bakery",
    "café",
    "restaurant",
    "owner",
    "customers",
    "supply",
    "chain",
    "shortage",
    "really",
    "very",
    "now",
    "still",
    "already",
    "never",
    "always",
    "maybe",
    "perhaps",
    "though",
    "because",
    "while",
    "when",
    "where",
    "which",
    "who",
    "said",
    "told",
    "asked",
    "explained",
    "think",
    "know",
    "believe",
    "hope",
    "expect",
    "worry",
    "decided",
    "started",
    "finished",
];
/// Rare words, a few to a story, so that a keyword search finds a small
/// share of the archive, as it would in real news.
const TOPIC_ROOTS: &[&str] = &[
    "glacier",
    "lithium",
    "pipeline",
    "quarry",
    "estuary",
    "orchard",
    "tariff",
    "levee",
    "monsoon",
    "cobalt",
    "vineyard",
    "reservoir",
    "tramway",
    "ferry",
    "granary",
    "observatory",
    "shipyard",
    "cathedral",
    "saltmarsh",
    "aquifer",
    "telescope",
    "refinery",
    "lighthouse",
    "wetland",
    "canal",
    "hydrant",
    "turbine",
    "mangrove",
    "tundra",
    "volcano",
];
const TOPIC_PLACES: &[&str] = &[
    "Aleppo",
    "Mosul",
    "Tbilisi",
    "Harare",
    "Quito",
    "Dhaka",
    "Lviv",
    "Mombasa",
    "Valparaíso",
    "Tromsø",
    "Gdańsk",
    "Kraków",
    "Medellín",
    "Chiang Mai",
    "Ulaanbaatar",
    "Cusco",
    "Zanzibar",
    "Reykjavík",
    "Tashkent",
    "Asunción",
    "Bratislava",
    "Yerevan",
    "Timbuktu",
    "Windhoek",
];
const STATIONS: &[&str] = &[
    "KXYZ Valley Public Radio",
    "WQRT Public Media",
    "Lakeshore Public Radio",
    "KMTN Mountain News",
];
const CUES: &[&str] = &[
    "(SOUNDBITE OF MUSIC)",
    "(LAUGHTER)",
    "(SOUNDBITE OF ARCHIVED BROADCAST)",
    "(SOUNDBITE OF CROWD CHEERING)",
    "(Soundbite of laughter)",
];

struct Person {
    first: &'static str,
    last: &'static str,
}

/// A generator of stories; story `n` depends only on the seed and `n`'s
/// place in the sequence.
pub struct Corpus {
    rng: fastrand::Rng,
    people: Vec<Person>,
    next: usize,
}

impl Corpus {
    pub fn new(seed: u64) -> Corpus {
        // A few thousand distinct people, so names recur across stories.
        let people = (0..FIRST.len() * LAST.len())
            .map(|i| Person {
                first: FIRST[i % FIRST.len()],
                last: LAST[(i / FIRST.len() + i) % LAST.len()],
            })
            .collect();
        Corpus {
            rng: fastrand::Rng::with_seed(seed),
            people,
            next: 0,
        }
    }

    /// The next story page.
    pub fn next_page(&mut self) -> String {
        let n = self.next;
        self.next += 1;
        story(&mut self.rng, &self.people, n)
    }
}

fn story(rng: &mut fastrand::Rng, people: &[Person], n: usize) -> String {
    let topic = topic_words(rng);
    let title = headline(rng);
    let host = &people[rng.usize(..40)];
    let reporter = &people[rng.usize(..people.len())];
    let guests: Vec<&Person> = (0..rng.usize(2..6))
        .map(|_| &people[rng.usize(..people.len())])
        .collect();
    let old_style = n % 10 == 9;
    let mut out = String::with_capacity(9000);
    if old_style {
        out.push_str("Copyright © 2008 NPR. For personal, noncommercial use only. See Terms of Use. For other uses, prior permission required.\n\n");
        writeln!(out, "{title}\n").unwrap();
    } else if n.is_multiple_of(2) {
        let station = STATIONS[n % STATIONS.len()];
        writeln!(out, "© 2024 {station}\nPlay Live Radio\nNext Up:\n0:00 0:00\nAvailable On Air Stations\n\n{title}\n").unwrap();
    } else {
        let teaser = sentence(rng, 14);
        writeln!(out, "{title}{teaser}\nNPR logo\n{title}\n{title}").unwrap();
        out.push_str("• Download\n• <iframe src=\"https://www.npr.org/player/embed/1/2\" width=\"100%\" height=\"290\" frameborder=\"0\" scrolling=\"no\" title=\"NPR embedded audio player\"></iframe>\n• Transcript\n\n");
    }
    let body_start = out.len();
    turns(rng, &mut out, host, reporter, &guests, old_style);
    sprinkle(rng, &mut out, body_start, &topic);
    if old_style {
        return out;
    }
    out.push_str(" Transcript provided by NPR, Copyright NPR.\n\n");
    writeln!(
        out,
        "{} {} covers {} for NPR.",
        reporter.first,
        reporter.last,
        sentence(rng, 8)
    )
    .unwrap();
    out
}

fn turns(
    rng: &mut fastrand::Rng,
    out: &mut String,
    host: &Person,
    reporter: &Person,
    guests: &[&Person],
    old: bool,
) {
    let upper = |p: &Person| format!("{} {}", p.first, p.last).to_uppercase();
    let (host_role, byline) = if old {
        ("host", "reporting")
    } else {
        ("HOST", "BYLINE")
    };
    writeln!(out, "{}, {host_role}: {}\n", upper(host), paragraph(rng)).unwrap();
    writeln!(
        out,
        "{}, {byline}: {} {} {} says so.\n",
        upper(reporter),
        paragraph(rng),
        guests[0].first,
        guests[0].last
    )
    .unwrap();
    let mut seen = vec![false; guests.len()];
    let mut words = 0;
    for t in 0..rng.usize(8..30) {
        if words > 1100 {
            break;
        }
        let para = paragraph(rng);
        words += para.split(' ').count();
        if t % 5 == 4 {
            writeln!(out, "{}\n", CUES[rng.usize(..CUES.len())]).unwrap();
        }
        let g = rng.usize(..guests.len());
        let label = match (t % 3, seen[g]) {
            (0, _) => reporter.last.to_uppercase(),
            (1, _) => host.last.to_uppercase(),
            (_, true) => guests[g].last.to_uppercase(),
            (_, false) => upper(guests[g]),
        };
        seen[g] |= t % 3 == 2;
        writeln!(out, "{label}: {para}\n\n{}\n", paragraph(rng)).unwrap();
    }
    write!(
        out,
        "{}: {} {}, NPR News.",
        reporter.last.to_uppercase(),
        reporter.first,
        reporter.last
    )
    .unwrap();
}

/// About 1,200 distinct topics: a root word, sometimes with a place.
fn topic_words(rng: &mut fastrand::Rng) -> Vec<String> {
    let root = TOPIC_ROOTS[rng.usize(..TOPIC_ROOTS.len())];
    let place = TOPIC_PLACES[rng.usize(..TOPIC_PLACES.len())];
    let suffix = ["", "s", "er", "ing"][rng.usize(..4)];
    vec![
        format!("{root}{suffix}"),
        place.to_string(),
        format!("{place} {root}"),
    ]
}

/// Puts each topic word in place of a few ordinary words after `from`.
fn sprinkle(rng: &mut fastrand::Rng, out: &mut String, from: usize, topic: &[String]) {
    for word in topic {
        for _ in 0..rng.usize(1..4) {
            let mut at = from + rng.usize(..out.len() - from);
            while !out.is_char_boundary(at) {
                at -= 1;
            }
            if let Some(space) = out[at..].find(' ').map(|i| at + i + 1)
                && let Some(end) = out[space..].find(' ').map(|i| space + i)
                && out[space..end].chars().all(|c| c.is_ascii_lowercase())
            {
                out.replace_range(space..end, word);
            }
        }
    }
}

fn headline(rng: &mut fastrand::Rng) -> String {
    (0..rng.usize(4..9))
        .map(|_| {
            let w = WORDS[rng.usize(..WORDS.len())];
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn paragraph(rng: &mut fastrand::Rng) -> String {
    let sentences = rng.usize(2..4);
    (0..sentences)
        .map(|_| {
            let words = rng.usize(8..20);
            sentence(rng, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn sentence(rng: &mut fastrand::Rng, words: usize) -> String {
    let mut s: String = (0..words)
        .map(|_| WORDS[rng.usize(..WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(first) = s.get(..1) {
        let upper = first.to_uppercase();
        s.replace_range(..1, &upper);
    }
    s.push('.');
    s
}
