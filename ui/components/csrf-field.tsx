/** The hidden CSRF token every form carries (checked by ui/server/csrf.middleware.ts). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
