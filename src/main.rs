// Builds allocate and free millions of small strings and vectors, from several threads;
// mimalloc does that markedly faster than the system allocator. Its default purge delay is
// kept: giving freed memory back at once costs a quarter of the time spent making page
// contexts and applying templates at 10,000 plans, for about 60 MB less peak memory.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    without_huge_pages();
    std::process::exit(kehoach::cli::main());
}

/// mimalloc asks Linux for transparent huge pages, which the kernel fills 2 MB at a time,
/// zeroing each whole, again after every purge: at 1,000 plans that nearly doubled a build's
/// peak memory (147 MB against 80) and its system time, for no gain in speed.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; it reads no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
