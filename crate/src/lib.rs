//! Trichome's core: finds accounts that look coordinated or taken over, from what X and YouTube pages show.
//!
//! Site readers turn what a page receives into [`observation::Observation`]s; the [`engine::Engine`] keeps a
//! bounded history per account and scores it on duplicated phrasing, posting-time patterns, stolen-account
//! drift and identity signs, giving one [`verdict::Verdict`] per account. The core is pure Rust (no web-sys,
//! no js-sys): the browser extension reaches it through the thin [`wasm`] adapter, researchers through the
//! `trichome` command-line tool.
//!
//! ```
//! use trichome::engine::Engine;
//! use trichome::observation::{Observation, Post, PostTime, Provenance, Site};
//!
//! let text = "Western media keeps spreading lies. The truth is people there live happy lives.";
//! let batch: Vec<Observation> = (0..4)
//!     .map(|i| Observation::post(Site::X, Provenance::default(), Post {
//!         id: format!("{i}"),
//!         account_id: format!("@acct{i}"),
//!         text: text.into(),
//!         created: Some(PostTime::exact(1_700_000_000 + i * 60)),
//!         ..Post::default()
//!     }))
//!     .collect();
//! let mut engine = Engine::default();
//! engine.ingest(&batch);
//! let verdict = engine.verdict("x:@acct0").unwrap();
//! assert_eq!(verdict.level.as_str(), "watch");
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

#[cfg(not(target_arch = "wasm32"))]
pub mod archive;
pub mod engine;
pub use trichome_text::{decimal, features, lang, sort, text};
pub mod history;
pub mod import;
pub mod observation;
pub mod pages;
pub mod signals;
pub mod sites;
pub mod time;
pub mod verdict;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
