//! What `check` finds, printing nothing (the MCP server's `check` too).

use std::path::Path;

use crate::survey;
use crate::{journal, lock};

/// An interrupted run, as an error finding. `check` only reads: it does not roll back,
/// and takes the project lock shared, only when a journal is there, so that the journal
/// of a run still going (which holds the lock exclusively) is not taken for an
/// interrupted one.
fn interrupted(root: &Path) -> anyhow::Result<Option<survey::Finding>> {
    if !journal::exists_not_linked(root)? {
        return Ok(None);
    }
    let _shared = lock::acquire_shared(root, lock::WAIT)?;
    Ok(journal::exists(root).then(|| survey::Finding {
        code: survey::Code::Interrupted,
        path: journal::PATH.to_string(),
        line: None,
        column: None,
        message: "a petsage-build run was interrupted part-way and the tree is \
                  half-written; run `petsage-build list` (or any feature, remove or init) \
                  to roll it back"
            .to_string(),
    }))
}

/// What `check` finds in the project, printing nothing (the MCP server's `check` too).
pub fn findings(root: Option<&Path>) -> anyhow::Result<survey::Survey> {
    let (project, _) = super::open_project(root)?;
    let identities = project.templates_identities();
    Ok(match interrupted(&project.root)? {
        // The tree is half-written: any other finding would describe that state.
        Some(finding) => survey::Survey {
            features: Vec::new(),
            findings: vec![finding],
        },
        None => survey::survey(&project.root, project.layout(), &|recorded| {
            identities.of(recorded)
        })?,
    })
}
