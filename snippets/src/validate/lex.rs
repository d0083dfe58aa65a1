//! A small POSIX-shell lexer shared by the shell, pcs and crmsh validators.
//!
//! It turns a command sequence into simple commands (words, redirections, here-documents) the
//! way a shell would split them, without expanding anything: a word keeps `$VAR` and `$(...)` as
//! written and is marked as expanding, so checkers know its value is only known at run time.
//! It understands what snippets of an HA guide use: `\`-continued lines, comments, quotes,
//! `;` `&&` `||` `|` `&`, redirections, `$(...)` and backticks (whose commands are lexed too),
//! and here-documents, whose bodies are kept as text rather than read as commands.

use crate::diag::Diagnostic;

/// One word of a command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Word {
    /// The word with quotes removed and escapes resolved; expansions kept as written.
    pub(crate) text: String,
    /// The word as written in the text.
    pub(crate) raw: String,
    /// 1-based physical line the word starts on.
    pub(crate) line: usize,
    /// Some part of it was quoted.
    pub(crate) quoted: bool,
    /// It contains `$...`, `$(...)` or backticks outside single quotes.
    pub(crate) expands: bool,
}

/// Operators that separate commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Semi,
    DoubleSemi,
    And,
    Or,
    Pipe,
    Amp,
    LParen,
    RParen,
    Newline,
}

impl Op {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Op::Semi => ";",
            Op::DoubleSemi => ";;",
            Op::And => "&&",
            Op::Or => "||",
            Op::Pipe => "|",
            Op::Amp => "&",
            Op::LParen => "(",
            Op::RParen => ")",
            Op::Newline => "newline",
        }
    }

    /// Operators that need a command on both sides.
    fn is_binary(self) -> bool {
        matches!(self, Op::And | Op::Or | Op::Pipe)
    }
}

/// A redirection such as `> file`, `2>&1` or `<<EOF`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect {
    pub(crate) op: String,
    pub(crate) target: Option<Word>,
    pub(crate) line: usize,
}

/// A here-document: its body lines, with their line numbers, are not read as commands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Heredoc {
    pub(crate) delimiter: String,
    /// `<<'EOF'`: the body is not expanded by the shell.
    pub(crate) quoted: bool,
    /// `<<-EOF`: leading tabs are stripped.
    pub(crate) strip_tabs: bool,
    pub(crate) line: usize,
    pub(crate) body: Vec<(usize, String)>,
}

/// One simple command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Command {
    pub(crate) words: Vec<Word>,
    pub(crate) redirects: Vec<Redirect>,
    pub(crate) heredocs: Vec<Heredoc>,
    /// Line of its first word (the first physical line of a continued command).
    pub(crate) line: usize,
    /// It runs inside `$(...)` or backticks of another command.
    pub(crate) nested: bool,
    /// The operator after it, if any.
    pub(crate) ended_by: Option<Op>,
    /// `name() ...`: the start of a function definition.
    pub(crate) function_def: bool,
}

impl Command {
    /// The words' texts.
    pub(crate) fn texts(&self) -> Vec<String> {
        self.words.iter().map(|w| w.text.clone()).collect()
    }
}

/// What the lexer found: the commands in order, and the syntax errors.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexed {
    pub(crate) commands: Vec<Command>,
    pub(crate) errors: Vec<Diagnostic>,
}

/// Whether shell operators are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A shell script.
    Shell,
    /// Shell-like words, one command per line (crmsh input): `;`, `|`, `(`, `$` and backticks are
    /// ordinary characters, so `colocation c inf: A ( B C )` and `$id=x` stay words.
    Lines,
}

/// Lexes a shell script.
pub(crate) fn lex(text: &str) -> Lexed {
    lex_mode(text, 1, Mode::Shell)
}

/// Lexes shell-like lines (the body of `crm configure <<EOF`), numbering from `first_line`.
pub(crate) fn lex_lines(text: &str, first_line: usize) -> Lexed {
    lex_mode(text, first_line, Mode::Lines)
}

fn lex_mode(text: &str, first_line: usize, mode: Mode) -> Lexed {
    let mut lexer = Lexer::new(text, first_line, mode);
    lexer.run();
    let mut errors = std::mem::take(&mut lexer.errors);
    let commands = parse(lexer.tokens, &lexer.heredocs, &mut errors);
    Lexed { commands, errors }
}

