//! Embeds every transcript in samples/ into the binary, so that a fresh
//! `cargo run --release` has stories to show before anything is imported.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=samples");
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("samples");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let mut code = String::from("&[\n");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy();
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?}).as_slice()),",
            path.display()
        )
        .unwrap();
    }
    code.push_str("]\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("samples.rs");
    std::fs::write(out, code).unwrap();
}
