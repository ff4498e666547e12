//! A `Wiring` checked and read once: the module path resolved, the names checked to be
//! Python identifiers, and the include's arguments split as the parser reads them. Both
//! `wire` and `unwire` work from this plan; it also says what counts as "this" import
//! and "this" include in any spelling.

use anyhow::Result;

use super::Wiring;
use super::bindings_and_includes;
use super::model::{self, Module};
use super::syntax::{Target, parse_checked};
use crate::error::invalid;
use crate::pyrules::{is_dotted, is_identifier};

/// A validated `Wiring`, with the parts of `include_args` the edits need.
pub(crate) struct WiringPlan<'a> {
    pub wiring: &'a Wiring<'a>,
    /// The first argument without whitespace: what makes an include "the same".
    pub first_arg: String,
    /// The arguments as written, for wrapping a call that is too long.
    pub args: Vec<String>,
    /// What the first argument refers to once `name` is imported from `module`
    /// (`petsage.api.v1.endpoints.smoke_test.router`): an include of it in any spelling
    /// is this include.
    pub target: String,
    /// The module, absolute (a relative one resolved from `within`).
    pub module: String,
}

impl<'a> WiringPlan<'a> {
    pub(crate) fn new(w: &'a Wiring<'a>) -> Result<Self> {
        let (level, dotted) = w.relative_parts();
        if !(is_dotted(dotted) || level > 0 && dotted.is_empty()) {
            return Err(invalid(format!(
                "`{}` is not a Python module path",
                w.module
            )));
        }
        let module = super::refs::resolve_path(level, dotted, w.within).ok_or_else(|| {
            invalid(format!(
                "`{}` climbs above the package `{}`",
                w.module, w.within
            ))
        })?;
        if let Some(alias) = w.alias
            && !is_identifier(alias)
        {
            return Err(invalid(format!("`{alias}` is not a valid Python alias")));
        }
        for (what, value) in [("name", w.name), ("router variable", w.router)] {
            if !is_identifier(value) {
                return Err(invalid(format!("`{value}` is not a valid Python {what}")));
            }
        }
        let bad_args = || {
            invalid(format!(
                "`{}` is not a valid argument list for include_router",
                w.include_args
            ))
        };
        if w.include_args.contains(['\n', '\r', '#']) {
            return Err(bad_args());
        }
        let (first_arg, args) = match simple_args(w.include_args) {
            Some(found) => found,
            None => parsed_args(w.include_args).ok_or_else(bad_args)?,
        };
        let bound = w.bound();
        let target = match first_arg.split_once('.') {
            Some((head, rest)) if head == bound => format!("{module}.{}.{rest}", w.name),
            None if first_arg == bound => format!("{module}.{}", w.name),
            _ => first_arg.clone(),
        };
        Ok(WiringPlan {
            wiring: w,
            first_arg,
            args,
            target,
            module,
        })
    }

    /// The imported path (`module.name`, absolute).
    pub(crate) fn path(&self) -> String {
        format!("{}.{}", self.module, self.wiring.name)
    }

    /// How the file spells the include's first argument through the imports it has
    /// (`st.router`, `smoke_test_router`), if any import reaches it.
    pub(crate) fn spelling(&self, m: &Module) -> Option<String> {
        m.spelling_of(&self.target, self.wiring.within)
    }

    pub(crate) fn imported(&self, m: &Module) -> bool {
        self.spelling(m).is_some()
    }

    pub(crate) fn is_this_include(&self, m: &Module, include: &model::Include) -> bool {
        include.router == self.wiring.router
            && include.first_arg.as_deref().is_some_and(|arg| {
                arg == self.first_arg || m.canonical(arg, self.wiring.within) == self.target
            })
    }

    pub(crate) fn included(&self, m: &Module) -> bool {
        m.includes.iter().any(|i| self.is_this_include(m, i)) || self.listed(m).is_some()
    }

