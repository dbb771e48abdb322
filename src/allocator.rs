//! Settings of mimalloc, the binary's allocator (`main.rs` makes it the global allocator; these
//! functions set its options whichever allocator the caller uses).

/// mimalloc.h's `mi_option_purge_delay` (libmimalloc-sys names no constant for it; the enum's
/// values are stable, retired options keeping their places).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc to keep the memory the run frees instead of returning it to the system a
/// second later.
///
/// A panel frees and allocates a batch's frames, rows and files again and again. Returned to the
/// system, that memory is faulted in afresh each time; kept, a large panel takes several times
/// fewer page faults and less wall time, for a somewhat higher peak (figures in BENCHMARKS.md).
/// A single report ends before mimalloc's one-second delay, so it is unchanged.
///
/// Call it first thing in `main`, before any other thread starts: the option is a plain global
/// that allocating threads read.
pub fn keep_freed_memory() {
    // SAFETY: an unsynchronised write of one of the allocator's options, sound because no other
    // thread runs yet (see above); it changes no allocation and no pointer.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purge_delay() -> std::ffi::c_long {
        // SAFETY: reads one of the allocator's options.
        unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }
    }

    /// The option set is the purge delay: its default, one second in mimalloc 3, is no other
    /// option's. A mimalloc that renumbered its options, or went back to version 2 (10 ms),
    /// fails here rather than having something else set.
    #[test]
    fn the_option_keep_freed_memory_sets_is_the_purge_delay() {
        // Unless the environment sets it (under its name or its former one).
        if ["MIMALLOC_PURGE_DELAY", "MIMALLOC_RESET_DELAY"]
            .iter()
            .all(|v| std::env::var_os(v).is_none())
        {
            assert_eq!(purge_delay(), 1000);
        }
        keep_freed_memory();
        assert_eq!(purge_delay(), -1);
    }
}
