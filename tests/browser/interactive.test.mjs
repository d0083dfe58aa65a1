// The interactive HTML book in real headless Chromium (Debian's), driven by playwright-core.
// Run by ci/browser-test.sh, which builds the book and sets:
//   HAGUIDE_BOOK       the built book
//   HAGUIDE_CHROMIUM   the browser binary (Debian's /usr/bin/chromium)
//   HAGUIDE_ARTIFACTS  where each case leaves its screenshot
//
// The cases find their pages and snippets in the built book rather than naming them, so that
// they keep testing the guide as its pages change: "a snippet with distro tabs", "a snippet that
// shows the internal VIP", and so on.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, existsSync, mkdirSync } from "node:fs";
import { join, extname, relative, sep } from "node:path";
import { chromium } from "playwright-core";

const BOOK = process.env.HAGUIDE_BOOK;
const CHROMIUM = process.env.HAGUIDE_CHROMIUM || "/usr/bin/chromium";
const ARTIFACTS = process.env.HAGUIDE_ARTIFACTS || "artifacts";

if (!BOOK || !existsSync(join(BOOK, "index.html"))) {
    throw new Error(`HAGUIDE_BOOK=${BOOK} is not a built book (no index.html); run ci/browser-test.sh`);
}
if (!existsSync(CHROMIUM)) {
    throw new Error(`HAGUIDE_CHROMIUM=${CHROMIUM} does not exist; run ci/browser-test.sh, which installs Debian's chromium`);
}
mkdirSync(ARTIFACTS, { recursive: true });

// ------------------------------------------------------------------ the book, read from disk

function htmlFiles(dir) {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) { return htmlFiles(path); }
        return name.endsWith(".html") ? [path] : [];
    });
}

function island(html, cls) {
    const m = new RegExp(`<script type="application/json" class="${cls}">(.*?)</script>`, "s").exec(html);
    return m ? JSON.parse(m[1]) : null;
}

// Every page with its snippet figures: id, axes, the variants of each panel, segment data.
const pages = htmlFiles(BOOK)
    .map((path) => ({ url: relative(BOOK, path).split(sep).join("/"), html: readFileSync(path, "utf8") }))
    .filter((p) => !/^(print|toc|404|index)\.html$/.test(p.url))
    .map((p) => {
        const figures = [];
        const re = /<figure class="hg-snippet" id="([^"]+)" data-snippet="([^"]+)" data-axes="([^"]*)">(.*?)<\/figure>/gs;
        let m;
        while ((m = re.exec(p.html))) {
            const panels = [...m[4].matchAll(/<div class="hg-variant" data-variants="([^"]*)"/g)].map((x) => x[1]);
            figures.push({ id: m[1], snippet: m[2], axes: m[3].split(" ").filter(Boolean), panels, body: m[4], data: island(m[4], "hg-segments") });
        }
        return { url: p.url, profile: island(p.html, "hg-profile"), figures };
    });

const profile = pages.find((p) => p.profile)?.profile;
assert.ok(profile, "no page carries the deployment panel's data (hg-profile island)");
const DEFAULTS = profile.defaults[String(profile.size)];
const VIP = DEFAULTS["vips.internal.address"];

// The distro a panel stands for, when all its variants share one (a panel may cover several).
const soleDistro = (panelVariants) => {
    const ds = new Set(panelVariants.split(";").map((v) => /distro=([^,;]+)/.exec(v)?.[1]));
    return ds.size === 1 ? [...ds][0] : undefined;
};
// A figure with tabs for at least two distros.
const distros = (f) => new Set(f.panels.map(soleDistro).filter(Boolean));
const distroPages = pages.filter((p) => p.figures.some((f) => f.axes.includes("distro") && distros(f).size > 1));
assert.ok(distroPages.length >= 2, "fewer than two pages have snippets with distro tabs");

// A figure that shows the internal VIP through the panel's segments.
const vipKey = -1 - profile.keys.indexOf("vips.internal.address");
const showsVip = (f) => f.data !== null && f.body.includes(VIP) &&
    Object.values(f.data).some((size) => Array.isArray(size) && size.some((p) => (p.c || []).includes(vipKey)));
const vipPage = pages.find((p) => p.figures.some(showsVip));
assert.ok(vipPage, `no snippet shows the internal VIP ${VIP} through the panel`);

// ------------------------------------------------------------------ server and browser

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
    ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2", ".woff": "font/woff",
    ".ttf": "font/ttf", ".json": "application/json", ".inv": "application/octet-stream" };

