//! Builds the spelling rule's Bloom filter of typos-dict's words at compile time
//! (src/rules/spelling_bloom.rs says why).

#[path = "src/rules/spelling_bloom.rs"]
mod spelling_bloom;

fn main() {
    // Keys with non-ASCII letters (a Cyrillic `с`, an `í`) never equal an ASCII word, even
    // ignoring case, and only ASCII words are looked up: the filter leaves them out.
    let words = typos_dict::WORD
        .map
        .keys()
        .map(|key| key.into_inner())
        .filter(|key| key.is_ascii());
    let bits = spelling_bloom::build(words);
    let out = std::path::Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("spelling-bloom.bin");
    std::fs::write(&out, bits).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/rules/spelling_bloom.rs");
}
