//! # bakedsearch-core
//!
//! The search engine behind bakedsearch, in plain Rust with no wasm dependencies. Each module
//! owns one stage of the data flow:
//!
//! ```text
//! analysis → build (feature "builder") → format → read → query → score → snippet
//!                                                        ↘ search (orchestrates) ↗
//! ```
//!
//! Every cap on the work one query may cause is a named constant in [`limits`].
//!
//! ```
//! # #[cfg(feature = "builder")] {
//! use bakedsearch_core::indexer::{build_image, Document};
//! use bakedsearch_core::{Index, SearchOptions, Searcher};
//!
//! let docs = vec![Document {
//!     id: "camp-david".into(),
//!     title: "Camp David summit".into(),
//!     text: "Leaders met at Camp David to discuss extended deterrence.".into(),
//!     ..Document::default()
//! }];
//! let image = build_image(&docs, "example").unwrap();
//! let searcher = Searcher::new(Index::open(&image).unwrap());
//! let response = searcher.search("deterence camp", &SearchOptions::default());
//! assert_eq!(response.hits[0].doc.id, "camp-david");
//! assert_eq!(response.did_you_mean.as_deref(), Some("deterrence camp"));
//! # }
//! ```

pub mod analysis;
pub mod format;
#[cfg(feature = "builder")]
pub mod indexer;
pub mod levenshtein;
pub mod limits;
pub mod locate;
pub mod query;
pub mod read;
pub mod score;
pub mod search;
pub mod snippet;
pub mod sort;
#[cfg(feature = "builder")]
pub mod split;

pub use analysis::{Analyzer, Language};
pub use read::{DocHead, FormatError, Index, StoredDoc};
pub use search::{SearchHit, SearchOptions, SearchResponse, Searcher};
pub use snippet::Snippet;
