//! The plan of `update`: each recorded feature generated again, with today's templates
//! and its request (or a new one), through the step `feature` takes too
//! (`feature_into`), every generated file 3-way merged (`generation::Merger`).

use std::path::Path;

use super::Plan;
use super::feature::feature_into;
use super::generation::{Conflict, Generation, Merger};
use super::records::RecordIndex;
use crate::layout::Layout;
use crate::record::Record;
use crate::render::Renderer;
use crate::request::Request;

/// One feature to update: its record and the request to generate it from.
pub struct Target<'r> {
    pub record: Record,
    pub request: Request,
    /// The templates it is generated with: the record's own, unless the user chose others.
    pub renderer: &'r Renderer,
}

/// What `update` would do: the plan, and the files it cannot merge (with markers, those
/// are in the plan, written with conflict markers).
pub struct Update {
    pub plan: Plan,
    pub conflicts: Vec<Conflict>,
}

/// The plan that brings every feature of `targets` to a generation by its renderer;
/// `every`: the targets are every record of the project (none is read again).
pub fn update(
    root: &Path,
    layout: &Layout,
    targets: &[Target],
    (markers, every): (bool, bool),
) -> anyhow::Result<Update> {
    let mut plan = Plan::new(root)?;
    let mut conflicts = Vec::new();
    // Read once for every target: each plan asks about all the other features.
    let mut records = if every {
        RecordIndex::of(targets.iter().map(|t| &t.record))
    } else {
        RecordIndex::default()
    };
    for target in targets {
        let mut merger = Merger::new(target.record.clone(), markers);
        feature_into(
            &mut plan,
            &mut records,
            layout,
            target.renderer,
            &target.request,
            &mut Generation::Update(&mut merger),
        )?;
        // A file the old generation had and the new one does not (a request change that
        // drops a file): left in place, for the user to delete.
        let rel = crate::record::Record::path_of(&target.record.feature);
        let listed = match plan.read(&rel)? {
            Some(bytes) => {
                crate::record::Record::parse_head(&String::from_utf8_lossy(&bytes), &rel)?.files
            }
            None => std::collections::BTreeMap::new(),
        };
        for path in target.record.files.keys() {
            let generated = listed.contains_key(path);
            let shared = path.ends_with("__init__.py")
                || *path == layout.db
                || *path == layout.errors_module();
            if !generated && !shared && plan.read(path)?.is_some() {
                plan.note(format!(
                    "{path} is no longer generated for '{}'; it was left in place",
                    target.record.feature
                ));
            }
        }
        conflicts.extend(merger.conflicts);
    }
    Ok(Update { plan, conflicts })
}