let server, origin, browser;

before(async () => {
    server = createServer((req, res) => {
        const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
        const file = join(BOOK, path.endsWith("/") ? path + "index.html" : path);
        if (!file.startsWith(BOOK) || !existsSync(file) || statSync(file).isDirectory()) {
            res.writeHead(404); res.end("not found"); return;
        }
        res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
        res.end(readFileSync(file));
    });
    await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
    origin = `http://127.0.0.1:${server.address().port}`;
    // As root, without a sandbox; without background networking, which this closed network
    // refuses and which is no part of what is tested.
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
});

after(async () => {
    await browser?.close();
    server?.close();
});

// A fresh profile (empty localStorage) per case, with a record of every request the page makes
// and of any script-initiated network API call.
async function newPage(options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    await context.addInitScript(() => {
        window.__network = [];
        const note = (what) => (...args) => { window.__network.push(what + " " + String(args[0])); };
        const fetch0 = window.fetch;
        window.fetch = (...a) => { note("fetch")(...a); return fetch0.apply(window, a); };
        const open0 = XMLHttpRequest.prototype.open;
        XMLHttpRequest.prototype.open = function (...a) { note("xhr")(a[1]); return open0.apply(this, a); };
        const beacon0 = navigator.sendBeacon?.bind(navigator);
        if (beacon0) { navigator.sendBeacon = (...a) => { note("beacon")(...a); return beacon0(...a); }; }
    });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    return { context, page, errors, requests };
}

const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });

// The text of the visible panel of a figure, and its variants.
async function visible(page, figureId) {
    return page.evaluate((id) => {
        const fig = document.getElementById(id);
        const panels = [...fig.querySelectorAll(":scope > .hg-variant")].filter((p) => !p.hidden && p.offsetParent !== null);
        return panels.map((p) => ({ variants: p.dataset.variants, text: p.querySelector("pre code").innerText }));
    }, figureId);
}

async function tabsOf(page, figureId) {
    return page.evaluate((id) => [...document.querySelectorAll(`#${CSS.escape(id)} [role=tab]`)].map((t) => ({
        id: t.id, text: t.textContent, selected: t.getAttribute("aria-selected"), tabIndex: t.tabIndex,
        controls: t.getAttribute("aria-controls"),
    })), figureId);
}

function distroFigures(page) {
    return page.figures.filter((f) => f.axes.includes("distro") && distros(f).size > 1 && f.panels.length > 1);
}

// ------------------------------------------------------------------ cases

test("switching a variant changes the visible block, on every snippet of the page", async () => {
    const { context, page, errors } = await newPage();
    const target = distroPages[0];
    await page.goto(`${origin}/${target.url}`);
    const fig = distroFigures(target)[0];
    const before = await visible(page, fig.id);
    assert.equal(before.length, 1, "exactly one panel is visible with JavaScript");
    const tabs = await tabsOf(page, fig.id);
    assert.ok(tabs.length > 1, `${fig.id} has tabs`);
    // A tab whose panel is not the visible one and names another distro.
    const current = soleDistro(before[0].variants);
    const index = fig.panels.findIndex((v) => soleDistro(v) && soleDistro(v) !== current);
    assert.ok(index >= 0, "another distro's tab");
    const wanted = soleDistro(fig.panels[index]);
    await page.click(`#${tabs[index].id}`);
    const afterClick = await visible(page, fig.id);
    assert.equal(afterClick.length, 1);
    assert.notEqual(afterClick[0].variants, before[0].variants, "the visible panel changed");
    assert.ok(afterClick[0].variants.includes(`distro=${wanted}`));
    assert.equal((await tabsOf(page, fig.id))[index].selected, "true");
    // Every figure of the page that has this distro now shows it.
    for (const other of distroFigures(target)) {
        if (!other.panels.some((v) => v.includes(`distro=${wanted}`))) { continue; }
        const shown = await visible(page, other.id);
        assert.ok(shown[0].variants.includes(`distro=${wanted}`), `${other.id} follows the choice`);
    }
    // The address bar is a link to the choice.
    assert.equal(new URL(page.url()).searchParams.get("distro"), wanted);
    await page.locator(`#${fig.id}`).scrollIntoViewIfNeeded();
    await shot(page, "01-switch-variant");
    assert.deepEqual(errors, []);
    await context.close();
});

