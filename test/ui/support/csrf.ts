/** The CSRF token of the form in a page's HTML (its hidden `_csrf` field); throws when there is none. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF field in the page');
  return token;
}
