// The search page: queries the Pagefind index that `chanblog build` writes under pagefind/.
// Results show the title, date and an excerpt with the matches marked; the checkboxes the page
// holds filter by label, author and tag. The address bar follows the query (`?q=`), so that Back
// and a shared link show the same search. Without JavaScript the page points to the archives
// instead. The words it shows come, in the page's language, from the data attributes of #search.
const root = document.getElementById("search");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const filterBox = document.getElementById("search-filters");
const words = root.dataset;
const FILTERS = ["label", "author", "tag"];
const SHOWN = 20;

function say(text) {
  status.textContent = text;
}

// Pagefind's excerpt is the page's text with matches wrapped in <mark>: keep those marks and
// nothing else, so no markup from an indexed page can reach this one. The title heads the text of
// a post, so an excerpt of its start begins with it: that is left out, the result shows it above.
function excerptNode(excerpt, title) {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html");
  const out = document.createElement("p");
  out.className = "excerpt";
  const whole = parsed.body.textContent;
  // how many characters of the start to leave out: the title and the spaces around it
  let skip = title && whole.trimStart().startsWith(title) ? whole.length - whole.trimStart().length + title.length : 0;
  for (const node of parsed.body.firstChild.childNodes) {
    let text = node.textContent;
    if (skip) {
      const cut = Math.min(text.length, skip);
      skip -= cut;
      text = skip ? "" : text.slice(cut).trimStart();
    }
    if (!text) continue;
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = text;
      out.append(mark);
    } else {
      out.append(document.createTextNode(text));
    }
  }
  return out;
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "byline";
  meta.textContent = [data.meta.date, data.filters.author && data.filters.author.join(", ")]
    .filter(Boolean).join(" · ");
  item.append(heading, meta, excerptNode(data.excerpt, data.meta.title || ""));
  return item;
}

function chosenFilters() {
  const chosen = {};
  for (const name of FILTERS) {
    const values = [...filterBox.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
    if (values.length) chosen[name] = { any: values };
  }
  return chosen;
}

// "No posts found.", "1 post found.", "7 posts found." or "40 posts found; the first 20 are shown."
function found(count) {
  const number = count.toLocaleString(document.documentElement.lang || undefined);
  const text = count === 0 ? words.none || "No posts found."
    : count === 1 ? words.foundOne || "1 post found."
    : count > SHOWN ? words.foundMore || "{count} posts found; the first {shown} are shown."
    : words.found || "{count} posts found.";
  return text.replace("{count}", number).replace("{shown}", SHOWN.toLocaleString(document.documentElement.lang || undefined));
}

// The address bar shows the query as typed: replaced, not pushed, so Back leaves the page.
function follow() {
  const address = new URL(location.href);
  if (input.value.trim()) address.searchParams.set("q", input.value);
  else address.searchParams.delete("q");
  history.replaceState(null, "", address);
}

let search = () => {}; // runs the search once the index is loaded

// Listening before the index loads, so that what a reader types meanwhile is kept and searched.
input.value = new URLSearchParams(location.search).get("q") || input.value;
input.addEventListener("input", () => {
  follow();
  search();
});
input.closest("form").addEventListener("submit", (event) => {
  event.preventDefault();
  follow();
  search();
});
filterBox.addEventListener("change", () => search());

// A large site's index comes in parts (pagefind/shards.json names the folders of all but the
// first), merged here into one search. Two things of one index need help across parts: a part
// where one of the query's words is on no page searches for the other words only (as one index
// does for a word no page has), so only results that each word finds are kept; and a part ranks
// a browse by date within itself, so the parts' dates (dates.json) put the results in order.
async function loadIndex() {
  const bundle = root.dataset.bundle;
  const options = { baseUrl: root.dataset.base, excerptLength: 30 };
  const [pagefind, shards] = await Promise.all([
    import(bundle + "pagefind.js"),
    fetch(bundle + "shards.json").then((response) => (response.ok ? response.json() : [])),
  ]);
  await pagefind.options(options);
  await pagefind.init();
  await Promise.all(shards.map((shard) => pagefind.mergeIndex(`${bundle}${shard}/`, options)));
  if (!shards.length) return (query, asked) => pagefind.search(query, asked);
  const parts = [bundle, ...shards.map((shard) => `${bundle}${shard}/`)];
  let dates = null;
  return async (query, asked) => {
    const answer = await pagefind.search(query, asked);
    if (query && !/^\s*".+"\s*$/.test(query) && query.split(/\s+/).length > 1) {
      const each = await Promise.all(query.split(/\s+/).map((word) => pagefind.search(word)));
      const found = each.filter((one) => one.results.length).map((one) => new Set(one.results.map((r) => r.id)));
      answer.results = answer.results.filter((result) => found.every((ids) => ids.has(result.id)));
    }
    if (asked.sort) {
      dates = dates || Object.assign({}, ...(await Promise.all(parts.map((part) =>
        fetch(part + "dates.json").then((response) => response.json())))));
      const date = (result) => dates[result.id] || "";
      answer.results.sort((a, b) => (date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : 0));
    }
    return answer;
  };
}

async function start() {
  let find;
  try {
    find = await loadIndex();
  } catch (error) {
    say(words.unavailable || "Search is not available on this copy of the site. The archives list every post.");
    return;
  }
  let latest = 0;
  async function run() {
    const ticket = ++latest;
    const query = input.value.trim();
    const filters = chosenFilters();
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      say("");
      return;
    }
    const answer = await find(query || null, query ? { filters } : { filters, sort: { date: "desc" } });
    const shown = await Promise.all(answer.results.slice(0, SHOWN).map((result) => result.data()));
    if (ticket !== latest) return; // a newer search has started
    list.replaceChildren(...shown.map(resultItem));
    list.dataset.query = query; // what the list shows, for scripts and tests that wait on it
    list.dataset.filters = Object.values(filters).map((f) => f.any.join(",")).join(";");
    const count = answer.results.length;
    say(found(count));
  }
  search = run;
  run();
}

start();
