//! Django settings files such as Horizon's `local_settings.py`.
//!
//! Django imports the file as Python and silently ignores what it does not know: a misspelled
//! `SESION_ENGINE` leaves sessions in the default backend and nobody notices until a failover
//! logs every user out. So this accepts the subset of Python that settings files are written in
//! (imports, `NAME = value` and `NAME['key'] = value`, with literals, names, `%` and `+`, calls
//! such as `_('...')`), and checks the names and the values that matter for HA.
//!
//! The full Python grammar is CPython's job: `haguide lint` and the upstream check compile the
//! file with `python3 -m py_compile`.

use crate::diag::{Diagnostic, did_you_mean};
use std::collections::BTreeSet;

/// Settings the guide sets and their near neighbours (Django's and Horizon's), so a typo of one
/// of them is an error rather than a silently ignored name.
const KNOWN_SETTINGS: &[&str] = &[
    // Django
    "ALLOWED_HOSTS",
    "CACHES",
    "CSRF_COOKIE_SECURE",
    "CSRF_TRUSTED_ORIGINS",
    "DEBUG",
    "LANGUAGE_CODE",
    "LOGGING",
    "SECRET_KEY",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SECURE",
    "SESSION_ENGINE",
    "SESSION_TIMEOUT",
    "TIME_ZONE",
    "USE_X_FORWARDED_HOST",
    "USE_X_FORWARDED_PORT",
    // Horizon and openstack_auth
    "AVAILABLE_THEMES",
    "COMPRESS_OFFLINE",
    "LOCAL_PATH",
    "LOGIN_REDIRECT_URL",
    "LOGIN_URL",
    "LOGOUT_URL",
    "OPENSTACK_API_VERSIONS",
    "OPENSTACK_ENDPOINT_TYPE",
    "OPENSTACK_HOST",
    "OPENSTACK_KEYSTONE_DEFAULT_DOMAIN",
    "OPENSTACK_KEYSTONE_DEFAULT_ROLE",
    "OPENSTACK_KEYSTONE_MULTIDOMAIN_SUPPORT",
    "OPENSTACK_KEYSTONE_URL",
    "OPENSTACK_NEUTRON_NETWORK",
    "OPENSTACK_SSL_CACERT",
    "OPENSTACK_SSL_NO_VERIFY",
    "SECONDARY_ENDPOINT_TYPE",
    "WEBROOT",
];

/// Cache backends of Django 4.2 and later. `MemcachedCache` (python-memcached) was removed in 4.1.
const CACHE_BACKENDS: &[&str] = &[
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.db.DatabaseCache",
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.dummy.DummyCache",
];

/// Session engines of Django.
const SESSION_ENGINES: &[&str] = &[
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.file",
    "django.contrib.sessions.backends.signed_cookies",
];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Str(String),
    Num,
    Op(char),
    Newline,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

