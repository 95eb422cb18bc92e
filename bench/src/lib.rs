//! `trichome-bench`'s library: the labelled sets and the dataset readers that the evaluation report
//! (`src/main.rs`) and the evaluation and cost programs (`examples/`) share, so each is written once.
//!
//! Everything here reads files, so it is native only: built for wasm32, the package is the `dup_wasm`
//! example alone (`examples/dup_wasm.rs`, for `dup_wasm.mjs`).

#![deny(missing_docs)]

#[cfg(not(target_arch = "wasm32"))]
pub mod datasets;
#[cfg(not(target_arch = "wasm32"))]
pub mod observations_file;
#[cfg(not(target_arch = "wasm32"))]
pub mod sets;