#[derive(Debug)]
enum Token {
    /// A word and the commands of its `$(...)`/backticks.
    Word(Word, Vec<Command>),
    Op(Op, usize),
    Redirect(String, usize),
    /// Index into the here-documents, and the line of `<<`.
    Heredoc(usize, usize),
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    mode: Mode,
    tokens: Vec<Token>,
    heredocs: Vec<Heredoc>,
    /// Here-documents whose bodies start after the next newline.
    pending: Vec<usize>,
    errors: Vec<Diagnostic>,
}

fn is_op_char(c: char) -> bool {
    matches!(c, ';' | '&' | '|' | '(' | ')' | '<' | '>')
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r')
}

impl Lexer {
    fn new(text: &str, first_line: usize, mode: Mode) -> Self {
        Lexer {
            chars: text.chars().collect(),
            pos: 0,
            line: first_line,
            mode,
            tokens: Vec::new(),
            heredocs: Vec::new(),
            pending: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn error(&mut self, line: usize, message: impl Into<String>) -> &mut Diagnostic {
        self.errors.push(Diagnostic::error(line, message));
        let last = self.errors.len() - 1;
        &mut self.errors[last]
    }

    fn run(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                _ if is_blank(c) => self.pos += 1,
                '\\' if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                '\\' if self.backslash_before_trailing_blanks() => {
                    self.trailing_blank_continuation()
                }
                '\n' => self.newline(),
                '#' => self.skip_comment(),
                _ if self.mode == Mode::Shell && is_op_char(c) => self.operator(),
                _ => self.word_token(),
            }
        }
        for idx in std::mem::take(&mut self.pending) {
            self.unterminated_heredoc(idx, None);
        }
    }

    fn newline(&mut self) {
        let line = self.line;
        self.bump();
        self.tokens.push(Token::Op(Op::Newline, line));
        self.heredoc_bodies();
    }

    fn skip_comment(&mut self) {
        while self.peek().is_some_and(|c| c != '\n') {
            self.pos += 1;
        }
    }

    /// `\` followed by spaces and the end of the line: meant as a continuation, but the shell
    /// reads an escaped space and ends the command at the newline.
    fn backslash_before_trailing_blanks(&self) -> bool {
        let rest = &self.chars[self.pos + 1..];
        let blanks = rest.iter().take_while(|c| is_blank(**c)).count();
        blanks > 0 && matches!(rest.get(blanks), Some('\n') | None)
    }

    fn trailing_blank_continuation(&mut self) {
        let line = self.line;
        self.error(
            line,
            "backslash followed by trailing whitespace: the line does not continue",
        )
        .help = Some("remove the spaces after `\\` so the next line continues this command".into());
        // Go on as if it continued, so the next line is not reported as a command of its own.
        self.bump();
        while self.peek().is_some_and(is_blank) {
            self.bump();
        }
        self.bump();
    }

    fn operator(&mut self) {
        let line = self.line;
        let (c, next) = (self.peek(), self.peek_at(1));
        let op = match (c, next) {
            (Some(';'), Some(';')) => Some((Op::DoubleSemi, 2)),
            (Some(';'), _) => Some((Op::Semi, 1)),
            (Some('&'), Some('&')) => Some((Op::And, 2)),
            (Some('&'), Some('>')) => None,
            (Some('&'), _) => Some((Op::Amp, 1)),
            (Some('|'), Some('|')) => Some((Op::Or, 2)),
            (Some('|'), Some('&')) => Some((Op::Pipe, 2)),
            (Some('|'), _) => Some((Op::Pipe, 1)),
            (Some('('), _) => Some((Op::LParen, 1)),
            (Some(')'), _) => Some((Op::RParen, 1)),
            _ => None,
        };
        match op {
            Some((op, len)) => {
                self.pos += len;
                self.tokens.push(Token::Op(op, line));
            }
            None => self.redirect(String::new()),
        }
    }

