//! Terminal colour: decided once per run (`--color`, NO_COLOR, whether stdout is a
//! terminal) and applied only by the code that prints.

use std::io::IsTerminal;

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour standard output. `auto` honours NO_COLOR (any non-empty value)
    /// and colours only a terminal.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// ANSI colours used in summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Green,
    Cyan,
    Yellow,
    Red,
    Dim,
}

/// `text` in `paint` when `on`, else as is.
pub fn paint(text: &str, paint: Paint, on: bool) -> String {
    if !on {
        return text.to_string();
    }
    let code = match paint {
        Paint::Green => "1;32",
        Paint::Cyan => "1;36",
        Paint::Yellow => "1;33",
        Paint::Red => "1;31",
        Paint::Dim => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}
