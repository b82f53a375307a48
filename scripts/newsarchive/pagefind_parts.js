/* newsarchive: Pagefind's module for an index built in parts (search.py, SearchIndex).
   Pagefind's interface imports "<bundlePath>pagefind.js"; for an index in parts the search
   page points it at this file, which is Pagefind's own module (../pagefind.js, re-exported
   as it is, so it still finds its bundle from its own address) but for two functions.
   Each part holds one page readers must never see: the words of the edition that the part's
   own pages lack, so that no part answers a query with the pages of a mere prefix of it.
   search and debouncedSearch drop those pages from the results and from
   unfilteredResultCount; they carry no filter, so the filters' counts never include them.
   (createInstance is Pagefind's, unfiltered: the search page does not use it.)
   search.py writes this file with the ids Pagefind gave those pages. */
import * as pagefind from "../pagefind.js";

export * from "../pagefind.js";

const hidden = new Set([]);

function shown(results) {
  return results.filter((result) => !hidden.has(result.id));
}

async function withoutHidden(response, term, options) {
  if (!response || !response.results) {
    return response; // null: a debounced search that a later one overtook
  }
  const results = shown(response.results);
  let uncounted = 0; // a search by filters alone (term null) counts no page unfiltered
  if (term !== null) {
    uncounted = response.results.length - results.length;
    const filters = options && options.filters;
    if (filters && Object.keys(filters).length) {
      // A filtered search leaves the hidden pages out of its results (they have no filter)
      // but counts them in unfilteredResultCount: the same search unfiltered says how many.
      const all = await pagefind.search(term, { ...options, filters: {} });
      uncounted = all.results.length - shown(all.results).length;
    }
  }
  response.results = results;
  response.unfilteredResultCount -= uncounted;
  return response;
}

export async function search(term, options) {
  return withoutHidden(await pagefind.search(term, options), term, options);
}

export async function debouncedSearch(term, options, debounceTimeoutMs) {
  return withoutHidden(await pagefind.debouncedSearch(term, options, debounceTimeoutMs),
    term, options);
}