    /// Where the router variable is a list of routers (SPEC §11b): the list, and the
    /// index of this feature's router in it, if it is there.
    pub(crate) fn listed<'m>(
        &self,
        m: &'m Module,
    ) -> Option<(&'m super::router_list::RouterList, usize)> {
        let list = self.router_list(m)?;
        let index = list.elements.iter().position(|(_, _, e)| {
            *e == self.first_arg || m.canonical(e, self.wiring.within) == self.target
        })?;
        Some((list, index))
    }

    /// The last top-level list or tuple assigned to the router variable, if that is
    /// what it is.
    pub(crate) fn router_list<'m>(
        &self,
        m: &'m Module,
    ) -> Option<&'m super::router_list::RouterList> {
        m.router_lists
            .iter()
            .rev()
            .map(|(l, _)| l)
            .find(|l| l.name == self.wiring.router)
    }
}

/// The arguments of the usual include calls, read without the parser: `a.b` or `name`,
/// then any number of `, key="text"` (ASCII, no keyword, no quote or backslash in the
/// text). For such a list the parser would give exactly these: the first argument
/// (already without whitespace) and each argument as written. Anything else: `None`.
fn simple_args(include_args: &str) -> Option<(String, Vec<String>)> {
    fn name(s: &str) -> bool {
        s.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic())
            && s.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
            && !crate::naming::is_python_keyword(s)
            && !matches!(s, "_" | "print" | "exec")
    }
    let mut args = Vec::new();
    for (i, arg) in include_args.split(", ").enumerate() {
        let ok = if i == 0 {
            arg.split('.').all(name)
        } else {
            arg.split_once('=').is_some_and(|(key, value)| {
                name(key)
                    && value.len() >= 2
                    && value.starts_with('"')
                    && value.ends_with('"')
                    && value[1..value.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ')
            })
        };
        if !ok {
            return None;
        }
        args.push(arg.to_string());
    }
    Some((args.first()?.clone(), args))
}

/// The first argument (without whitespace) and the arguments as written, from parsing
/// `_f({include_args})`; `None` if that is not exactly one call with those arguments.
fn parsed_args(include_args: &str) -> Option<(String, Vec<String>)> {
    let probe = format!("_f({include_args})\n");
    let source = parse_checked(&probe, Target::LATEST).ok()?;
    bindings_and_includes::probe_arguments(&probe, source.module())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::sample_wiring as wiring;

    #[test]
    fn first_argument_is_the_identity_of_an_include() {
        let w = wiring("smoke_test . router ,  prefix = \"/x\"");
        let plan = WiringPlan::new(&w).ok();
        assert_eq!(
            plan.as_ref().map(|s| s.first_arg.as_str()),
            Some("smoke_test.router")
        );
        assert_eq!(plan.map(|s| s.args.len()), Some(2));
        assert!(WiringPlan::new(&wiring("a) + (b")).is_err());
        assert!(WiringPlan::new(&wiring("a\nb")).is_err());
    }

    #[test]
    fn names_are_python_identifiers() {
        for name in ["class", "a½", "None"] {
            let w = Wiring {
                name,
                ..wiring("smoke_test.router")
            };
            let err = WiringPlan::new(&w).err().map(|e| e.to_string());
            assert_eq!(
                err.as_deref(),
                Some(format!("`{name}` is not a valid Python name").as_str())
            );
        }
        let w = Wiring {
            module: "app.class",
            ..wiring("smoke_test.router")
        };
        assert!(WiringPlan::new(&w).is_err());
        let w = Wiring {
            name: "café",
            ..wiring("café.router")
        };
        assert!(WiringPlan::new(&w).is_ok());
    }

    #[test]
    fn simple_arguments_read_as_the_parser_reads_them() {
        for args in [
            "smoke_test.router",
            "api_v1_router, prefix=\"/api/v1\"",
            "api_router, prefix=\"/api/v2 beta\"",
            "a.b.c, x=\"\", y=\"z\"",
            "r",
        ] {
            assert_eq!(simple_args(args), parsed_args(args), "{args}");
            assert!(simple_args(args).is_some(), "{args}");
        }
        for args in [
            "import.router",
            "a.router,",
            "a.router , x=\"1\"",
            "a.router, x = \"1\"",
            "a.router, x='1'",
            "a.router, x=\"\\\"\"",
            "a.router, x=\"é\"",
            "match.router",
            "_.router",
            "a..b",
            "",
            "1a.router",
            "a.router, prefix=\"/x\", None=\"y\"",
        ] {
            assert_eq!(simple_args(args), None, "{args}");
        }
    }
}
