/** The work lists and the person's saved views, as links (each a bookmarkable address); the current one marked. */
export interface WorkListLink {
  label: string;
  href: string;
  current: boolean;
}

export function WorkListNav({
  lists,
  savedViews,
}: {
  lists: readonly WorkListLink[];
  savedViews: readonly WorkListLink[];
}) {
  const item = (link: WorkListLink) => (
    <li class="usa-button-group__item" key={link.href}>
      <a
        class={`usa-button${link.current ? '' : ' usa-button--outline'}`}
        href={link.href}
        aria-current={link.current ? 'page' : undefined}
      >
        {link.label}
      </a>
    </li>
  );
  return (
    <nav aria-label="Work lists" class="cf-work-lists">
      <ul class="usa-button-group">{lists.map(item)}</ul>
      {savedViews.length > 0 ? (
        <>
          <h2 class="cf-work-lists__saved" id="saved-views-title">
            Saved views
          </h2>
          <ul class="usa-button-group" aria-labelledby="saved-views-title">
            {savedViews.map(item)}
          </ul>
        </>
      ) : null}
    </nav>
  );
}
