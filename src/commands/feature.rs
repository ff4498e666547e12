//! `feature [NAME] [--payload P | --request FILE] [--description T]`: add a feature.

use std::io::Write;
use std::path::Path;

use super::write::finish;
use crate::exit::ExitStatus;
use crate::ops::feature::{FeatureInput, plan};
use crate::ops::write::WriteOptions;

pub fn run(
    root: Option<&Path>,
    input: &FeatureInput,
    opts: WriteOptions,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let planned = plan(root, input, opts, &mut super::printed(opts.quiet))?;
    finish(&planned.plan, opts, out)
}
