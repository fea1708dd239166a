//! cafe-lint: a linter and formatter for the JupyterHub Collaboration Cafe notes archives.
//!
//! The pipeline: [`Document::parse`] parses a file once (comrak AST, line index, notes outline),
//! every enabled rule in [`rules::REGISTRY`] checks it, [`linter::lint`] applies levels and inline
//! suppressions, and [`fixer::fix`] applies byte-range edits until the text settles.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fixer;
pub mod linter;
pub mod output;
pub mod rules;
pub mod suppression;
pub mod verify;
pub mod walk;
pub mod write;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use document::Document;
