//! Builds, from typos-dict at compile time, the spelling rule's Bloom filter of the
//! dictionary's words (src/rules/spelling_bloom.rs says why) and the dictionary itself as texts
//! and offsets (src/rules/spelling.rs says why).

#[path = "src/rules/spelling_bloom.rs"]
mod spelling_bloom;

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
    // Sorted by key in lower case: the keys, one after the other, and where each ends; the
    // corrections of each entry, after tabs, and where those end.
    let mut entries: Vec<(String, &[&str])> = ascii()
        .map(|(key, corrections)| (key.to_ascii_lowercase(), corrections))
        .collect();
    entries.sort_unstable();
    let (mut keys, mut key_ends) = (String::new(), Vec::new());
    let (mut corrections, mut correction_ends) = (String::new(), Vec::new());
    let end = |text: &String| {
        u32::try_from(text.len())
            .expect("the dictionary is under 4 GiB")
            .to_le_bytes()
    };
    for (i, (key, its)) in entries.iter().enumerate() {
        assert!(
            i == 0 || entries[i - 1].0 != *key,
            "keys differ in lower case"
        );
        assert!(
            !its.iter().any(|c| c.contains('\t')),
            "no tab in a correction"
        );
        keys.push_str(key);
        key_ends.extend(end(&keys));
        corrections.push_str(&its.join("\t"));
        correction_ends.extend(end(&corrections));
    }
    write("spelling-dictionary-keys.txt", keys.as_bytes());
    write("spelling-dictionary-key-ends.bin", &key_ends);
    write(
        "spelling-dictionary-corrections.txt",
        corrections.as_bytes(),
    );
    write("spelling-dictionary-correction-ends.bin", &correction_ends);
    let shortest = entries.iter().map(|(key, _)| key.len()).min().unwrap_or(0);
    write(
        "spelling-dictionary.rs",
        format!("/// The length of the dictionary's shortest word.\npub const SHORTEST: usize = {shortest};\n").as_bytes(),
    );
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/rules/spelling_bloom.rs");
}
