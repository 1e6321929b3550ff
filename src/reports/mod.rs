//! Reports people read, each built as a [`crate::document::Document`] from the domains' figures:
//! the weekly disbursement briefing and the monthly monitoring digest (feature `store`).

#[cfg(feature = "store")]
#[cfg_attr(docsrs, doc(cfg(feature = "store")))]
pub mod briefing;
#[cfg(feature = "store")]
#[cfg_attr(docsrs, doc(cfg(feature = "store")))]
pub mod digest;
