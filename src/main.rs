// Builds allocate and free millions of small strings and vectors, from several threads;
// mimalloc does that markedly faster than the system allocator (see README, "where the time
// goes").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(kehoach::cli::main());
}
