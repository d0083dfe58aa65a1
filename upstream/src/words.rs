//! Just enough shell to replay a command sequence: split a script into commands with their line
//! numbers and words (quotes, backslashes, continuation lines, comments), and quote words back
//! for display.
//!
//! Commands that need a real shell (pipes, redirections, `&&`, expansions, compound
//! statements) are marked, not interpreted: the Pacemaker checks run only plain `pcs` and `crm`
//! commands and skip the rest with a reason.

/// One command of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShellCommand {
    /// 1-based line where it starts.
    pub(crate) line: usize,
    /// The command as written, continuation lines joined with spaces.
    pub(crate) text: String,
    /// Its words after quote removal.
    pub(crate) words: Vec<String>,
    /// True when it uses shell syntax beyond words: `|`, `&&`, `;`, redirections, `$`,
    /// backquotes, parentheses.
    pub(crate) needs_shell: bool,
}

/// Splits `script` into commands. Comments and blank lines are dropped.
pub(crate) fn commands(script: &str) -> Vec<ShellCommand> {
    let lines: Vec<&str> = script.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let mut text = String::new();
        let mut lexer = Lexer::default();
        loop {
            let line = lines.get(i).copied().unwrap_or_default();
            i += 1;
            let continued = lexer.feed(line);
            let shown = line.trim();
            let shown = shown.strip_suffix('\\').unwrap_or(shown).trim_end();
            if !shown.is_empty() && !shown.starts_with('#') {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(shown);
            }
            if !continued || i >= lines.len() {
                break;
            }
        }
        let (words, needs_shell) = lexer.finish();
        if !words.is_empty() {
            out.push(ShellCommand {
                line: start + 1,
                text,
                words,
                needs_shell,
            });
        }
    }
    out
}

#[derive(Default)]
struct Lexer {
    words: Vec<String>,
    word: Option<String>,
    quote: Option<char>,
    needs_shell: bool,
}

impl Lexer {
    /// Feeds one line; returns true when the command goes on to the next line (a trailing
    /// backslash or an open quote).
    fn feed(&mut self, line: &str) -> bool {
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match self.quote {
                Some('\'') => {
                    if c == '\'' {
                        self.quote = None;
                    } else {
                        self.push(c);
                    }
                }
                Some(_) => match c {
                    '"' => self.quote = None,
                    '\\' => match chars.next() {
                        Some(n) if matches!(n, '"' | '\\' | '$' | '`') => self.push(n),
                        Some(n) => {
                            self.push('\\');
                            self.push(n);
                        }
                        None => return true,
                    },
                    '$' | '`' => {
                        self.needs_shell = true;
                        self.push(c);
                    }
                    _ => self.push(c),
                },
                None => match c {
                    '\'' | '"' => {
                        self.quote = Some(c);
                        self.word.get_or_insert_with(String::new);
                    }
                    '\\' => match chars.next() {
                        Some(n) => self.push(n),
                        None => {
                            self.end_word();
                            return true;
                        }
                    },
                    '#' if self.word.is_none() => break,
                    c if c.is_whitespace() => self.end_word(),
                    '|' | '&' | ';' | '<' | '>' | '(' | ')' | '$' | '`' => {
                        self.needs_shell = true;
                        self.push(c);
                    }
                    _ => self.push(c),
                },
            }
        }
        match self.quote {
            Some(_) => {
                self.push('\n');
                true
            }
            None => {
                self.end_word();
                false
            }
        }
    }

    fn push(&mut self, c: char) {
        self.word.get_or_insert_with(String::new).push(c);
    }

    fn end_word(&mut self) {
        if let Some(w) = self.word.take() {
            self.words.push(w);
        }
    }

    fn finish(mut self) -> (Vec<String>, bool) {
        self.end_word();
        // An unterminated quote is shell's business (bash -n reports it), not a plain command.
        let open = self.quote.is_some();
        (self.words, self.needs_shell || open)
    }
}

/// Quotes a word for a POSIX shell, leaving plain words as they are.
pub(crate) fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./:=@%+,-".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_continuations_quotes_and_comments() {
        let script = "# comment\npcs host auth \\\n    controller1 addr=10.0.0.11 \\\n    -u hacluster\necho 'a b' \"c d\" # tail\nssh root@c2 \"echo x && y\"\nfoo | bar\n";
        let cmds = commands(script);
        assert_eq!(cmds.len(), 4);
        assert_eq!(cmds[0].line, 2);
        assert_eq!(
            cmds[0].words,
            [
                "pcs",
                "host",
                "auth",
                "controller1",
                "addr=10.0.0.11",
                "-u",
                "hacluster"
            ]
        );
        assert!(!cmds[0].needs_shell);
        assert_eq!(cmds[1].words, ["echo", "a b", "c d"]);
        assert_eq!(cmds[2].words, ["ssh", "root@c2", "echo x && y"]);
        assert!(!cmds[2].needs_shell, "operators inside quotes are words");
        assert!(cmds[3].needs_shell);
        assert_eq!(cmds[3].line, 7);
    }

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(quote("ip=10.0.0.10"), "ip=10.0.0.10");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("*"), "'*'");
    }
}
