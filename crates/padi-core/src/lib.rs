//! The padi document model and the stage contract.
//!
//! Every crate in the workspace speaks in these types: a [`Document`] carries text and the
//! [`Source`] it came from; a [`Stage`] takes a [`Batch`] of documents and answers with a
//! [`StageOutput`] (documents kept, documents dropped with a [`DropReason`]).
//!
//! This crate is deliberately small and has no I/O: readers and writers live in `padi-io`, the
//! engine that drives stages lives in `padi-pipeline`, and the stages live in their own crates.

mod document;
mod provenance;
pub mod shared_data;
mod stage;
pub mod time;

pub use document::{document_id, document_schema, Document, Source};
pub use provenance::{Collection, Consent, Contributor, PersonalData, Provenance};
pub use stage::{
    Batch, DocumentFilter, DropReason, Dropped, FilterStage, Stage, StageError, StageOutput,
    Verdict,
};