/// Splits the text into tokens. Newlines inside brackets are dropped, as Python's tokenizer
/// does, so a statement spans lines only inside brackets or after a backslash.
fn tokenize(text: &str, out: &mut Vec<Diagnostic>) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut depth: i32 = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                if depth == 0 && tokens.last().is_some_and(|t: &Token| t.tok != Tok::Newline) {
                    tokens.push(Token {
                        tok: Tok::Newline,
                        line,
                    });
                }
                line += 1;
                i += 1;
            }
            '\\' if chars.get(i + 1) == Some(&'\n') => {
                line += 1;
                i += 2;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            c if c.is_whitespace() => i += 1,
            '\'' | '"' => {
                let start_line = line;
                let triple = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                let quote_len = if triple { 3 } else { 1 };
                i += quote_len;
                let mut value = String::new();
                let mut closed = false;
                while i < chars.len() {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        value.push(chars[i + 1]);
                        i += 2;
                        continue;
                    }
                    if chars[i] == c
                        && (!triple
                            || (chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c)))
                    {
                        i += quote_len;
                        closed = true;
                        break;
                    }
                    if chars[i] == '\n' {
                        if !triple {
                            break;
                        }
                        line += 1;
                    }
                    value.push(chars[i]);
                    i += 1;
                }
                if !closed {
                    out.push(
                        Diagnostic::error(start_line, "string is not closed")
                            .help(format!("end it with {}", c.to_string().repeat(quote_len))),
                    );
                }
                tokens.push(Token {
                    tok: Tok::Str(value),
                    line: start_line,
                });
            }
            c if c.is_ascii_digit() => {
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_')
                {
                    i += 1;
                }
                tokens.push(Token {
                    tok: Tok::Num,
                    line,
                });
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                // String prefixes (r'', b'', u''); f-strings are code, not data.
                if matches!(word.as_str(), "r" | "b" | "u" | "rb" | "br")
                    && matches!(chars.get(i), Some('\'' | '"'))
                {
                    continue;
                }
                tokens.push(Token {
                    tok: Tok::Name(word),
                    line,
                });
            }
            '(' | '[' | '{' => {
                depth += 1;
                tokens.push(Token {
                    tok: Tok::Op(c),
                    line,
                });
                i += 1;
            }
            ')' | ']' | '}' => {
                depth -= 1;
                if depth < 0 {
                    out.push(Diagnostic::error(line, format!("`{c}` closes nothing")));
                    depth = 0;
                }
                tokens.push(Token {
                    tok: Tok::Op(c),
                    line,
                });
                i += 1;
            }
            ',' | ':' | '=' | '%' | '+' | '.' | '-' | '*' => {
                tokens.push(Token {
                    tok: Tok::Op(c),
                    line,
                });
                i += 1;
            }
            other => {
                out.push(Diagnostic::error(
                    line,
                    format!("`{other}` has no place in a settings file"),
                ));
                i += 1;
            }
        }
    }
    if depth > 0 {
        out.push(Diagnostic::error(
            line,
            "a bracket is still open at the end of the file",
        ));
    }
    if tokens.last().is_some_and(|t| t.tok != Tok::Newline) {
        tokens.push(Token {
            tok: Tok::Newline,
            line,
        });
    }
    tokens
}

/// A value as far as the checks need it: a string literal keeps its text.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Str(String),
    Dict(Vec<(Value, Value, usize)>),
    Other,
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
    defined: BTreeSet<String>,
    out: &'a mut Vec<Diagnostic>,
}