test("the choice survives navigation, and a shared link sets it", async () => {
    const { context, page, errors } = await newPage();
    const [first, second] = distroPages;
    await page.goto(`${origin}/${first.url}`);
    const fig = distroFigures(first)[0];
    const defaultDistro = soleDistro((await visible(page, fig.id))[0].variants);
    const other = [...distros(fig)].find((d) => d !== defaultDistro);
    const index = fig.panels.findIndex((v) => soleDistro(v) === other);
    await page.click(`#${(await tabsOf(page, fig.id))[index].id}`);
    // Another page, opened without parameters: the stored choice applies.
    await page.goto(`${origin}/${second.url}`);
    const checked = [];
    for (const f of distroFigures(second)) {
        if (!f.panels.some((v) => v.includes(`distro=${other}`))) { continue; }
        const shown = await visible(page, f.id);
        assert.ok(shown[0].variants.includes(`distro=${other}`), `${second.url} ${f.id} shows ${other}`);
        checked.push(f.id);
    }
    assert.ok(checked.length > 0, `${second.url} has a snippet in ${other}`);
    assert.equal(new URL(page.url()).search, "", "a page opened without parameters keeps its address");
    await page.locator(`#${checked[0]}`).scrollIntoViewIfNeeded();
    await shot(page, "02-choice-survives-navigation");
    await context.close();

    // A link with ?distro= in a fresh browser profile.
    const fresh = await newPage();
    await fresh.page.goto(`${origin}/${second.url}?distro=${other}`);
    const shown = await visible(fresh.page, checked[0]);
    assert.ok(shown[0].variants.includes(`distro=${other}`), "the URL parameter selects the variant");
    const stored = await fresh.page.evaluate(() => JSON.parse(localStorage.getItem("haguide-variant")));
    assert.equal(stored.distro, other, "a shared choice is remembered");
    await shot(fresh.page, "02b-choice-from-url");
    assert.deepEqual([...errors, ...fresh.errors], []);
    await fresh.context.close();
});