    /// A redirection operator, `prefix` being an IO number (`2>`) or nothing.
    fn redirect(&mut self, prefix: String) {
        let line = self.line;
        let mut op = prefix;
        if self.peek() == Some('&') {
            op.push('&');
            self.pos += 1;
        }
        let Some(first) = self.bump() else { return };
        op.push(first);
        let follow: &[char] = if first == '<' {
            &['<', '>', '&']
        } else {
            &['>', '|', '&']
        };
        if let Some(c) = self.peek().filter(|c| follow.contains(c)) {
            op.push(c);
            self.pos += 1;
            if op.ends_with("<<") && matches!(self.peek(), Some('<' | '-')) {
                op.push(self.peek().unwrap_or('<'));
                self.pos += 1;
            }
        }
        // `<<<` is a here-string: its word is the input, there is no body to read.
        let heredoc = op.ends_with("<<-") || (op.ends_with("<<") && !op.ends_with("<<<"));
        if heredoc {
            self.heredoc_start(op.ends_with('-'), line);
        } else {
            self.tokens.push(Token::Redirect(op, line));
        }
    }

    fn heredoc_start(&mut self, strip_tabs: bool, line: usize) {
        while self.peek().is_some_and(is_blank) {
            self.pos += 1;
        }
        let (word, _) = self.word();
        if word.raw.is_empty() {
            self.error(line, "here-document `<<` without a delimiter word");
            return;
        }
        self.heredocs.push(Heredoc {
            delimiter: word.text.clone(),
            quoted: word.quoted,
            strip_tabs,
            line,
            body: Vec::new(),
        });
        let idx = self.heredocs.len() - 1;
        self.pending.push(idx);
        self.tokens.push(Token::Heredoc(idx, line));
    }

    /// Reads the bodies of the here-documents started on the line just ended.
    fn heredoc_bodies(&mut self) {
        for idx in std::mem::take(&mut self.pending) {
            let (strip, delimiter) = (
                self.heredocs[idx].strip_tabs,
                self.heredocs[idx].delimiter.clone(),
            );
            let mut body = Vec::new();
            let mut terminated = false;
            while self.pos < self.chars.len() {
                let (line, text) = self.physical_line();
                let candidate = if strip {
                    text.trim_start_matches('\t')
                } else {
                    text.as_str()
                };
                if candidate.trim_end_matches('\r') == delimiter {
                    terminated = true;
                    break;
                }
                body.push((line, text));
            }
            if !terminated {
                self.unterminated_heredoc(idx, Some(&body));
            }
            self.heredocs[idx].body = body;
        }
    }

