// Runs Lighthouse for the browser suite (e2e/lighthouse_test.go) and
// prints, as JSON, each run's category scores and the audits that cost
// them points. It reads its job as JSON on stdin:
//
//	{"chrome": "/usr/bin/chromium-headless-shell", "flags": ["--headless", …],
//	 "cookie": "docket_session=…",
//	 "runs": [{"url": "http://127.0.0.1:…/tasks", "preset": "mobile" | "desktop"}]}
//
// One Chromium serves every run, one run after another: Lighthouse
// measures a page alone in its browser, and the runs would slow each
// other down.
import fs from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const categories = ["performance", "accessibility", "best-practices", "seo"];

// describe turns one row of an audit's details into a line a person can
// act on: the element, the resource or the number the audit points at.
function describe(item) {
  const parts = [];
  const node = item.node;
  if (node && node.type === "node") {
    parts.push(node.selector || node.path, node.snippet);
    if (node.explanation) parts.push(node.explanation);
  }
  for (const key of ["url", "source", "label", "description", "statistic", "value", "failureReason", "reason"]) {
    const v = item[key];
    if (v == null) continue;
    parts.push(typeof v === "object" ? (v.url ?? v.value ?? JSON.stringify(v)) : String(v));
  }
  for (const key of ["wastedMs", "wastedBytes", "totalBytes", "duration", "cacheLifetimeMs", "score"]) {
    if (typeof item[key] === "number") parts.push(`${key} ${Math.round(item[key])}`);
  }
  if (parts.length === 0) parts.push(JSON.stringify(item).slice(0, 300));
  return parts.filter(Boolean).join(" · ");
}

// diagnostics explain a performance score below 1: where the main thread
// was busy, what held up the first paint, and what the metrics measured.
const diagnostics = ["long-tasks", "render-blocking-resources", "largest-contentful-paint-element", "dom-size", "bootup-time"];

// failing lists the audits of a category that scored below 1, and for
// performance the diagnostics that say why.
function failing(lhr, id) {
  const out = [];
  const short = lhr.categories[id].score < 1;
  for (const ref of lhr.categories[id].auditRefs) {
    const a = lhr.audits[ref.id];
    const explains = short && diagnostics.includes(ref.id) && (a.details?.items?.length ?? 0) > 0;
    if (!explains && (ref.weight === 0 || a.score === null || a.score >= 1)) continue;
    const items = a.details?.items ?? [];
    out.push({
      category: id,
      id: a.id,
      title: a.title,
      score: a.score ?? -1,
      displayValue: a.displayValue ?? "",
      details: items.slice(0, 10).map(describe),
      more: Math.max(0, items.length - 10),
    });
  }
  return out;
}

// layoutShifts reads the layout shifts from the trace, for Lighthouse's
// own audit of them fails on newer Chromium ("frame_sequence").
function layoutShifts(trace) {
  const shifts = (trace?.traceEvents ?? []).filter((e) => e.name === "LayoutShift" && !e.args.data.had_recent_input);
  return {
    category: "performance",
    id: "layout-shift-events",
    title: "Layout shifts in the trace: moved boxes as [x, y, width, height], before → after",
    score: -1,
    displayValue: "",
    details: shifts.map((e) => `shift ${e.args.data.score.toFixed(3)}: ` +
      e.args.data.impacted_nodes.slice(0, 4).map((n) => `[${n.old_rect}] → [${n.new_rect}]`).join(", ")),
    more: 0,
  };
}

const job = JSON.parse(fs.readFileSync(0, "utf8"));
const chrome = await chromeLauncher.launch({ chromePath: job.chrome, chromeFlags: job.flags, logLevel: "silent" });
const results = [];
try {
  for (const run of job.runs) {
    const flags = {
      port: chrome.port,
      logLevel: "error",
      output: "json",
      onlyCategories: categories,
      extraHeaders: { Cookie: job.cookie },
      // The screenshot of the whole page only illustrates the HTML report.
      disableFullPageScreenshot: true,
    };
    const res = await lighthouse(run.url, flags, run.preset === "desktop" ? desktopConfig : undefined);
    if (!res) throw new Error(`Lighthouse returned nothing for ${run.url}`);
    const lhr = res.lhr;
    const scores = {};
    const failed = [];
    for (const id of categories) {
      scores[id] = lhr.categories[id]?.score ?? null;
      if (lhr.categories[id]) failed.push(...failing(lhr, id));
    }
    if (lhr.audits["cumulative-layout-shift"]?.score < 1) failed.push(layoutShifts(res.artifacts.Trace));
    results.push({
      url: run.url,
      finalUrl: lhr.finalDisplayedUrl,
      preset: run.preset,
      scores,
      failing: failed,
      runtimeError: lhr.runtimeError?.message ?? "",
      warnings: lhr.runWarnings,
      benchmarkIndex: lhr.environment.benchmarkIndex,
    });
  }
} finally {
  await chrome.kill();
}
// Lighthouse leaves timers behind that would keep node up for seconds.
process.stdout.write(JSON.stringify(results), () => process.exit(0));
