#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kehoach::fuzzing::docx(data);
});
