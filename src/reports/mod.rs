//! Reports for people, built in Rust as [`Document`](crate::document::Document)s: the tracking
//! report of a scenario ([`tracking`]).

pub mod tracking;