test("the deployment panel changes the addresses in snippets, checks input, persists and resets", async () => {
    const { context, page, errors, requests } = await newPage();
    await page.goto(`${origin}/${vipPage.url}`);
    const fig = vipPage.figures.find(showsVip);
    const vipRe = new RegExp(`(^|[^0-9.])${VIP.replace(/\./g, "\\.")}(?![0-9])`);
    assert.match((await visible(page, fig.id))[0].text, vipRe, "the default VIP is shown first");

    await page.click("#hg-deployment-toggle");
    assert.equal(await page.getAttribute("#hg-deployment-toggle", "aria-expanded"), "true");
    const NEW_VIP = "10.0.0.250";
    const NEW_NAME = "ctl-a";
    await page.fill("#hg-f-vips-internal-address", NEW_VIP);
    await page.fill("#hg-f-controllers-0-name", NEW_NAME);
    let text = (await visible(page, fig.id))[0].text;
    assert.ok(text.includes(NEW_VIP), `${fig.id} shows the reader's VIP`);
    // Prose values ({{#profile}}) follow too, as text.
    const prose = page.locator('span.hg-prose-value[data-key="vips.internal.address"]');
    if (await prose.count() > 0) {
        assert.deepEqual([...new Set(await prose.allInnerTexts())], [NEW_VIP], "the VIP in prose is the reader's");
    }
    assert.doesNotMatch(text, vipRe, "the default VIP is gone from the snippet");
    // Values are text nodes inside the highlighted code, marked for the reader.
    assert.ok(await page.locator(`#${fig.id} .hg-value.hg-custom`).count() > 0);
    // Labels that name the first controller ("Run on controller1") take the reader's name.
    const firstName = new RegExp(`(^|[^a-z0-9-])${DEFAULTS["controllers.0.name"]}(?![a-z0-9-])`);
    const heads = await page.locator(".hg-variant-head").allInnerTexts();
    assert.deepEqual(heads.filter((h) => firstName.test(h)), [], "no label keeps the old name");
    if (firstName.test(vipPage.figures.map((f) => f.body).join(""))) {
        assert.ok(heads.some((h) => h.includes(NEW_NAME)) || (await page.locator("[role=tab]").allInnerTexts()).some((t) => t.includes(NEW_NAME)));
    }

    // Bad input is refused with a message and does not reach the snippets; markup stays text.
    await page.fill("#hg-f-vips-internal-address", "10.0.0.300");
    await page.press("#hg-f-vips-internal-address", "Tab"); // leaving the field shows its problem
    assert.equal(await page.getAttribute("#hg-f-vips-internal-address", "aria-invalid"), "true");
    assert.match(await page.textContent("#hg-f-vips-internal-address-msg"), /IPv4/);
    assert.ok((await visible(page, fig.id))[0].text.includes(NEW_VIP), "the last good value stays");
    await page.fill("#hg-f-controllers-1-name", "<img src=x onerror=alert(1)>");
    await page.waitForFunction(() => document.getElementById("hg-f-controllers-1-name").getAttribute("aria-invalid") === "true",
        null, { timeout: 3000 }); // or a pause in typing shows it
    assert.equal(await page.getAttribute("#hg-f-controllers-1-name", "aria-invalid"), "true");
    assert.match(await page.textContent("#hg-f-controllers-1-name-msg"), /host name/);
    await page.fill("#hg-f-controllers-1-name", "Controller2");
    await page.press("#hg-f-controllers-1-name", "Tab");
    assert.equal(await page.getAttribute("#hg-f-controllers-1-name", "aria-invalid"), "true", "upper case is not RFC 1123 as the guide checks it");
    await page.fill("#hg-f-controllers-1-name", NEW_NAME);
    await page.press("#hg-f-controllers-1-name", "Tab");
    assert.match(await page.textContent("#hg-f-controllers-1-name-msg"), /twice/, "duplicate names are refused");
    await page.fill("#hg-f-controllers-1-name", DEFAULTS["controllers.1.name"]);
    await page.fill("#hg-f-vips-internal-address", NEW_VIP);
    assert.equal(await page.locator("main img").count(), 0);
    await shot(page, "03-panel-values");

    // Five controllers: pre-rendered snippets take the fifth controller.
    assert.ok(profile.sizes.includes(5), "the panel offers five controllers");
    await page.check("#hg-size-5");
    const five = profile.defaults["5"];
    const withFifth = await page.evaluate((addr) => [...document.querySelectorAll("figure.hg-snippet pre code")]
        .filter((c) => c.closest(".hg-variant") && !c.closest(".hg-variant").hidden)
        .some((c) => c.innerText.includes(addr)), five["controllers.4.management"]);
    assert.ok(withFifth, `some snippet names the fifth controller's address ${five["controllers.4.management"]}`);
    const nodeFig = vipPage.figures.find((f) => f.axes.includes("node") && Array.isArray(f.data?.["5"]));
    if (nodeFig) {
        const expected = nodeFig.data["5"].length;
        assert.ok(expected > nodeFig.panels.length, "five controllers give more panels than three");
        assert.equal((await tabsOf(page, nodeFig.id)).length, expected, `${nodeFig.id} has a tab per panel at five controllers`);
        assert.ok((await tabsOf(page, nodeFig.id)).some((t) => t.text.includes(NEW_NAME)), "controller tabs take the reader's names");
    }

    // The values persist across a reload and on other pages, then reset.
    await page.reload();
    text = (await visible(page, fig.id))[0].text;
    assert.ok(text.includes(NEW_VIP), "values survive a reload");
    assert.ok(await page.isVisible(".hg-deployment-banner"), "the page says it shows the reader's deployment");
    const otherPage = pages.find((p) => p.url !== vipPage.url && p.figures.some(showsVip));
    if (otherPage) {
        await page.goto(`${origin}/${otherPage.url}`);
        const f2 = otherPage.figures.find(showsVip);
        assert.ok((await visible(page, f2.id))[0].text.includes(NEW_VIP), `${otherPage.url} shows the reader's VIP`);
        await page.goto(`${origin}/${vipPage.url}`);
    }
    await page.click("#hg-deployment-toggle");
    await page.click("#hg-deployment-reset");
    text = (await visible(page, fig.id))[0].text;
    assert.match(text, vipRe, "reset brings back the guide's VIP");
    if (await prose.count() > 0) {
        assert.deepEqual([...new Set(await prose.allInnerTexts())], [VIP], "reset brings back the VIP in prose");
    }
    assert.equal(await page.evaluate(() => localStorage.getItem("haguide-deployment")), null);
    await shot(page, "03b-panel-reset");

    // Nothing left the browser: every request went to the book's own server, none carried the
    // reader's values, and no script called fetch, XHR or sendBeacon.
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith("data:"));
    assert.deepEqual(foreign, [], "requests outside the book");
    assert.deepEqual(requests.filter((u) => u.includes(NEW_VIP) || u.includes(NEW_NAME)), []);
    assert.deepEqual(await page.evaluate(() => window.__network), []);
    assert.deepEqual(errors, []);
    await context.close();
});

