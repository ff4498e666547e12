//! `detect` on the shapes real FastAPI projects have (SPEC §11b, issue 23), one small
//! project per case: its Python sources in the test, and the keys `detect` must print
//! for it (`None`: left out). Each shape was met in a public project; the four real
//! fixtures it was found in are checked for the values their layout really has, too.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

/// An empty `__init__.py`, for brevity in the cases.
const INIT: &str = "";
const ROUTER: &str = "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get(\"/\")\ndef read() -> None:\n    pass\n";
const PYPROJECT: &str =
    "[project]\nname = \"x\"\nversion = \"0\"\ndependencies = [\"fastapi\", \"pydantic>=2\"]\n";

/// The keys detect must print: `None` is left out.
type Want = &'static [(&'static str, Option<&'static str>)];

struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    want: Want,
}

/// Runs `detect` at `root`; its exit code and the keys of the section it printed.
fn detect(root: &Path) -> (i32, BTreeMap<String, String>, String) {
    let r = common::run_in(root, &["detect"], b"");
    let keys = r
        .stdout
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("tool")?.get("petsage-build")?.as_table().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())))
        .collect();
    (r.code, keys, format!("{}{}", r.stdout, r.stderr))
}

fn check(cases: &[Case]) {
    let mut errors = Vec::new();
    for case in cases {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("pyproject.toml"), PYPROJECT).unwrap();
        for (rel, text) in case.files {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let (code, keys, out) = detect(root);
        if code != 0 {
            errors.push(format!("{}: exit {code}:\n{out}", case.name));
            continue;
        }
        for (key, want) in case.want {
            let got = keys.get(*key).map(String::as_str);
            if got != *want {
                errors.push(format!(
                    "{}: {key}: want {want:?}, got {got:?}:\n{out}",
                    case.name
                ));
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n\n"));
}

/// Issue 23's four shapes: a FastAPI subclass's instance, annotated assignments (also of
/// a factory's result), the router imported inside the app factory, singular directory
/// names.
#[test]
fn the_four_shapes_of_issue_23() {
    check(&[
        Case {
            name: "subclass instance",
            files: &[
                ("app/__init__.py", INIT),
                (
                    "app/main.py",
                    "from fastapi import FastAPI\n\nfrom app.api import api_router\n\n\n\
                     class MyApp(FastAPI):\n    pass\n\n\napp = MyApp(title=\"x\")\n\
                     app.include_router(api_router, prefix=\"/api/v1\")\n",
                ),
                (
                    "app/api.py",
                    "from fastapi import APIRouter\n\nfrom app.endpoints import a, b\n\n\
                     api_router = APIRouter()\napi_router.include_router(a.router)\n\
                     api_router.include_router(b.router)\n",
                ),
                ("app/endpoints/__init__.py", INIT),
                ("app/endpoints/a.py", ROUTER),
                ("app/endpoints/b.py", ROUTER),
            ],
            want: &[
                ("main", Some("app/main.py")),
                ("app_var", Some("app")),
                ("aggregator", Some("app/api.py")),
                ("router_var", Some("api_router")),
                ("endpoints_dir", Some("app/endpoints")),
                ("api_version", Some("v1")),
            ],
        },
        Case {
            name: "annotated assignment of FastAPI(...)",
            files: &[
                ("app/__init__.py", INIT),
                (
                    "app/main.py",
                    "from fastapi import FastAPI\n\nfrom app.routes import a, b\n\n\
                     application: FastAPI = FastAPI()\n\
                     application.include_router(a.router)\n\
                     application.include_router(b.router)\n",
                ),
                ("app/routes/__init__.py", INIT),
                ("app/routes/a.py", ROUTER),
                ("app/routes/b.py", ROUTER),
            ],
            want: &[
                ("main", Some("app/main.py")),
                ("app_var", Some("application")),
                ("aggregator", Some("app/main.py")),
                ("router_var", Some("application")),
                ("endpoints_dir", Some("app/routes")),
            ],
        },
        Case {
            name: "annotated factory result, router imported inside the factory",
            files: &[
                ("app/__init__.py", INIT),
                (
                    "app/main.py",
                    "from fastapi import FastAPI\n\n\ndef create_app() -> FastAPI:\n    \
                     application = FastAPI()\n    from .api import router\n\n    \
                     application.include_router(router)\n    return application\n\n\n\
                     app: FastAPI = create_app()\n",
                ),
                (
                    "app/api.py",
                    "from fastapi import APIRouter\n\nfrom .route import a, b\n\n\
                     router = APIRouter()\nrouter.include_router(a.router)\n\
                     router.include_router(b.router)\n",
                ),
                ("app/route/__init__.py", INIT),
                ("app/route/a.py", ROUTER),
                ("app/route/b.py", ROUTER),
            ],
            want: &[
                ("main", Some("app/main.py")),
                ("app_var", Some("app")),
                ("aggregator", Some("app/api.py")),
                ("router_var", Some("router")),
                ("endpoints_dir", Some("app/route")),
            ],
        },
        Case {
            name: "singular directory names",
            files: &[
                ("app/__init__.py", INIT),
                (
                    "app/main.py",
                    "from fastapi import FastAPI\n\nfrom app.router import api\n\n\
                     app = FastAPI()\napp.include_router(api.api_router)\n",
                ),
                ("app/router/__init__.py", INIT),
                (
                    "app/router/api.py",
                    "from fastapi import APIRouter\n\nfrom app.endpoint import a, b\n\n\
                     api_router = APIRouter()\napi_router.include_router(a.router)\n\
                     api_router.include_router(b.router)\n",
                ),
                ("app/endpoint/__init__.py", INIT),
                ("app/endpoint/a.py", ROUTER),
                ("app/endpoint/b.py", ROUTER),
                ("app/model/__init__.py", INIT),
                ("app/model/a.py", "X = 1\n"),
                ("app/service/__init__.py", INIT),
                ("app/service/a.py", "X = 1\n"),
                ("test/__init__.py", INIT),
                ("test/test_a.py", "def test_a() -> None:\n    pass\n"),
            ],
            want: &[
                ("aggregator", Some("app/router/api.py")),
                ("endpoints_dir", Some("app/endpoint")),
                ("schemas_dir", Some("app/model")),
                ("services_dir", Some("app/service")),
                ("tests_dir", Some("test")),
            ],
        },
    ]);
}

/// The shapes the four real fixtures failed on (SPEC §11b): what main mounts is found
/// through a loop over a router list, a helper given the app (in main's module or
/// another), an aggregator of sub-aggregators, `src/` as a package, one package per
/// feature.
#[test]
fn the_mounts_real_projects_use() {
    check(&[
        Case {
            name: "factory includes each router of a tuple in a loop (example_tasks)",
            files: &[
                ("app/__init__.py", INIT),
                (
                    "app/main.py",
                    "from fastapi import FastAPI\n\nfrom app.api import routers\n\n\n\
                     def create_app() -> FastAPI:\n    app = FastAPI()\n    \
                     for router in routers:\n        app.include_router(router)\n    \
                     return app\n\n\napp = create_app()\n",
                ),
                (
                    "app/api/__init__.py",
                    "from . import a, b\n\nrouters = (a.router, b.router)\n",
                ),
                ("app/api/a.py", ROUTER),
                ("app/api/b.py", ROUTER),
            ],
            want: &[
                ("main", Some("app/main.py")),
                ("aggregator", Some("app/api/__init__.py")),
                ("router_var", Some("routers")),
                ("endpoints_dir", Some("app/api")),
            ],
        },
        Case {
            name: "app handed to a helper of another module (llm_chatbots)",
            files: &[
                ("app/__init__.py", INIT),
                (
                    "app/main.py",
                    "from fastapi import FastAPI\n\nfrom app.routers import include_routers\n\
                     from app.setup import setup_middlewares\n\n\
                     app = FastAPI()\nsetup_middlewares(app)\ninclude_routers(app)\n",
                ),
                (
                    "app/setup.py",
                    "def setup_middlewares(app) -> None:\n    app.add_middleware(object)\n",
                ),
                (
                    "app/routers/__init__.py",
                    "import fastapi\n\nfrom app.routers.a.endpoints import router as a_router\n\
                     from app.routers.b.endpoints import router as b_router\n\n\n\
                     def include_routers(app: fastapi.FastAPI) -> None:\n    \
                     app.include_router(a_router)\n    app.include_router(b_router)\n",
                ),
                ("app/routers/a/__init__.py", INIT),
                ("app/routers/a/endpoints.py", ROUTER),
                ("app/routers/a/schemas.py", "X = 1\n"),
                ("app/routers/b/__init__.py", INIT),
                ("app/routers/b/endpoints.py", ROUTER),
                ("app/routers/b/schemas.py", "X = 1\n"),
            ],
            want: &[
                ("aggregator", Some("app/routers/__init__.py")),
                ("router_var", Some("app")),
                ("endpoints_dir", None),
                ("endpoint", Some("app/routers/{name}/endpoints.py")),
                ("schema", Some("app/routers/{name}/schemas.py")),
                ("schemas_dir", None),
                ("service", None),
            ],
        },
        Case {
            name: "helper in main's module, app given by keyword",
            files: &[
                ("app/__init__.py", INIT),
                (
                    "app/main.py",
                    "from fastapi import FastAPI\n\nfrom app.endpoints import a, b\n\n\n\
                     def mount(prefix: str, target: FastAPI) -> None:\n    \
                     target.include_router(a.router, prefix=prefix)\n    \
                     target.include_router(b.router, prefix=prefix)\n\n\n\
                     app = FastAPI()\nmount(\"/api\", target=app)\n",
                ),
                ("app/endpoints/__init__.py", INIT),
                ("app/endpoints/a.py", ROUTER),
                ("app/endpoints/b.py", ROUTER),
            ],
            want: &[
                ("aggregator", Some("app/main.py")),
                ("router_var", Some("target")),
                ("endpoints_dir", Some("app/endpoints")),
            ],
        },
        Case {
            name: "helper's API router of sub-aggregators (fast_soy_admin)",
            files: &[
                ("app/__init__.py", INIT),
                (
                    "app/main.py",
                    "from fastapi import FastAPI\n\nfrom app.init_app import register_routers\n\n\n\
                     def create_app() -> FastAPI:\n    _app = FastAPI()\n    \
                     register_routers(_app, prefix=\"/api\")\n    return _app\n\n\n\
                     app = create_app()\n",
                ),
                (
                    "app/init_app.py",
                    "from fastapi import FastAPI\n\nfrom app.api import api_router\n\n\n\
                     def register_routers(app: FastAPI, prefix: str = \"/api\") -> None:\n    \
                     app.include_router(api_router, prefix=prefix)\n",
                ),
                (
                    "app/api/__init__.py",
                    "from fastapi import APIRouter\n\nfrom .v1 import v1_router\n\n\
                     api_router = APIRouter()\napi_router.include_router(v1_router, prefix=\"/v1\")\n",
                ),
                (
                    "app/api/v1/__init__.py",
                    "from fastapi import APIRouter\n\nfrom .auth import router_auth\n\
                     from .manage import router_manage\n\nv1_router = APIRouter()\n\
                     v1_router.include_router(router_auth, prefix=\"/auth\")\n\
                     v1_router.include_router(router_manage, prefix=\"/manage\")\n",
                ),
                (
                    "app/api/v1/auth/__init__.py",
                    "from fastapi import APIRouter\n\nfrom .auth import router\n\n\
                     router_auth = APIRouter()\nrouter_auth.include_router(router)\n",
                ),
                ("app/api/v1/auth/auth.py", ROUTER),
                (
                    "app/api/v1/manage/__init__.py",
                    "from fastapi import APIRouter\n\nfrom .logs import router as log_router\n\
                     from .users import router as user_router\n\nrouter_manage = APIRouter()\n\
                     router_manage.include_router(log_router)\n\
                     router_manage.include_router(user_router)\n",
                ),
                ("app/api/v1/manage/logs.py", ROUTER),
                ("app/api/v1/manage/users.py", ROUTER),
                ("app/controllers/__init__.py", INIT),
            ],
            want: &[
                ("main", Some("app/main.py")),
                ("aggregator", Some("app/api/v1/manage/__init__.py")),
                ("router_var", Some("router_manage")),
                ("endpoints_dir", Some("app/api/v1/manage")),
                ("services_dir", Some("app/controllers")),
                ("api_version", Some("v1")),
            ],
        },
        Case {
            name: "sub-aggregators of equal size: the one above stays the aggregator",
            files: &[
                ("app/__init__.py", INIT),
                (
                    "app/main.py",
                    "from fastapi import FastAPI\n\nfrom app.api import api_router\n\n\
                     app = FastAPI()\napp.include_router(api_router)\n",
                ),
                (
                    "app/api/__init__.py",
                    "from fastapi import APIRouter\n\nfrom .x import router_x\n\
                     from .y import router_y\n\napi_router = APIRouter()\n\
                     api_router.include_router(router_x)\napi_router.include_router(router_y)\n",
                ),
                (
                    "app/api/x/__init__.py",
                    "from fastapi import APIRouter\n\nfrom .a import router\n\n\
                     router_x = APIRouter()\nrouter_x.include_router(router)\n",
                ),
                ("app/api/x/a.py", ROUTER),
                (
                    "app/api/y/__init__.py",
                    "from fastapi import APIRouter\n\nfrom .b import router\n\n\
                     router_y = APIRouter()\nrouter_y.include_router(router)\n",
                ),
                ("app/api/y/b.py", ROUTER),
            ],
            want: &[
                ("aggregator", Some("app/api/__init__.py")),
                ("router_var", Some("api_router")),
                ("endpoints_dir", Some("app/api")),
            ],
        },
        Case {
            name: "src as a package the project imports itself from (bookly)",
            files: &[
                (
                    "src/__init__.py",
                    "from fastapi import FastAPI\n\nfrom src.books.routes import book_router\n\
                     from src.tags.routes import tags_router\n\napp = FastAPI()\n\
                     app.include_router(book_router, prefix=\"/books\")\n\
                     app.include_router(tags_router, prefix=\"/tags\")\n",
                ),
                ("src/books/__init__.py", INIT),
                (
                    "src/books/routes.py",
                    "from fastapi import APIRouter\n\nfrom src.books.service import S\n\
                     from .schemas import Book\n\nbook_router = APIRouter()\n",
                ),
                ("src/tags/__init__.py", INIT),
                (
                    "src/tags/routes.py",
                    "from fastapi import APIRouter\n\nfrom .schemas import Tag\n\
                     from .service import S\n\ntags_router = APIRouter()\n",
                ),
                ("src/tests/__init__.py", INIT),
            ],
            want: &[
                ("package", Some("src")),
                ("main", Some("src/__init__.py")),
                ("aggregator", Some("src/__init__.py")),
                ("router_var", Some("app")),
                ("endpoint", Some("src/{name}/routes.py")),
                ("schema", Some("src/{name}/schemas.py")),
                ("service", Some("src/{name}/service.py")),
                ("tests_dir", Some("src/tests")),
            ],
        },
        Case {
            name: "src layout whose src/__init__.py the project never imports from",
            files: &[
                ("src/__init__.py", INIT),
                ("src/app/__init__.py", INIT),
                (
                    "src/app/main.py",
                    "from fastapi import FastAPI\n\nfrom app.endpoints import a, b\n\n\
                     app = FastAPI()\napp.include_router(a.router)\napp.include_router(b.router)\n",
                ),
                ("src/app/endpoints/__init__.py", INIT),
                ("src/app/endpoints/a.py", ROUTER),
                ("src/app/endpoints/b.py", ROUTER),
            ],
            want: &[
                ("package", Some("app")),
                ("main", Some("src/app/main.py")),
                ("endpoints_dir", Some("src/app/endpoints")),
            ],
        },
    ]);
}

/// The four real projects issue 23 found detect failing on: what each really uses, read
/// by hand from its files (SOURCE.md names repository and commit).
#[test]
fn the_four_real_projects_detect_what_they_use() {
    let cases: &[(&str, Want)] = &[
        (
            "bookly",
            &[
                ("package", Some("src")),
                ("main", Some("src/__init__.py")),
                ("aggregator", Some("src/__init__.py")),
                ("router_var", Some("app")),
                ("endpoint", Some("src/{name}/routes.py")),
                ("schema", Some("src/{name}/schemas.py")),
                ("service", Some("src/{name}/service.py")),
                ("tests_dir", Some("src/tests")),
            ],
        ),
        (
            "example_tasks",
            &[
                ("package", Some("app")),
                ("main", Some("src/app/main.py")),
                ("aggregator", Some("src/app/api/__init__.py")),
                ("router_var", Some("routers")),
                ("endpoints_dir", Some("src/app/api")),
                ("schemas_dir", Some("src/app/domain/schemas")),
                ("services_dir", Some("src/app/application/services")),
                ("tests_dir", Some("tests")),
            ],
        ),
        (
            "fast_soy_admin",
            &[
                ("package", Some("app")),
                ("main", Some("app/__init__.py")),
                ("aggregator", Some("app/api/v1/system_manage/__init__.py")),
                ("router_var", Some("router_system_manage")),
                ("endpoints_dir", Some("app/api/v1/system_manage")),
                ("schemas_dir", Some("app/schemas")),
                ("services_dir", Some("app/controllers")),
                ("api_version", Some("v1")),
            ],
        ),
        (
            "llm_chatbots",
            &[
                ("package", Some("app")),
                ("main", Some("app/main.py")),
                ("aggregator", Some("app/routers/__init__.py")),
                ("router_var", Some("app")),
                ("endpoint", Some("app/routers/{name}/endpoints.py")),
                ("schema", Some("app/routers/{name}/schemas.py")),
                ("tests_dir", Some("tests")),
            ],
        ),
    ];
    let mut errors = Vec::new();
    for (project, want) in cases {
        let copy = common::fixture(&format!("real/{project}"));
        let root = copy.path();
        // The human's section would be read back, not detected: keep only what the
        // project itself has.
        let text = std::fs::read_to_string(root.join("pyproject.toml")).unwrap();
        let cut = text.find("[tool.petsage-build]").unwrap();
        std::fs::write(root.join("pyproject.toml"), &text[..cut]).unwrap();
        let (code, keys, out) = detect(root);
        if code != 0 {
            errors.push(format!("{project}: exit {code}:\n{out}"));
            continue;
        }
        for (key, want) in *want {
            let got = keys.get(*key).map(String::as_str);
            if got != *want {
                errors.push(format!("{project}: {key}: want {want:?}, got {got:?}"));
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn an_import_root_other_than_src_is_written_as_the_key() {
    let app = "from fastapi import FastAPI\n\nfrom app.api import api_router\n\n\
               app = FastAPI()\napp.include_router(api_router, prefix=\"/api/v1\")\n";
    let api = "from fastapi import APIRouter\n\nfrom app.endpoints import a\n\n\
               api_router = APIRouter()\napi_router.include_router(a.router)\n";
    let files = |pyproject: &'static str| -> Vec<(&'static str, &'static str)> {
        vec![
            ("pyproject.toml", pyproject),
            ("lib/app/__init__.py", INIT),
            ("lib/app/main.py", app),
            ("lib/app/api.py", api),
            ("lib/app/endpoints/__init__.py", INIT),
            ("lib/app/endpoints/a.py", ROUTER),
        ]
    };
    let setuptools = "[project]\nname = \"x\"\nversion = \"0\"\n\n\
                      [tool.setuptools.packages.find]\nwhere = [\"lib\"]\n";
    let hatch = "[project]\nname = \"x\"\nversion = \"0\"\n\n\
                 [tool.hatch.build.targets.wheel]\npackages = [\"lib/app\"]\n";
    let want: Want = &[
        ("import_root", Some("lib")),
        ("main", Some("lib/app/main.py")),
        ("aggregator", Some("lib/app/api.py")),
    ];
    let setuptools_files = files(setuptools);
    let hatch_files = files(hatch);
    check(&[
        Case {
            name: "setuptools where",
            files: Box::leak(setuptools_files.into_boxed_slice()),
            want,
        },
        Case {
            name: "hatch packages",
            files: Box::leak(hatch_files.into_boxed_slice()),
            want,
        },
    ]);
}