    fn physical_line(&mut self) -> (usize, String) {
        let line = self.line;
        let start = self.pos;
        while self.peek().is_some_and(|c| c != '\n') {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        self.bump();
        (line, text)
    }

    fn unterminated_heredoc(&mut self, idx: usize, body: Option<&[(usize, String)]>) {
        let (line, delimiter) = (
            self.heredocs[idx].line,
            self.heredocs[idx].delimiter.clone(),
        );
        let near = body.and_then(|b| b.iter().find(|(_, t)| t.trim() == delimiter));
        let help = match near {
            Some((n, _)) => format!(
                "line {n} has `{delimiter}` with spaces around it; the closing line must be exactly `{delimiter}`"
            ),
            None => format!("end the here-document with a line containing only `{delimiter}`"),
        };
        self.error(
            line,
            format!("here-document `<<{delimiter}` is not terminated"),
        )
        .help = Some(help);
    }

    fn word_token(&mut self) {
        let (word, nested) = self.word();
        let io_number =
            !word.quoted && !word.raw.is_empty() && word.raw.chars().all(|c| c.is_ascii_digit());
        if self.mode == Mode::Shell && io_number && matches!(self.peek(), Some('<' | '>')) {
            self.redirect(word.raw);
            return;
        }
        if !word.raw.is_empty() {
            self.tokens.push(Token::Word(word, nested));
        }
    }

    /// Reads one word up to an unquoted blank, newline or (in shell mode) operator.
    fn word(&mut self) -> (Word, Vec<Command>) {
        let mut w = Word {
            line: self.line,
            ..Word::default()
        };
        let mut nested = Vec::new();
        while let Some(c) = self.peek() {
            if is_blank(c) || c == '\n' || (self.mode == Mode::Shell && is_op_char(c)) {
                break;
            }
            match c {
                '\\' => self.escaped(&mut w),
                '\'' => self.single_quoted(&mut w),
                '"' => self.double_quoted(&mut w, &mut nested),
                '$' if self.mode == Mode::Shell => self.dollar(&mut w, &mut nested),
                '`' if self.mode == Mode::Shell => self.backtick(&mut w, &mut nested),
                _ => {
                    w.text.push(c);
                    w.raw.push(c);
                    self.pos += 1;
                }
            }
        }
        (w, nested)
    }

    fn escaped(&mut self, w: &mut Word) {
        self.pos += 1;
        match self.peek() {
            None => {
                w.text.push('\\');
                w.raw.push('\\');
            }
            Some('\n') => {
                self.bump();
            }
            Some(c) => {
                w.text.push(c);
                w.raw.push('\\');
                w.raw.push(c);
                self.pos += 1;
            }
        }
    }

    fn single_quoted(&mut self, w: &mut Word) {
        let line = self.line;
        w.quoted = true;
        w.raw.push('\'');
        self.bump();
        loop {
            match self.bump() {
                None => {
                    self.error(line, "unterminated single quote").help =
                        Some("close the `'` opened on this line".into());
                    return;
                }
                Some('\'') => break,
                Some(c) => {
                    w.text.push(c);
                    w.raw.push(c);
                }
            }
        }
        w.raw.push('\'');
    }

    fn double_quoted(&mut self, w: &mut Word, nested: &mut Vec<Command>) {
        let line = self.line;
        w.quoted = true;
        w.raw.push('"');
        self.bump();
        loop {
            match self.peek() {
                None => {
                    self.error(line, "unterminated double quote").help =
                        Some("close the `\"` opened on this line".into());
                    return;
                }
                Some('"') => break,
                Some('\\') => self.escaped_in_double_quotes(w),
                Some('$') if self.mode == Mode::Shell => self.dollar(w, nested),
                Some('`') if self.mode == Mode::Shell => self.backtick(w, nested),
                Some(c) => {
                    w.text.push(c);
                    w.raw.push(c);
                    self.bump();
                }
            }
        }
        self.bump();
        w.raw.push('"');
    }

    fn escaped_in_double_quotes(&mut self, w: &mut Word) {
        self.pos += 1;
        match self.peek() {
            Some('\n') => {
                self.bump();
            }
            Some(c @ ('$' | '`' | '"' | '\\')) => {
                w.text.push(c);
                w.raw.push('\\');
                w.raw.push(c);
                self.pos += 1;
            }
            _ => {
                w.text.push('\\');
                w.raw.push('\\');
            }
        }
    }

    fn push_both(w: &mut Word, s: &str) {
        w.text.push_str(s);
        w.raw.push_str(s);
    }

    /// `$NAME`, `${...}`, `$(...)`, `$((...))` and `$'...'`.
    fn dollar(&mut self, w: &mut Word, nested: &mut Vec<Command>) {
        let line = self.line;
        match (self.peek_at(1), self.peek_at(2)) {
            (Some('('), Some('(')) => self.enclosed(w, "$((", ('(', ')', 2), line),
            (Some('('), _) => self.command_substitution(w, nested, line),
            (Some('{'), _) => self.enclosed(w, "${", ('{', '}', 1), line),
            (Some('\''), _) => {
                self.pos += 1;
                self.single_quoted(w);
            }
            (Some(c), _) if c.is_ascii_alphanumeric() || c == '_' => self.variable(w),
            (Some(c @ ('@' | '*' | '#' | '?' | '$' | '!' | '-')), _) => {
                self.pos += 2;
                w.expands = true;
                Self::push_both(w, &format!("${c}"));
            }
            _ => {
                self.pos += 1;
                Self::push_both(w, "$");
            }
        }
    }

    /// `$((...))` and `${...}`: kept as written, only their end is needed.
    fn enclosed(
        &mut self,
        w: &mut Word,
        opener: &str,
        (open, close, depth): (char, char, usize),
        line: usize,
    ) {
        self.pos += opener.len();
        w.expands = true;
        match self.balanced(open, close, depth) {
            Some(inner) => Self::push_both(w, &format!("{opener}{inner}")),
            None => {
                let closer = close.to_string().repeat(depth);
                self.error(line, format!("unterminated `{opener}`")).help =
                    Some(format!("close it with `{closer}`"));
            }
        }
    }

    /// `$NAME`.
    fn variable(&mut self, w: &mut Word) {
        self.pos += 1;
        w.expands = true;
        let mut name = String::from("$");
        while let Some(c) = self
            .peek()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            name.push(c);
            self.pos += 1;
        }
        Self::push_both(w, &name);
    }

