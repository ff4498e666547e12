//! What the wiring needs to know about a module, read off the tree-sitter tree into
//! plain byte ranges so that the editing code never juggles tree lifetimes.

use tree_sitter::{Node, Tree};

/// One imported member: `name` or `name as alias`.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub name: String,
    pub alias: Option<String>,
    pub start: usize,
    pub end: usize,
    pub line: usize,
}

impl Member {
    /// Whether this member binds `name` under its own name.
    pub(crate) fn binds_itself(&self, name: &str) -> bool {
        self.name == name && self.alias.as_deref().is_none_or(|a| a == name)
    }
}

/// A `from module import ...` statement.
#[derive(Debug, Clone)]
pub(crate) struct FromImport {
    pub start: usize,
    pub end: usize,
    /// Absolute module path without whitespace; `None` for relative imports.
    pub module: Option<String>,
    pub module_text: String,
    pub members: Vec<Member>,
    pub wildcard: bool,
    /// Byte offsets of `(` and `)` when the names are parenthesised.
    pub parens: Option<(usize, usize)>,
    /// A direct child of the module, as opposed to one inside a top-level `try`/`if`.
    pub direct: bool,
}

/// A call `{object}.include_router({first_arg}, ...)` anywhere in the file.
#[derive(Debug, Clone)]
pub(crate) struct Include {
    pub router: String,
    pub first_arg: Option<String>,
    /// The statement range when the call is a whole top-level statement.
    pub statement: Option<(usize, usize)>,
    /// The 1-based line of the call.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Comment,
    Docstring,
    Future,
    /// `import x`, with the first module's top-level package.
    Import(String),
    /// `from x import ...`, index into `Module::from_imports`.
    From(usize),
    /// A `try`/`if` whose body imports something: part of the import block.
    ImportGuard,
    /// An assignment binding these names.
    Assign(Vec<String>),
    /// `def`, `class` or a decorated one.
    Definition,
    Other,
}

/// One top-level statement or comment.
#[derive(Debug, Clone)]
pub(crate) struct Top {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Module {
    pub tops: Vec<Top>,
    pub from_imports: Vec<FromImport>,
    pub includes: Vec<Include>,
}

fn text<'s>(node: Node, code: &'s str) -> &'s str {
    code.get(node.start_byte()..node.end_byte()).unwrap_or("")
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Reads the module summary from a parsed, error-free tree of `code`.
pub(crate) fn read(code: &str, tree: &Tree) -> Module {
    let root = tree.root_node();
    let mut module = Module::default();
    let mut cursor = root.walk();
    let mut seen_statement = false;
    for node in root.named_children(&mut cursor) {
        let kind = match node.kind() {
            "comment" => Kind::Comment,
            "future_import_statement" => Kind::Future,
            "import_statement" => {
                let first = node
                    .child_by_field_name("name")
                    .map(|n| match n.child_by_field_name("name") {
                        Some(inner) => text(inner, code),
                        None => text(n, code),
                    })
                    .unwrap_or("");
                Kind::Import(squash(first).split('.').next().unwrap_or("").to_string())
            }
            "import_from_statement" => {
                module.from_imports.push(from_import(code, node, true));
                Kind::From(module.from_imports.len() - 1)
            }
            "try_statement" | "if_statement" => {
                if guarded_imports(code, node, &mut module.from_imports) {
                    Kind::ImportGuard
                } else {
                    Kind::Other
                }
            }
            "expression_statement" => statement_kind(code, node, seen_statement),
            "function_definition" | "class_definition" | "decorated_definition" => Kind::Definition,
            _ => Kind::Other,
        };
        if kind != Kind::Comment {
            seen_statement = true;
        }
        module.tops.push(Top {
            kind,
            start: node.start_byte(),
            end: node.end_byte(),
        });
    }
    collect_includes(code, root, &mut module.includes);
    module
}

fn statement_kind(code: &str, node: Node, seen_statement: bool) -> Kind {
    let mut cursor = node.walk();
    let children: Vec<Node> = node.named_children(&mut cursor).collect();
    match children.as_slice() {
        [only] if !seen_statement && matches!(only.kind(), "string" | "concatenated_string") => {
            Kind::Docstring
        }
        [only] if only.kind() == "assignment" => {
            let mut names = Vec::new();
            let mut current = Some(*only);
            while let Some(a) = current.filter(|a| a.kind() == "assignment") {
                if let Some(left) = a.child_by_field_name("left")
                    && left.kind() == "identifier"
                {
                    names.push(text(left, code).to_string());
                }
                current = a.child_by_field_name("right");
            }
            Kind::Assign(names)
        }
        _ => Kind::Other,
    }
}