type Parse<T> = Result<T, Diagnostic>;

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn line(&self) -> usize {
        self.tokens
            .get(self.pos)
            .or(self.tokens.last())
            .map(|t| t.line)
            .unwrap_or(0)
    }

    fn bump(&mut self) -> Option<Tok> {
        let t = self.tokens.get(self.pos).map(|t| t.tok.clone());
        self.pos += 1;
        t
    }

    fn expect(&mut self, op: char, what: &str) -> Parse<()> {
        match self.bump() {
            Some(Tok::Op(c)) if c == op => Ok(()),
            found => Err(Diagnostic::error(
                self.tokens
                    .get(self.pos.saturating_sub(1))
                    .map(|t| t.line)
                    .unwrap_or(0),
                format!("expected `{op}` {what}, found {}", describe(found.as_ref())),
            )),
        }
    }

    fn skip_line(&mut self) {
        while let Some(t) = self.bump() {
            if t == Tok::Newline {
                break;
            }
        }
    }

    fn statement(&mut self) -> Parse<Option<(String, usize, Value)>> {
        let line = self.line();
        let Some(Tok::Name(first)) = self.bump() else {
            return Err(Diagnostic::error(
                line,
                "expected an import or `NAME = value`",
            ));
        };
        match first.as_str() {
            "import" | "from" => {
                self.import(first == "from")?;
                return Ok(None);
            }
            "if" | "for" | "while" | "def" | "class" | "try" | "with" | "lambda" => {
                return Err(Diagnostic::error(
                    line,
                    format!("`{first}` makes the settings depend on code"),
                )
                .help(
                    "write the value itself; settings files in this guide are plain assignments",
                ));
            }
            _ => {}
        }
        let mut subscripted = false;
        while self.peek() == Some(&Tok::Op('[')) {
            self.bump();
            self.expr()?;
            self.expect(']', "after the key")?;
            subscripted = true;
        }
        self.expect('=', &format!("after `{first}`"))?;
        let value = self.expr()?;
        match self.bump() {
            Some(Tok::Newline) | None => {}
            found => {
                return Err(Diagnostic::error(
                    line,
                    format!("unexpected {} after the value", describe(found.as_ref())),
                ));
            }
        }
        if subscripted && !self.defined.contains(&first) {
            self.out.push(Diagnostic::error(
                line,
                format!("`{first}` is changed here but never assigned or imported before"),
            ));
        }
        self.defined.insert(first.clone());
        Ok((!subscripted).then_some((first, line, value)))
    }

    fn import(&mut self, from: bool) -> Parse<()> {
        let line = self.line();
        // from a.b import c as d, e    |    import a.b as c
        let mut names = Vec::new();
        let mut last = String::new();
        loop {
            match self.bump() {
                Some(Tok::Name(n)) if n == "import" && from => {}
                Some(Tok::Name(n)) if n == "as" => {}
                Some(Tok::Name(n)) => last = n,
                Some(Tok::Op('.' | '(' | ')')) => {}
                Some(Tok::Op(',')) => names.push(std::mem::take(&mut last)),
                Some(Tok::Op('*')) => {
                    return Err(Diagnostic::error(
                        line,
                        "`import *` hides where settings come from",
                    )
                    .help("import the names you use"));
                }
                Some(Tok::Newline) | None => break,
                found => {
                    return Err(Diagnostic::error(
                        line,
                        format!("unexpected {} in an import", describe(found.as_ref())),
                    ));
                }
            }
        }
        names.push(last);
        self.defined
            .extend(names.into_iter().filter(|n| !n.is_empty()));
        Ok(())
    }

    fn expr(&mut self) -> Parse<Value> {
        let mut value = self.term()?;
        while let Some(Tok::Op('%' | '+' | '-' | '*')) = self.peek() {
            self.bump();
            self.term()?;
            value = Value::Other;
        }
        Ok(value)
    }

    fn term(&mut self) -> Parse<Value> {
        let line = self.line();
        let value = match self.bump() {
            Some(Tok::Str(s)) => {
                let mut s = s;
                let mut last_line = line;
                // Adjacent literals concatenate. On one line that is deliberate; across lines it
                // is almost always a missing comma in a list, which Python accepts silently.
                while let Some(Tok::Str(next)) = self.peek().cloned() {
                    let next_line = self.line();
                    if next_line != last_line {
                        self.out.push(
                            Diagnostic::error(
                                next_line,
                                format!("this string is joined to the one on line {last_line}: Python concatenates adjacent strings"),
                            )
                            .help(format!("add a comma at the end of line {last_line} if they are two items")),
                        );
                    }
                    s.push_str(&next);
                    last_line = next_line;
                    self.bump();
                }
                Value::Str(s)
            }
            Some(Tok::Num) => Value::Other,
            Some(Tok::Op('-')) => {
                self.term()?;
                Value::Other
            }
            Some(Tok::Name(n)) => {
                if !matches!(n.as_str(), "True" | "False" | "None") && !self.defined.contains(&n) {
                    return Err(Diagnostic::error(
                        line,
                        format!("`{n}` is not defined before this line"),
                    )
                    .help(
                        did_you_mean(&n, self.defined.iter().map(String::as_str)).unwrap_or_else(
                            || "assign or import it above, or quote it if it is text".into(),
                        ),
                    ));
                }
                while self.peek() == Some(&Tok::Op('.')) {
                    self.bump();
                    match self.bump() {
                        Some(Tok::Name(_)) => {}
                        found => {
                            return Err(Diagnostic::error(
                                line,
                                format!(
                                    "expected a name after `.`, found {}",
                                    describe(found.as_ref())
                                ),
                            ));
                        }
                    }
                }
                if self.peek() == Some(&Tok::Op('(')) {
                    self.bump();
                    self.items(')', |p| {
                        // keyword arguments: name=value
                        if let (Some(Tok::Name(_)), Some(Tok::Op('='))) = (
                            p.peek().cloned(),
                            p.tokens.get(p.pos + 1).map(|t| t.tok.clone()),
                        ) {
                            p.bump();
                            p.bump();
                        }
                        p.expr().map(|_| ())
                    })?;
                }
                Value::Other
            }
            Some(Tok::Op('{')) => {
                let mut entries = Vec::new();
                self.items('}', |p| {
                    let line = p.line();
                    let k = p.expr()?;
                    p.expect(':', "between a key and its value")?;
                    let v = p.expr()?;
                    entries.push((k, v, line));
                    Ok(())
                })?;
                let mut seen = BTreeSet::new();
                for (k, _, line) in &entries {
                    if let Value::Str(k) = k
                        && !seen.insert(k.clone())
                    {
                        self.out.push(Diagnostic::error(
                            *line,
                            format!(
                                "key '{k}' appears twice in this dict; Python keeps only the last"
                            ),
                        ));
                    }
                }
                Value::Dict(entries)
            }
            Some(Tok::Op('[')) => {
                self.items(']', |p| p.expr().map(|_| ()))?;
                Value::Other
            }
            Some(Tok::Op('(')) => {
                self.items(')', |p| p.expr().map(|_| ()))?;
                Value::Other
            }
            found => {
                return Err(Diagnostic::error(
                    line,
                    format!("expected a value, found {}", describe(found.as_ref())),
                ));
            }
        };
        Ok(value)
    }

    /// Comma-separated items up to `close`, a trailing comma allowed.
    fn items(&mut self, close: char, mut item: impl FnMut(&mut Self) -> Parse<()>) -> Parse<()> {
        loop {
            if self.peek() == Some(&Tok::Op(close)) {
                self.bump();
                return Ok(());
            }
            item(self)?;
            match self.bump() {
                Some(Tok::Op(',')) => {}
                Some(Tok::Op(c)) if c == close => return Ok(()),
                found => {
                    return Err(Diagnostic::error(
                        self.tokens
                            .get(self.pos.saturating_sub(1))
                            .map(|t| t.line)
                            .unwrap_or(0),
                        format!(
                            "expected `,` or `{close}`, found {}",
                            describe(found.as_ref())
                        ),
                    ));
                }
            }
        }
    }
}

