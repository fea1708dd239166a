//! Fixing any text converges, passes verification, is idempotent, keeps a single line-ending
//! style, and every edit range the rules produce is valid.
#![no_main]

#[path = "../../tests/common/invariants.rs"]
mod invariants;

use std::sync::{Arc, LazyLock};

use cafe_lint::linter::RuleSet;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<Arc<RuleSet>> = LazyLock::new(invariants::all_rules);

fuzz_target!(|data: &[u8]| {
    let Ok(source) = cafe_lint::write::SourceText::decode(data.to_vec()) else {
        return;
    };
    invariants::assert_lint_ok(&source.text, &RULES);
    invariants::assert_fix_ok(&source.text, &RULES, false);
    invariants::assert_fix_ok(&source.text, &RULES, true);
});
