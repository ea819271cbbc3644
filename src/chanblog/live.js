// chanblog serve's live reload: injected into previewed pages only, never into `chanblog build` output.
// It listens for the preview's server-sent events: `reload` after a rebuild, `css` when only
// stylesheets changed, and `errors` when a rebuild failed (shown over the last good page).
(() => {
  "use strict";
  const OVERLAY_ID = "chanblog-errors";

  function showErrors(errors) {
    const old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
    if (!errors.length) return;
    const box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;overflow:auto;" +
      "margin:0;padding:1em 1.5em;background:#3b0a0a;color:#fff;font:14px/1.5 ui-monospace,monospace;" +
      "border-top:4px solid #e5484d;white-space:pre-wrap";
    const head = document.createElement("p");
    head.innerHTML = "<strong>The last rebuild failed</strong>; this is the last good build. Fix the file and save it.";
    const list = document.createElement("ul");
    for (const error of errors) {
      const item = document.createElement("li");
      item.textContent = error;
      list.append(item);
    }
    box.append(head, list);
    document.body.append(box);
  }

  function swapStylesheets() {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("chanblog-reload", Date.now().toString());
      link.href = url.href;
    }
  }

  const events = new EventSource("/__chanblog/events");
  events.addEventListener("open", () => { window.__chanblogConnected = true; });
  const errorsOf = (event) => JSON.parse(event.data).errors;
  events.addEventListener("state", (event) => showErrors(errorsOf(event)));
  events.addEventListener("errors", (event) => showErrors(errorsOf(event)));
  events.addEventListener("reload", () => { events.close(); location.reload(); });
  events.addEventListener("css", () => { showErrors([]); swapStylesheets(); });
})();
