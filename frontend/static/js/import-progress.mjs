// The progress of a contracts import, kept up to date without reloading: the page
// asks the API for the import every two seconds and moves the bar, and reloads once
// the work is done to show the result. Without JavaScript the page's refresh link
// does the same.
const panel = document.querySelector("[data-import-progress]");
const POLL_MS = 2000;

function show(body) {
  const bar = panel.querySelector("progress");
  const text = panel.querySelector("[data-progress-text]");
  const about = body.status === "checking" ? "about " : "";
  bar.max = body.total_rows || 1;
  bar.value = body.processed_rows;
  bar.textContent = `${body.progress_percent}%`;
  text.textContent = `${body.processed_rows} of ${about}${body.total_rows} rows (${body.progress_percent}%)`;
}

async function poll() {
  try {
    const response = await fetch(panel.dataset.importProgress, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.ok) {
      const body = await response.json();
      if (body.status !== "checking" && body.status !== "importing") {
        window.location.reload();
        return;
      }
      show(body);
    }
  } catch {
    // A dropped connection: try again at the next tick.
  }
  window.setTimeout(poll, POLL_MS);
}

if (panel) {
  window.setTimeout(poll, POLL_MS);
}
