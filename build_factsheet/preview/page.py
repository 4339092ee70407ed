"""The brand's colours -> the preview's browser page; the style that shows the print HTML on a screen."""

# The print HTML on a screen: a sheet at most as wide as the brand's paper, with the page's side
# margins, on grey; the page's own margins (@page) mean nothing to a browser. The print HTML
# declares the brand's custom properties (layouts/brand.yaml).
SCREEN_PAGE = """<style media="screen">
  html { background: #d9dde1; }
  body { box-sizing: border-box; width: min(var(--paper-width), 100% - 8mm); min-height: var(--paper-height);
         margin: 4mm auto;
         overflow: hidden; padding: 0 var(--page-margin-inline) var(--page-margin-foot); background: #fff;
         box-shadow: 0 1px 6px rgba(0, 0, 0, 0.25); }
</style>
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Factsheet preview</title>
<style>
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; display: flex; flex-direction: column; height: 100vh; }
  header { display: flex; gap: 1rem; align-items: center; padding: 0.4rem 0.8rem; background: var(--brand-primary, #333); color: #fff; }
  header h1 { font-size: 1rem; margin: 0; }
  nav a { color: #fff; margin-inline-end: 0.6rem; }
  nav a[aria-current] { font-weight: 700; text-decoration: none; border-bottom: 2px solid var(--brand-accent, #fff); }
  #status { margin-inline-start: auto; }
  #errors { margin: 0; padding: 0.6rem 0.8rem; background: #fdecea; color: var(--brand-alert, #a00); white-space: pre-wrap;
            font: 13px/1.4 ui-monospace, monospace; border-bottom: 2px solid var(--brand-alert, #a00); }
  #errors:empty, #warnings:empty { display: none; }
  #warnings { margin: 0; padding: 0.4rem 0.8rem; background: #fff4e5; color: #7a4100; white-space: pre-wrap;
              font: 13px/1.4 ui-monospace, monospace; }
  main { flex: 1; display: flex; min-height: 0; }
  iframe { flex: 1; border: 0; border-inline-end: 1px solid var(--brand-rule, #ccc); background: #fff; }
</style>
</head>
<body>
<header>
  <h1>Factsheet preview</h1>
  <nav id="langs" aria-label="Language"></nav>
  <span id="status" role="status">starting...</span>
</header>
<pre id="errors" role="alert"></pre>
<pre id="warnings" role="status"></pre>
<main>
  <iframe id="html" title="HTML rendering"></iframe>
  <iframe id="pdf" title="PDF"></iframe>
</main>
<script>
const shown = {lang: null, html: -1, pdf: -1};
function apply(s) {
  const nav = document.getElementById("langs");
  nav.replaceChildren(...s.langs.map(l => {
    const a = document.createElement("a"); a.href = "/?lang=" + l; a.textContent = l;
    if (l === s.lang) a.setAttribute("aria-current", "page");
    return a;
  }));
  if (s.lang !== shown.lang) { shown.lang = s.lang; shown.html = shown.pdf = -1; }
  if (s.html.version !== shown.html && !s.html.busy && !s.html.errors.length) {
    shown.html = s.html.version;
    document.getElementById("html").src = "/html/" + s.lang + "/factsheet.html?v=" + s.html.version;
  }
  if (s.with_pdf && s.pdf.version !== shown.pdf && s.pdf.version > 0 && !s.pdf.busy) {
    shown.pdf = s.pdf.version;
    document.getElementById("pdf").src = "/pdf/" + s.lang + ".pdf?v=" + s.pdf.version;
  }
  document.getElementById("errors").textContent = [...s.html.errors, ...s.pdf.errors].join("\\n");
  document.getElementById("warnings").textContent = s.html.warnings.join("\\n");
  const pdf = !s.with_pdf ? "" : s.pdf.busy ? " · PDF building..." : " · PDF " + s.pdf.seconds.toFixed(2) + " s";
  document.getElementById("status").textContent = s.lang + ": HTML " + s.html.seconds.toFixed(2) + " s" + pdf;
  document.body.dataset.htmlVersion = shown.html;
  document.body.dataset.pdfVersion = shown.pdf;
}
new EventSource("/events").onmessage = e => apply(JSON.parse(e.data));
</script>
</body>
</html>
"""


def preview_page(colours: dict[str, str]) -> str:
    """Return the browser page in the brand's colours (each --brand-<name>); without them, in greys.

    The page must show even when layouts/brand.yaml is broken: it is where that error is shown.
    """
    declared = " ".join(f"--brand-{name.replace('_', '-')}: {value};" for name, value in colours.items())
    return PAGE.replace("<style>", f"<style>\n  :root {{ {declared} }}", 1)
