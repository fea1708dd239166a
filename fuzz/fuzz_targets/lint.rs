//! Linting any text never panics, and every reported range is valid.
#![no_main]

#[path = "../../tests/common/invariants.rs"]
mod invariants;

use std::sync::{Arc, LazyLock};

use cafe_lint::linter::RuleSet;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<Arc<RuleSet>> = LazyLock::new(invariants::all_rules);

fuzz_target!(|data: &[u8]| {
    // The file layer turns bytes into text (or a clear error) before any rule sees them.
    let Ok(source) = cafe_lint::write::SourceText::decode(data.to_vec()) else {
        return;
    };
    invariants::assert_lint_ok(&source.text, &RULES);
});
