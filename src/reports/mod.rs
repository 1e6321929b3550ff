//! Reports people read, each built in Rust as a [`Document`](crate::document::Document) from the
//! domains' figures: the tracking report of a scenario ([`tracking`]), the weekly disbursement
//! briefing and the monthly monitoring digest (feature `store`).

pub mod tracking;

#[cfg(feature = "store")]
#[cfg_attr(docsrs, doc(cfg(feature = "store")))]
pub mod briefing;
#[cfg(feature = "store")]
#[cfg_attr(docsrs, doc(cfg(feature = "store")))]
pub mod digest;
