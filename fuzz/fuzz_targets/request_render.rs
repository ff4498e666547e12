//! A request, from arbitrary YAML/JSON text, through resolve and render with the
//! built-in templates and the default layout: never a panic; a valid request either
//! renders or is refused as invalid input (never an internal error); every rendered
//! `.py` file parses.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use petsage_build::error::Error;
use petsage_build::layout::Layout;
use petsage_build::python;
use petsage_build::render::Renderer;
use petsage_build::request;

fn renderer() -> &'static Renderer {
    static R: OnceLock<Renderer> = OnceLock::new();
    R.get_or_init(|| Renderer::new().expect("built-in templates"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(req) = request::parse_yaml(text) else {
        return;
    };
    // A request read from text resolves (`from_yaml` resolved it once already).
    let feature = req
        .resolve()
        .unwrap_or_else(|e| panic!("a request read from text does not resolve: {e}\n{text}"));
    let layout = Layout::default();
    match renderer().feature(&feature, &layout) {
        Ok(files) => {
            assert_eq!(files.len(), 5);
            for f in &files {
                if f.path.ends_with(".py") {
                    if let Err(e) = python::check_syntax(&f.contents) {
                        panic!("{} does not parse ({e:?}):\n{}", f.path, f.contents);
                    }
                }
            }
        }
        Err(e) => assert!(
            e.chain().any(|c| matches!(c.downcast_ref::<Error>(), Some(Error::Invalid(_)))),
            "a valid request failed to render with an internal error: {e:#}\n{text}"
        ),
    }
});
