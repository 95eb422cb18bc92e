//! The duplicate index alone in wasm, for `bench/dup_wasm.mjs`: the same insertion loop as `dup_bench`'s
//! "insert into the index" stage, behind a C-style interface that Node and a Chromium page instantiate
//! without wasm-bindgen. Built with
//! `cargo build --release --target wasm32-unknown-unknown -p trichome-bench --example dup_wasm` (the extension's profile).
//!
//! The corpus is one buffer of records `account \t post id \t unix-seconds-or-empty \t text`, each ended by a NUL
//! byte, as `dup_bench --write-corpus` writes it.

use trichome::signals::duplicate::DuplicateIndex;

/// A buffer of `len` bytes in the module's memory for the caller to fill; it is never freed (one per run).
#[no_mangle]
pub extern "C" fn corpus_buffer(len: usize) -> *mut u8 {
    Box::leak(vec![0u8; len].into_boxed_slice()).as_mut_ptr()
}

/// Inserts every record of the corpus into a fresh, unbounded index and returns how many posts it holds
/// (0 when the buffer is not UTF-8).
///
/// # Safety
/// `ptr` and `len` must be a buffer from [`corpus_buffer`].
#[no_mangle]
pub unsafe extern "C" fn insert_corpus(ptr: *const u8, len: usize) -> u32 {
    // SAFETY: the caller passes back a buffer this module handed out, of that length.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    let Ok(corpus) = std::str::from_utf8(bytes) else { return 0 };
    let mut index = DuplicateIndex::with_max_posts(usize::MAX / 4);
    for record in corpus.split('\0') {
        let mut fields = record.splitn(4, '\t');
        let (Some(account), Some(id), Some(at), Some(text)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        index.insert(account, id, text, at.parse().ok());
    }
    index.len() as u32
}
