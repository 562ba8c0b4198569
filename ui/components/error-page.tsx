/** The body of an HTML error page (not found, not allowed, form expired, something went wrong). */
export function ErrorPage({ heading, message, requestId }: { heading: string; message: string; requestId?: string }) {
  return (
    <div class="grid-container">
      <h1>{heading}</h1>
      <p class="usa-intro">{message}</p>
      <p>
        <a href="/">Go to the CivicFlow front page</a>
      </p>
      {requestId ? <p class="cf-muted">Reference for support: {requestId}</p> : null}
    </div>
  );
}
