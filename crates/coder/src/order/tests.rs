//! Tests of the word-order passes.