    fn command_substitution(&mut self, w: &mut Word, nested: &mut Vec<Command>, line: usize) {
        self.pos += 2;
        w.expands = true;
        let Some(inner) = self.balanced('(', ')', 1) else {
            self.error(line, "unterminated `$(`").help =
                Some("close the command substitution with `)`".into());
            return;
        };
        let body = inner.strip_suffix(')').unwrap_or(&inner);
        self.sub_lex(body, line, nested);
        Self::push_both(w, &format!("$({inner}"));
    }

    fn backtick(&mut self, w: &mut Word, nested: &mut Vec<Command>) {
        let line = self.line;
        self.bump();
        w.expands = true;
        let mut inner = String::new();
        loop {
            match self.bump() {
                None => {
                    self.error(line, "unterminated backtick").help = Some(
                        "close the command substitution with a backtick, or use `$(...)`".into(),
                    );
                    return;
                }
                Some('`') => break,
                Some('\\') => {
                    if let Some(c) = self.bump() {
                        if !matches!(c, '`' | '\\' | '$') {
                            inner.push('\\');
                        }
                        inner.push(c);
                    }
                }
                Some(c) => inner.push(c),
            }
        }
        self.sub_lex(&inner, line, nested);
        Self::push_both(w, &format!("`{inner}`"));
    }

    /// Lexes the commands of a command substitution.
    fn sub_lex(&mut self, body: &str, line: usize, nested: &mut Vec<Command>) {
        let sub = lex_mode(body, line, Mode::Shell);
        self.errors.extend(sub.errors);
        nested.extend(sub.commands.into_iter().map(|mut c| {
            c.nested = true;
            c
        }));
    }

    /// Reads up to the `close` that balances `depth` open ones, respecting quotes and escapes;
    /// returns the text read including the closing characters, or None at the end of the text.
    fn balanced(&mut self, open: char, close: char, mut depth: usize) -> Option<String> {
        let mut out = String::new();
        while depth > 0 {
            let c = self.bump()?;
            out.push(c);
            match c {
                '\\' => out.push(self.bump()?),
                '\'' | '"' => self.copy_quoted(c, &mut out)?,
                _ if c == open => depth += 1,
                _ if c == close => depth -= 1,
                _ => {}
            }
        }
        Some(out)
    }

    fn copy_quoted(&mut self, quote: char, out: &mut String) -> Option<()> {
        loop {
            let c = self.bump()?;
            out.push(c);
            if c == '\\' && quote == '"' {
                out.push(self.bump()?);
            } else if c == quote {
                return Some(());
            }
        }
    }
}

/// Splits the token stream into simple commands.
fn parse(tokens: Vec<Token>, heredocs: &[Heredoc], errors: &mut Vec<Diagnostic>) -> Vec<Command> {
    let mut p = Parser {
        commands: Vec::new(),
        cur: Command::default(),
        nested: Vec::new(),
        last_op: Some(Op::Newline),
    };
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            Token::Word(w, nested) => p.word(w, nested),
            Token::Redirect(op, line) => {
                let target = match tokens.next_if(|t| matches!(t, Token::Word(..))) {
                    Some(Token::Word(w, nested)) => {
                        p.nested.extend(nested);
                        Some(w)
                    }
                    _ => {
                        errors.push(Diagnostic::error(
                            line,
                            format!("redirection `{op}` has no target"),
                        ));
                        None
                    }
                };
                p.start(line);
                p.cur.redirects.push(Redirect { op, target, line });
            }
            Token::Heredoc(idx, line) => {
                p.start(line);
                p.cur.heredocs.extend(heredocs.get(idx).cloned());
            }
            // `name()`: a function definition, whose body follows as ordinary commands.
            Token::Op(Op::LParen, _)
                if p.is_function_name()
                    && matches!(tokens.peek(), Some(Token::Op(Op::RParen, _))) =>
            {
                tokens.next();
                p.cur.function_def = true;
                p.finish(Some(Op::LParen));
                p.last_op = Some(Op::RParen);
            }
            Token::Op(op, line) => p.op(op, line, errors),
        }
    }
    p.finish(None);
    if let Some(op) = p.last_op.filter(|op| op.is_binary()) {
        let line = p.commands.last().map_or(1, |c| c.line);
        errors.push(Diagnostic::error(
            line,
            format!(
                "the text ends after `{}`: the command is incomplete",
                op.as_str()
            ),
        ));
    }
    p.commands
}

