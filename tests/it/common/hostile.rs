//! Hostile free text in every slot of the request formats of SPEC §12, shared by
//! `tests/e2e.rs` (generated into one project that must pass `scripts/pycheck`, with
//! nothing executed) and `tests/golden.rs` (snapshots, for review).
//!
//! Each string holds docstring ends (`"""`, `'''`), quotes, backslashes, newlines where
//! the slot allows them, Tera syntax (`{{ }}`, `{% %}`, `{# #}`, `raw`) and Python that
//! would run if it escaped its literal (`os.system('touch pwned')`: the e2e test checks
//! that no `pwned` file appears).
#![allow(dead_code)]

/// An endpoint with every input: a path and a query parameter (descriptions, the query
/// parameter's string default and example), two errors, a body (string default and
/// example, a list of strings) and a response, plus the summary and tags.
pub const HOSTILE_INPUTS: &str = r##"
feature: hostile_inputs
description: "Inputs \"\"\" ''' {{ 7*7 }} {% raw %} \\ end\nsecond line \"); import os; os.system(\"touch pwned\") #"
endpoint:
  method: POST
  path: /hostile/{slug}
  summary: "{{ summary }} \"\"\" \\"
  tags: ["{% endraw %}", "tag ''' \\"]
  params:
    - name: slug
      in: path
      type: str
      example: "a-b.c~d_e"
      description: "path \"\"\" ''' {{ x }} {% if %} \\"
    - name: q
      in: query
      type: str
      default: "\"\"\"; import os; os.system('touch pwned'); \"\"\"\n{{ q }}\\"
      example: "'''{% for x in y %}\\n\n\""
      description: "query {# comment #} \\ '''"
  errors:
    - {status: 404, description: "nf \"\"\" ''' {{ e }} {% e %} \\"}
    - {status: 409, description: "\\\"); raise SystemExit(1); (\""}
request:
  fields:
    - name: note
      type: str
      default: "{{ default }}\n\"\"\"\\"
      example: "}}{{ '''\"\"\" \\x00 \\N{BULLET}"
      description: "body \"\"\" ''' {% raw %}{{ y }}{% endraw %} \\"
    - name: tags
      type: "list[str]"
      example: ["\"\"\"", "{{ z }}", "\\", "a\nb"]
      description: "{{"
response:
  fields:
    - name: echo
      type: str
      example: "\"\"\"{{ r }}\\\n'''"
      description: "}} %} #}"
"##;

/// A resource: hostile field descriptions, string examples and a default, tags.
pub const HOSTILE_RESOURCE: &str = r##"
feature: hostile_things
description: "Things \"\"\" ''' {{ 7*7 }} {% raw %} \\ end\nline two"
kind: resource
resource:
  tags: ["{{ t }} \"\"\""]
model:
  fields:
    - name: label
      type: str
      example: "\"\"\"; import os; os.system('touch pwned'); \"\"\"\n{{ l }}\\"
      description: "label \"\"\" ''' {{ d }} {% if x %} \\"
    - name: note
      type: "str | None"
      default: "{% raw %}\"\"\"\\"
      example: "'''\\n{# c #}"
      description: "{{ note }}\\"
    - name: words
      type: "list[str]"
      example: ["'''", "{%", "\\\\"]
      description: "\"\"\" words"
"##;
