//! Work grows linearly with the input: the text repeated 16 times may cost at most 3 × 8 times
//! what it costs repeated twice (three doublings: linear work gives 8×, quadratic 64×).
//!
//! Work is measured two ways, so that the check is not flaky: bytes allocated (deterministic)
//! and thread CPU time (the minimum of three runs, plus an absolute allowance, so that another
//! process on the machine does not count and a hiccup in the small run cannot fail it). Fixing
//! is measured per pass: a text that needs a third pass is not slower per byte.
#![no_main]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

#[path = "../../tests/common/invariants.rs"]
mod invariants;

use cafe_lint::fixer;
use cafe_lint::linter::RuleSet;
use libfuzzer_sys::fuzz_target;

struct Counting;

static ALLOCATED: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size() as u64, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size() as u64, Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.fetch_add(new_size as u64, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

static RULES: LazyLock<Arc<RuleSet>> = LazyLock::new(invariants::all_rules);

const SMALL: usize = 2;
const LARGE: usize = 16;
const SLACK: u64 = 3;

fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec to write to.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Bytes allocated and CPU time for linting and fixing `text`, per parse-lint pass.
fn work(text: &str) -> (u64, Duration) {
    let mut best = Duration::MAX;
    let mut bytes = 0;
    for _ in 0..3 {
        let allocated = ALLOCATED.load(Relaxed);
        let start = thread_cpu_time();
        let _ = fixer::check(text, None, &RULES);
        let passes = match fixer::fix(text, None, &RULES, true) {
            Ok(fixed) => fixed.passes,
            Err(_) => fixer::MAX_PASSES + 1,
        } as u32;
        let elapsed = (thread_cpu_time() - start) / (1 + passes);
        bytes = (ALLOCATED.load(Relaxed) - allocated) / (1 + u64::from(passes));
        best = best.min(elapsed);
    }
    (bytes, best)
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = cafe_lint::write::SourceText::decode(data.to_vec()) else {
        return;
    };
    if source.text.is_empty() {
        return;
    }
    // A unit of at least 256 bytes, so that fixed costs do not dominate the small run.
    let unit = source.text.repeat(256usize.div_ceil(source.text.len()));
    let (small_bytes, small_time) = work(&unit.repeat(SMALL));
    let (large_bytes, large_time) = work(&unit.repeat(LARGE));
    let ratio = (LARGE / SMALL) as u64;
    assert!(
        large_bytes <= small_bytes * ratio * SLACK + 64 * 1024,
        "allocations grow faster than the input: {small_bytes} B for {SMALL} copies, \
         {large_bytes} B for {LARGE} copies of {unit:?}"
    );
    let allowed = small_time * (ratio * SLACK) as u32 + Duration::from_millis(5);
    assert!(
        large_time <= allowed,
        "time grows faster than the input: {small_time:?} for {SMALL} copies, \
         {large_time:?} for {LARGE} copies of {unit:?}"
    );
});
