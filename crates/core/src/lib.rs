//! Rapport's domain core: the records partners keep, the rules that govern them, and who may
//! do what. Nothing here performs I/O; storage and HTTP build on these types.

#![forbid(unsafe_code)]

pub mod access;
pub mod agreement;
pub mod calendar;
pub mod commitment;
pub mod concern;
pub mod contribution;
pub mod import;
pub mod kinds;
pub mod kudos;
pub mod lang;
pub mod links;
pub mod network;
pub mod records;
pub mod reminder;
pub mod report;
pub mod retrospective;
pub mod search;
pub mod survey;
pub mod timeline;
pub mod trust;
pub mod validate;
pub mod webhook;
pub mod zone;

pub use access::{Action, Role};
pub use validate::{FieldError, ValidationErrors};
