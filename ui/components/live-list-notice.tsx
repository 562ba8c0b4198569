/**
 * The live-refresh island's mount: an aria-live region, the change-signal address and the ETag the
 * page was rendered at, and the session idle time (polling stops when the person is away that long, so
 * an unattended tab still times out). Without JavaScript it stays empty (the person reloads as usual).
 */
export function LiveListNotice(props: {
  changesUrl: string;
  etag: string;
  refreshHref: string;
  nonce: string;
  idleSeconds: number;
}) {
  const { changesUrl, etag, refreshHref, nonce, idleSeconds } = props;
  return (
    <>
      <div
        class="cf-live-notice"
        id="live-notice"
        role="status"
        aria-live="polite"
        data-changes-url={changesUrl}
        data-etag={etag}
        data-refresh-href={refreshHref}
        data-idle-seconds={String(idleSeconds)}
      ></div>
      <script nonce={nonce} src="/assets/app/work-list-live.js" defer></script>
    </>
  );
}
