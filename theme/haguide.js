// Variant tabs for snippet blocks.
//
// One choice of distro / cluster tool / release applies to every snippet on the page and on
// later pages (localStorage), and can be shared with ?distro=rhel&tool=pcs in the URL. The print
// page keeps every variant visible, as does a browser without JavaScript.
(function () {
    "use strict";
    var KEY = "haguide-variant";
    var AXES = ["distro", "tool", "release", "node"];

    function parseVariant(text) {
        var out = {};
        (text || "").split(",").forEach(function (pair) {
            var kv = pair.split("=");
            if (kv.length === 2) { out[kv[0]] = kv[1]; }
        });
        return out;
    }

    function loadChoice() {
        var choice = {};
        try { choice = JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { choice = {}; }
        var params = new URLSearchParams(window.location.search);
        var fromUrl = false;
        AXES.forEach(function (axis) {
            var v = params.get(axis);
            if (v && /^[A-Za-z0-9._-]+$/.test(v)) { choice[axis] = v; fromUrl = true; }
        });
        if (fromUrl) { saveChoice(choice); }
        return choice;
    }

    function saveChoice(choice) {
        try { localStorage.setItem(KEY, JSON.stringify(choice)); } catch (e) { /* private mode */ }
    }

    // The panel whose variants agree with most of the reader's choices; the first on a tie.
    function bestPanel(panels, choice) {
        var best = 0, bestScore = -1;
        panels.forEach(function (panel, i) {
            panel.dataset.variants.split(";").forEach(function (v) {
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

    function select(figure, index, focus) {
        var panels = figure._hgPanels, tabs = figure._hgTabs;
        panels.forEach(function (p, i) { p.hidden = i !== index; });
        tabs.forEach(function (t, i) {
            t.setAttribute("aria-selected", i === index ? "true" : "false");
            t.tabIndex = i === index ? 0 : -1;
            if (focus && i === index) { t.focus(); }
        });
    }

    function applyAll(choice) {
        document.querySelectorAll("figure.hg-snippet.hg-js").forEach(function (f) {
            select(f, bestPanel(f._hgPanels, choice), false);
        });
    }

    function tabify(figure, n, choice) {
        var panels = Array.prototype.slice.call(figure.querySelectorAll(":scope > .hg-variant"));
        if (panels.length < 2) { return; }
        var bar = document.createElement("div");
        bar.className = "hg-tabs";
        bar.setAttribute("role", "tablist");
        bar.setAttribute("aria-label", "Variants of " + (figure.dataset.snippet || "this snippet"));
        var tabs = panels.map(function (panel, i) {
            var id = "hg-" + n + "-" + i;
            panel.id = panel.id || id + "-panel";
            panel.setAttribute("role", "tabpanel");
            panel.setAttribute("aria-labelledby", id);
            var tab = document.createElement("button");
            tab.type = "button";
            tab.id = id;
            tab.setAttribute("role", "tab");
            tab.setAttribute("aria-controls", panel.id);
            tab.textContent = panel.dataset.label || ("Variant " + (i + 1));
            tab.addEventListener("click", function () {
                var chosen = parseVariant(panel.dataset.variants.split(";")[0]);
                var current = loadChoice();
                Object.keys(chosen).forEach(function (axis) { current[axis] = chosen[axis]; });
                saveChoice(current);
                applyAll(current);
            });
            tab.addEventListener("keydown", function (ev) {
                var step = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
                if (ev.key === "Home") { step = -i; }
                if (ev.key === "End") { step = panels.length - 1 - i; }
                if (step !== 0) {
                    ev.preventDefault();
                    var next = (i + step + panels.length) % panels.length;
                    tabs[next].click();
                    tabs[next].focus();
                }
            });
            bar.appendChild(tab);
            return tab;
        });
        figure.insertBefore(bar, panels[0]);
        figure._hgPanels = panels;
        figure._hgTabs = tabs;
        figure.classList.add("hg-js");
        select(figure, bestPanel(panels, choice), false);
    }

    function init() {
        // The print page shows every variant, labelled.
        if (/print\.html$/.test(window.location.pathname)) { return; }
        var choice = loadChoice();
        document.querySelectorAll("figure.hg-snippet").forEach(function (f, n) { tabify(f, n, choice); });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
