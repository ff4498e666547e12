//! Who a route's caller is (SPEC §15): the configured user model and the named
//! dependencies routes may ask for.

/// A name in a module, `module:name` in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The dotted module path (`app.api.deps`).
    pub module: String,
    pub name: String,
}

/// The configuration of SPEC §15: the user model and the named dependencies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Auth {
    /// `user_model`: the table model owner-scoped rows refer to.
    pub user_model: Option<Attribute>,
    /// `dependencies`: each name a route may ask for, and what it is.
    pub dependencies: std::collections::BTreeMap<String, Attribute>,
}
