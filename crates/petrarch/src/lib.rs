//! PETRARCH/TABARI dictionaries in dyad.
//!
//! - [`dict`]: readers for actor, agent, discard and verb files (PETRARCH-2 and TABARI pattern
//!   syntax), reporting malformed lines with file and line and loading the rest.
//! - [`coder`]: a PETRARCH-mode coder that codes a [`dyad_model::Document`] (after
//!   [`dyad_text::process`]) with those dictionaries, without a parser.
//! - [`dyadfmt`]: PETRARCH-assembly lexicons in dyad's own file format (tab-separated files and a
//!   `lexicon.toml` manifest): a writer and a reader that round-trip [`Dicts`] exactly.
//! - [`import`]: `dyad lexicon import`: the lossless conversion ([`dyadfmt`]), and the lossy one into
//!   dyad's native lexicon format where the semantics map.
//! - [`validate`]: runs PETRARCH validation files (`PETR.UnitTest.records.xml`) as a conformance suite.
//!
//! Invariant: nothing here reads the `<Parse>` trees of a validation file; coding goes through
//! dyad's own text stage.

pub mod coder;
pub mod dict;
pub mod dyadfmt;
pub mod import;
pub mod validate;

pub use coder::{Coded, Options, PEvent, PetrarchCoder};
pub use dict::{Dicts, Issue, Kind};