fn describe(t: Option<&Tok>) -> String {
    match t {
        None => "the end of the file".into(),
        Some(Tok::Newline) => "the end of the line".into(),
        Some(Tok::Name(n)) => format!("`{n}`"),
        Some(Tok::Str(s)) => format!("the string '{s}'"),
        Some(Tok::Num) => "a number".into(),
        Some(Tok::Op(c)) => format!("`{c}`"),
    }
}

/// Checks a Django settings file.
pub(super) fn check(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let tokens = tokenize(text, &mut out);
    let mut assigned: Vec<(String, usize, Value)> = Vec::new();
    {
        let mut p = Parser {
            tokens: &tokens,
            pos: 0,
            defined: BTreeSet::new(),
            out: &mut out,
        };
        while p.pos < tokens.len() {
            match p.statement() {
                Ok(Some(a)) => assigned.push(a),
                Ok(None) => {}
                Err(d) => {
                    p.out.push(d);
                    p.skip_line();
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (name, line, value) in &assigned {
        if !seen.insert(name.as_str()) {
            out.push(Diagnostic::error(
                *line,
                format!("`{name}` is assigned twice; Django keeps only the last"),
            ));
        }
        check_setting(name, *line, value, &mut out);
    }
    out
}

fn check_setting(name: &str, line: usize, value: &Value, out: &mut Vec<Diagnostic>) {
    let upper = name
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !upper {
        // Lower-case names are helpers (`_` and the like); Django reads only capitals.
        if KNOWN_SETTINGS.contains(&name.to_ascii_uppercase().as_str()) {
            out.push(
                Diagnostic::error(
                    line,
                    format!("Django ignores `{name}`: settings are read only in capitals"),
                )
                .help(format!("write `{}`", name.to_ascii_uppercase())),
            );
        }
        return;
    }
    if !KNOWN_SETTINGS.contains(&name)
        && let Some(hint) = did_you_mean(name, KNOWN_SETTINGS.iter().copied())
    {
        out.push(
            Diagnostic::error(line, format!("`{name}` is not a Django or Horizon setting, and Django ignores unknown settings silently"))
                .help(hint),
        );
    }
    match (name, value) {
        ("SESSION_ENGINE", Value::Str(engine)) if !SESSION_ENGINES.contains(&engine.as_str()) => {
            out.push(
                Diagnostic::error(line, format!("'{engine}' is not a Django session engine")).help(
                    did_you_mean(engine, SESSION_ENGINES.iter().copied()).unwrap_or_else(|| {
                        format!("expected one of {}", SESSION_ENGINES.join(", "))
                    }),
                ),
            );
        }
        ("CACHES", Value::Dict(aliases)) => {
            if !aliases
                .iter()
                .any(|(k, _, _)| *k == Value::Str("default".into()))
            {
                out.push(Diagnostic::error(line, "CACHES needs a 'default' cache"));
            }
            for (_, cache, _) in aliases {
                let Value::Dict(fields) = cache else { continue };
                for (k, v, l) in fields {
                    if let (Value::Str(k), Value::Str(backend)) = (k, v)
                        && k == "BACKEND"
                        && !CACHE_BACKENDS.contains(&backend.as_str())
                    {
                        let removed = backend.ends_with("memcached.MemcachedCache");
                        out.push(
                            Diagnostic::error(
                                *l,
                                if removed {
                                    format!("'{backend}' was removed in Django 4.1")
                                } else {
                                    format!("'{backend}' is not a Django cache backend")
                                },
                            )
                            .help(if removed {
                                "use 'django.core.cache.backends.memcached.PyMemcacheCache'"
                                    .to_string()
                            } else {
                                did_you_mean(backend, CACHE_BACKENDS.iter().copied())
                                    .unwrap_or_else(|| {
                                        format!("expected one of {}", CACHE_BACKENDS.join(", "))
                                    })
                            }),
                        );
                    }
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        crate::validate::error_lines(check(text))
    }

    const GOOD: &str = r#"
import os
from django.utils.translation import gettext_lazy as _
from openstack_dashboard.settings import HORIZON_CONFIG

OPENSTACK_HOST = "controller"
OPENSTACK_KEYSTONE_URL = "http://%s:5000/v3" % OPENSTACK_HOST
SESSION_ENGINE = 'django.contrib.sessions.backends.cache'
CACHES = {
    'default': {
        'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache',
        'LOCATION': [
            '10.0.0.11:11211',
            '10.0.0.12:11211',
        ],
    },
}
SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')
ALLOWED_HOSTS = ['*']
DEBUG = False
SESSION_TIMEOUT = 3600
HORIZON_CONFIG["password_autocomplete"] = "off"
LOCAL_PATH = os.path.join('/tmp', "x")
TIME_ZONE = "UTC"
"#;

    #[test]
    fn accepts_a_horizon_settings_file() {
        assert_eq!(errors(GOOD), Vec::<String>::new());
    }

    #[test]
    fn rejects_a_misspelled_setting_with_a_suggestion() {
        let e = errors(&GOOD.replace("SESSION_ENGINE =", "SESION_ENGINE ="));
        assert!(
            e.iter()
                .any(|e| e.starts_with("8:") && e.contains("SESSION_ENGINE")),
            "{e:?}"
        );
    }

    #[test]
    fn rejects_the_removed_memcached_backend_and_bad_engines() {
        let e = errors(&GOOD.replace("PyMemcacheCache", "MemcachedCache"));
        assert!(
            e.iter()
                .any(|e| e.starts_with("11:") && e.contains("removed in Django 4.1")),
            "{e:?}"
        );
        let e = errors(&GOOD.replace("backends.cache'", "backends.memcache'"));
        assert!(
            e.iter().any(|e| e.contains("not a Django session engine")),
            "{e:?}"
        );
    }

    #[test]
    fn rejects_syntax_errors_with_lines() {
        let e = errors(&GOOD.replace("'10.0.0.11:11211',", "'10.0.0.11:11211'"));
        assert!(
            e.iter()
                .any(|e| e.starts_with("14:") && e.contains("add a comma at the end of line 13")),
            "{e:?}"
        );
        let e = errors(&GOOD.replace("'10.0.0.12:11211',\n", "'10.0.0.12:11211',\n'x' 'y':\n"));
        assert!(e.iter().any(|e| e.contains("expected `,` or `]`")), "{e:?}");
        let e = errors("OPENSTACK_HOST = \"controller\nDEBUG = False\n");
        assert!(
            e.iter()
                .any(|e| e.starts_with("1:") && e.contains("not closed")),
            "{e:?}"
        );
        let e = errors("CACHES = {\n 'default': {}\n");
        assert!(e.iter().any(|e| e.contains("still open")), "{e:?}");
    }

    #[test]
    fn rejects_undefined_names_duplicates_and_code() {
        let e = errors("OPENSTACK_KEYSTONE_URL = \"http://%s:5000/v3\" % OPENSTACK_HST\n");
        assert!(
            e.iter()
                .any(|e| e.contains("`OPENSTACK_HST` is not defined")),
            "{e:?}"
        );
        let e = errors("DEBUG = False\nDEBUG = True\n");
        assert!(
            e.iter()
                .any(|e| e.starts_with("2:") && e.contains("assigned twice")),
            "{e:?}"
        );
        let e = errors("CACHES = {'default': {}, 'default': {}}\n");
        assert!(e.iter().any(|e| e.contains("appears twice")), "{e:?}");
        let e = errors("if DEBUG:\n    pass\n");
        assert!(e.iter().any(|e| e.contains("depend on code")), "{e:?}");
        let e = errors("debug = False\n");
        assert!(e.iter().any(|e| e.contains("only in capitals")), "{e:?}");
    }
}