/// Collects from-imports inside a top-level `try`/`if` (any branch, but not inside
/// functions or classes); returns whether the statement imports anything at all.
fn guarded_imports(code: &str, node: Node, out: &mut Vec<FromImport>) -> bool {
    let mut any = false;
    let mut found = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let mut cursor = n.walk();
        for child in n.named_children(&mut cursor) {
            match child.kind() {
                "import_from_statement" => {
                    any = true;
                    found.push(from_import(code, child, false));
                }
                "import_statement" | "future_import_statement" => any = true,
                "block" | "except_clause" | "else_clause" | "elif_clause" | "finally_clause"
                | "try_statement" | "if_statement" => stack.push(child),
                _ => {}
            }
        }
    }
    // The stack visits branches back to front; keep document order.
    found.sort_by_key(|f| f.start);
    out.extend(found);
    any
}

fn from_import(code: &str, node: Node, direct: bool) -> FromImport {
    let module_node = node.child_by_field_name("module_name");
    let module_text = module_node.map(|m| text(m, code)).unwrap_or("").to_string();
    let module = module_node
        .filter(|m| m.kind() == "dotted_name")
        .map(|m| squash(text(m, code)));
    let mut members = Vec::new();
    let mut cursor = node.walk();
    for n in node.children_by_field_name("name", &mut cursor) {
        let (name, alias) = if n.kind() == "aliased_import" {
            (
                n.child_by_field_name("name")
                    .map(|x| squash(text(x, code)))
                    .unwrap_or_default(),
                n.child_by_field_name("alias")
                    .map(|x| text(x, code).to_string()),
            )
        } else {
            (squash(text(n, code)), None)
        };
        members.push(Member {
            name,
            alias,
            start: n.start_byte(),
            end: n.end_byte(),
            line: n.start_position().row + 1,
        });
    }
    let mut open = None;
    let mut close = None;
    let mut wildcard = false;
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "(" => open = Some(child.start_byte()),
            ")" => close = Some(child.start_byte()),
            "wildcard_import" => wildcard = true,
            _ => {}
        }
    }
    FromImport {
        start: node.start_byte(),
        end: node.end_byte(),
        module,
        module_text,
        members,
        wildcard,
        parens: open.zip(close),
        direct,
    }
}

/// Every `x.include_router(...)` call, at any depth, walked without recursion. The walk
/// keeps the ancestors of the current node: `Node::parent` searches down from the root,
/// which over a module of a thousand includes would make this walk quadratic.
fn collect_includes(code: &str, root: Node, out: &mut Vec<Include>) {
    let mut cursor = root.walk();
    let mut ancestors: Vec<Node> = Vec::new();
    loop {
        let node = cursor.node();
        if node.kind() == "call"
            && let Some(include) = include_call(code, node, &ancestors)
        {
            out.push(include);
        }
        // An import statement holds names only, never a call.
        let imports = matches!(
            node.kind(),
            "import_statement" | "import_from_statement" | "future_import_statement"
        );
        if !imports && cursor.goto_first_child() {
            ancestors.push(node);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
            ancestors.pop();
        }
    }
}

/// `ancestors` are those of `call`, the root first.
fn include_call(code: &str, call: Node, ancestors: &[Node]) -> Option<Include> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "attribute" {
        return None;
    }
    let object = function.child_by_field_name("object")?;
    let attribute = function.child_by_field_name("attribute")?;
    if object.kind() != "identifier" || text(attribute, code) != "include_router" {
        return None;
    }
    let first_arg = call
        .child_by_field_name("arguments")
        .and_then(|args| first_argument(code, args));
    let (parent, grandparent) = match ancestors {
        [.., g, p] => (Some(p), Some(g)),
        [p] => (Some(p), None),
        [] => (None, None),
    };
    let statement = parent
        .filter(|p| p.kind() == "expression_statement" && p.named_child_count() == 1)
        .filter(|_| grandparent.is_some_and(|m| m.kind() == "module"))
        .map(|p| (p.start_byte(), p.end_byte()));
    Some(Include {
        router: text(object, code).to_string(),
        first_arg,
        statement,
        line: call.start_position().row + 1,
    })
}

/// The first argument's text without whitespace, the identity of an include.
pub(crate) fn first_argument(code: &str, args: Node) -> Option<String> {
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .find(|n| n.kind() != "comment")
        .map(|n| squash(text(n, code)))
}

/// The top-level arguments of an argument list, as written, for re-wrapping.
pub(crate) fn arguments(code: &str, args: Node) -> Vec<String> {
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .map(|n| text(n, code).to_string())
        .collect()
}
