//! Builds, from typos-dict at compile time, the spelling rule's Bloom filter of the
//! dictionary's words (src/rules/spelling_bloom.rs says why) and the dictionary itself as one
//! text and the offsets of its lines (src/rules/spelling.rs says why).

#[path = "src/rules/spelling_bloom.rs"]
mod spelling_bloom;

use std::fmt::Write as _;

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(out.join(name), bytes).expect("OUT_DIR is writable");
    };
    // Keys with non-ASCII letters (a Cyrillic `с`, an `í`) never equal an ASCII word, even
    // ignoring case, and only ASCII words are looked up: both leave them out.
    let ascii = || {
        typos_dict::WORD
            .map
            .entries()
            .map(|(key, corrections)| (key.into_inner(), *corrections))
            .filter(|(key, _)| key.is_ascii())
    };
    write(
        "spelling-bloom.bin",
        &spelling_bloom::build(ascii().map(|(key, _)| key)),
    );
    // A line an entry, sorted by key in lower case: the key, then its corrections, after tabs.
    let mut entries: Vec<(String, &[&str])> = ascii()
        .map(|(key, corrections)| (key.to_ascii_lowercase(), corrections))
        .collect();
    entries.sort_unstable();
    let mut text = String::new();
    let mut lines = Vec::new();
    for (i, (key, corrections)) in entries.iter().enumerate() {
        assert!(
            i == 0 || entries[i - 1].0 != *key,
            "keys differ in lower case"
        );
        let start = u32::try_from(text.len()).expect("the dictionary is under 4 GiB");
        lines.extend(start.to_le_bytes());
        text.push_str(key);
        for correction in corrections.iter() {
            write!(text, "\t{correction}").expect("writing to a String");
        }
        text.push('\n');
    }
    assert!(
        !entries.iter().any(|(key, corrections)| {
            std::iter::once(key.as_str())
                .chain(corrections.iter().copied())
                .any(|s| s.contains(['\t', '\n']))
        }),
        "no tab or newline in the dictionary"
    );
    write("spelling-dictionary.txt", text.as_bytes());
    write("spelling-dictionary-lines.bin", &lines);
    let shortest = entries.iter().map(|(key, _)| key.len()).min().unwrap_or(0);
    write(
        "spelling-dictionary.rs",
        format!("/// The length of the dictionary's shortest word.\npub const SHORTEST: usize = {shortest};\n").as_bytes(),
    );
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/rules/spelling_bloom.rs");
}
