// Builds allocate and free millions of small strings and vectors, from several threads;
// mimalloc does that markedly faster than the system allocator (README, "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 2 and 3 (its `mi_option_e`; the Rust binding names no
/// constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Give freed memory back to the system at once rather than after a delay: a 10,000-plan
    // build then peaks about 100 MB lower, for no measurable time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    std::process::exit(kehoach::cli::main());
}