struct Parser {
    commands: Vec<Command>,
    cur: Command,
    nested: Vec<Command>,
    /// The last operator seen, kept across newlines that follow `&&`, `||` or `|`.
    last_op: Option<Op>,
}

impl Parser {
    fn start(&mut self, line: usize) {
        if self.is_empty() {
            self.cur.line = line;
        }
        self.last_op = None;
    }

    fn is_empty(&self) -> bool {
        self.cur.words.is_empty() && self.cur.redirects.is_empty() && self.cur.heredocs.is_empty()
    }

    fn is_function_name(&self) -> bool {
        self.cur.words.len() == 1 && self.cur.redirects.is_empty() && !self.cur.words[0].quoted
    }

    fn word(&mut self, w: Word, nested: Vec<Command>) {
        self.start(w.line);
        self.cur.words.push(w);
        self.nested.extend(nested);
    }

    fn op(&mut self, op: Op, line: usize, errors: &mut Vec<Diagnostic>) {
        let after_separator = self.is_empty()
            && matches!(
                self.last_op,
                Some(
                    Op::Newline | Op::Semi | Op::Amp | Op::And | Op::Or | Op::Pipe | Op::DoubleSemi
                )
            );
        if op.is_binary() && after_separator {
            errors.push(Diagnostic::error(
                line,
                format!("syntax error: `{}` with no command before it", op.as_str()),
            ));
        }
        self.finish(Some(op));
        let continues = op == Op::Newline && self.last_op.is_some_and(Op::is_binary);
        if !continues {
            self.last_op = Some(op);
        }
    }

