//! Python source handling: parsing with tree-sitter and the wiring edits.