test("the copy button copies exactly what is shown", async () => {
    const { context, page, errors } = await newPage({ permissions: ["clipboard-read", "clipboard-write"] });
    // The reader's values are in place before the page loads.
    await context.addInitScript(() => {
        if (!localStorage.getItem("haguide-deployment")) {
            localStorage.setItem("haguide-deployment", JSON.stringify({ size: 5, values: { "vips.internal.address": "10.0.0.250", "controllers.0.name": "ctl-a" } }));
        }
    });
    await page.goto(`${origin}/${vipPage.url}`);
    const fig = vipPage.figures.find(showsVip);
    const shown = (await visible(page, fig.id))[0].text;
    assert.ok(shown.includes("10.0.0.250"));
    const panel = page.locator(`#${fig.id} > .hg-variant:not([hidden])`);
    await panel.locator("pre").hover();
    await panel.locator("pre .clip-button").click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, shown, "the clipboard holds the shown text");
    assert.ok(copied.includes("10.0.0.250"));
    await shot(page, "04-copy-button");
    assert.deepEqual(errors, []);
    await context.close();
});

test("tabs work from the keyboard (WAI-ARIA tabs pattern)", async () => {
    const { context, page, errors } = await newPage();
    const target = pages.find((p) => p.figures.some((f) => f.panels.length >= 3)) || distroPages[0];
    const fig = target.figures.find((f) => f.panels.length >= 3) || distroFigures(target)[0];
    await page.goto(`${origin}/${target.url}`);
    let tabs = await tabsOf(page, fig.id);
    const n = tabs.length;
    assert.ok(n >= 2);
    assert.equal(await page.getAttribute(`#${fig.id} .hg-tabs`, "role"), "tablist");
    assert.equal(tabs.filter((t) => t.tabIndex === 0).length, 1, "one tab in the tab order (roving tabindex)");
    const selected = () => tabsOf(page, fig.id).then((ts) => ts.findIndex((t) => t.selected === "true"));
    const focused = () => page.evaluate(() => document.activeElement.id);

    // Reach the tab list with Tab from the element before it.
    await page.focus(`#${tabs[0].id}`);
    await page.locator(`#${fig.id}`).scrollIntoViewIfNeeded();
    await page.evaluate((id) => document.getElementById(id).blur(), tabs[0].id);
    await page.focus(`#${fig.id} .hg-tabs [tabindex="0"]`);
    let at = await selected();
    await page.keyboard.press("ArrowRight");
    assert.equal(await selected(), (at + 1) % n, "ArrowRight selects the next tab");
    assert.equal(await focused(), tabs[(at + 1) % n].id, "and moves focus to it");
    await page.keyboard.press("End");
    assert.equal(await selected(), n - 1, "End selects the last tab");
    await page.keyboard.press("ArrowRight");
    assert.equal(await selected(), 0, "ArrowRight wraps to the first");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await selected(), n - 1, "ArrowLeft wraps to the last");
    await page.keyboard.press("Home");
    assert.equal(await selected(), 0, "Home selects the first tab");
    assert.equal(await focused(), tabs[0].id);
    tabs = await tabsOf(page, fig.id);
    assert.equal(tabs[0].selected, "true");
    assert.deepEqual(tabs.slice(1).map((t) => t.tabIndex), Array(n - 1).fill(-1));
    // The selected tab's panel is labelled by it and visible; Tab moves into it.
    const panelId = tabs[0].controls;
    assert.equal(await page.getAttribute(`#${panelId}`, "role"), "tabpanel");
    assert.equal(await page.getAttribute(`#${panelId}`, "aria-labelledby"), tabs[0].id);
    assert.ok(await page.isVisible(`#${panelId}`));
    await page.keyboard.press("Tab");
    assert.equal(await focused(), panelId, "Tab leaves the tab list for the panel");
    await shot(page, "05-keyboard-tabs");
    assert.deepEqual(errors, []);
    await context.close();
});

