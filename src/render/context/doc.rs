//! What the feature doc shows beyond the request's own text: example request and
//! response bodies as JSON, in the request's field order, and `curl` lines.

use serde_json::Value as Json;

use super::text;
use crate::layout::Layout;
use crate::request::{Feature, Field, Operation, ParamIn};

/// The doc's examples: the request body and the response as JSON, and a `curl` line per
/// route, all request text (marked for the engine).
pub(crate) struct Doc {
    pub request: Option<String>,
    pub response: Option<String>,
    pub curl: String,
}

impl Doc {
    pub(crate) fn of(feature: &Feature, layout: &Layout) -> Doc {
        let object = |fields: &[Field]| {
            Ordered(
                fields
                    .iter()
                    .map(|f| (f.name.clone(), f.example.to_json()))
                    .collect(),
            )
        };
        let (doc_request, doc_response) = match &feature.resource {
            Some(r) => {
                let mut public = object(&r.fields);
                public
                    .0
                    .push(("id".into(), feature.params[0].example.to_json()));
                if let Some(p) = r.parent_field() {
                    public.0.push((p.name.clone(), p.example.to_json()));
                }
                if r.timestamps {
                    for name in crate::request::TIMESTAMPS {
                        public
                            .0
                            .push((name.into(), Json::from("2026-01-02T03:04:05.678901Z")));
                    }
                }
                (Some(object(&r.fields)), Some(Many::One(public)))
            }
            None => (
                feature.body.as_ref().map(|b| object(&b.fields)),
                (!feature.model.is_empty()).then(|| {
                    let one = object(&feature.fields);
                    if feature.many {
                        Many::List(one)
                    } else {
                        Many::One(one)
                    }
                }),
            ),
        };
        let base = format!(
            "http://localhost:8000{}{}",
            super::served_prefix(feature, layout),
            feature.mount
        );
        let doc_curl: Vec<String> = match &feature.resource {
            Some(r) => {
                let item = object(&r.fields);
                // Under a parent, the URL names the parent row the examples refer to.
                let path = match r.parent_field() {
                    Some(p) => feature.path.replace(
                        &format!("{{{}}}", p.name),
                        &super::plain_text(p.example.to_json()),
                    ),
                    None => feature.path.clone(),
                };
                let coll = format!("{base}{path}");
                let id = super::plain_text(feature.params[0].example.to_json());
                let one = format!("{coll}/{id}");
                let mut lines = Vec::new();
                if r.has(Operation::Create) {
                    lines.push(curl("POST", &coll, Some(&item.compact())));
                }
                if r.has(Operation::List) {
                    lines.push(curl("GET", &format!("{coll}?skip=0&limit=10"), None));
                }
                if r.has(Operation::Read) {
                    lines.push(curl("GET", &one, None));
                }
                if r.has(Operation::Update) {
                    let changed = super::resource::updated_field(r);
                    let patch = Ordered(
                        changed
                            .map(|f| (f.name.clone(), f.example.to_json()))
                            .into_iter()
                            .collect(),
                    );
                    lines.push(curl("PATCH", &one, Some(&patch.compact())));
                }
                if r.has(Operation::Replace) {
                    lines.push(curl("PUT", &one, Some(&item.compact())));
                }
                if r.has(Operation::Delete) {
                    lines.push(curl("DELETE", &one, None));
                }
                lines
            }
            None => {
                let mut path = feature.path.clone();
                let mut query = Vec::new();
                let mut headers = Vec::new();
                let text = super::plain_text;
                for p in &feature.params {
                    match (p.location, p.example.to_json()) {
                        // FastAPI reads a list from the parameter given once per item.
                        (ParamIn::Query, Json::Array(items)) => {
                            for item in items {
                                query.push(format!("{}={}", p.name, query_value(&text(item))));
                            }
                        }
                        (ParamIn::Query, value) => {
                            query.push(format!("{}={}", p.name, query_value(&text(value))));
                        }
                        (ParamIn::Path, value) => {
                            path = path.replace(&format!("{{{}}}", p.name), &text(value));
                        }
                        (ParamIn::Header, value) => {
                            let name = p.header().unwrap_or_default();
                            headers.push(format!("{name}: {}", text(value)));
                        }
                    }
                }
                let q = if query.is_empty() {
                    String::new()
                } else {
                    format!("?{}", query.join("&"))
                };
                let body = doc_request.as_ref().map(Ordered::compact);
                let mut line = curl(
                    feature.method.as_str(),
                    &format!("{base}{path}{q}"),
                    body.as_ref(),
                );
                for h in headers {
                    line.push_str(&format!(" -H '{h}'"));
                }
                vec![line]
            }
        };
        // A protected route is tried with a token (`TOKEN`, from the project's login).
        let doc_curl: Vec<String> = if feature.auth.is_some() {
            doc_curl
                .iter()
                .map(|l| l.replacen("curl ", "curl -H \"Authorization: Bearer $TOKEN\" ", 1))
                .collect()
        } else {
            doc_curl
        };
        Doc {
            request: doc_request.as_ref().map(|j| text(&j.pretty(""))),
            response: doc_response.map(|j| text(&j.pretty())),
            curl: text(&doc_curl.join("\n")),
        }
    }
}

/// A JSON object with its keys in the order of the request's fields (a `serde_json` map
/// would sort them), for the doc.
pub(super) struct Ordered(Vec<(String, Json)>);

/// A response example: one object, or a list of one.
pub(super) enum Many {
    One(Ordered),
    List(Ordered),
}

impl Many {
    fn pretty(&self) -> String {
        match self {
            Many::One(o) => o.pretty(""),
            Many::List(o) => format!("[\n  {}\n]", o.pretty("  ")),
        }
    }
}

impl Ordered {
    /// Laid out as `serde_json::to_string_pretty` would, at `indent`.
    fn pretty(&self, indent: &str) -> String {
        if self.0.is_empty() {
            return "{}".into();
        }
        let inner = format!("{indent}  ");
        let items: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| {
                let value = serde_json::to_string_pretty(v)
                    .unwrap_or_default()
                    .replace('\n', &format!("\n{inner}"));
                format!("{inner}{}: {value}", Json::from(k.as_str()))
            })
            .collect();
        format!("{{\n{}\n{indent}}}", items.join(",\n"))
    }

    fn compact(&self) -> String {
        let items: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| format!("{}: {v}", Json::from(k.as_str())))
            .collect();
        format!("{{{}}}", items.join(", "))
    }
}

/// A query value as a URL carries it: every byte percent-encoded but the unreserved
/// characters and `: / @`, which a query may hold as they are (a space, `&` or `#` would
/// end or split the value, a `+` would read as a space).
fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b':' | b'/' | b'@')
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A shell line that makes the request: the URL and body single-quoted for the shell.
fn curl(method: &str, url: &str, body: Option<&String>) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let mut line = format!("curl -X {method} {}", quote(url));
    if let Some(b) = body {
        line += &format!(" -H 'Content-Type: application/json' -d {}", quote(b));
    }
    line
}
