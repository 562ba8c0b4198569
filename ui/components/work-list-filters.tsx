/**
 * The work list's filters and sort: a GET form, so the address holds the list (bookmark, share, back
 * button). Beside it, a small POST form that saves the current address under a name.
 */
import { CsrfField } from './csrf-field';
import { errorFor, type FieldError } from './error-summary';
import { Select, type Choice } from './select';
import { TextInput } from './text-input';

export interface WorkListFilterValues {
  list: string;
  service: string;
  overdue: string;
  sort: string;
}

export function WorkListFilters(props: {
  values: WorkListFilterValues;
  services: readonly Choice[];
  sorts: readonly Choice[];
  errors: readonly FieldError[];
  csrfToken: string;
  /** The current list's query string, saved as the view. */
  currentSearch: string;
  viewName: string;
}) {
  const { values, errors } = props;
  return (
    <div class="cf-work-filters">
      <form method="get" action="/work" class="usa-form cf-work-filters__form" aria-labelledby="filters-title">
        <h2 id="filters-title">Filter and sort</h2>
        <input type="hidden" name="list" value={values.list} />
        {errorFor(errors, 'list') ? (
          <p class="usa-error-message" id="list">
            {errorFor(errors, 'list')}
          </p>
        ) : null}
        <Select
          id="service"
          name="service"
          label="Service"
          options={props.services}
          value={values.service}
          placeholder="All services"
          error={errorFor(errors, 'service')}
        />
        <Select
          id="overdue"
          name="overdue"
          label="Overdue"
          options={[
            { value: 'yes', label: 'Only overdue' },
            { value: 'no', label: 'Not overdue' },
          ]}
          value={values.overdue === 'any' ? '' : values.overdue}
          placeholder="Overdue or not"
          error={errorFor(errors, 'overdue')}
        />
        <Select
          id="sort"
          name="sort"
          label="Sort by"
          options={props.sorts}
          value={values.sort}
          placeholder="SLA due, soonest first"
          error={errorFor(errors, 'sort')}
        />
        {errorFor(errors, 'cursor') ? (
          <p class="usa-error-message" id="cursor">
            {errorFor(errors, 'cursor')}
          </p>
        ) : null}
        <button type="submit" class="usa-button">
          Apply filters
        </button>
      </form>
      {/* Checked on the server (error summary and message beside the field), as GOV.UK forms do. */}
      <form
        method="post"
        action="/work/views"
        class="usa-form cf-work-filters__form"
        aria-labelledby="save-view-title"
        noValidate
      >
        <h2 id="save-view-title">Save this view</h2>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="query" value={props.currentSearch} />
        <TextInput
          id="view-name"
          name="name"
          label="View name"
          hint="Saving under a name you already use replaces that view"
          value={props.viewName}
          width="md"
          required
          error={errorFor(errors, 'view-name')}
        />
        <button type="submit" class="usa-button usa-button--outline">
          Save view
        </button>
      </form>
    </div>
  );
}