test("without JavaScript every variant is shown, labelled, with the guide's values", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${origin}/${vipPage.url}`);
    const fig = vipPage.figures.find((f) => f.panels.length > 1) || vipPage.figures[0];
    const info = await page.evaluate((id) => {
        const f = document.getElementById(id);
        return {
            tabs: f.querySelectorAll("[role=tab]").length,
            panels: [...f.querySelectorAll(".hg-variant")].map((p) => ({
                visible: p.offsetParent !== null,
                label: p.querySelector(".hg-variant-label")?.innerText || "",
            })),
            panel: document.getElementById("hg-deployment"),
        };
    }, fig.id);
    assert.equal(info.tabs, 0);
    assert.equal(info.panel, null, "no deployment panel without JavaScript");
    assert.ok(info.panels.every((p) => p.visible), "every variant is visible");
    if (info.panels.length > 1) { assert.ok(info.panels.every((p) => p.label.length > 0), "every variant is labelled"); }
    assert.ok((await page.innerText(`#${vipPage.figures.find(showsVip).id}`)).includes(VIP));
    await page.locator(`#${fig.id}`).scrollIntoViewIfNeeded();
    await shot(page, "06-no-javascript");
    await context.close();

    // The print page keeps every variant too, with JavaScript on, and carries the reader's values.
    const printed = await newPage();
    await printed.context.addInitScript(() => {
        localStorage.setItem("haguide-deployment", JSON.stringify({ size: 3, values: { "vips.internal.address": "10.0.0.250" } }));
    });
    await printed.page.goto(`${origin}/print.html`);
    const hidden = await printed.page.evaluate(() => [...document.querySelectorAll(".hg-variant")].filter((p) => p.hidden).length);
    assert.equal(hidden, 0, "print.html hides no variant");
    assert.equal(await printed.page.locator("[role=tab]").count(), 0);
    assert.equal(await printed.page.locator("#hg-deployment").count(), 0, "no panel on the print page");
    const printedText = await printed.page.evaluate(() => [...document.querySelectorAll("figure.hg-snippet pre code")].map((c) => c.innerText).join("\n"));
    assert.ok(printedText.includes("10.0.0.250"), "the print page shows the reader's VIP");
    assert.deepEqual(printed.errors, []);
    await printed.context.close();
});

test("every snippet of every page follows the panel", async (t) => {
    const { context, page, errors } = await newPage();
    // Every editable value changed, at the largest size.
    const size = Math.max(...profile.sizes);
    const five = profile.defaults[String(size)];
    const values = {
        "vips.internal.address": "10.0.0.250", "vips.public.address": "198.51.100.250",
        "vips.internal.name": "api-int", "vips.public.name": "cloud.example.org",
    };
    for (let i = 0; i < size; i++) {
        values[`controllers.${i}.name`] = `node-${i + 1}`;
        values[`controllers.${i}.management`] = `10.0.0.${200 + i}`;
    }
    await context.addInitScript((v) => localStorage.setItem("haguide-deployment", JSON.stringify(v)), { size, values });
    const word = (s) => new RegExp(`(^|[^A-Za-z0-9.-])${s.replace(/[.]/g, "\\.")}(?![A-Za-z0-9-]|\\.[0-9])`);
    const addresses = Object.keys(values).filter((k) => /address$|management$/.test(k)).map((k) => [k, word(five[k])]);
    // Controller names only: the internal VIP's name, "controller", is also an English word.
    const names = Object.keys(values).filter((k) => /^controllers\.\d+\.name$/.test(k)).map((k) => [k, word(five[k])]);
    let figures = 0;
    for (const p of pages.filter((x) => x.figures.length)) {
        await page.goto(`${origin}/${p.url}`);
        const found = await page.evaluate(() => ({
            notes: [...document.querySelectorAll(".hg-note")].map((n) => `${n.closest("figure").id}: ${n.textContent}`),
            codes: [...document.querySelectorAll("figure.hg-snippet > .hg-variant pre code")].map((c) => ({ id: c.closest("figure").id, text: c.innerText })),
        }));
        assert.deepEqual(found.notes, [], `${p.url}: snippets that say they cannot follow the panel`);
        figures += found.codes.length;
        for (const { id, text } of found.codes) {
            for (const [k, re] of addresses) {
                const line = text.split("\n").find((l) => re.test(l));
                assert.equal(line, undefined, `${p.url} ${id} still shows the guide's ${k} ${five[k]}`);
            }
            // Names written literally in a template (a comment saying "controller1") cannot
            // follow; they are reported here for the snippet's authors, not failed.
            for (const [k, re] of names) {
                const line = text.split("\n").find((l) => re.test(l));
                if (line !== undefined) { t.diagnostic(`${p.url} ${id}: the guide's ${k} ${five[k]} is written into the template: ${line.trim()}`); }
            }
        }
    }
    assert.ok(figures > 0);
    await page.goto(`${origin}/${vipPage.url}`);
    await shot(page, "07-every-page-follows");
    assert.deepEqual(errors, []);
    await context.close();
});
