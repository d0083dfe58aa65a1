// Interactive snippets: variant tabs and the "Your deployment" panel.
//
// Variant tabs: one choice of distro / cluster tool / release applies to every snippet on the
// page and on later pages (localStorage), and can be shared with ?distro=rhel&tool=pcs in the
// URL, which follows the reader's choice. The tabs follow the WAI-ARIA tabs pattern (arrow keys,
// Home/End, roving tabindex, automatic activation).
//
// Deployment panel: the reader's VIPs, controller names and management addresses, and the
// cluster size among the pre-rendered ones. The preprocessor ships, per page, the default values
// and a table of text lines (the `hg-profile` JSON island), and per snippet the segments of every
// variant at every size (`hg-segments`). This script never runs templates and never parses
// markup from data or input: it swaps validated default values for the reader's checked ones,
// as text nodes (textContent). Nothing is sent anywhere; values stay in localStorage.
//
// Without JavaScript, on the print page and when printing, every variant stays visible with its
// label and the configs show the guide's default profile.
(function () {
    "use strict";
    var VARIANT_KEY = "haguide-variant";
    var DEPLOY_KEY = "haguide-deployment";
    var AXES = ["distro", "tool", "release", "node"];
    // Axes worth putting in a shared link; the node tab is a per-page choice of controller.
    var URL_AXES = ["distro", "tool", "release"];
    var AXIS_VALUE = /^[A-Za-z0-9._-]{1,64}$/;
    var IS_PRINT = /print\.html$/.test(window.location.pathname);

    var choice = {};
    var profile = null;     // the page's hg-profile island, or null
    var deploy = null;      // {size, values}: what the snippets show now
    var figures = [];       // snippet figures of the page

    // ---------------------------------------------------------------- storage

    function readJson(key) {
        try {
            var v = JSON.parse(window.localStorage.getItem(key) || "null");
            return v && typeof v === "object" && !Array.isArray(v) ? v : null;
        } catch (e) {
            return null; // storage disabled or a value this script did not write
        }
    }

    function writeJson(key, value) {
        try {
            if (value === null) { window.localStorage.removeItem(key); }
            else { window.localStorage.setItem(key, JSON.stringify(value)); }
        } catch (e) { /* private mode or full storage: the choice lasts for this page only */ }
    }

    function el(tag, attrs, text) {
        var e = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
        if (text !== undefined) { e.textContent = text; }
        return e;
    }

    // ---------------------------------------------------------------- variant choice

    function parseVariant(text) {
        var out = {};
        (text || "").split(",").forEach(function (pair) {
            var kv = pair.split("=");
            if (kv.length === 2) { out[kv[0]] = kv[1]; }
        });
        return out;
    }

    function cleanChoice(raw) {
        var out = {};
        AXES.forEach(function (axis) {
            if (raw && typeof raw[axis] === "string" && AXIS_VALUE.test(raw[axis])) { out[axis] = raw[axis]; }
        });
        return out;
    }

    // The stored choice, overridden by the URL's parameters (which are then remembered).
    function loadChoice() {
        var c = cleanChoice(readJson(VARIANT_KEY));
        var params = new URLSearchParams(window.location.search);
        var fromUrl = false;
        AXES.forEach(function (axis) {
            var v = params.get(axis);
            if (v && AXIS_VALUE.test(v)) { c[axis] = v; fromUrl = true; }
        });
        if (fromUrl) { writeJson(VARIANT_KEY, c); }
        return c;
    }

    // Keeps the address bar a shareable link to the current choice, without a reload or a new
    // history entry: after the reader picks a tab, or when the address already names a choice.
    // Pages opened without parameters keep their plain address.
    function updateUrl(picked) {
        if (IS_PRINT || !window.history || !window.history.replaceState) { return; }
        var url = new URL(window.location.href);
        var named = URL_AXES.some(function (axis) { return url.searchParams.has(axis); });
        if (!picked && !named) { return; }
        URL_AXES.forEach(function (axis) {
            if (choice[axis]) { url.searchParams.set(axis, choice[axis]); }
            else { url.searchParams.delete(axis); }
        });
        if (url.href !== window.location.href) {
            try { window.history.replaceState(window.history.state, "", url.href); } catch (e) { /* file:// in some browsers */ }
        }
    }

    function setChoice(partial) {
        Object.keys(partial).forEach(function (axis) {
            if (AXES.indexOf(axis) >= 0 && AXIS_VALUE.test(partial[axis])) { choice[axis] = partial[axis]; }
        });
        writeJson(VARIANT_KEY, choice);
        updateUrl(true);
        figures.forEach(function (f) { selectBest(f); });
        syncPanelChoice();
    }

    // The panel whose variants agree with most of the reader's choices; the first on a tie.
    function bestPanel(panels) {
        var best = 0, bestScore = -Infinity;
        panels.forEach(function (panel, i) {
            (panel.dataset.variants || "").split(";").forEach(function (v) {
                var vars = parseVariant(v), score = 0, clash = false;
                Object.keys(vars).forEach(function (axis) {
                    if (choice[axis] === undefined) { return; }
                    if (choice[axis] === vars[axis]) { score++; } else { clash = true; }
                });
                if (clash) { score -= 0.5; }
                if (score > bestScore) { bestScore = score; best = i; }
            });
        });
        return best;
    }

    // What a tab stands for: the axis values shared by every variant it covers. A tab labelled
    // "pcs" that covers Debian and RHEL sets the tool only, not the distribution.
    function sharedAxes(panel) {
        var variants = (panel.dataset.variants || "").split(";").map(parseVariant);
        var shared = {};
        Object.keys(variants[0] || {}).forEach(function (axis) {
            var v = variants[0][axis];
            if (variants.every(function (o) { return o[axis] === v; })) { shared[axis] = v; }
        });
        return shared;
    }

    function select(figure, index, focus) {
        var panels = figure._hg.panels, tabs = figure._hg.tabs;
        panels.forEach(function (p, i) { p.hidden = tabs.length > 0 && i !== index; });
        tabs.forEach(function (t, i) {
            t.setAttribute("aria-selected", i === index ? "true" : "false");
            t.tabIndex = i === index ? 0 : -1;
            if (focus && i === index) { t.focus(); }
        });
    }

    function selectBest(figure) {
        if (figure._hg.tabs.length) { select(figure, bestPanel(figure._hg.panels), false); }
    }

    // Activating a tab changes every figure; the activated tab stays where it was on screen so
    // that the page does not jump under the reader.
    function activate(figure, index, focus) {
        var tab = figure._hg.tabs[index];
        var before = tab.getBoundingClientRect().top;
        setChoice(sharedAxes(figure._hg.panels[index]));
        select(figure, index, focus);
        var after = tab.getBoundingClientRect().top;
        if (after !== before) { window.scrollBy(0, after - before); }
    }

    // Builds (or rebuilds, after the panels changed with the cluster size) the tab bar.
    function tabify(figure) {
        var hg = figure._hg;
        if (hg.bar) { hg.bar.remove(); hg.bar = null; }
        hg.tabs = [];
        var panels = hg.panels;
        panels.forEach(function (p) {
            p.removeAttribute("role"); p.removeAttribute("aria-labelledby"); p.removeAttribute("tabindex");
            p.hidden = false;
        });
        if (panels.length < 2) { return; }
        var base = figure.id || ("hg-" + figures.indexOf(figure));
        var bar = el("div", { "class": "hg-tabs", role: "tablist",
            "aria-label": "Variants of " + (figure.dataset.snippet || "this snippet") });
        hg.tabs = panels.map(function (panel, i) {
            var id = base + "-tab-" + i;
            panel.id = base + "-panel-" + i;
            panel.setAttribute("role", "tabpanel");
            panel.setAttribute("aria-labelledby", id);
            // The panel's first content is not focusable, so the panel itself takes focus.
            panel.tabIndex = 0;
            var tab = el("button", { type: "button", id: id, role: "tab", "aria-controls": panel.id });
            tab.textContent = panelLabel(panel, i);
            tab.addEventListener("click", function () { activate(figure, i, false); });
            tab.addEventListener("keydown", function (ev) {
                var n = panels.length, next = -1;
                if (ev.key === "ArrowRight") { next = (i + 1) % n; }
                else if (ev.key === "ArrowLeft") { next = (i - 1 + n) % n; }
                else if (ev.key === "Home") { next = 0; }
                else if (ev.key === "End") { next = n - 1; }
                if (next >= 0) {
                    // mdbook turns the page on ArrowLeft/ArrowRight from a document listener;
                    // on a tab the keys move between tabs instead.
                    ev.preventDefault();
                    ev.stopPropagation();
                    activate(figure, next, true);
                }
            });
            bar.appendChild(tab);
            return tab;
        });
        figure.insertBefore(bar, panels[0]);
        hg.bar = bar;
        selectBest(figure);
    }

    // ---------------------------------------------------------------- deployment data

    function readIsland(node) {
        try { return JSON.parse(node.textContent); } catch (e) { return null; }
    }

    // Each chapter ends with its profile island, whose line table serves the chapter's figures.
    // A page has one; the print page has one per chapter, with the same profile data and each
    // its own lines. Returns the first island's data, or null when the page has none.
    function loadProfile() {
        var first = null, pending = [];
        document.querySelectorAll("figure.hg-snippet, script.hg-profile").forEach(function (node) {
            if (node.tagName === "FIGURE") { pending.push(node); return; }
            var p = readIsland(node);
            if (!p || !Array.isArray(p.sizes) || !p.defaults || !Array.isArray(p.keys) || !Array.isArray(p.lines)) { return; }
            pending.forEach(function (f) { f._hgLines = p.lines; });
            pending = [];
            first = first || p;
        });
        return first;
    }

    function defaultsFor(size) { return profile.defaults[String(size)] || {}; }

    // The values the snippets show at this size: the reader's where set, the guide's otherwise.
    function effective(state) {
        var d = defaultsFor(state.size), out = {};
        Object.keys(d).forEach(function (k) {
            out[k] = Object.prototype.hasOwnProperty.call(state.values, k) ? state.values[k] : d[k];
        });
        return out;
    }

    function isDefault(state) {
        if (state.size !== profile.size) { return false; }
        var d = defaultsFor(state.size);
        return Object.keys(d).every(function (k) {
            return !Object.prototype.hasOwnProperty.call(state.values, k) || state.values[k] === d[k];
        });
    }

    // ---------------------------------------------------------------- input checks

    // Dotted-quad IPv4 without leading zeros (some tools read 010 as octal).
    function parseIpv4(text) {
        var m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
        if (!m) { return null; }
        var n = 0;
        for (var i = 1; i <= 4; i++) {
            if ((m[i].length > 1 && m[i][0] === "0") || Number(m[i]) > 255) { return null; }
            n = n * 256 + Number(m[i]);
        }
        return n;
    }

    function parseCidr(text) {
        var parts = (text || "").split("/");
        var addr = parseIpv4(parts[0] || ""), prefix = Number(parts[1]);
        if (addr === null || parts.length !== 2 || !(prefix >= 0 && prefix <= 32)) { return null; }
        var size = Math.pow(2, 32 - prefix);
        return { start: addr - (addr % size), size: size, prefix: prefix, text: text };
    }

    // RFC 1123 host names, as the profile checks them: lower-case letters, digits and inner
    // hyphens, labels of at most 63 characters; `dotted` allows a fully qualified name.
    function hostnameError(name, dotted) {
        if (name.length > 253) { return "at most 253 characters"; }
        var labels = name.split(".");
        if (!dotted && labels.length > 1) { return "a short host name, without dots"; }
        for (var i = 0; i < labels.length; i++) {
            var l = labels[i];
            if (!l.length) { return "empty label between dots"; }
            if (l.length > 63) { return "a label is longer than 63 characters"; }
            if (!/^[a-z0-9-]+$/.test(l)) { return "lower-case letters, digits and hyphens only"; }
            if (l[0] === "-" || l[l.length - 1] === "-") { return "a label cannot start or end with a hyphen"; }
        }
        return null;
    }

    function networkOf(key) {
        var m = /^vips\.([^.]+)\.address$/.exec(key);
        if (m) {
            var vip = (profile.vips || []).filter(function (v) { return v.role === m[1]; })[0];
            return vip ? { name: vip.network, cidr: vip.cidr } : null;
        }
        return /^controllers\.\d+\.management$/.test(key) ? { name: "management", cidr: profile.management } : null;
    }

    function isAddressKey(key) { return /\.address$|\.management$/.test(key); }
    function isNodeNameKey(key) { return /^controllers\.\d+\.name$/.test(key); }

    // Checks every value the snippets would show at this size. Errors block the values (the
    // snippets keep the last good ones); warnings are shown and the values still apply.
    function check(state) {
        var vals = effective(state), errors = {}, warnings = {};
        var keys = Object.keys(vals);
        keys.forEach(function (k) {
            var v = vals[k];
            if (!v.length) { errors[k] = "Required."; return; }
            if (isAddressKey(k)) {
                var a = parseIpv4(v);
                if (a === null) { errors[k] = "Not an IPv4 address such as 10.0.0.10."; return; }
                var net = networkOf(k), cidr = net && parseCidr(net.cidr);
                if (cidr) {
                    var inside = a >= cidr.start && a < cidr.start + cidr.size;
                    if (inside && cidr.prefix < 31 && (a === cidr.start || a === cidr.start + cidr.size - 1)) {
                        errors[k] = "The network or broadcast address of " + cidr.text + ".";
                    } else if (!inside) {
                        warnings[k] = "Outside the guide's " + net.name + " network " + cidr.text +
                            ": configs that name the network itself still show " + cidr.text + ".";
                    }
                }
            } else {
                var e = hostnameError(v, !isNodeNameKey(k));
                if (e) { errors[k] = "Not a valid host name: " + e + "."; }
            }
        });
        // The same address or name twice would give a cluster that cannot work.
        function unique(filter, what) {
            var seen = {};
            keys.filter(filter).forEach(function (k) {
                var v = vals[k];
                if (seen[v] !== undefined && !errors[k]) {
                    // Blame the value the reader typed, not the guide's default it collides with.
                    var blame = Object.prototype.hasOwnProperty.call(state.values, k) ? k : seen[v];
                    errors[blame] = errors[blame] || ("Used twice: the same " + what + " as another field.");
                } else { seen[v] = k; }
            });
            return seen;
        }
        var addrs = unique(isAddressKey, "address");
        (profile.fixed || []).forEach(function (a) {
            if (addrs[a] !== undefined) { errors[addrs[a]] = errors[addrs[a]] || ("Already another node's address (" + a + ") in the guide's configs."); }
        });
        unique(function (k) { return !isAddressKey(k); }, "name");
        return { errors: errors, warnings: warnings };
    }

    function cleanDeploy(raw) {
        var state = { size: profile.size, values: {} };
        if (raw && profile.sizes.indexOf(raw.size) >= 0) { state.size = raw.size; }
        if (raw && raw.values && typeof raw.values === "object") {
            profile.keys.forEach(function (k) {
                if (typeof raw.values[k] === "string" && raw.values[k].length <= 253) { state.values[k] = raw.values[k]; }
            });
        }
        // Stored values are checked like typed ones: a bad one is dropped, not shown.
        var result = check(state);
        Object.keys(result.errors).forEach(function (k) { delete state.values[k]; });
        return Object.keys(check(state).errors).length ? { size: profile.size, values: {} } : state;
    }

    // ---------------------------------------------------------------- snippet rendering

    // The figure's panels at a size: a list, or {unavailable: reason}.
    function panelsAt(fig, size) {
        var d = fig._hg.data[String(size)], hops = 0;
        while (typeof d === "number" && hops++ < 8) { d = fig._hg.data[String(d)]; }
        if (Array.isArray(d)) { return d; }
        return { unavailable: d && typeof d.e === "string" ? d.e : "it was not pre-rendered for " + size + " controllers" };
    }

    // Segments as [{t: text} | {k: key}], from line indices, runs and value keys.
    function decode(c, lines) {
        var out = [];
        (c || []).forEach(function (s) {
            if (Array.isArray(s)) {
                for (var i = s[0]; i <= s[1]; i++) { out.push({ t: lines[i] }); }
            } else if (s < 0) {
                out.push({ k: profile.keys[-1 - s] });
            } else {
                out.push({ t: lines[s] });
            }
        });
        // A line index the table does not have would show "undefined": treat as not followable.
        return out.every(function (x) { return typeof (x.k || x.t) === "string"; }) ? out : null;
    }

    // highlight.js (as mdbook configures it) replaces tabs that start a line with four spaces;
    // the shown text must be predicted exactly to place the values.
    function retab(segs) {
        var atStart = true;
        return segs.map(function (s) {
            if (s.k) { atStart = false; return s; }
            var out = "";
            for (var i = 0; i < s.t.length; i++) {
                var ch = s.t[i];
                if (ch === "\t" && atStart) { out += "    "; continue; }
                atStart = ch === "\n";
                out += ch;
            }
            return { t: out };
        });
    }

    function joined(segs, vals) {
        return segs.map(function (s) { return s.k ? vals[s.k] : s.t; }).join("");
    }

    // A code block's text as the Markdown renderer writes it: always ending with a newline.
    function asBlock(text) { return /\n$/.test(text) ? text : text + "\n"; }

    // Wraps each value's characters in spans, splitting highlight.js's text nodes where needed,
    // so that a value can later be replaced as text. Returns, per value, its spans.
    function wrapValues(code, segs) {
        var ranges = [], pos = 0;
        segs.forEach(function (s) {
            var len = (s.k ? s.v : s.t).length;
            if (s.k) { ranges.push({ start: pos, end: pos + len, k: s.k, spans: [] }); }
            pos += len;
        });
        var nodes = [], walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT), n, at = 0;
        while ((n = walker.nextNode())) { nodes.push({ node: n, start: at }); at += n.nodeValue.length; }
        // Back to front, so the offsets of what is still to be wrapped do not move.
        for (var r = ranges.length - 1; r >= 0; r--) {
            var range = ranges[r];
            for (var j = nodes.length - 1; j >= 0; j--) {
                var info = nodes[j], len = info.node.nodeValue.length;
                var a = Math.max(range.start, info.start) - info.start, b = Math.min(range.end, info.start + len) - info.start;
                if (b <= a) { continue; }
                if (b < len) { info.node.splitText(b); }
                var middle = a > 0 ? info.node.splitText(a) : info.node;
                var span = el("span", { "class": "hg-value", "data-key": range.k });
                middle.parentNode.replaceChild(span, middle);
                span.appendChild(middle);
                range.spans.unshift(span);
            }
        }
        return ranges;
    }

    // Prepares a code block for a panel's segments at a size: puts the default text in place
    // (highlighted like mdbook does) and wraps the values. Returns false if the shown text cannot
    // be matched to the segments, in which case the block keeps its text.
    function prepare(code, segs, defaults) {
        var raw = segs.map(function (s) { return s.k ? { k: s.k, v: defaults[s.k] } : s; });
        var rawText = asBlock(joined(raw, defaults));
        if (code._hgBase === rawText) { return true; }
        if (code.textContent !== rawText && code.textContent !== asBlock(joined(retab(raw), defaults))) {
            // Another size's text: start again from the validated default text. highlight.js
            // only ever sees this build-time text, never the reader's input.
            code.textContent = rawText;
            if (window.hljs && typeof window.hljs.highlightBlock === "function") {
                try { window.hljs.highlightBlock(code); } catch (e) { code.textContent = rawText; }
            }
            code.classList.add("hljs");
        }
        var shown;
        if (code.textContent === rawText) { shown = raw; }
        else {
            shown = retab(raw).map(function (s, i) { return s.k ? raw[i] : s; });
            if (code.textContent !== asBlock(joined(shown, defaults))) { return false; }
        }
        code._hgRanges = wrapValues(code, shown);
        code._hgBase = rawText;
        return true;
    }

    function setValues(code, vals, defaults) {
        (code._hgRanges || []).forEach(function (r) {
            r.spans.forEach(function (span, i) { span.textContent = i === 0 ? vals[r.k] : ""; });
            r.spans.forEach(function (span) { span.classList.toggle("hg-custom", vals[r.k] !== defaults[r.k]); });
        });
    }

    // Labels around the configs (tabs, "Run on controller1") name controllers by the guide's
    // names; they follow the reader's names as whole words. Configs themselves only change
    // through their segments.
    function renameNodes(text) {
        if (!deploy || !profile) { return text; }
        var d = defaultsFor(deploy.size), vals = effective(deploy);
        Object.keys(d).forEach(function (k) {
            if (!isNodeNameKey(k) || vals[k] === d[k]) { return; }
            var word = new RegExp("(^|[^a-z0-9-])" + d[k].replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "(?![a-z0-9-])", "g");
            text = text.replace(word, function (m, before) { return before + vals[k]; });
        });
        return text;
    }

    function panelLabel(panel, i) {
        return renameNodes(panel.dataset.label || ("Variant " + (i + 1)));
    }

    function renameHead(panel) {
        panel.querySelectorAll(".hg-variant-head .hg-run-on, .hg-variant-head .hg-target").forEach(function (e) {
            if (e._hgText === undefined) { e._hgText = e.textContent; }
            e.textContent = renameNodes(e._hgText);
        });
    }

    // A new panel element for a size other than the page's: a copy of the page's first panel
    // (so it keeps mdbook's copy button) with this panel's label, target and code.
    function buildPanel(fig, pd) {
        var div = fig._hg.original[0].cloneNode(true);
        div.removeAttribute("id");
        div.dataset.variants = pd.v;
        div.dataset.label = pd.l;
        var head = div.querySelector(".hg-variant-head");
        while (head.firstChild) { head.removeChild(head.firstChild); }
        if (pd.l) { head.appendChild(el("span", { "class": "hg-variant-label" }, pd.l)); head.appendChild(document.createTextNode(" ")); }
        if (pd.f) { head.appendChild(el("code", { "class": "hg-target" }, pd.f)); }
        else if (pd.r) { head.appendChild(el("span", { "class": "hg-run-on" }, "Run on " + pd.r)); }
        // mdbook hides the "Copied!" tooltip on mouseout with a listener that cloning drops.
        div.querySelectorAll(".clip-button").forEach(function (b) {
            b.addEventListener("mouseout", function () {
                if (b.firstChild) { b.firstChild.textContent = ""; }
                b.className = "clip-button";
            });
        });
        var code = div.querySelector("pre code");
        code.className = "language-" + pd.g;
        code._hgBase = null;
        code.textContent = "";
        return div;
    }

    function note(fig, text) {
        var hg = fig._hg;
        if (!text) { if (hg.note) { hg.note.remove(); hg.note = null; } return; }
        if (!hg.note) {
            hg.note = el("p", { "class": "hg-note", role: "note" });
            var cap = fig.querySelector("figcaption");
            fig.insertBefore(hg.note, cap ? cap.nextSibling : fig.firstChild);
        }
        hg.note.textContent = text;
    }

    // Shows one figure at the reader's size with the reader's values.
    function renderFigure(fig) {
        var hg = fig._hg;
        var size = deploy.size, list = panelsAt(fig, size), message = "";
        if (!Array.isArray(list)) {
            message = "Not available for " + size + " controllers (" + list.unavailable + "): shown for " + profile.size + ".";
            size = profile.size;
            list = panelsAt(fig, size);
            if (!Array.isArray(list)) { note(fig, message); return; }
        }
        var defaults = defaultsFor(size);
        var vals = size === deploy.size ? effective(deploy) : effective({ size: size, values: deploy.values });
        var panels;
        if (size === profile.size) {
            panels = hg.original;
        } else {
            hg.built[size] = hg.built[size] || list.map(function (pd) { return buildPanel(fig, pd); });
            panels = hg.built[size];
        }
        var sameStructure = panels.length === list.length && panels.every(function (p, i) { return p.dataset.variants === list[i].v; });
        if (!sameStructure) { note(fig, "This snippet cannot follow your deployment here; it shows the guide's example."); return; }
        if (hg.panels !== panels) {
            var anchor = hg.panels[hg.panels.length - 1].nextSibling;
            hg.panels.forEach(function (p) { p.remove(); });
            panels.forEach(function (p) { fig.insertBefore(p, anchor); });
            hg.panels = panels;
            if (!IS_PRINT) { tabify(fig); }
        } else if (hg.tabs.length) {
            hg.tabs.forEach(function (t, i) { t.textContent = panelLabel(panels[i], i); });
        }
        var fixed = false;
        list.forEach(function (pd, i) {
            var code = panels[i].querySelector("pre code");
            if (!code) { return; }
            var labelSpan = panels[i].querySelector(".hg-variant-label");
            if (labelSpan) { labelSpan.textContent = panelLabel(panels[i], i); }
            renameHead(panels[i]);
            if (!pd.c) {
                // Shown as validated: a template transforms a value, so it cannot be swapped.
                if (pd.x !== undefined && code._hgBase !== asBlock(pd.x)) { code.textContent = asBlock(pd.x); code._hgBase = asBlock(pd.x); }
                fixed = true;
                return;
            }
            var segs = decode(pd.c, fig._hgLines || []);
            if (!segs || !prepare(code, segs, defaults)) { fixed = true; return; }
            setValues(code, vals, defaults);
        });
        if (fixed && !isDefault(deploy)) {
            message = (message ? message + " " : "") + "Some of its text keeps the guide's example values, which could not be replaced safely.";
        }
        note(fig, message);
    }

    // Values in prose ({{#profile}} in the Markdown) follow the panel like the snippets, as text.
    function renderProse() {
        var vals = null;
        try { vals = deploy && profile ? effective(deploy) : null; } catch (e) { vals = null; }
        document.querySelectorAll("span.hg-prose-value[data-key]").forEach(function (span) {
            if (!span.hasAttribute("data-default")) { span.setAttribute("data-default", span.textContent); }
            var k = span.getAttribute("data-key");
            var v = vals && Object.prototype.hasOwnProperty.call(vals, k) ? vals[k] : span.getAttribute("data-default");
            if (span.textContent !== v) { span.textContent = v; }
            span.classList.toggle("hg-custom", v !== span.getAttribute("data-default"));
        });
    }

    function renderAll() {
        figures.forEach(function (f) { if (f._hg.data) { renderFigure(f); } });
        renderProse();
        updateStatus();
    }

    // ---------------------------------------------------------------- the panel

    var ui = null;

    function fieldLabel(key) {
        var m;
        if ((m = /^vips\.([^.]+)\.(address|name)$/.exec(key))) { return (m[1][0].toUpperCase() + m[1].slice(1)) + " VIP " + m[2]; }
        if ((m = /^controllers\.(\d+)\.(name|management)$/.exec(key))) {
            return "Controller " + (Number(m[1]) + 1) + " " + (m[2] === "name" ? "name" : "management address");
        }
        return key;
    }

    function inputFor(key, container) {
        var id = "hg-f-" + key.replace(/\./g, "-");
        var wrap = el("div", { "class": "hg-field" });
        wrap.appendChild(el("label", { "for": id }, fieldLabel(key)));
        var input = el("input", { id: id, type: "text", autocomplete: "off", spellcheck: "false",
            autocapitalize: "off", inputmode: isAddressKey(key) ? "decimal" : "text",
            "aria-describedby": id + "-msg" });
        input.dataset.key = key;
        wrap.appendChild(input);
        wrap.appendChild(el("span", { id: id + "-msg", "class": "hg-msg" }));
        container.appendChild(wrap);
        ui.inputs[key] = input;
        input.addEventListener("input", function () { onEdit(false); });
        // Leaving a field shows its problems at once; while typing they wait for a pause.
        input.addEventListener("change", function () { onEdit(true); });
    }

    function fillForm() {
        var vals = effective(ui.state);
        ui.sizeRadios.forEach(function (r) { r.checked = Number(r.value) === ui.state.size; });
        // Controller rows follow the size.
        while (ui.controllers.firstChild) { ui.controllers.removeChild(ui.controllers.firstChild); }
        Object.keys(ui.inputs).forEach(function (k) { if (isNodeNameKey(k) || /management$/.test(k)) { delete ui.inputs[k]; } });
        for (var i = 0; i < ui.state.size; i++) {
            var row = el("div", { "class": "hg-row" });
            ["controllers." + i + ".name", "controllers." + i + ".management"].forEach(function (k) {
                if (vals[k] !== undefined) { inputFor(k, row); }
            });
            ui.controllers.appendChild(row);
        }
        Object.keys(ui.inputs).forEach(function (k) { ui.inputs[k].value = vals[k] !== undefined ? vals[k] : ""; });
        showChecks(check(ui.state));
    }

    function showChecks(result) {
        Object.keys(ui.inputs).forEach(function (k) {
            var input = ui.inputs[k], msg = document.getElementById(input.id + "-msg");
            var text = result.errors[k] || result.warnings[k] || "";
            input.setAttribute("aria-invalid", result.errors[k] ? "true" : "false");
            msg.textContent = text;
            msg.className = "hg-msg" + (result.errors[k] ? " hg-error" : result.warnings[k] ? " hg-warning" : "");
        });
        var n = Object.keys(result.errors).length;
        ui.status.textContent = n
            ? "Fix the " + (n === 1 ? "marked field" : n + " marked fields") + "; the configs keep the previous values meanwhile."
            : isDefault(ui.state) ? "The configs show the guide's example deployment." : "The configs on every page show these values.";
    }

    // Reads the form into a state: only values that differ from the guide's are kept. Good
    // values apply at once; problems are shown when the reader pauses or leaves the field, so
    // that a half-typed address is not flagged (nor announced) at every keystroke.
    function onEdit(now) {
        var d = defaultsFor(ui.state.size);
        Object.keys(ui.inputs).forEach(function (k) {
            var v = ui.inputs[k].value.trim();
            if (v === d[k]) { delete ui.state.values[k]; } else { ui.state.values[k] = v; }
        });
        var result = check(ui.state);
        window.clearTimeout(ui.pending);
        if (!Object.keys(result.errors).length) {
            showChecks(result);
            commit();
        } else if (now) {
            showChecks(result);
        } else {
            ui.pending = window.setTimeout(function () { showChecks(check(ui.state)); }, 700);
        }
    }

    function commit() {
        deploy = { size: ui.state.size, values: JSON.parse(JSON.stringify(ui.state.values)) };
        writeJson(DEPLOY_KEY, isDefault(deploy) ? null : deploy);
        renderAll();
    }

    function reset() {
        ui.state = { size: profile.size, values: {} };
        fillForm();
        commit();
    }

    function syncPanelChoice() {
        if (!ui) { return; }
        Object.keys(ui.selects).forEach(function (axis) {
            var s = ui.selects[axis];
            s.value = choice[axis] && Array.prototype.some.call(s.options, function (o) { return o.value === choice[axis]; }) ? choice[axis] : "";
        });
    }

    function openPanel(open) {
        ui.section.hidden = !open;
        ui.toggle.setAttribute("aria-expanded", open ? "true" : "false");
        if (open) {
            ui.state = { size: deploy.size, values: JSON.parse(JSON.stringify(deploy.values)) };
            fillForm();
            syncPanelChoice();
            ui.title.focus();
        }
    }

    function serverIcon() {
        var NS = "http://www.w3.org/2000/svg";
        var svg = document.createElementNS(NS, "svg");
        svg.setAttribute("viewBox", "0 0 16 16");
        svg.setAttribute("aria-hidden", "true");
        svg.setAttribute("class", "hg-icon");
        [1, 6, 11].forEach(function (y) {
            var r = document.createElementNS(NS, "rect");
            r.setAttribute("x", "1"); r.setAttribute("y", String(y)); r.setAttribute("width", "14"); r.setAttribute("height", "4"); r.setAttribute("rx", "1");
            svg.appendChild(r);
        });
        return svg;
    }

    function buildPanel_ui(main) {
        ui = { inputs: {}, selects: {}, sizeRadios: [], state: null };
        var section = el("section", { id: "hg-deployment", "class": "hg-deployment", "aria-labelledby": "hg-deployment-title" });
        section.hidden = true;
        ui.section = section;
        ui.title = el("p", { id: "hg-deployment-title", "class": "hg-deployment-title", role: "heading", "aria-level": "2", tabindex: "-1" }, "Your deployment");
        section.appendChild(ui.title);
        section.appendChild(el("p", { "class": "hg-deployment-intro" },
            "Enter your own addresses and names: every config in this guide shows them. They are kept in this browser only (localStorage) and sent nowhere."));
        var form = el("form", { novalidate: "novalidate" });
        form.addEventListener("submit", function (ev) { ev.preventDefault(); });

        if ((profile.axes || []).length) {
            var sw = el("fieldset", { "class": "hg-group" });
            sw.appendChild(el("legend", {}, "Show the configs for"));
            var axesRow = el("div", { "class": "hg-row" });
            sw.appendChild(axesRow);
            profile.axes.forEach(function (axis) {
                var id = "hg-axis-" + axis.id, wrap = el("div", { "class": "hg-field" });
                wrap.appendChild(el("label", { "for": id }, axis.label));
                var s = el("select", { id: id });
                s.appendChild(el("option", { value: "" }, "as each page suggests"));
                axis.values.forEach(function (v) { s.appendChild(el("option", { value: v.id }, v.label)); });
                s.addEventListener("change", function () {
                    if (s.value) { var p = {}; p[axis.id] = s.value; setChoice(p); }
                    else { delete choice[axis.id]; setChoice({}); }
                });
                ui.selects[axis.id] = s;
                wrap.appendChild(s);
                axesRow.appendChild(wrap);
            });
            form.appendChild(sw);
        }

        var sizes = el("fieldset", { "class": "hg-group" });
        sizes.appendChild(el("legend", {}, "Cluster size (configs pre-rendered and validated for each)"));
        profile.sizes.forEach(function (n) {
            var id = "hg-size-" + n, label = el("label", { "for": id, "class": "hg-radio" });
            var r = el("input", { type: "radio", name: "hg-size", id: id, value: String(n) });
            r.addEventListener("change", function () {
                if (!r.checked) { return; }
                onEdit(true); // keep what was typed for the current rows
                ui.state.size = n;
                fillForm();
                if (!Object.keys(check(ui.state).errors).length) { commit(); }
            });
            ui.sizeRadios.push(r);
            label.appendChild(r);
            label.appendChild(document.createTextNode(" " + n + " controllers"));
            sizes.appendChild(label);
        });
        form.appendChild(sizes);

        var vips = el("fieldset", { "class": "hg-group" });
        vips.appendChild(el("legend", {}, "Virtual IPs"));
        (profile.vips || []).forEach(function (v) {
            var row = el("div", { "class": "hg-row" });
            inputFor("vips." + v.role + ".name", row);
            inputFor("vips." + v.role + ".address", row);
            vips.appendChild(row);
        });
        form.appendChild(vips);

        var ctl = el("fieldset", { "class": "hg-group" });
        ctl.appendChild(el("legend", {}, "Controllers"));
        ui.controllers = el("div", {});
        ctl.appendChild(ui.controllers);
        form.appendChild(ctl);

        var buttons = el("div", { "class": "hg-buttons" });
        var resetButton = el("button", { type: "button", id: "hg-deployment-reset" }, "Reset to the guide's example");
        resetButton.addEventListener("click", reset);
        var close = el("button", { type: "button", id: "hg-deployment-close" }, "Close");
        close.addEventListener("click", function () { openPanel(false); ui.toggle.focus(); });
        buttons.appendChild(resetButton);
        buttons.appendChild(close);
        form.appendChild(buttons);
        ui.status = el("p", { "class": "hg-deployment-status", role: "status" });
        form.appendChild(ui.status);
        section.appendChild(form);
        section.addEventListener("keydown", function (ev) {
            if (ev.key === "Escape") { openPanel(false); ui.toggle.focus(); }
        });
        main.insertBefore(section, main.firstChild);

        var toggle = el("button", { type: "button", id: "hg-deployment-toggle", "class": "icon-button",
            title: "Your deployment: your addresses and names in every config", "aria-label": "Your deployment",
            "aria-expanded": "false", "aria-controls": "hg-deployment" });
        toggle.appendChild(serverIcon());
        toggle.addEventListener("click", function () { openPanel(section.hidden); });
        ui.toggle = toggle;
        var bar = document.querySelector("#mdbook-menu-bar .right-buttons") || document.querySelector(".menu-bar .right-buttons");
        if (bar) { bar.insertBefore(toggle, bar.firstChild); }
        else { main.insertBefore(toggle, section); }

        // A line above the page's configs while they show the reader's values.
        ui.banner = el("p", { "class": "hg-deployment-banner", role: "note" });
        ui.banner.hidden = true;
        ui.bannerText = el("span", {});
        var edit = el("button", { type: "button" }, "Edit");
        edit.addEventListener("click", function () { openPanel(true); });
        var back = el("button", { type: "button" }, "Show the guide's example");
        back.addEventListener("click", reset);
        ui.banner.appendChild(ui.bannerText);
        ui.banner.appendChild(document.createTextNode(" "));
        ui.banner.appendChild(edit);
        ui.banner.appendChild(document.createTextNode(" "));
        ui.banner.appendChild(back);
        main.insertBefore(ui.banner, section.nextSibling);
    }

    function updateStatus() {
        if (!ui) { return; }
        var custom = !isDefault(deploy);
        var followers = figures.some(function (f) { return f._hg.data; });
        ui.banner.hidden = !(custom && followers);
        ui.toggle.classList.toggle("hg-active", custom);
        if (custom) {
            var vals = effective(deploy);
            ui.bannerText.textContent = "The configs on this page show your deployment: " + deploy.size +
                " controllers, internal VIP " + (vals["vips.internal.address"] || "") + ".";
        }
    }

    // ---------------------------------------------------------------- start

    function init() {
        choice = loadChoice();
        profile = loadProfile();
        figures = Array.prototype.slice.call(document.querySelectorAll("figure.hg-snippet"));
        figures.forEach(function (f) {
            var panels = Array.prototype.slice.call(f.querySelectorAll(":scope > .hg-variant"));
            var island = f.querySelector(":scope > script.hg-segments");
            f._hg = { panels: panels, original: panels, built: {}, tabs: [], bar: null, note: null,
                data: profile && island ? readIsland(island) : null };
        });
        if (!profile) {
            if (!IS_PRINT) { figures.forEach(function (f) { f.classList.add("hg-js"); tabify(f); }); }
            return;
        }
        deploy = cleanDeploy(readJson(DEPLOY_KEY));
        // The print page shows every variant, labelled, without tabs or the panel; its configs
        // carry the reader's values like every other page, so a printout matches their cluster.
        if (IS_PRINT) {
            if (!isDefault(deploy)) { renderAll(); }
            return;
        }
        figures.forEach(function (f) {
            f.classList.add("hg-js");
            tabify(f);
        });
        var main = document.querySelector("#mdbook-content main") || document.querySelector("main");
        if (main) { buildPanel_ui(main); }
        if (!isDefault(deploy)) { renderAll(); } else { updateStatus(); }
        // Another window of the guide changed the choice or the values.
        window.addEventListener("storage", function (ev) {
            if (ev.key === VARIANT_KEY) {
                choice = cleanChoice(readJson(VARIANT_KEY));
                updateUrl(false);
                figures.forEach(function (f) { selectBest(f); });
                syncPanelChoice();
            } else if (ev.key === DEPLOY_KEY || ev.key === null) {
                deploy = cleanDeploy(readJson(DEPLOY_KEY));
                renderAll();
                if (ui && !ui.section.hidden) {
                    ui.state = { size: deploy.size, values: JSON.parse(JSON.stringify(deploy.values)) };
                    fillForm();
                }
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
