/** Search results: each article's title as a link, and its first lines. Staff and the portal share it. */
export interface ArticleResult {
  href: string;
  title: string;
  excerpt: string;
}

export function ArticleResults({ results, caption }: { results: readonly ArticleResult[]; caption: string }) {
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{caption}</h2>
      <ol class="usa-list usa-list--unstyled cf-results">
        {results.map((result) => (
          <li key={result.href}>
            <a class="text-bold" href={result.href}>
              {result.title}
            </a>
            <p class="margin-y-05">{result.excerpt}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
