/** The studio's page bodies: the definitions list, the editor with diagram and outline, migration. */
import type { CaseMigrationLine, StudioProcess } from '../../api/services/studio-service';
import type { DefinitionProblem } from '../../domain/errors';
import { CsrfField } from '../components/csrf-field';
import { DefinitionDiagnostics } from '../components/definition-diagnostics';
import { ErrorSummary, errorFor, type FieldError } from '../components/error-summary';
import { Notice } from '../components/notice';
import { ProcessDiagram } from '../components/process-diagram';
import { ProcessOutline } from '../components/process-outline';
import { ScenarioResults } from '../components/scenario-results';
import type { ScenarioResult } from '../../api/services/definition-service';
import { Textarea } from '../components/textarea';
import type { PlacedGraph } from '../studio/diagram-layout';
import type { DefinitionChange } from '../studio/definition-diff';
import type { ProcessGraph } from '../studio/process-graph';

const when = (date: Date | null): string => (date ? date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '');

export function DefinitionsList({
  processes,
  canWrite,
  notice,
}: {
  processes: StudioProcess[];
  canWrite: boolean;
  notice?: string;
}) {
  return (
    <div class="grid-container-widescreen">
      <link rel="stylesheet" href="/assets/app/studio.css" />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <h1>Definitions</h1>
      <p>
        <a href="/studio/calendars">Calendars and next year's working days</a>
      </p>
      {processes.map((process) => {
        const inForce = process.versions.find((v) => v.status === 'published');
        return (
          <section key={process.id} aria-labelledby={`process-${process.id}`}>
            <h2 id={`process-${process.id}`}>{process.title ?? process.id}</h2>
            {canWrite ? (
              <p>
                <a href={`/studio/${encodeURIComponent(process.id)}`}>Edit {process.title ?? process.id}</a>
              </p>
            ) : null}
            <table class="usa-table usa-table--borderless cf-studio-table">
              <caption>Versions of {process.id}</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Status</th>
                  <th scope="col">Saved by</th>
                  <th scope="col">Published by</th>
                  <th scope="col">Open cases</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {process.versions.map((version) => (
                  <tr key={version.version}>
                    <th scope="row">{version.version}</th>
                    <td>{version.status}</td>
                    <td>{`${version.createdBy}, ${when(version.createdAt)}`}</td>
                    <td>{version.publishedBy ? `${version.publishedBy}, ${when(version.publishedAt)}` : '—'}</td>
                    <td>{version.openCases}</td>
                    <td>
                      {canWrite && version.status === 'draft' ? (
                        <a
                          href={`/studio/${encodeURIComponent(process.id)}/publish?version=${encodeURIComponent(version.version)}`}
                        >{`Compare and publish ${version.version}`}</a>
                      ) : null}
                      {canWrite &&
                      inForce &&
                      version.openCases > 0 &&
                      version.version !== inForce.version &&
                      version.status !== 'draft' ? (
                        <a
                          href={`/studio/${encodeURIComponent(process.id)}/migrate?from=${encodeURIComponent(version.version)}&to=${encodeURIComponent(inForce.version)}`}
                        >
                          {`Move open cases of ${version.version} to ${inForce.version}`}
                        </a>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </div>
  );
}

export interface EditorPageProps {
  id: string;
  source: string;
  origin: string;
  problems: readonly DefinitionProblem[];
  checked: boolean;
  errors: FieldError[];
  notice?: string;
  nonce: string;
  csrf: string;
  scenarios?: ScenarioResult[];
  picture?: { title: string; graph: ProcessGraph; placed: PlacedGraph; lines: Record<string, number> };
}

export function DefinitionEditor(props: EditorPageProps) {
  const base = `/studio/${encodeURIComponent(props.id)}`;
  const csrf = props.csrf;
  return (
    <div class="grid-container-widescreen">
      <link rel="stylesheet" href="/assets/app/studio.css" />
      <ErrorSummary errors={props.errors} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <h1>{`Edit ${props.id}`}</h1>
      <p>
        <a href="/studio">All definitions</a> · {props.origin}
      </p>
      <div class="cf-studio">
        <form
          method="post"
          action={base}
          id="definition-form"
          data-diagnostics-url={`${base}/diagnostics`}
          class="cf-studio__editor"
        >
          <CsrfField token={csrf} />
          <Textarea
            id="source"
            name="source"
            label="Definition (YAML)"
            hint="Tab moves on to the next control. Problems are checked on the server, as `civicflow validate` does."
            value={props.source}
            rows={30}
            error={errorFor(props.errors, 'source')}
          />
          <div class="cf-studio__buttons">
            <button type="submit" name="intent" value="check" class="usa-button usa-button--outline">
              Check
            </button>
            <button type="submit" name="intent" value="scenarios" class="usa-button usa-button--outline">
              Run scenarios
            </button>
            <button type="submit" name="intent" value="save" class="usa-button usa-button--outline">
              Save working draft
            </button>
            <button type="submit" name="intent" value="version" class="usa-button">
              Save as a version draft
            </button>
          </div>
        </form>
        <DefinitionDiagnostics problems={props.problems} checked={props.checked} />
      </div>
      {props.scenarios ? <ScenarioResults results={props.scenarios} /> : null}
      {props.picture ? (
        <section aria-labelledby="picture-title">
          <h2 id="picture-title">The process as a picture</h2>
          <ProcessDiagram
            title={props.picture.title}
            graph={props.picture.graph}
            placed={props.picture.placed}
            lines={props.picture.lines}
          />
          <h3>Step outline</h3>
          <ProcessOutline graph={props.picture.graph} lines={props.picture.lines} />
        </section>
      ) : null}
      <script nonce={props.nonce} src="/assets/islands/definition-editor.js" defer />
    </div>
  );
}

export function MigrationPage({
  id,
  from,
  to,
  lines,
  carriedOut,
  errors,
  csrf,
}: {
  id: string;
  from: string;
  to: string;
  lines: CaseMigrationLine[];
  carriedOut: boolean;
  errors: FieldError[];
  csrf: string;
}) {
  const movable = lines.filter((line) => line.status === 'movable');
  return (
    <div class="grid-container-widescreen">
      <link rel="stylesheet" href="/assets/app/studio.css" />
      <ErrorSummary errors={errors} />
      <h1>{carriedOut ? `Moved cases of ${id} ${from} to ${to}` : `Move open cases of ${id} ${from} to ${to}`}</h1>
      <p>
        <a href="/studio">All definitions</a>
      </p>
      {carriedOut ? (
        <Notice kind="info">{`${lines.filter((l) => l.status === 'migrated').length} moved, ${lines.filter((l) => l.status !== 'migrated').length} stayed on ${from}.`}</Notice>
      ) : (
        <p>{`${movable.length} of ${lines.length} open case(s) can move. A case waiting on a step ${to} does not map stays where it is.`}</p>
      )}
      <form method="post" action={`/studio/${encodeURIComponent(id)}/migrate`}>
        <CsrfField token={csrf} />
        <input type="hidden" name="from" value={from} />
        <input type="hidden" name="to" value={to} />
        <table class="usa-table usa-table--borderless cf-studio-table">
          <caption>{carriedOut ? 'Result per case' : 'Open cases and where they would go'}</caption>
          <thead>
            <tr>
              {carriedOut ? null : <th scope="col">Move</th>}
              <th scope="col">Case</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.caseId}>
                {carriedOut ? null : (
                  <td>
                    {line.status === 'movable' ? (
                      <div class="usa-checkbox">
                        <input
                          class="usa-checkbox__input"
                          type="checkbox"
                          id={`case-${line.caseId}`}
                          name="case"
                          value={line.caseId}
                          checked
                        />
                        <label class="usa-checkbox__label" for={`case-${line.caseId}`}>
                          <span class="usa-sr-only">{`Move ${line.trackingNumber}`}</span>
                        </label>
                      </div>
                    ) : null}
                  </td>
                )}
                <th scope="row">
                  <a href={`/cases/${encodeURIComponent(line.caseId)}`}>{line.trackingNumber}</a>
                </th>
                <td>
                  {'moves' in line
                    ? `${line.status === 'migrated' ? 'Moved' : 'Can move'}: ${line.moves.map((m) => (m.from === m.to ? m.from : `${m.from} → ${m.to}`)).join(', ')}`
                    : `${line.status === 'refused' ? 'Stays' : 'Not moved'}: ${line.reason}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {carriedOut || movable.length === 0 ? null : (
          <button type="submit" class="usa-button">
            Move the selected cases
          </button>
        )}
      </form>
    </div>
  );
}

export interface PublishPageProps {
  id: string;
  version: string;
  inForce?: string;
  changes: DefinitionChange[];
  problems: readonly DefinitionProblem[];
  scenarios: ScenarioResult[];
  impact: { version: string; open: number; movable: number }[];
  errors: FieldError[];
  csrf: string;
}

export function PublishPage(props: PublishPageProps) {
  const blocked = props.problems.some((p) => p.severity === 'error') || props.scenarios.some((s) => !s.passed);
  const csrf = props.csrf;
  return (
    <div class="grid-container-widescreen">
      <link rel="stylesheet" href="/assets/app/studio.css" />
      <ErrorSummary errors={props.errors} />
      <h1>{`Publish ${props.id} ${props.version}`}</h1>
      <p>
        <a href="/studio">All definitions</a>
      </p>
      <h2>{props.inForce ? `Changes from ${props.inForce}` : 'First version'}</h2>
      {props.changes.length === 0 ? (
        <p>No changes to steps, actions, fields, SLAs or roles.</p>
      ) : (
        <table class="usa-table usa-table--borderless cf-studio-table">
          <caption>{`What ${props.version} changes`}</caption>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">What</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {props.changes.map((change, index) => (
              <tr key={index}>
                <td>{`${change.area} ${change.kind}`}</td>
                <th scope="row">{change.what}</th>
                <td>{change.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <DefinitionDiagnostics problems={props.problems} checked />
      <ScenarioResults results={props.scenarios} />
      <h2>Open cases</h2>
      {props.impact.length === 0 ? (
        <p>No open cases run on an older version.</p>
      ) : (
        <ul class="usa-list">
          {props.impact.map((line) => (
            <li
              key={line.version}
            >{`${line.open} open case(s) stay on ${line.version}; the migration could move ${line.movable} of them to ${props.version} after publishing.`}</li>
          ))}
        </ul>
      )}
      {blocked ? (
        <Notice kind="warning">{`${props.version} cannot be published until the errors and failing scenarios above are fixed.`}</Notice>
      ) : (
        <form method="post" action={`/studio/${encodeURIComponent(props.id)}/publish`}>
          <CsrfField token={csrf} />
          <input type="hidden" name="version" value={props.version} />
          <div class="usa-checkbox">
            <input class="usa-checkbox__input" type="checkbox" id="confirm" name="confirm" value="yes" />
            <label class="usa-checkbox__label" for="confirm">
              {`I have read the changes. Publish ${props.version}: new cases start on it and it can no longer be edited.`}
            </label>
          </div>
          {errorFor(props.errors, 'confirm') ? (
            <span class="usa-error-message">{errorFor(props.errors, 'confirm')}</span>
          ) : null}
          <button type="submit" class="usa-button">{`Publish ${props.version}`}</button>
        </form>
      )}
    </div>
  );
}