    /// Ends the current command; its substitutions' commands run before it.
    fn finish(&mut self, ended_by: Option<Op>) {
        if self.is_empty() {
            return;
        }
        self.commands.append(&mut self.nested);
        let mut cmd = std::mem::take(&mut self.cur);
        cmd.ended_by = ended_by;
        self.commands.push(cmd);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(c: &Command) -> Vec<&str> {
        c.words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn splits_commands_on_operators_and_lines() {
        let l = lex("a b; c && d || e | f &\ng");
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        let names: Vec<_> = l
            .commands
            .iter()
            .map(|c| c.words[0].text.as_str())
            .collect();
        assert_eq!(names, ["a", "c", "d", "e", "f", "g"]);
        assert_eq!(l.commands[5].line, 2);
        assert_eq!(l.commands[3].ended_by, Some(Op::Pipe));
    }

    #[test]
    fn continued_lines_keep_first_line_number() {
        let l = lex(
            "echo one\npcs resource create vip \\\n    ocf:heartbeat:IPaddr2 \\\n    ip=10.0.0.10\nnext\n",
        );
        assert_eq!(
            words(&l.commands[1]),
            [
                "pcs",
                "resource",
                "create",
                "vip",
                "ocf:heartbeat:IPaddr2",
                "ip=10.0.0.10"
            ]
        );
        assert_eq!(l.commands[1].line, 2);
        assert_eq!(l.commands[1].words[5].line, 4);
        assert_eq!(l.commands[2].line, 5);
    }

    #[test]
    fn comments_are_stripped_but_not_inside_words() {
        let l = lex("# a comment\necho a#b # trailing\n");
        assert_eq!(l.commands.len(), 1);
        assert_eq!(words(&l.commands[0]), ["echo", "a#b"]);
    }

    #[test]
    fn quotes_and_escapes() {
        let l = lex(r#"echo 'a b' "c \"d\" $HOME" e\ f"#);
        let c = &l.commands[0];
        assert_eq!(words(c), ["echo", "a b", "c \"d\" $HOME", "e f"]);
        assert!(c.words[2].expands && !c.words[1].expands);
        assert!(c.words[1].quoted);
    }

    #[test]
    fn command_substitutions_are_lexed() {
        let l = lex("echo \"$(hostnme -s)\" `systemclt status`\n");
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        let names: Vec<_> = l
            .commands
            .iter()
            .map(|c| (c.words[0].text.as_str(), c.nested))
            .collect();
        assert_eq!(
            names,
            [("hostnme", true), ("systemclt", true), ("echo", false)]
        );
    }

    #[test]
    fn redirections_take_targets() {
        let l = lex("cat file 2>&1 > /tmp/x >>log\n");
        let c = &l.commands[0];
        assert_eq!(words(c), ["cat", "file"]);
        let ops: Vec<_> = c.redirects.iter().map(|r| r.op.as_str()).collect();
        assert_eq!(ops, ["2>&", ">", ">>"]);
        assert_eq!(
            c.redirects[0].target.as_ref().map(|w| w.text.as_str()),
            Some("1")
        );
        let here_string = lex("grep -q x <<< \"$list\"\nnext\n");
        assert!(
            here_string.errors.is_empty() && here_string.commands.len() == 2,
            "{here_string:?}"
        );
        assert_eq!(here_string.commands[0].redirects[0].op, "<<<");
        let bad = lex("echo x >\n");
        assert_eq!(bad.errors[0].message, "redirection `>` has no target");
    }

    #[test]
    fn heredoc_bodies_are_not_commands() {
        let text = "cat > /etc/x <<'EOF'\nnotacommand $x\n  EOF\nEOF\nsystemctl restart x\n";
        let l = lex(text);
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        assert_eq!(l.commands.len(), 2);
        let doc = &l.commands[0].heredocs[0];
        assert!(doc.quoted && !doc.strip_tabs);
        assert_eq!(
            doc.body,
            vec![(2, "notacommand $x".to_string()), (3, "  EOF".to_string())]
        );
        assert_eq!(l.commands[1].line, 5);
        let tabs = lex("cat <<-END\n\tbody\n\tEND\n");
        assert!(tabs.errors.is_empty() && tabs.commands[0].heredocs[0].strip_tabs);
    }

    #[test]
    fn unterminated_heredoc_is_reported_with_near_delimiter() {
        let l = lex("echo ok\ncat <<EOF\nbody\nEOF \n");
        assert_eq!(l.errors.len(), 1);
        assert_eq!(l.errors[0].line, 2);
        assert!(l.errors[0].message.contains("not terminated"));
        assert!(
            l.errors[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("line 4")
        );
    }

    #[test]
    fn unbalanced_quotes_are_reported_where_they_open() {
        let l = lex("echo ok\necho 'abc\nmore\n");
        assert_eq!(l.errors[0].line, 2);
        assert_eq!(l.errors[0].message, "unterminated single quote");
        let l = lex("echo \"abc\n");
        assert_eq!(l.errors[0].message, "unterminated double quote");
    }

    #[test]
    fn unbalanced_command_substitution_is_reported() {
        let l = lex("echo ok\necho $(hostname\n");
        assert_eq!(l.errors[0].line, 2);
        assert_eq!(l.errors[0].message, "unterminated `$(`");
        let l = lex("echo `date\n");
        assert_eq!(l.errors[0].message, "unterminated backtick");
        let l = lex("echo ${HOME\n");
        assert_eq!(l.errors[0].message, "unterminated `${`");
        let l = lex("echo $((1 + 2)\n");
        assert_eq!(l.errors[0].help.as_deref(), Some("close it with `))`"));
    }

    #[test]
    fn backslash_with_trailing_space_is_an_error() {
        let l = lex("pcs resource create vip \\  \n  ip=1\n");
        assert_eq!(l.errors.len(), 1);
        assert_eq!(l.errors[0].line, 1);
        assert!(l.errors[0].message.contains("trailing whitespace"));
        assert_eq!(l.commands.len(), 1, "recovered as a continuation");
    }

    #[test]
    fn dangling_operators_are_errors() {
        assert!(lex("a &&\n").errors[0].message.contains("ends after `&&`"));
        assert!(
            lex("| grep x\n").errors[0]
                .message
                .contains("no command before it")
        );
        assert!(lex("a |\n  b\n").errors.is_empty());
    }

    #[test]
    fn function_definitions_are_marked() {
        let l = lex("wait_for() { sleep 1; }\nwait_for\n");
        assert!(l.commands[0].function_def);
        assert_eq!(words(&l.commands[0]), ["wait_for"]);
    }

    #[test]
    fn lines_mode_keeps_operators_as_words() {
        let l = lex_lines(
            "colocation c inf: A ( B C )\nprimitive p IPaddr2 \\\n  params $id=x ip=1\n",
            10,
        );
        assert_eq!(
            words(&l.commands[0]),
            ["colocation", "c", "inf:", "A", "(", "B", "C", ")"]
        );
        assert_eq!(l.commands[1].line, 11);
        assert!(words(&l.commands[1]).contains(&"$id=x"));
    }
}
