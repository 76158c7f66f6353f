//! Fuzzes the lexer and the parser (with the nesting check): any text must give a tree or
//! a `SyntaxError`, never a panic or a stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The raw token stream, then the whole parse.
    for token in aio::lexer::Lexer::new(text, aio::lexer::Tok::StartFile) {
        if token.is_err() {
            break;
        }
    }
    let _ = aio::parser::parse_module(text);
});
