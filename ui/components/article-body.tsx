/** An article's plain-language text: a paragraph per blank-line-separated block, line breaks kept. */
export function ArticleBody({ body }: { body: string }) {
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '');
  return (
    <div class="cf-article-body">
      {paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph.split('\n').map((line, at) => (at === 0 ? line : [<br key={at} />, line]))}</p>
      ))}
    </div>
  );
}
