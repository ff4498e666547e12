//! Reading a file's source into its summary (`Module`): the BOM split off, the coding
//! cookie checked, the code parsed with ruff's parser.

use anyhow::Result;

use super::model::{self, Module};
use super::syntax::{Target, parse_checked};
use super::syntax_error::{SyntaxError, check_cookie};
use super::text::split_bom;
use crate::error::invalid;

/// Parses the source (BOM split off) or says where it is not Python.
pub(super) fn load(source: &str, target: Target) -> Result<(&str, &str, Module)> {
    let (bom, code) = split_bom(source);
    let module = check_cookie(bom, code)
        .and_then(|()| read(code, target))
        .map_err(|e| invalid(format!("not valid Python ({e})")))?;
    Ok((bom, code, module))
}

/// Parses code without BOM and reads its summary.
pub(super) fn read(code: &str, target: Target) -> Result<Module, SyntaxError> {
    let source = parse_checked(code, target)?;
    Ok(model::read(code, source.module(), source.tokens()))
}

/// Re-reads an intermediate result; it was produced by us, so a failure is ours.
pub(super) fn reload(code: &str, what: &str, target: Target) -> Result<Module> {
    read(code, target).map_err(|e| {
        invalid(format!(
            "{what} would leave invalid Python ({e}); nothing changed"
        ))
    })
}
